#include "protocol/passcodec.h"

#include "protocol/base45.h"
#include "protocol/cborstrict.h"
#include "protocol/passkeys.h"

#include <QCborArray>
#include <QtEndian>

#include <sodium.h>

namespace tessera::pass {

namespace {

constexpr qint64 maxStep = (Q_INT64_C(1) << 40) / timeStepSeconds;

const unsigned char *bytes(QByteArrayView view)
{
    return reinterpret_cast<const unsigned char *>(view.data());
}

unsigned char *bytes(QByteArray &array)
{
    return reinterpret_cast<unsigned char *>(array.data());
}

QByteArray withContext(const char *context, QByteArrayView data)
{
    QByteArray message(context);
    message.append('\0');
    message.append(data);
    return message;
}

QByteArray sign(QByteArrayView message, QByteArrayView secretKey)
{
    if (secretKey.size() != crypto_sign_SECRETKEYBYTES || !ensureSodium())
        return {};
    QByteArray signature(crypto_sign_BYTES, Qt::Uninitialized);
    crypto_sign_detached(
        bytes(signature), nullptr, bytes(message), size_t(message.size()), bytes(secretKey));
    return signature;
}

void setError(QString *error, const QString &text)
{
    if (error)
        *error = text;
}

} // namespace

qint64 timeStep(qint64 unixSeconds)
{
    qint64 step = unixSeconds / timeStepSeconds;
    if (unixSeconds % timeStepSeconds < 0)
        --step;
    return step;
}

QByteArray issuerMessage(QByteArrayView payload)
{
    return withContext(issuerContext, payload);
}

QByteArray deviceDigest(QByteArrayView signedPass, qint64 step)
{
    QByteArray message = withContext(deviceContext, signedPass);
    char stepBytes[8];
    qToBigEndian<quint64>(quint64(step), stepBytes);
    message.append(stepBytes, sizeof stepBytes);
    QByteArray digest(crypto_hash_sha256_BYTES, Qt::Uninitialized);
    ensureSodium();
    crypto_hash_sha256(bytes(digest), bytes(message), quint64(message.size()));
    return digest;
}

std::optional<QByteArray> issuePass(
    const PassClaims &claims, QByteArrayView issuerSecretKey, QString *error)
{
    const QString problem = claims.problem();
    if (!problem.isEmpty()) {
        setError(error, problem);
        return std::nullopt;
    }
    if (issuerSecretKey.size() != crypto_sign_SECRETKEYBYTES || !ensureSodium()) {
        setError(error, QStringLiteral("issuer secret key: must be 64 bytes"));
        return std::nullopt;
    }
    const QByteArray payload = claims.toCbor();
    const QByteArray signature = sign(issuerMessage(payload), issuerSecretKey);
    const QByteArray signedPass = QCborValue(QCborArray { payload, signature }).toCbor();
    // The longest QR text this pass can give: the step at expiry is the largest one shown.
    const QString longest = encodeQr(
        QrCode { signedPass, timeStep(claims.expiresAt), QByteArray(crypto_sign_BYTES, '\0') });
    if (longest.size() > maxQrTextLength) {
        setError(error,
            QStringLiteral("the QR text would have %1 characters, more than %2 (QR version 13-M)")
                .arg(longest.size())
                .arg(maxQrTextLength));
        return std::nullopt;
    }
    return signedPass;
}

std::optional<SignedPass> decodeSignedPass(QByteArrayView bytesIn, QString *error)
{
    QString readError;
    const auto value = cborstrict::readOne(bytesIn, &readError);
    if (!value) {
        setError(error, QStringLiteral("signed pass: ") + readError);
        return std::nullopt;
    }
    const QCborArray array = value->toArray();
    if (!value->isArray() || array.size() != 2 || !array.at(0).isByteArray()
        || !array.at(1).isByteArray()) {
        setError(error, QStringLiteral("signed pass: not [payload, signature]"));
        return std::nullopt;
    }
    SignedPass pass { array.at(0).toByteArray(), array.at(1).toByteArray() };
    if (pass.signature.size() != crypto_sign_BYTES) {
        setError(error, QStringLiteral("signed pass: the signature is not 64 bytes"));
        return std::nullopt;
    }
    return pass;
}

QByteArray signDeviceDigest(QByteArrayView signedPass, qint64 step, QByteArrayView secretKey)
{
    return sign(deviceDigest(signedPass, step), secretKey);
}

QString encodeQr(const QrCode &code)
{
    const QByteArray cbor =
        QCborValue(QCborArray { code.signedPass, code.step, code.deviceSignature }).toCbor();
    return QLatin1String(qrPrefix) + QString::fromLatin1(base45::encode(cbor));
}

std::optional<QString> presentPass(
    QByteArrayView signedPass, QByteArrayView deviceSecretKey, qint64 nowUnix, QString *error)
{
    const auto decoded = decodeSignedPass(signedPass, error);
    if (!decoded)
        return std::nullopt;
    const auto claims = PassClaims::fromCbor(decoded->payload, error);
    if (!claims)
        return std::nullopt;
    if (deviceSecretKey.size() != crypto_sign_SECRETKEYBYTES
        || publicKeyOf(deviceSecretKey) != claims->devicePublicKey) {
        setError(error, QStringLiteral("the device key is not the one the pass was issued for"));
        return std::nullopt;
    }
    const qint64 step = timeStep(nowUnix);
    return encodeQr(QrCode {
        signedPass.toByteArray(), step, signDeviceDigest(signedPass, step, deviceSecretKey) });
}

std::optional<QrCode> decodeQr(QStringView text, Reason *reason, QString *detail)
{
    const auto fail = [&](Reason why, const QString &what) {
        if (reason)
            *reason = why;
        if (detail)
            *detail = what;
        return std::nullopt;
    };
    if (text.size() > maxQrTextLength) {
        return fail(Reason::TooLong,
            QStringLiteral("%1 characters, at most %2").arg(text.size()).arg(maxQrTextLength));
    }
    if (!text.startsWith(QLatin1String(qrPrefix)))
        return fail(Reason::WrongPrefix, QStringLiteral("the text does not start with TS1:"));
    const QStringView body = text.mid(qsizetype(sizeof qrPrefix) - 1);
    QByteArray ascii;
    ascii.reserve(body.size());
    for (const QChar c : body) {
        if (c.unicode() > 0x7f)
            return fail(Reason::Malformed, QStringLiteral("base45: a character outside ASCII"));
        ascii.append(char(c.unicode()));
    }
    QString problem;
    const auto cbor = base45::decode(ascii, &problem);
    if (!cbor)
        return fail(Reason::Malformed, problem);
    const auto value = cborstrict::readOne(*cbor, &problem);
    if (!value)
        return fail(Reason::Malformed, problem);
    const QCborArray array = value->toArray();
    if (!value->isArray() || array.size() != 3 || !array.at(0).isByteArray()
        || !array.at(2).isByteArray())
        return fail(Reason::Malformed, QStringLiteral("not [signed pass, step, signature]"));
    const auto step = cborstrict::integerIn(array.at(1), 0, maxStep);
    if (!step)
        return fail(Reason::Malformed, QStringLiteral("the time step is not a valid integer"));
    QrCode code { array.at(0).toByteArray(), *step, array.at(2).toByteArray() };
    if (code.deviceSignature.size() != crypto_sign_BYTES)
        return fail(Reason::Malformed, QStringLiteral("the device signature is not 64 bytes"));
    return code;
}

} // namespace tessera::pass
