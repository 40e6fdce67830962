#pragma once

#include <QQmlNetworkAccessManagerFactory>

#include <atomic>

namespace tessera {

// Installed on every QML engine (the app's composition root, the QML tests): the engine's network
// access managers refuse every request (RefusingNetworkAccessManager), so that no text, image or
// component in a page ever makes the app fetch a URL. Outlives the engine it is installed on.
// refusals(): how many requests were refused so far, from every manager it made (any thread).
class RefusingNetworkFactory final : public QQmlNetworkAccessManagerFactory
{
public:
    QNetworkAccessManager *create(QObject *parent) override;

    int refusals() const;

private:
    std::atomic<int> m_refusals { 0 };
};

} // namespace tessera
