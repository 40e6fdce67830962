#include "protocol/hc1.h"

#include "protocol/base45.h"
#include "protocol/cborstrict.h"
#include "protocol/hc1_p.h"
#include "protocol/wiretime.h"

#include <QCborArray>
#include <QCborMap>
#include <QJsonArray>

namespace tessera::hc1 {

namespace {

constexpr QByteArrayView prefix = "HC1:";
// CBOR tags: COSE_Sign1 (RFC 9052) and CWT (RFC 8392).
constexpr quint64 tagCoseSign1 = 18;
constexpr quint64 tagCwt = 61;
// COSE header labels.
constexpr qint64 headerAlgorithm = 1;
constexpr qint64 headerKeyId = 4;
constexpr qsizetype maxKeyIdLength = 64;
constexpr qsizetype maxSignatureLength = 1024;

std::optional<Hc1Certificate> refuse(QString *error, const QString &why)
{
    if (error)
        *error = why;
    return std::nullopt;
}

// The protected header: a byte string holding a CBOR map (or nothing, meaning an empty map).
std::optional<QCborMap> readProtected(const QByteArray &bytes, QString &error)
{
    if (bytes.isEmpty())
        return QCborMap();
    QString why;
    const auto value = cborstrict::readOne(bytes, maxCborItems, &why);
    if (!value) {
        error = QStringLiteral("the COSE protected header is not valid CBOR (%1)").arg(why);
        return std::nullopt;
    }
    if (!value->isMap()) {
        error = QStringLiteral("the COSE protected header is not a map");
        return std::nullopt;
    }
    return value->toMap();
}

// alg from the protected header; kid from the protected header, else from the unprotected one.
bool readHeaders(const QCborMap &protectedHeader, const QCborMap &unprotectedHeader,
    Hc1Certificate &certificate, QString &error)
{
    const auto algorithm =
        cborstrict::integerIn(protectedHeader.value(headerAlgorithm), -65536, 65535);
    if (!algorithm) {
        error = protectedHeader.contains(headerAlgorithm)
            ? QStringLiteral("the COSE algorithm is not a small integer")
            : QStringLiteral("the COSE protected header names no algorithm");
        return false;
    }
    certificate.algorithm = static_cast<int>(*algorithm);
    QCborValue keyId = protectedHeader.value(headerKeyId);
    if (keyId.isUndefined())
        keyId = unprotectedHeader.value(headerKeyId);
    if (keyId.isUndefined())
        return true;
    if (!keyId.isByteArray() || keyId.toByteArray().size() > maxKeyIdLength) {
        error = QStringLiteral("the COSE key id is not a byte string of at most %1 bytes")
                    .arg(maxKeyIdLength);
        return false;
    }
    certificate.keyId = keyId.toByteArray();
    return true;
}

// The COSE_Sign1 message: optional tags, then [protected, unprotected, payload, signature].
std::optional<Hc1Certificate> readCose(const QCborValue &message, QString *error)
{
    QCborValue value = message;
    if (value.isTag() && value.tag() == QCborTag(tagCwt))
        value = value.taggedValue();
    if (value.isTag()) {
        if (value.tag() != QCborTag(tagCoseSign1)) {
            return refuse(error,
                QStringLiteral("not a COSE_Sign1 message (CBOR tag %1 instead of 18)")
                    .arg(static_cast<quint64>(value.tag())));
        }
        value = value.taggedValue();
    }
    if (!value.isArray() || value.toArray().size() != 4)
        return refuse(error, QStringLiteral("not a COSE_Sign1 message (not an array of four)"));
    const QCborArray parts = value.toArray();
    if (!parts.at(0).isByteArray() || !parts.at(1).isMap() || !parts.at(2).isByteArray()
        || !parts.at(3).isByteArray()) {
        return refuse(error,
            QStringLiteral("not a COSE_Sign1 message (expected protected bytes, a header map, "
                           "payload bytes and signature bytes)"));
    }
    const QByteArray protectedBytes = parts.at(0).toByteArray();
    const QByteArray payload = parts.at(2).toByteArray();
    Hc1Certificate certificate;
    certificate.signature = parts.at(3).toByteArray();
    if (certificate.signature.isEmpty() || certificate.signature.size() > maxSignatureLength)
        return refuse(error, QStringLiteral("the COSE signature is empty or too long"));
    QString why;
    const auto protectedHeader = readProtected(protectedBytes, why);
    if (!protectedHeader || !readHeaders(*protectedHeader, parts.at(1).toMap(), certificate, why))
        return refuse(error, why);

    const auto claims = cborstrict::readOne(payload, maxCborItems, &why);
    if (!claims)
        return refuse(error, QStringLiteral("the COSE payload is not valid CBOR (%1)").arg(why));
    if (!internal::readClaims(*claims, certificate, why))
        return refuse(error, why);

    certificate.signedBytes =
        QCborArray { QStringLiteral("Signature1"), protectedBytes, QByteArray(), payload }
            .toCborValue()
            .toCbor();
    return certificate;
}

} // namespace

std::optional<Hc1Certificate> decode(QByteArrayView text, QString *error)
{
    if (!text.startsWith(prefix))
        return refuse(error, QStringLiteral("not an HC1 code (it does not start with \"HC1:\")"));
    if (text.size() > maxTextLength) {
        return refuse(
            error, QStringLiteral("the HC1 code is longer than %1 characters").arg(maxTextLength));
    }
    QString why;
    const auto compressed = base45::decode(text.sliced(prefix.size()), &why);
    if (!compressed)
        return refuse(error, QStringLiteral("the HC1 code is not valid base45 (%1)").arg(why));
    const auto message = inflateCapped(*compressed, maxInflatedSize, &why);
    if (!message)
        return refuse(error, QStringLiteral("the HC1 code does not inflate (%1)").arg(why));
    const auto cose = cborstrict::readOne(*message, maxCborItems, &why);
    if (!cose)
        return refuse(error, QStringLiteral("the HC1 message is not valid CBOR (%1)").arg(why));
    return readCose(*cose, error);
}

QJsonObject Hc1Certificate::toJson() const
{
    const auto date = [](const QDate &day) {
        return day.isValid() ? QJsonValue(day.toString(Qt::ISODate)) : QJsonValue();
    };
    const auto time = [](qint64 seconds) {
        return QJsonValue(wiretime::format(QDateTime::fromSecsSinceEpoch(seconds, Qt::UTC)));
    };
    QJsonArray doses;
    for (const Hc1Vaccination &v : vaccinations) {
        doses.append(QJsonObject { { QStringLiteral("disease"), v.disease },
            { QStringLiteral("vaccine"), v.vaccine }, { QStringLiteral("product"), v.product },
            { QStringLiteral("manufacturer"), v.manufacturer }, { QStringLiteral("dose"), v.dose },
            { QStringLiteral("doses"), v.doses }, { QStringLiteral("date"), date(v.date) },
            { QStringLiteral("country"), v.country }, { QStringLiteral("issuer"), v.issuer },
            { QStringLiteral("certificateId"), v.certificateId } });
    }
    return QJsonObject { { QStringLiteral("familyName"), familyName },
        { QStringLiteral("givenName"), givenName },
        { QStringLiteral("dateOfBirth"), date(dateOfBirth) },
        { QStringLiteral("vaccinations"), doses },
        { QStringLiteral("issuerCountry"), issuerCountry },
        { QStringLiteral("issuedAt"), time(issuedAt) },
        { QStringLiteral("expiresAt"), time(expiresAt) },
        { QStringLiteral("keyId"),
            QString::fromLatin1(
                keyId.toBase64(QByteArray::Base64UrlEncoding | QByteArray::OmitTrailingEquals)) },
        { QStringLiteral("algorithm"), algorithm } };
}

} // namespace tessera::hc1
