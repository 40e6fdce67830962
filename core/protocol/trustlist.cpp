#include "protocol/trustlist.h"

#include "protocol/jsonfields.h"
#include "protocol/wiretime.h"

#include <QDateTime>
#include <QJsonArray>
#include <QRegularExpression>

#include <algorithm>

namespace tessera::pass {

bool IssuerKey::activeAt(qint64 time) const
{
    return time >= notBefore && (!notAfter || time < *notAfter);
}

bool TrustList::add(const IssuerKey &key)
{
    static const QRegularExpression keyIdPattern(QStringLiteral("^[A-Za-z0-9._-]{1,16}$"));
    if (key.publicKey.size() != 32 || !keyIdPattern.match(key.keyId).hasMatch()
        || m_keys.contains(key.keyId))
        return false;
    m_keys.insert(key.keyId, key);
    return true;
}

const IssuerKey *TrustList::find(const QString &keyId) const
{
    const auto it = m_keys.constFind(keyId);
    return it == m_keys.constEnd() ? nullptr : &*it;
}

QJsonObject TrustList::toJson() const
{
    QList<IssuerKey> keys = m_keys.values();
    std::sort(keys.begin(), keys.end(),
        [](const IssuerKey &a, const IssuerKey &b) { return a.keyId < b.keyId; });
    const auto time = [](qint64 seconds) {
        return wiretime::format(QDateTime::fromSecsSinceEpoch(seconds, Qt::UTC));
    };
    QJsonArray array;
    for (const IssuerKey &key : keys) {
        QJsonObject object { { QStringLiteral("keyId"), key.keyId },
            { QStringLiteral("publicKey"), QString::fromLatin1(key.publicKey.toBase64()) },
            { QStringLiteral("notBefore"), time(key.notBefore) } };
        if (key.notAfter)
            object.insert(QStringLiteral("notAfter"), time(*key.notAfter));
        array.append(object);
    }
    return QJsonObject { { QStringLiteral("keys"), array } };
}

std::optional<TrustList> TrustList::fromJson(const QJsonObject &object, QString *error)
{
    const auto fail = [error](const QString &text) {
        if (error)
            *error = text;
        return std::nullopt;
    };
    const QStringList unknown = json::unknownFields(object, { QStringLiteral("keys") });
    if (!unknown.isEmpty())
        return fail(unknown.first() + QStringLiteral(": unknown field"));
    if (!object.value(QStringLiteral("keys")).isArray())
        return fail(QStringLiteral("keys: must be an array"));
    TrustList list;
    for (const auto &item : object.value(QStringLiteral("keys")).toArray()) {
        if (!item.isObject())
            return fail(QStringLiteral("keys: items must be objects"));
        const QJsonObject entry = item.toObject();
        const QStringList unknownInKey = json::unknownFields(entry,
            { QStringLiteral("keyId"), QStringLiteral("publicKey"), QStringLiteral("notBefore"),
                QStringLiteral("notAfter") });
        if (!unknownInKey.isEmpty())
            return fail(QStringLiteral("keys: ") + unknownInKey.first()
                + QStringLiteral(": unknown field"));
        std::optional<json::FieldError> fieldError;
        const auto keyId = json::requiredString(entry, QStringLiteral("keyId"), fieldError);
        const auto publicKey = json::requiredString(entry, QStringLiteral("publicKey"), fieldError);
        const auto notBefore = json::requiredString(entry, QStringLiteral("notBefore"), fieldError);
        if (fieldError)
            return fail(QStringLiteral("keys: ") + fieldError->toString());
        IssuerKey key;
        key.keyId = *keyId;
        const auto decoded = QByteArray::fromBase64Encoding(
            publicKey->toLatin1(), QByteArray::AbortOnBase64DecodingErrors);
        if (!decoded || decoded.decoded.size() != 32)
            return fail(QStringLiteral("keys: publicKey: must be 32 bytes in base64"));
        key.publicKey = decoded.decoded;
        const auto from = wiretime::parse(*notBefore);
        if (!from)
            return fail(QStringLiteral("keys: notBefore: is not an RFC 3339 time"));
        key.notBefore = from->toSecsSinceEpoch();
        if (entry.contains(QStringLiteral("notAfter"))) {
            const QJsonValue value = entry.value(QStringLiteral("notAfter"));
            const auto until = value.isString() ? wiretime::parse(value.toString()) : std::nullopt;
            if (!until)
                return fail(QStringLiteral("keys: notAfter: is not an RFC 3339 time"));
            key.notAfter = until->toSecsSinceEpoch();
            if (*key.notAfter <= key.notBefore)
                return fail(QStringLiteral("keys: notAfter: must be after notBefore"));
        }
        if (!list.add(key))
            return fail(
                QStringLiteral("keys: keyId: %1 is invalid or appears twice").arg(key.keyId));
    }
    return list;
}

} // namespace tessera::pass
