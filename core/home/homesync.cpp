#include "home/homesync.h"

#include "home/homecard.h"
#include "home/homestore.h"
#include "home/internal/homelogging.h"

#include <QJsonArray>
#include <QRegularExpression>

namespace tessera {

namespace {

// More than a page may hold (200 cards, openapi.json): the rest of an answer is not trusted.
constexpr qsizetype maxCardsPerPage = 1000;
constexpr qsizetype maxRemovedPerPage = 10000;

bool isCursor(const QString &cursor)
{
    static const QRegularExpression pattern(QStringLiteral("^[0-9]{1,19}$"));
    return pattern.match(cursor).hasMatch();
}

} // namespace

HomeSync::HomeSync(Session &session, HomeStore &store, QObject *parent)
    : DeltaSync(session, store, QStringLiteral("/v1/cards"), lcHome, parent)
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
    const QJsonValue cardsValue = page.value(QStringLiteral("cards"));
    const QJsonValue removedValue = page.value(QStringLiteral("removed"));
    if (!cardsValue.isArray() || !removedValue.isArray() || !isCursor(cursor)) {
        *problem = malformedPage();
        return false;
    }
    const QJsonArray array = cardsValue.toArray();
    const QJsonArray removedArray = removedValue.toArray();
    if (array.size() > maxCardsPerPage || removedArray.size() > maxRemovedPerPage) {
        *problem = QStringLiteral("the page of cards is too long");
        return false;
    }
    QStringList removed;
    for (const auto &id : removedArray) {
        if (!id.isString() || id.toString().isEmpty()
            || id.toString().size() > HomeCard::maxIdLength) {
            *problem = QStringLiteral("a removed card's id is not valid");
            return false;
        }
        removed.append(id.toString());
    }
    QList<HomeCard> cards;
    cards.reserve(array.size());
    for (const auto &value : array) {
        QString why;
        std::optional<HomeCard> card = HomeCard::fromJson(value.toObject(), &why);
        if (!card) {
            // Skipped, never stored; an older copy of it goes (it changed on the server).
            qCWarning(lcHome).noquote() << "skipping a card:" << why;
            const QJsonValue id = value.toObject().value(QStringLiteral("id"));
            if (id.isString() && !id.toString().isEmpty()
                && id.toString().size() <= HomeCard::maxIdLength)
                removed.append(id.toString());
            continue;
        }
        cards.append(std::move(*card));
    }
    if (!m_store.applyDelta(cards, removed, cursor)) {
        *problem = QStringLiteral("Home could not be stored on this device");
        return false;
    }
    qCDebug(lcHome) << "home page:" << cards.size() << "cards," << removed.size() << "removed";
    return true;
}

} // namespace tessera
