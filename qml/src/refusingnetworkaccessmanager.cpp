#include "refusingnetworkaccessmanager.h"

#include "qmllogging.h"
#include "refusednetworkreply.h"

namespace tessera {

RefusingNetworkAccessManager::RefusingNetworkAccessManager(
    std::atomic<int> &refusals, QObject *parent)
    : QNetworkAccessManager(parent)
    , m_refusals(refusals)
{ }

QNetworkReply *RefusingNetworkAccessManager::createRequest(
    Operation operation, const QNetworkRequest &request, QIODevice *outgoingData)
{
    Q_UNUSED(outgoingData)
    ++m_refusals;
    // Scheme and host only: a path or query may carry what a hostile text wanted to leak.
    const QUrl url = request.url();
    qCWarning(lcQml).noquote() << "refused a network request from QML to"
                               << url.scheme() + QStringLiteral("://") + url.host();
    return new RefusedNetworkReply(operation, request, this);
}

} // namespace tessera
