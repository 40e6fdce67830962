#include "identity/deviceid.h"

#include <QByteArray>
#include <QRandomGenerator>
#include <QRegularExpression>
#include <QSettings>

namespace tessera {

QString DeviceId::obtain(QSettings &settings)
{
    QString kept = settings.value(settingsKey()).toString();
    if (isValid(kept))
        return kept;
    QString made = generate();
    settings.setValue(settingsKey(), made);
    settings.sync();
    return made;
}

bool DeviceId::isValid(const QString &id)
{
    static const QRegularExpression pattern(QStringLiteral("^[A-Za-z0-9_-]{8,64}$"));
    return pattern.match(id).hasMatch();
}

QString DeviceId::generate()
{
    QByteArray bytes(16, Qt::Uninitialized);
    QRandomGenerator::system()->generate(reinterpret_cast<quint32 *>(bytes.data()),
        reinterpret_cast<quint32 *>(bytes.data() + bytes.size()));
    return QString::fromLatin1(
        bytes.toBase64(QByteArray::Base64UrlEncoding | QByteArray::OmitTrailingEquals));
}

} // namespace tessera
