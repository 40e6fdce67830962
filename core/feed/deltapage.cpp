#include "feed/deltapage.h"

#include <QRegularExpression>

namespace tessera {

namespace {

// More than a page may hold (200 objects, the contract): the rest of an answer is not trusted.
constexpr qsizetype maxObjectsPerPage = 1000;
constexpr qsizetype maxRemovedPerPage = 10000;

bool isCursor(const QString &cursor)
{
    static const QRegularExpression pattern(QStringLiteral("^[0-9]{1,19}$"));
    return pattern.match(cursor).hasMatch();
}

bool isId(const QJsonValue &id, qsizetype maxLength)
{
    return id.isString() && !id.toString().isEmpty() && id.toString().size() <= maxLength;
}

} // namespace

std::optional<DeltaPageRead> readDeltaPage(
    const QJsonObject &page, const QString &cursor, const DeltaPageSpec &spec, QString *problem)
{
    const QJsonValue objectsValue = page.value(spec.key);
    const QJsonValue removedValue = page.value(QStringLiteral("removed"));
    if (!objectsValue.isArray() || !removedValue.isArray() || !isCursor(cursor)) {
        *problem = spec.malformed;
        return std::nullopt;
    }
    DeltaPageRead read;
    read.objects = objectsValue.toArray();
    const QJsonArray removedArray = removedValue.toArray();
    if (read.objects.size() > maxObjectsPerPage || removedArray.size() > maxRemovedPerPage) {
        *problem = spec.tooLong;
        return std::nullopt;
    }
    for (const auto &id : removedArray) {
        if (!isId(id, spec.maxIdLength)) {
            *problem = spec.badRemovedId;
            return std::nullopt;
        }
        read.removed.append(id.toString());
    }
    return read;
}

void skipRefused(
    const QJsonObject &object, const QString &why, const DeltaPageSpec &spec, QStringList *removed)
{
    // Skipped, never stored; an older copy of it goes (it changed on the server).
    qCWarning(spec.log).noquote() << spec.skipping << why;
    const QJsonValue id = object.value(QStringLiteral("id"));
    if (isId(id, spec.maxIdLength))
        removed->append(id.toString());
}

void logPageApplied(const DeltaPageSpec &spec, qsizetype objects, qsizetype removed)
{
    qCDebug(spec.log).noquote() << spec.name + QStringLiteral(" page:") << objects
                                << spec.key + QLatin1Char(',') << removed << "removed";
}

} // namespace tessera
