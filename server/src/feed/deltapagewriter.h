#pragma once

#include "audience/audiencehistory.h"
#include "audience/audiencemember.h"
#include "feed/pagebudget.h"
#include "http/httpresponses.h"

#include <QByteArray>
#include <QHash>
#include <QJsonObject>
#include <QList>
#include <QSet>
#include <QSqlDatabase>
#include <QString>
#include <QStringList>

#include <algorithm>
#include <functional>
#include <optional>
#include <utility>

namespace tessera::server {

// One change a delta page may list: an object's own, or the person's own mark on it (a read, an
// answer).
struct DeltaChange
{
    qint64 cursor = 0;
    QString id;
};

// One answer of a feature's GET ...?since= (news, events, surveys): the objects changed after
// since that the person sees, oldest change first, each once and in its current state, and under
// removed those they no longer see if they were in an audience the object has had
// (AudienceHistory); at most pageSize changes and about 1 MiB (PageBudget). Each object's JSON is
// serialized once, as it is written into the answer, and sized from those bytes.
class DeltaPage
{
public:
    bool ok = false; // false: the database failed
    qint64 cursor = 0; // the last change the page took
    bool more = false;
    QStringList removed;

    // The objects listed, in the order of the answer.
    qsizetype count() const { return m_count; }
    // {"cursor","more",listKey,"removed"} as a JSON answer (no-store, nosniff), the objects' bytes
    // as they were written.
    HttpResponse answer() const;

private:
    friend class DeltaPageWriter;
    QString m_listKey;
    QByteArray m_objects; // compact JSON objects joined by commas
    qsizetype m_count = 0;
};

// Takes a page's changes in cursor order and writes the page: the per-page audience verdicts
// (one Audience::fromText and membership verdict per distinct audience text), the removal rule
// and the budget.
class DeltaPageWriter
{
public:
    DeltaPageWriter(AudienceMember person, QString listKey, qint64 since, int pageSize);

    // Whether the person is in the audience (Audience::toText); worked out once a page per text.
    bool reaches(const QString &audienceText);
    // The histories of the objects that may be removed (those not shown), read before any take.
    void setHistories(QHash<QString, AudienceHistory> histories);
    // A change whose object is gone (never: objects stay, a deleted one as its tombstone): taken,
    // nothing listed. false: the page is full.
    bool skip(qint64 cursor);
    // A change of the object id: lists toJson() when it is live (shown to its audience now) and
    // its audience has the person, or id under removed when not and the person was in one of its
    // audiences (deltas only); each object once a page. false: the page is full (nothing taken).
    bool take(qint64 cursor, const QString &id, bool live, const QString &audienceText,
        const std::function<QJsonObject()> &toJson);
    DeltaPage finish();

private:
    bool full();

    AudienceMember m_person;
    qint64 m_since;
    PageBudget m_budget;
    QHash<QString, bool> m_verdicts;
    QHash<QString, AudienceHistory> m_histories;
    QSet<QString> m_listed;
    DeltaPage m_page;
};

// What a feature tells the delta-page loop about its objects (Stored has id, cursor, audience).
template<typename Stored>
struct DeltaFeature
{
    const char *table = nullptr; // whose audiences column AudienceHistory reads (code, never input)
    QString listKey; // the answer's array ("posts", "events", "surveys")
    // The rows of ids (objects of the person's own changes not among the rows changed after
    // since); nullopt when the database fails.
    std::function<std::optional<QList<Stored>>(const QStringList &ids)> withIds;
    // Reads what toJson needs of all the page's objects (the person's answers), once; false when
    // the database fails. May be empty.
    std::function<bool(const QStringList &ids)> prepare;
    // Shown to its audience now (the audience itself is the loop's).
    std::function<bool(const Stored &)> isLive;
    // The object as the person's feed shows it.
    std::function<QJsonObject(const Stored &)> toJson;
};

// The page of rows (changed after since, cursor order, one longer than a page) and own (the
// person's own changes after since, cursor order, one longer than a page): the first pageSize of
// the two merged are the first of all changes.
template<typename Stored>
DeltaPage readDeltaPage(QSqlDatabase &db, const AudienceMember &person, qint64 since, int pageSize,
    const QList<Stored> &rows, const QList<DeltaChange> &own, const DeltaFeature<Stored> &feature)
{
    // The page's objects by id, pointing into rows and more (read for own changes of objects not
    // among rows).
    QHash<QString, const Stored *> objects;
    objects.reserve(rows.size() + own.size());
    QList<DeltaChange> changes;
    changes.reserve(rows.size() + own.size());
    for (const Stored &row : rows) {
        objects.insert(row.id, &row);
        changes.append({ row.cursor, row.id });
    }
    QStringList missing;
    for (const DeltaChange &change : own) {
        changes.append(change);
        if (!objects.contains(change.id) && !missing.contains(change.id))
            missing.append(change.id);
    }
    std::optional<QList<Stored>> more = QList<Stored>();
    if (!missing.isEmpty())
        more = feature.withIds(missing);
    if (!more)
        return {};
    for (const Stored &row : std::as_const(*more))
        objects.insert(row.id, &row);
    std::stable_sort(changes.begin(), changes.end(),
        [](const DeltaChange &a, const DeltaChange &b) { return a.cursor < b.cursor; });
    if (feature.prepare && !feature.prepare(objects.keys()))
        return {};

    DeltaPageWriter writer(person, feature.listKey, since, pageSize);
    // Whom an object not shown is removed from: a person in an audience it has had. A first sync
    // has nothing to remove; a shown object needs no history.
    QStringList unseen;
    if (since > 0) {
        for (auto it = objects.cbegin(); it != objects.cend(); ++it) {
            if (!feature.isLive(**it) || !writer.reaches((*it)->audience))
                unseen.append(it.key());
        }
    }
    if (!unseen.isEmpty()) {
        auto histories = AudienceHistory::load(db, feature.table, unseen);
        if (!histories)
            return {};
        writer.setHistories(std::move(*histories));
    }
    for (const DeltaChange &change : changes) {
        const auto found = objects.constFind(change.id);
        const bool taken = found == objects.cend()
            ? writer.skip(change.cursor)
            : writer.take(change.cursor, change.id, feature.isLive(**found), (*found)->audience,
                [&feature, &found] { return feature.toJson(**found); });
        if (!taken)
            break;
    }
    return writer.finish();
}

} // namespace tessera::server
