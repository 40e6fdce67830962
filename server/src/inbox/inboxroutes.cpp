#include "inbox/inboxroutes.h"

#include "base/clock.h"
#include "cards/formcheck.h"
#include "feed/changefeed.h"
#include "http/idempotentrequest.h"
#include "http/jsonreader.h"
#include "inbox/decisionservice.h"
#include "inbox/inboxservice.h"
#include "notifications/notificationroutes.h"
#include "storage/storage.h"

#include <QJsonArray>

#include <cmath>

namespace tessera::server {

namespace {

HttpResponse notFound()
{
    return http::error(
        404, QStringLiteral("not_found"), QStringLiteral("There is no such item in your inbox."));
}

HttpResponse answer(const ItemResult &result)
{
    switch (result.lookup) {
    case Lookup::Found:
        return http::json(result.item);
    case Lookup::Missing:
        return notFound();
    case Lookup::Failed:
        break;
    }
    return http::internalError();
}

// The words of a 409 already_decided: who decided, or (an "all" item still open) that this
// approver has approved and how many have.
QString alreadyDecided(const QJsonObject &current)
{
    if (current.value(QStringLiteral("decidedAt")).isString())
        return QStringLiteral("Already %1 by %2.")
            .arg(current.value(QStringLiteral("state")).toString(),
                current.value(QStringLiteral("decidedByName")).toString());
    const QJsonArray approvals = current.value(QStringLiteral("approval"))
                                     .toObject()
                                     .value(QStringLiteral("approvals"))
                                     .toArray();
    qsizetype approved = 0;
    for (const auto &approval : approvals)
        approved += approval.toObject().value(QStringLiteral("state")).toString() == u"approved";
    return QStringLiteral("You approved this already; %1 of %2 approvers have approved, the others "
                          "are still asked.")
        .arg(approved)
        .arg(approvals.size());
}

HttpResponse answer(const DecisionResult &result, const Decision &decision)
{
    using Outcome = DecisionResult::Outcome;
    const auto withCurrent = [&](int status, const QString &code, const QString &message) {
        return NotificationRoutes::errorWithCurrent(status, code, message, result.current);
    };
    switch (result.outcome) {
    case Outcome::Decided:
        return http::json(result.current);
    case Outcome::NotFound:
        return notFound();
    case Outcome::AlreadyDecided:
        return withCurrent(409, QStringLiteral("already_decided"), alreadyDecided(result.current));
    case Outcome::Expired:
        return withCurrent(
            410, QStringLiteral("expired"), QStringLiteral("This request has expired."));
    case Outcome::Withdrawn:
        return withCurrent(
            410, QStringLiteral("withdrawn"), QStringLiteral("The sender withdrew this request."));
    case Outcome::NotActionable:
        return http::error(422, QStringLiteral("not_actionable"),
            QStringLiteral("This notification asks for no decision."));
    case Outcome::UnknownAction:
        return http::error(422, QStringLiteral("unknown_action"),
            QStringLiteral("“%1” is not one of this request's actions.").arg(decision.action));
    case Outcome::CommentRequired:
        return http::error(422, QStringLiteral("comment_required"),
            QStringLiteral("“%1” needs a comment.").arg(result.actionLabel));
    case Outcome::InvalidInputs:
        return FormCheck::invalidInputs(result.inputErrors);
    case Outcome::VersionConflict:
        return withCurrent(409, QStringLiteral("version_conflict"),
            QStringLiteral("This request changed since you saw it."));
    case Outcome::NotTaken:
        return withCurrent(409, QStringLiteral("not_taken"),
            QStringLiteral("The server could not act on this decision, so it was not taken; the "
                           "request is still open. Try again later."));
    case Outcome::Failed:
        break;
    }
    return http::internalError();
}

// The decision in body, or nullopt with a 400's message in *error.
std::optional<Decision> readDecision(const QJsonObject &body, QString *error)
{
    JsonReader reader(body);
    reader.allowOnly({ QStringLiteral("action"), QStringLiteral("comment"),
        QStringLiteral("version"), QStringLiteral("inputs") });
    const QString action = reader.string(QStringLiteral("action"), 32);
    const QString comment = reader.optionalString(QStringLiteral("comment"), 2000);
    const QJsonValue versionValue = body.value(QStringLiteral("version"));
    if (reader.ok()
        && (!versionValue.isDouble() || versionValue.toDouble() < 1
            || versionValue.toDouble() != std::floor(versionValue.toDouble())))
        reader.fail(QStringLiteral("“version” must be the item's version (a whole number)."));
    const QJsonValue inputs = body.value(QStringLiteral("inputs"));
    if (reader.ok() && !inputs.isUndefined() && !inputs.isNull() && !inputs.isObject())
        reader.fail(QStringLiteral("“inputs” must be an object of input id → value."));
    if (!reader.ok()) {
        *error = reader.error();
        return std::nullopt;
    }
    return Decision { action, comment, static_cast<qint64>(versionValue.toDouble()),
        inputs.toObject() };
}

} // namespace

InboxRoutes::InboxRoutes(InboxService &inbox, DecisionService &decisions)
    : m_inbox(inbox)
    , m_decisions(decisions)
{ }

void InboxRoutes::addRoutes(RouteTable &routes)
{
    using M = RouteTable::Method;
    routes.add(M::Get, QStringLiteral("/v1/inbox"), Access::Employee,
        [this](const HttpRequest &request) { return changes(request); });
    routes.add(M::Get, QStringLiteral("/v1/inbox/{id}"), Access::Employee,
        [this](const HttpRequest &request) { return item(request); });
    routes.add(M::Post, QStringLiteral("/v1/inbox/{id}/read"), Access::Employee,
        [this](const HttpRequest &request) { return markRead(request); });
    routes.add(M::Post, QStringLiteral("/v1/inbox/{id}/decision"), Access::Employee,
        [this](const HttpRequest &request) { return decide(request); });
}

HttpResponse InboxRoutes::changes(const HttpRequest &request)
{
    const std::optional<qint64> since = request.sinceCursor();
    if (!since)
        return http::badRequest(QStringLiteral("“since” is not a cursor this server gave."));
    int limit = 100;
    const QString limitText = request.query.queryItemValue(QStringLiteral("limit"));
    if (!limitText.isEmpty()) {
        bool ok = false;
        limit = limitText.toInt(&ok);
        if (!ok || limit < 1 || limit > InboxService::maxPageSize)
            return http::badRequest(QStringLiteral("“limit” must be a number from 1 to 500."));
    }
    const InboxPage page = m_inbox.changedSince(request.principal->userId, *since, limit);
    if (!page.ok)
        return http::internalError();
    return http::json(QJsonObject { { QStringLiteral("items"), page.items },
        { QStringLiteral("cursor"), QString::number(page.cursor) },
        { QStringLiteral("hasMore"), page.hasMore } });
}

HttpResponse InboxRoutes::item(const HttpRequest &request)
{
    return answer(m_inbox.item(request.principal->userId, request.params.value(0)));
}

HttpResponse InboxRoutes::markRead(const HttpRequest &request)
{
    return answer(m_inbox.markRead(request.principal->userId, request.params.value(0)));
}

HttpResponse InboxRoutes::decide(const HttpRequest &request)
{
    const Principal &caller = *request.principal;
    return answerIdempotently(request, QStringLiteral("user:") + caller.userId,
        m_decisions.feed().storage().connection(), m_decisions.clock().now(),
        [&](const IdempotentComplete &complete) -> HttpResponse {
            QString error;
            const std::optional<Decision> decision =
                readDecision(*request.jsonBody(&error), &error);
            if (!decision)
                return http::badRequest(error);
            return answer(m_decisions.decide(caller.userId, caller.deviceId,
                              request.params.value(0), *decision,
                              [&](const DecisionResult &result) {
                                  return complete(answer(result, *decision));
                              }),
                *decision);
        });
}

} // namespace tessera::server
