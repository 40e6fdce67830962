#pragma once

#include <QJsonDocument>
#include <QJsonObject>
#include <QNetworkRequest>
#include <QStringList>
#include <QTest>
#include <QUrl>
#include <QWebSocket>

namespace tessera::test {

// A person's live stream (GET /v1/stream) on one node (tst_cluster, tst_cluster_faults): the
// messages it got (the hello first) and how it closed.
struct ClusterStream
{
    QWebSocket socket;
    QStringList messages;
    int closeCode = -1;
    QString closeReason;

    bool open(const QUrl &base, const QString &token)
    {
        QObject::connect(&socket, &QWebSocket::textMessageReceived,
            [this](const QString &text) { messages.append(text); });
        QObject::connect(&socket, &QWebSocket::disconnected, [this] {
            closeCode = socket.closeCode();
            closeReason = socket.closeReason();
        });
        QUrl url = base;
        url.setPath(QStringLiteral("/v1/stream"));
        url.setScheme(QStringLiteral("ws"));
        QNetworkRequest request(url);
        request.setRawHeader("Authorization", "Bearer " + token.toLatin1());
        socket.open(request);
        return QTest::qWaitFor([this] { return !messages.isEmpty(); }, 20000)
            && messages.first().contains(QStringLiteral("hello"));
    }

    // The newest {"type":"inbox"} hint's cursor, 0 when none yet.
    qint64 inboxCursor() const
    {
        qint64 newest = 0;
        for (const QString &text : messages) {
            const QJsonObject hint = QJsonDocument::fromJson(text.toUtf8()).object();
            if (hint.value(QStringLiteral("type")).toString() == u"inbox")
                newest =
                    std::max(newest, hint.value(QStringLiteral("cursor")).toString().toLongLong());
        }
        return newest;
    }
};

} // namespace tessera::test
