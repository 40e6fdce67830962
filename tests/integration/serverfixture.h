#pragma once

// What the tests of the server as a process share: a PostgreSQL cluster for either database,
// server options per kind, raw HTTP on one connection, and a read of the server's database.
#include "databasekinds.h"
#include "demoaccounts.h"
#include "postgrescluster.h"
#include "protocol/version.h"
#include "serverprocess.h"
#include "serversql.h"
#include "storage/migrations.h"
#include "storage/secretsatrest.h"
#include "storage/secretseal.h"
#include "storage/storage.h"
#include "testhttp.h"

#include <QDir>
#include <QElapsedTimer>
#include <QFile>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QTcpSocket>
#include <QTest>

#include <optional>

namespace tessera::test {

class ServerFixture
{
protected:
    PostgresCluster m_postgres;
    int m_databases = 0;

    // Server options for the database kind of the current data row: SQLite in the data folder,
    // or a fresh PostgreSQL database.
    ServerProcess::Options optionsFor(const QString &kind)
    {
        ServerProcess::Options options;
        options.database =
            databaseForKind(m_postgres, kind, QStringLiteral("server_%1").arg(++m_databases));
        return options;
    }

    static void addKinds() { addDatabaseKinds(); }

    static void verifyErrorBody(const HttpResult &result, const QString &code)
    {
        const QJsonObject body = result.json();
        QCOMPARE(body.keys(), QStringList { QStringLiteral("error") });
        const QJsonObject error = body.value(QStringLiteral("error")).toObject();
        QCOMPARE(error.value(QStringLiteral("code")).toString(), code);
        QVERIFY(!error.value(QStringLiteral("message")).toString().isEmpty());
        QVERIFY(result.header("Content-Type").startsWith("application/json"));
    }

    // Runs one statement straight on the server's database; answers the first column of the
    // first row (true for statements without rows), or an invalid QVariant on failure.
    static QVariant runSql(const QString &kind, const QString &databaseUrl, const QString &dataDir,
        const QString &statement)
    {
        const ServerSqlResult result = runServerSql(
            dataDir, kind == QLatin1String("sqlite") ? QString() : databaseUrl, statement);
        if (!result.ok) {
            qWarning("%s", qPrintable(result.error));
            return {};
        }
        return result.hasRow ? QVariant(result.value.toInt()) : QVariant(true);
    }

    struct RawAnswer
    {
        int status = 0;
        QJsonObject body;
    };

    // Writes requests (several HTTP/1.1 requests, pipelined) in one go on one connection and
    // reads answers until there are expected of them, the server closes, or 10 s pass. closed:
    // whether the server closed the connection after them.
    static QList<RawAnswer> pipeline(
        const QUrl &url, const QByteArray &requests, int expected, bool *closed = nullptr)
    {
        QTcpSocket socket;
        socket.connectToHost(url.host(), static_cast<quint16>(url.port()));
        if (!socket.waitForConnected(5000))
            return {};
        socket.write(requests);
        QByteArray buffer;
        QList<RawAnswer> answers;
        QElapsedTimer clock;
        clock.start();
        bool open = true;
        while (clock.elapsed() < 10000) {
            // Takes every whole answer (status line, headers, body) off the front of buffer.
            for (qsizetype end = buffer.indexOf("\r\n\r\n"); end >= 0;
                 end = buffer.indexOf("\r\n\r\n")) {
                const QList<QByteArray> lines = buffer.left(end).split('\n');
                qsizetype length = 0;
                for (const QByteArray &line : lines) {
                    if (line.toLower().startsWith("content-length:"))
                        length = line.mid(15).trimmed().toLongLong();
                }
                if (buffer.size() < end + 4 + length)
                    break;
                RawAnswer answer;
                answer.status = lines.first().split(' ').value(1).toInt();
                answer.body = QJsonDocument::fromJson(buffer.mid(end + 4, length)).object();
                answers.append(answer);
                buffer.remove(0, end + 4 + length);
            }
            // Waiting for the close too, when the caller asks whether it comes.
            if ((closed == nullptr && answers.size() >= expected) || !open)
                break;
            if (!socket.waitForReadyRead(200) && socket.state() != QAbstractSocket::ConnectedState)
                open = false;
            buffer += socket.readAll();
        }
        if (closed != nullptr)
            *closed = !open;
        return answers;
    }
};

} // namespace tessera::test
