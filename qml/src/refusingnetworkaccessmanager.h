#pragma once

#include <QNetworkAccessManager>

#include <atomic>

namespace tessera {

// The QML engine's network access: none. Every request (an <img> in a text, an Image or a
// component with an http URL) gets a RefusedNetworkReply; each refusal is counted in `refusals`
// (shared with the factory that made this manager) and logged under tessera.qml with the URL's
// scheme and host only. The app's own requests go through its ApiClient, never through QML.
class RefusingNetworkAccessManager final : public QNetworkAccessManager
{
    Q_OBJECT
public:
    RefusingNetworkAccessManager(std::atomic<int> &refusals, QObject *parent = nullptr);

protected:
    QNetworkReply *createRequest(Operation operation, const QNetworkRequest &request,
        QIODevice *outgoingData = nullptr) override;

private:
    std::atomic<int> &m_refusals;
};

} // namespace tessera
