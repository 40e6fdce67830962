#include "protocol/wiretime.h"

#include <QRegularExpression>

namespace tessera::wiretime {

QString format(const QDateTime &time)
{
    return time.toUTC().toString(Qt::ISODate);
}

std::optional<QDateTime> parse(const QString &text)
{
    // Qt's ISO parser is lenient (dates without time, missing zone); RFC 3339 is not.
    static const QRegularExpression pattern(
        QStringLiteral(R"(^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,9})?(Z|[+-]\d{2}:\d{2})$)"));
    if (!pattern.match(text).hasMatch())
        return std::nullopt;
    const QDateTime parsed = QDateTime::fromString(text, Qt::ISODateWithMs);
    if (!parsed.isValid())
        return std::nullopt;
    return parsed.toUTC();
}

} // namespace tessera::wiretime
