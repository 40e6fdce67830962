#include "refusingnetworkfactory.h"

#include "refusingnetworkaccessmanager.h"

namespace tessera {

QNetworkAccessManager *RefusingNetworkFactory::create(QObject *parent)
{
    return new RefusingNetworkAccessManager(m_refusals, parent);
}

int RefusingNetworkFactory::refusals() const
{
    return m_refusals.load();
}

} // namespace tessera
