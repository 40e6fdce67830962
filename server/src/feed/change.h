#pragma once

#include <QString>
#include <QStringList>

namespace tessera::server {

// One entry of the change feed: something a person syncs changed. kind names the feature whose
// object changed (a feature registers its kind with the ChangeFeed: "inbox" today), people are
// those whose view of it changed, and a broadcast names its audience instead (its row then
// holds no people; people lists only those hinted after the commit: the audience's members when
// it was written). cursor is the feed's ordered id, set when the change is recorded.
struct Change
{
    QString kind;
    QStringList people;
    QString audience;
    qint64 cursor = 0;

    // A change of kind that touches people.
    static Change of(const QString &kind, const QStringList &people)
    {
        return Change { kind, people, {}, 0 };
    }
};

} // namespace tessera::server
