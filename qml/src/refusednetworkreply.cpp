#include "refusednetworkreply.h"

#include <QTimer>

namespace tessera {

RefusedNetworkReply::RefusedNetworkReply(
    QNetworkAccessManager::Operation operation, const QNetworkRequest &request, QObject *parent)
    : QNetworkReply(parent)
{
    setRequest(request);
    setUrl(request.url());
    setOperation(operation);
    open(QIODevice::ReadOnly);
    setError(QNetworkReply::ContentAccessDenied,
        QStringLiteral("The app does not fetch anything named in a page's text."));
    setFinished(true);
    QTimer::singleShot(0, this, [this] {
        Q_EMIT errorOccurred(QNetworkReply::ContentAccessDenied);
        Q_EMIT finished();
    });
}

void RefusedNetworkReply::abort() { }

qint64 RefusedNetworkReply::bytesAvailable() const
{
    return 0;
}

bool RefusedNetworkReply::isSequential() const
{
    return true;
}

qint64 RefusedNetworkReply::readData(char *data, qint64 maxSize)
{
    Q_UNUSED(data)
    Q_UNUSED(maxSize)
    return -1;
}

} // namespace tessera
