#include "identity/sessionrecord.h"

#include "base/securewipe.h"

namespace tessera {

namespace {

constexpr quint8 legacyFlag = 0x01;
constexpr quint8 knownFlags = legacyFlag;

bool appendField(QByteArray &out, const QByteArray &field, qsizetype limit)
{
    if (field.size() > limit)
        return false;
    out.append(static_cast<char>(static_cast<quint8>(field.size())));
    out.append(field);
    return true;
}

// Reads one length-prefixed field at *at; false when it is longer than limit or the bytes end.
bool takeField(const QByteArray &bytes, qsizetype *at, qsizetype limit, QByteArray *field)
{
    if (*at >= bytes.size())
        return false;
    const auto length = static_cast<qsizetype>(static_cast<quint8>(bytes.at(*at)));
    ++*at;
    if (length > limit || bytes.size() - *at < length)
        return false;
    *field = bytes.mid(*at, length);
    *at += length;
    return true;
}

} // namespace

SessionRecord::~SessionRecord()
{
    wipe();
}

void SessionRecord::wipe()
{
    secureWipe(accessToken);
    secureWipe(refreshToken);
    secureWipe(databaseKey);
}

std::optional<QByteArray> SessionRecord::encode(QString *error) const
{
    QByteArray out;
    out.reserve(5 + accessToken.size() + refreshToken.size() + databaseKey.size());
    out.append(static_cast<char>(version));
    out.append(static_cast<char>(legacyEntriesMayRemain ? legacyFlag : 0));
    if (!appendField(out, accessToken, maxTokenBytes)
        || !appendField(out, refreshToken, maxTokenBytes)
        || !appendField(out, databaseKey, maxKeyBytes)) {
        secureWipe(out);
        if (error)
            *error = QStringLiteral("a session secret is longer than the record allows");
        return std::nullopt;
    }
    return out;
}

std::optional<SessionRecord> SessionRecord::decode(const QByteArray &bytes, QString *error)
{
    const auto fail = [error](const QString &why) {
        if (error)
            *error = QStringLiteral("the stored session record is damaged: ") + why;
        return std::nullopt;
    };
    if (bytes.size() < 5)
        return fail(QStringLiteral("%1 bytes is too short").arg(bytes.size()));
    if (static_cast<quint8>(bytes.at(0)) != version)
        return fail(QStringLiteral("unknown version %1").arg(static_cast<quint8>(bytes.at(0))));
    const auto flags = static_cast<quint8>(bytes.at(1));
    if ((flags & ~knownFlags) != 0)
        return fail(QStringLiteral("unknown flags"));
    SessionRecord record;
    record.legacyEntriesMayRemain = (flags & legacyFlag) != 0;
    qsizetype at = 2;
    if (!takeField(bytes, &at, maxTokenBytes, &record.accessToken)
        || !takeField(bytes, &at, maxTokenBytes, &record.refreshToken)
        || !takeField(bytes, &at, maxKeyBytes, &record.databaseKey))
        return fail(QStringLiteral("a field's length is out of bounds"));
    if (at != bytes.size())
        return fail(QStringLiteral("%1 bytes after the last field").arg(bytes.size() - at));
    return record;
}

} // namespace tessera
