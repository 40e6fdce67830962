#pragma once
// Reads an Adaptive Card (schema 1.5, the subset in docs/CARDS.md) into the typed model. Never
// fails on any input: what is wrong is reported with its JSON path, the first problem first, and
// the card is then invalid. The server (at publish), the CLI (card check) and the app use it.
#include "cards/cardparseresult.h"

#include <QByteArray>
#include <QHash>
#include <QJsonObject>
#include <QString>
#include <QStringList>

#include <optional>

namespace tessera::cards {

struct CardParserOptions
{
    // Hosts links and images may point at (compared case-insensitively). Unset: any https host
    // (an offline check); set: only these, e.g. the server's own media host and a key's list.
    std::optional<QStringList> allowedHosts;
    // What `requires` is checked against: the schema version and the host's features.
    QString hostVersion = QStringLiteral("1.5");
    QHash<QString, QString> features;
};

class CardParser
{
public:
    explicit CardParser(CardParserOptions options = {});

    // The card as sent: over maxCardBytes or not a JSON object is a problem at "$".
    CardParseResult parse(const QByteArray &json) const;
    CardParseResult parse(const QJsonObject &card) const;

private:
    CardParserOptions m_options;
};

} // namespace tessera::cards
