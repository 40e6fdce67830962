#include "privacy/privacyroutes.h"

#include "base/clock.h"
#include "base/serverlogging.h"
#include "http/routetable.h"
#include "protocol/wiretime.h"
#include "storage/sqlhelpers.h"
#include "storage/storage.h"

namespace tessera::server {

PrivacyRoutes::PrivacyRoutes(Storage &storage, const Clock &clock, const PersonalData &data,
    std::function<bool()> flushAccessLog)
    : m_storage(storage)
    , m_clock(clock)
    , m_data(data)
    , m_flushAccessLog(std::move(flushAccessLog))
{ }

void PrivacyRoutes::addRoutes(RouteTable &routes)
{
    routes.add(RouteTable::Method::Get, QStringLiteral("/v1/privacy/export"), Access::SignedIn,
        [this](const HttpRequest &request) { return exportOwn(request); });
}

HttpResponse PrivacyRoutes::exportOwn(const HttpRequest &request) const
{
    // Only ever the person whose token it is: the route takes no one's id.
    const QString userId = request.principal->userId;
    // The requests of the last seconds too (the log is written in batches).
    if (m_flushAccessLog && !m_flushAccessLog())
        qCWarning(lcHttp) << "privacy export: the access log's last lines are not written yet";
    QSqlDatabase db = m_storage.connection();
    // One transaction, so the sections agree with each other (PostgreSQL: one snapshot); it is
    // never committed, as it writes nothing.
    sql::Transaction snapshot(db);
    if (m_storage.kind() == Storage::Kind::Postgresql) {
        // Not prepared: PostgreSQL prepares no SET.
        QSqlQuery query(db);
        if (!query.exec(QStringLiteral("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ"))) {
            qCWarning(lcHttp) << "privacy export: no repeatable-read snapshot";
            return http::internalError();
        }
    }
    const std::optional<PersonalSubject> person = PersonalData::subject(db, userId);
    if (!person)
        return http::internalError();
    if (person->userId.isEmpty())
        return http::error(
            404, QStringLiteral("not_found"), QStringLiteral("This account no longer exists."));
    std::optional<QJsonObject> exported = m_data.exportOf(db, *person);
    if (!exported) {
        qCWarning(lcHttp) << "privacy export failed for a person";
        return http::internalError();
    }
    exported->insert(QStringLiteral("exportedAt"), wiretime::format(m_clock.now()));
    HttpResponse response = http::json(*exported);
    response.setHeader(QByteArrayLiteral("Content-Disposition"),
        QByteArrayLiteral("attachment; filename=\"tessera-export.json\""));
    return response;
}

} // namespace tessera::server
