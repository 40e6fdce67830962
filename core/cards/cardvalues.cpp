#include "cards/cardvalues.h"

#include <QRegularExpression>

#include <cmath>

namespace tessera::cards {

std::optional<QDate> CardValues::date(const QString &text)
{
    static const QRegularExpression format(QStringLiteral("^\\d{4}-\\d{2}-\\d{2}$"));
    if (!format.match(text).hasMatch())
        return std::nullopt;
    const QDate date = QDate::fromString(text, Qt::ISODate);
    if (!date.isValid())
        return std::nullopt;
    return date;
}

std::optional<QTime> CardValues::time(const QString &text)
{
    static const QRegularExpression format(QStringLiteral("^\\d{2}:\\d{2}$"));
    if (!format.match(text).hasMatch())
        return std::nullopt;
    const QTime time = QTime::fromString(text, QStringLiteral("HH:mm"));
    if (!time.isValid())
        return std::nullopt;
    return time;
}

std::optional<double> CardValues::number(const QString &text)
{
    static const QRegularExpression format(QStringLiteral("^-?\\d{1,15}(\\.\\d{1,15})?$"));
    if (!format.match(text.trimmed()).hasMatch())
        return std::nullopt;
    bool ok = false;
    const double value = text.trimmed().toDouble(&ok);
    if (!ok || !std::isfinite(value))
        return std::nullopt;
    return value;
}

QString CardValues::numberText(double value)
{
    return QString::number(value, 'g', 15);
}

} // namespace tessera::cards
