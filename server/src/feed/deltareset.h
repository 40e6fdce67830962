#pragma once

#include "http/httpresponses.h"

#include <QSqlDatabase>
#include <QString>
#include <QStringList>

#include <optional>

namespace tessera::server {

class ChangeFeed;

// "Sync this feature again from the start": what a delta read of an audience feature (Home cards,
// news, services, events, surveys) answers when the person's audience facts changed
// since the app's cursor, so that objects the person no longer sees leave the device although no
// change of theirs was written (Asha moves from Pune to Berlin: Pune's Wi-Fi card did not change).
//
// The protocol (docs/DELTA_SYNC.md):
// - When the people sync (or an admin) changes a person's department, geo, manager standing,
//   roles, user type or enabled state, it records a per-person change of kind "resync"; its cursor
//   R is the person's latest resync, and the live hint {"type":"resync","cursor":R} goes to their
//   streams.
// - GET <feature>?since=C&reset=H (H: the last reset the app honoured, 0 when absent) answers
//   {"reset": true, "cursor": "R"} and nothing else when R > C and R > H. The app then forgets
//   the feature's cursor, keeps H = R (with the cursor), syncs from 0 and, once a page says
//   more: false, deletes every object of the feature that no page of that resync listed.
// - A resync's later pages carry since > 0 that may still be before R; with reset=R they are not
//   reset again (no loop). A newer resync R' > R resets again, even mid-resync: the app starts
//   over, which is always safe.
// - The check runs after the page is read: a page can only end at a cursor after R when R had
//   committed before the page's rows were read (commit order is cursor order), so the check sees
//   R and resets. No page passes a resync it did not answer.
// - During the resync, an object that changes after its page was read comes again in a later
//   page (its change has a later cursor): shown (seen, kept) or removed (dropped). An object no
//   page lists is one the person does not see now: deleted at the end. So a page boundary neither
//   loses a shown object nor resurrects a removed one.
class DeltaReset
{
public:
    static QString changeKind() { return QStringLiteral("resync"); }

    // The query's "reset": the last reset the app honoured, 0 when absent; nullopt when it is not
    // a cursor.
    static std::optional<qint64> honoured(const HttpRequest &request);
    // The person's latest resync cursor (0: none); nullopt when the database fails.
    static std::optional<qint64> latestFor(QSqlDatabase &db, const QString &userId);
    // Called after the feature read its page: the answer that replaces the page when the person's
    // latest resync is after both since and honoured (a 500 when the database fails); nullopt:
    // the page stands.
    static std::optional<HttpResponse> instead(
        QSqlDatabase &db, const QString &userId, qint64 since, qint64 honoured);
    // One change of kind "resync" per person (in one transaction; the kind registered); false
    // when the database fails.
    static bool record(ChangeFeed &feed, const QStringList &userIds);
};

} // namespace tessera::server
