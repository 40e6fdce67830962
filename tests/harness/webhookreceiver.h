#pragma once

#include <QByteArray>
#include <QHash>
#include <QList>
#include <QObject>
#include <QTcpServer>

namespace tessera::test {

// A sub-system's webhook endpoint for tests: a small HTTP/1.1 server on 127.0.0.1 that records
// every POST it gets (headers and body) and answers with the status the test sets (200 unless
// told otherwise), at once or after a delay, or redirects. Reads Content-Length bodies; one request
// per connection is enough for Qt's client, but keep-alive is handled too.
class WebhookReceiver : public QObject
{
    Q_OBJECT
public:
    struct Delivery
    {
        QByteArray path;
        QHash<QByteArray, QByteArray> headers; // names lower-cased
        QByteArray body;
        int answeredWith = 0;
    };

    explicit WebhookReceiver(QObject *parent = nullptr);

    // Listens on 127.0.0.1 (port 0: a free one; or a given port, to come back on the same URL).
    bool listen(quint16 port = 0);
    void close();
    quint16 port() const { return m_port; }
    QByteArray url(const QByteArray &path = QByteArrayLiteral("/hooks/tessera")) const;

    void setStatus(int status) { m_status = status; }
    // The body of each answer ("{}" unless told otherwise).
    void setAnswer(const QByteArray &body) { m_answer = body; }
    // Answers each request this long after it came (it is recorded at once): a slow receiver.
    void setDelay(int milliseconds) { m_delayMs = milliseconds; }
    // Answers 302 with this Location instead (empty: no redirect).
    void setRedirect(const QByteArray &location) { m_redirect = location; }
    // Whether a delivery's Tessera-Signature (t=<unix seconds>,v1=<hex HMAC-SHA256 of
    // t + "." + body>) was made with the sub-system's webhook secret.
    static bool hasValidSignature(const Delivery &delivery, const QByteArray &secret);
    // Every request, as it came (a delivery sent again is there again).
    const QList<Delivery> &deliveries() const { return m_deliveries; }
    // The deliveries by Tessera-Delivery-Id, in the order each first came. Webhooks are at least
    // once: a server stopped between the receiver's 2xx and recording it sends that delivery
    // again after its restart, and receivers deduplicate by the id (docs/NOTIFICATIONS.md,
    // "Webhooks"). A test that restarts a server counts these.
    QList<Delivery> distinctDeliveries() const;

private:
    void serve(QTcpSocket *socket);

    QTcpServer m_server;
    quint16 m_port = 0;
    int m_status = 200;
    int m_delayMs = 0;
    QByteArray m_redirect;
    QByteArray m_answer = QByteArrayLiteral("{}");
    QList<Delivery> m_deliveries;
};

} // namespace tessera::test
