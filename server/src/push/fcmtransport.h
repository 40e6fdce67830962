#pragma once

#include "push/fcmaccount.h"
#include "push/pushtransport.h"

#include <QDateTime>
#include <QList>
#include <QNetworkAccessManager>

namespace tessera::server {

// FCM HTTP v1 (https://firebase.google.com/docs/reference/fcm/rest/v1/projects.messages/send):
// the service account's RS256 JWT exchanged at its token_uri for an OAuth 2 access token, kept
// until a minute before it expires (one exchange for many sends; pushes arriving meanwhile wait
// for it); POST {endpoint}/v1/projects/{project}/messages:send with the device's token, the
// encrypted payload as data.p (base64url; never the title in clear), android priority, ttl and
// collapse_key. 200 Accepted; 404, UNREGISTERED or an INVALID_ARGUMENT about the token Gone;
// 429/5xx Retry (Retry-After honoured); 401/403 the access token dropped and Retry.
class FcmTransport : public PushTransport
{
    Q_OBJECT
public:
    static inline const QString defaultEndpoint = QStringLiteral("https://fcm.googleapis.com");
    static constexpr qint64 tokenMarginSeconds = 60;

    FcmTransport(FcmAccount account, const QUrl &endpoint, QObject *parent = nullptr);

    QString name() const override { return QStringLiteral("fcm"); }
    void send(const Push &push, std::function<void(const Result &)> done) override;

    // The message sent for push (public for tests of its shape).
    static QByteArray message(const Push &push);
    // The outcome of an FCM answer: status and its JSON error body.
    static Result resultOf(int status, const QByteArray &body);

private:
    struct Waiting
    {
        Push push;
        std::function<void(const Result &)> done;
    };

    void exchange();
    void post(const Push &push, const std::function<void(const Result &)> &done);

    FcmAccount m_account;
    QUrl m_sendUrl;
    QNetworkAccessManager m_network;
    QByteArray m_accessToken;
    QDateTime m_tokenUntil;
    bool m_exchanging = false;
    QList<Waiting> m_waiting;
};

} // namespace tessera::server
