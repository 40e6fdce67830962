#pragma once

// What the inbox tests without a server share: a signed-out Session whose outbox sends nothing,
// wire items (plain and decided), and fresh SQLCipher databases in a temporary folder.
#include "fakes/testdeviceinfo.h"
#include "identity/session.h"
#include "inbox/decisionoutbox.h"
#include "inbox/inboxhistory.h"
#include "inbox/inboxitem.h"
#include "inbox/inboxmodel.h"
#include "inbox/inboxstore.h"
#include "net/apiclient.h"
#include "storage/database.h"
#include "storage/memorysecretstore.h"
#include "storage/sqlstatement.h"

#include <QAbstractItemModelTester>
#include <QJsonArray>
#include <QJsonDocument>
#include <QSignalSpy>
#include <QTcpServer>
#include <QTemporaryDir>
#include <QTest>

namespace tessera::test {

// A Session with nothing signed in, aimed at a loopback port that listens but never answers:
// an outbox on it writes decisions and sends nothing.
struct SignedOutSession
{
    explicit SignedOutSession(const QString &databasePath)
        : client(loopbackEndpoint(probe))
        , session(client, secrets, device, { databasePath, QStringLiteral("device-1"), {} })
    { }

    static ServerEndpoint loopbackEndpoint(QTcpServer &probe)
    {
        probe.listen(QHostAddress::LocalHost);
        return *ServerEndpoint::parse(QStringLiteral("http://127.0.0.1:%1").arg(probe.serverPort()),
            ServerEndpoint::PlainHttp::AllowOnLoopback, nullptr);
    }

    QTcpServer probe;
    ApiClient client;
    MemorySecretStore secrets;
    TestDeviceInfo device;
    Session session;
};

// A wire item: created at 2026-11-29T09:MM:00Z, unread, version 1, approve and reject (with a
// comment) as its actions.
inline QJsonObject wireItem(
    const QString &id, int minute, const QString &category = QStringLiteral("leave"))
{
    return QJsonObject {
        { QStringLiteral("id"), id },
        { QStringLiteral("subsystem"), QStringLiteral("demo-hr") },
        { QStringLiteral("title"), QStringLiteral("Leave request %1").arg(id) },
        { QStringLiteral("body"), QStringLiteral("Three days.") },
        { QStringLiteral("category"), category },
        { QStringLiteral("priority"), QStringLiteral("high") },
        { QStringLiteral("createdAt"),
            QStringLiteral("2026-11-29T09:%1:00Z").arg(minute, 2, 10, QLatin1Char('0')) },
        { QStringLiteral("expiresAt"), QJsonValue(QJsonValue::Null) },
        { QStringLiteral("actionable"), true },
        { QStringLiteral("actions"),
            QJsonArray {
                QJsonObject { { QStringLiteral("id"), QStringLiteral("approve") },
                    { QStringLiteral("label"), QStringLiteral("Approve") },
                    { QStringLiteral("requiresComment"), false } },
                QJsonObject { { QStringLiteral("id"), QStringLiteral("reject") },
                    { QStringLiteral("label"), QStringLiteral("Reject") },
                    { QStringLiteral("requiresComment"), true } },
            } },
        { QStringLiteral("data"), QJsonObject { { QStringLiteral("days"), 3 } } },
        { QStringLiteral("state"), QStringLiteral("unread") },
        { QStringLiteral("decidedBy"), QJsonValue(QJsonValue::Null) },
        { QStringLiteral("decidedByName"), QJsonValue(QJsonValue::Null) },
        { QStringLiteral("decidedAt"), QJsonValue(QJsonValue::Null) },
        { QStringLiteral("decidedVia"), QJsonValue(QJsonValue::Null) },
        { QStringLiteral("decidedAction"), QJsonValue(QJsonValue::Null) },
        { QStringLiteral("version"), 1 },
    };
}

inline InboxItem item(const QJsonObject &json)
{
    QString error;
    const auto parsed = InboxItem::fromJson(json, &error);
    if (!parsed)
        qFatal("not an item: %s", qPrintable(error));
    return *parsed;
}

inline InboxItem decided(QJsonObject json, const QString &action, const QString &state)
{
    json.insert(QStringLiteral("state"), state);
    json.insert(QStringLiteral("decidedAction"), action);
    json.insert(QStringLiteral("decidedBy"), QStringLiteral("E1001"));
    json.insert(QStringLiteral("decidedByName"), QStringLiteral("Asha Rao"));
    json.insert(QStringLiteral("decidedAt"), QStringLiteral("2026-11-29T10:42:00Z"));
    json.insert(QStringLiteral("decidedVia"), QStringLiteral("app · Pixel 8"));
    json.insert(QStringLiteral("version"), json.value(QStringLiteral("version")).toInt() + 1);
    return item(json);
}

// An inbox store on a database and the decision outbox of a signed-out session on it (the
// session's database file at sessionPath): the outbox writes decisions and sends nothing.
struct DecidingInbox
{
    DecidingInbox(const QString &sessionPath, std::shared_ptr<Database> database)
        : signedOut(sessionPath)
        , store(std::move(database))
        , outbox(signedOut.session.api(), signedOut.session.scope(), store)
    { }

    SignedOutSession signedOut;
    InboxStore store;
    DecisionOutbox outbox;
};

class InboxFixture
{
protected:
    QTemporaryDir m_dir;
    int m_files = 0;

    std::shared_ptr<Database> newDatabase()
    {
        DatabaseOpenResult opened = Database::open(
            m_dir.filePath(QStringLiteral("inbox-%1.db").arg(++m_files)), Database::newKey());
        if (!opened.ok())
            qFatal("cannot open a database: %s", qPrintable(opened.detail));
        return opened.database;
    }
};

} // namespace tessera::test
