#pragma once

#include <QJsonArray>
#include <QJsonObject>
#include <QList>
#include <QString>

#include <optional>

namespace tessera {

// The entries of body's array `field`, each read strictly with Entry::fromJson(object, &problem):
// nullopt when the field is not an array or any entry is refused (its problem in *problem), so a
// list is shown whole or not at all.
template<typename Entry>
std::optional<QList<Entry>> entriesOf(
    const QJsonObject &body, const QString &field, QString *problem)
{
    const QJsonValue list = body.value(field);
    if (!list.isArray()) {
        *problem = QStringLiteral("“%1” is not an array").arg(field);
        return std::nullopt;
    }
    QList<Entry> entries;
    for (const QJsonValue value : list.toArray()) {
        auto entry = Entry::fromJson(value.toObject(), problem);
        if (!entry)
            return std::nullopt;
        entries.append(std::move(*entry));
    }
    return entries;
}

} // namespace tessera
