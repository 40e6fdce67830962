#pragma once

// What the Home cards tests against the real server share: either database, a card of text (and
// one with a link), the sub-system's and the admin's calls, and a person's delta read.
#include "databasekinds.h"
#include "demoaccounts.h"
#include "postgrescluster.h"
#include "publishcalls.h"
#include "serverprocess.h"
#include "testhttp.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QTemporaryDir>
#include <QTest>
#include <QUrlQuery>

namespace tessera::test {

class CardsFixture
{
protected:
    static inline const QString kCardsStart = QStringLiteral("2026-11-29T09:00:00Z");

    PostgresCluster m_postgres;
    QTemporaryDir m_dir;
    int m_databases = 0;

    // A server on kind's database whose clock the test can move (moveClock).
    ServerProcess::Options options(const QString &kind)
    {
        ServerProcess::Options options;
        options.now = kCardsStart;
        options.database =
            databaseForKind(m_postgres, kind, QStringLiteral("cards_%1").arg(++m_databases));
        options.extraArguments << QStringLiteral("--clock-file") << clockFile();
        return options;
    }

    QString clockFile() const { return m_dir.filePath(QStringLiteral("clock")); }

    // The server's clock seconds ahead of where it runs (--clock-file).
    bool moveClock(qint64 seconds) const { return publish::writeClock(clockFile(), seconds); }

    static QJsonObject textCard(const QString &text, const QJsonArray &more = {})
    {
        QJsonArray body { QJsonObject { { QStringLiteral("type"), QStringLiteral("TextBlock") },
            { QStringLiteral("text"), text } } };
        for (const auto &element : more)
            body.append(element);
        return QJsonObject { { QStringLiteral("type"), QStringLiteral("AdaptiveCard") },
            { QStringLiteral("version"), QStringLiteral("1.5") },
            { QStringLiteral("body"), body } };
    }

    // A card with an image at url (body[1].url).
    static QJsonObject imageCard(const QString &url)
    {
        return textCard(QStringLiteral("Office Wi-Fi"),
            { QJsonObject { { QStringLiteral("type"), QStringLiteral("Image") },
                { QStringLiteral("url"), url } } });
    }

    static QJsonObject audienceOf(const QString &field, const QStringList &values)
    {
        return QJsonObject { { field, QJsonArray::fromStringList(values) } };
    }

    static QJsonObject everyone() { return publish::everyone(); }

    static QJsonObject cardBody(const QJsonObject &card, const QJsonObject &audience)
    {
        return QJsonObject { { QStringLiteral("card"), card },
            { QStringLiteral("audience"), audience } };
    }

    static bool fits(const QString &method, const QString &path, const HttpResult &result)
    {
        return publish::fitsOpenApi(method, path, result);
    }

    static QString demoKey(const ServerProcess &server) { return publish::demoKey(server); }

    static HttpResult putCard(const ServerProcess &server, const QString &cardId,
        const QJsonObject &body, const QString &key = {})
    {
        return putRaw(server, cardId, compactJson(body), key);
    }

    static HttpResult putRaw(const ServerProcess &server, const QString &cardId,
        const QByteArray &body, const QString &key = {})
    {
        return publish::asKey(
            server, "PUT", QStringLiteral("/v1/subsystem/cards/") + cardId, body, key);
    }

    static HttpResult deleteCard(
        const ServerProcess &server, const QString &cardId, const QString &key = {})
    {
        return publish::asKey(
            server, "DELETE", QStringLiteral("/v1/subsystem/cards/") + cardId, {}, key);
    }

    static HttpResult keyCards(const ServerProcess &server, const QString &key = {})
    {
        return publish::asKey(server, "GET", QStringLiteral("/v1/subsystem/cards"), {}, key);
    }

    static QString signIn(const ServerProcess &server, const QString &displayName)
    {
        return signInDemo(server, displayName, testDevice(QStringLiteral("cards-test-device")))
            .value(QStringLiteral("accessToken"))
            .toString();
    }

    // GET /v1/cards?since= as a person.
    static HttpResult homeCards(
        const ServerProcess &server, const QString &token, const QString &since = {})
    {
        return publish::readSince(server, token, QStringLiteral("/v1/cards"), since);
    }

    // The ids of the cards in a delta answer.
    static QStringList idsOf(const HttpResult &delta)
    {
        return publish::idsIn(delta, QStringLiteral("cards"));
    }

    static QStringList removedOf(const HttpResult &delta) { return publish::removedIn(delta); }

    static HttpResult asAdmin(const ServerProcess &server, const QString &token,
        const QByteArray &method, const QString &path, const QJsonObject &body = {})
    {
        return httpRequest(method, server.url(path),
            body.isEmpty() ? QByteArray() : compactJson(body), bearer(token));
    }
};

} // namespace tessera::test
