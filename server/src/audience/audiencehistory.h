#pragma once

#include "audience/audience.h"
#include "audience/audiencemember.h"

#include <QHash>
#include <QList>
#include <QSqlDatabase>
#include <QString>
#include <QStringList>

#include <optional>

namespace tessera::server {

// The distinct audiences an object (a Home card, a news post, a service, an event or a survey) has
// had, kept in its row's `audiences` column, so that a delta read names the object
// under `removed` only to a person in one of them: the ids are random, but listing them to
// everyone would tell a person that objects for others exist and when they change
// (docs/DELTA_SYNC.md).
//
// The column holds a JSON array of the audiences as Audience::toText writes them, oldest first,
// at most maxAudiences; the write that would add one more marks the history open (the column
// holds "*"): from then on anyone may be told that the object is removed, as before this history
// existed. A person who left every audience by a directory change (no change row is written for
// the object then) is not told here: the people sync's resync (DeltaReset) makes their app sync
// the feature again from the start.
class AudienceHistory
{
public:
    static constexpr qsizetype maxAudiences = 16;

    // As stored: NULL or empty is a history without audiences, "*" an open one, and so is text
    // that is not a JSON array of audiences (a damaged column errs toward telling).
    static AudienceHistory fromText(const QString &text);
    QString toText() const;

    // Adds an audience as stored (Audience::toText; an empty or unreadable text adds nothing);
    // one already there is not added again.
    void add(const QString &audienceText);
    bool isOpen() const { return m_open; }
    qsizetype size() const { return m_audiences.size(); }
    // Whether the person, as they are now, is in one of the audiences (always, when open).
    bool reaches(const AudienceMember &person) const;

    // Inside the writer's transaction, once the row of id in table is written: adds audienceText
    // to the row's history. table is a name from code (never outside input) whose rows have an
    // id and an audiences column. false when the database fails.
    static bool remember(
        QSqlDatabase &db, const char *table, const QString &id, const QString &audienceText);
    // The histories of those of ids that table holds (chunked: ids may be long); nullopt when the
    // database fails.
    static std::optional<QHash<QString, AudienceHistory>> load(
        QSqlDatabase &db, const char *table, const QStringList &ids);

private:
    QList<Audience> m_audiences;
    bool m_open = false;
};

} // namespace tessera::server
