#pragma once

#include <QNetworkAccessManager>
#include <QNetworkReply>

namespace tessera {

// The answer to a request the QML engine may not make: finished at once (on the next turn of the
// event loop) with ContentAccessDenied and no data.
class RefusedNetworkReply final : public QNetworkReply
{
    Q_OBJECT
public:
    RefusedNetworkReply(QNetworkAccessManager::Operation operation, const QNetworkRequest &request,
        QObject *parent = nullptr);

    void abort() override;
    qint64 bytesAvailable() const override;
    bool isSequential() const override;

protected:
    qint64 readData(char *data, qint64 maxSize) override;
};

} // namespace tessera
