#include "health/healthcertificatefile.h"

#include "health/qrimagereader.h"
#include "protocol/hc1.h"

#include <QCoreApplication>
#include <QFile>
#include <QFileInfo>
#include <QImage>
#include <QUrl>

namespace tessera {

namespace {

QString tr(const char *text)
{
    return QCoreApplication::translate("HealthCertificateFile", text);
}

template<typename T>
std::optional<T> refuse(QString *problem, const QString &words)
{
    if (problem)
        *problem = words;
    return std::nullopt;
}

// The file at path when it is a readable file of at most maxBytes, else the reason.
std::optional<QByteArray> readSmallFile(const QString &path, QString *problem)
{
    const QFileInfo info(path);
    if (path.isEmpty() || !info.isFile())
        return refuse<QByteArray>(problem, tr("There is no file at that place."));
    if (info.size() > HealthCertificateFile::maxBytes)
        return refuse<QByteArray>(problem, tr("The file is larger than 5 MiB."));
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        return refuse<QByteArray>(problem, tr("The file could not be read."));
    QByteArray bytes = file.read(HealthCertificateFile::maxBytes + 1);
    if (bytes.size() > HealthCertificateFile::maxBytes)
        return refuse<QByteArray>(problem, tr("The file is larger than 5 MiB."));
    return bytes;
}

} // namespace

QByteArray HealthCertificateFile::contentType() const
{
    return healthwire::certificateContentType(kind).toLatin1();
}

HealthCertificateFile::Kind HealthCertificateFile::sniff(QByteArrayView bytes)
{
    // An HC1 text longer than protocol/hc1 reads is refused before any work.
    if (bytes.startsWith(QByteArrayView("HC1:")) && bytes.size() > hc1::maxTextLength)
        return Kind::None;
    return healthwire::sniffCertificate(bytes);
}

QString HealthCertificateFile::localPath(const QString &pathOrUrl)
{
    QString text = pathOrUrl.trimmed();
    if (text.startsWith(u"file:"))
        return QUrl(text).toLocalFile();
    return text;
}

std::optional<HealthCertificateFile> HealthCertificateFile::fromFile(
    const QString &pathOrUrl, QString *problem)
{
    std::optional<QByteArray> bytes = readSmallFile(localPath(pathOrUrl), problem);
    if (!bytes)
        return std::nullopt;
    const Kind kind = sniff(*bytes);
    if (kind == Kind::Hc1)
        return fromHc1Text(QString::fromLatin1(*bytes), problem);
    if (kind == Kind::None)
        return refuse<HealthCertificateFile>(
            problem, tr("The file is not a photo (PNG, JPEG), a PDF or an HC1 code."));
    return HealthCertificateFile { kind, std::move(*bytes) };
}

std::optional<HealthCertificateFile> HealthCertificateFile::fromHc1Text(
    const QString &text, QString *problem)
{
    const QByteArray bytes = text.trimmed().toLatin1();
    if (text.trimmed().size() > hc1::maxTextLength || sniff(bytes) != Kind::Hc1)
        return refuse<HealthCertificateFile>(problem,
            tr("That is not an HC1 code: it starts with “HC1:” followed by capital letters, digits"
               " and a few signs."));
    QString why;
    if (!hc1::decode(bytes, &why))
        return refuse<HealthCertificateFile>(
            problem, tr("The HC1 code does not decode: %1").arg(why));
    return HealthCertificateFile { Kind::Hc1, bytes };
}

std::optional<QString> HealthCertificateFile::hc1FromImage(
    const QString &pathOrUrl, QrImageReader &reader, QString *problem)
{
    std::optional<QByteArray> bytes = readSmallFile(localPath(pathOrUrl), problem);
    if (!bytes)
        return std::nullopt;
    const Kind kind = sniff(*bytes);
    if (kind != Kind::Png && kind != Kind::Jpeg)
        return refuse<QString>(problem, tr("The file is not a photo (PNG, JPEG)."));
    QImage image;
    // A small file may still hold a huge picture: Qt's reader refuses above its allocation
    // limit (128 MiB by default), and more than 40 megapixels is not read.
    if (!image.loadFromData(*bytes) || image.width() * qint64(image.height()) > 40'000'000)
        return refuse<QString>(problem, tr("The photo could not be read."));
    const QImage grey = image.convertToFormat(QImage::Format_Grayscale8);
    for (const QByteArray &content : reader.readStill(grey)) {
        if (content.startsWith("HC1:"))
            return QString::fromLatin1(content);
    }
    return refuse<QString>(problem, tr("There is no HC1 code in the photo."));
}

} // namespace tessera
