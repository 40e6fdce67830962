#include "home/homesync.h"

#include "feed/deltapage.h"
#include "home/homecard.h"
#include "home/homestore.h"
#include "home/internal/homelogging.h"

namespace tessera {

HomeSync::HomeSync(AuthorizedApi &api, SessionScope &scope, HomeStore &store, QObject *parent)
    : DeltaSync(api, scope, store, QStringLiteral("/v1/cards"), lcHome, parent)
    , m_store(store)
{ }

HomeSync::~HomeSync() = default;

void HomeSync::attachStream(const StreamClient &stream)
{
    followStream(stream, hintKind());
}

QString HomeSync::malformedPage() const
{
    return QStringLiteral("the answer is not a page of cards");
}

bool HomeSync::applyPage(const QJsonObject &page, const QString &cursor, QString *problem)
{
    const DeltaPageSpec spec {
        .name = QStringLiteral("home"),
        .key = QStringLiteral("cards"),
        .maxIdLength = HomeCard::maxIdLength,
        .log = lcHome,
        .malformed = malformedPage(),
        .tooLong = QStringLiteral("the page of cards is too long"),
        .badRemovedId = QStringLiteral("a removed card's id is not valid"),
        .notStored = QStringLiteral("Home could not be stored on this device"),
        .skipping = QStringLiteral("skipping a card:"),
    };
    return applyDeltaPage<HomeCard>(page, cursor, spec, m_store, problem);
}

} // namespace tessera
