#include "cards/cardparser.h"

#include "cards/cardlimits.h"
#include "cards/internal/cardreader.h"
#include "cards/internal/parsecontext.h"

#include <QJsonDocument>
#include <QJsonParseError>
#include <QSet>

namespace tessera::cards {

CardParser::CardParser(CardParserOptions options)
    : m_options(std::move(options))
{ }

CardParseResult CardParser::parse(const QByteArray &json) const
{
    if (json.size() > maxCardBytes) {
        CardParseResult result;
        result.problems.append(CardProblem { QStringLiteral("$"),
            QStringLiteral("the card is larger than %1 KiB").arg(maxCardBytes / 1024) });
        return result;
    }
    QJsonParseError error {};
    const QJsonDocument document = QJsonDocument::fromJson(json, &error);
    if (error.error != QJsonParseError::NoError || !document.isObject()) {
        CardParseResult result;
        result.problems.append(CardProblem { QStringLiteral("$"),
            error.error != QJsonParseError::NoError
                ? QStringLiteral("not JSON: %1 at offset %2")
                      .arg(error.errorString())
                      .arg(error.offset)
                : QStringLiteral("a card must be a JSON object") });
        return result;
    }
    return parse(document.object());
}

CardParseResult CardParser::parse(const QJsonObject &object) const
{
    internal::ParseContext context(m_options);
    internal::CardReader reader(context);
    Card card = reader.card(object, QStringLiteral("$"), 0, true);
    card.links = context.result().card.links;
    QSet<QString> ids;
    for (const CardElement *input : card.inputs()) {
        if (input->id.isEmpty())
            continue;
        if (ids.contains(input->id))
            context.problem(input->path + QStringLiteral(".id"),
                QStringLiteral("the input id %1 is used twice").arg(input->id));
        ids.insert(input->id);
    }
    CardParseResult result = std::move(context.result());
    result.card = std::move(card);
    return result;
}

} // namespace tessera::cards
