#pragma once

// What the health records tests share: one server per database kind (NewsFixture), and the
// people's and the medical role's calls.
#include "newsfixture.h"
#include "protocol/passkeys.h"

namespace tessera::test {

class HealthFixture : public NewsFixture
{
protected:
    static inline const QString kComirnaty = QStringLiteral("EU/1/20/1528");

    static QString signInWithKey(
        const ServerProcess &server, const QString &displayName, const QString &device)
    {
        return signInDemo(
            server, displayName, testDevice(device, tessera::pass::generateKeyPair().publicKey))
            .value(QStringLiteral("accessToken"))
            .toString();
    }

    static QString userIdOf(const ServerProcess &server, const QString &displayName)
    {
        return demoAccount(server, displayName).value(QStringLiteral("userId")).toString();
    }

    static QJsonObject dose(const QString &vaccine, int number, const QString &date,
        const QString &country = QStringLiteral("IN"))
    {
        return QJsonObject { { QStringLiteral("vaccine"), vaccine },
            { QStringLiteral("dose"), number }, { QStringLiteral("date"), date },
            { QStringLiteral("country"), country } };
    }

    static HttpResult addRecord(const ServerProcess &server, const QString &token,
        const QJsonObject &body, const QByteArray &idempotencyKey = {})
    {
        return httpRequest("POST", server.url(QStringLiteral("/v1/health-records")),
            compactJson(body), bearer(token, idempotencyKey));
    }

    // The id of a dose registered (201), or empty with a warning.
    static QString idOfAdded(
        const ServerProcess &server, const QString &token, const QJsonObject &body)
    {
        const HttpResult added = addRecord(server, token, body);
        if (added.status != 201)
            qWarning() << "add" << added.status << added.body;
        return added.json()
            .value(QStringLiteral("record"))
            .toObject()
            .value(QStringLiteral("id"))
            .toString();
    }

    static HttpResult records(const ServerProcess &server, const QString &token)
    {
        return httpRequest(
            "GET", server.url(QStringLiteral("/v1/health-records")), {}, bearer(token));
    }

    static QJsonObject recordIn(const HttpResult &list, const QString &id)
    {
        for (const QJsonValue record : list.json().value(QStringLiteral("records")).toArray()) {
            if (record.toObject().value(QStringLiteral("id")).toString() == id)
                return record.toObject();
        }
        return {};
    }

    static HttpResult putCertificate(const ServerProcess &server, const QString &token,
        const QString &id, const QByteArray &contentType, const QByteArray &bytes)
    {
        auto headers = bearer(token);
        headers.append({ QByteArrayLiteral("Content-Type"), contentType });
        return httpRequest("PUT",
            server.url(QStringLiteral("/v1/health-records/%1/certificate").arg(id)), bytes,
            headers);
    }

    static HttpResult getCertificate(
        const ServerProcess &server, const QString &token, const QString &id)
    {
        return httpRequest("GET",
            server.url(QStringLiteral("/v1/health-records/%1/certificate").arg(id)), {},
            bearer(token));
    }

    static HttpResult decide(const ServerProcess &server, const QString &token, const QString &id,
        const QString &action, const QJsonObject &body = {})
    {
        return httpRequest("POST",
            server.url(QStringLiteral("/v1/medical/records/%1/%2").arg(id, action)),
            compactJson(body), bearer(token));
    }

    static HttpResult get(const ServerProcess &server, const QString &token, const QString &path)
    {
        return httpRequest("GET", server.url(path), {}, bearer(token));
    }

    // The value of the pass's status claim, or empty.
    static QString passStatus(
        const ServerProcess &server, const QString &token, const QString &claim)
    {
        const HttpResult pass = get(server, token, QStringLiteral("/v1/pass"));
        if (pass.status != 200)
            qWarning() << "pass" << pass.status << pass.body;
        for (const QJsonValue status : pass.json().value(QStringLiteral("statuses")).toArray()) {
            if (status.toObject().value(QStringLiteral("claim")).toString() == claim)
                return status.toObject().value(QStringLiteral("value")).toString();
        }
        return {};
    }

    // The person's inbox item with this title (the newest), or empty.
    static QJsonObject inboxItem(
        const ServerProcess &server, const QString &token, const QString &title)
    {
        const HttpResult inbox = get(server, token, QStringLiteral("/v1/inbox"));
        if (inbox.status != 200)
            qWarning() << "inbox" << inbox.status << inbox.body;
        QJsonObject found;
        for (const QJsonValue item : inbox.json().value(QStringLiteral("items")).toArray()) {
            if (item.toObject().value(QStringLiteral("title")).toString() == title)
                found = item.toObject();
        }
        return found;
    }

    static QByteArray pngBytes(int size)
    {
        QByteArray bytes("\x89PNG\r\n\x1a\n", 8);
        for (int i = 0; bytes.size() < size; ++i)
            bytes.append(char(i * 31 % 251));
        return bytes;
    }
};

} // namespace tessera::test
