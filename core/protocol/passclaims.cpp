#include "protocol/passclaims.h"

#include "protocol/cborstrict.h"
#include "protocol/jsonfields.h"
#include "protocol/wiretime.h"

#include <QCborArray>
#include <QDateTime>
#include <QJsonArray>
#include <QRegularExpression>
#include <QSet>

namespace tessera::pass {

namespace {

// Payload array positions (docs/PASS_FORMAT.md).
enum Field : qsizetype {
    FieldVersion = 0,
    FieldIssuerKeyId,
    FieldPassId,
    FieldSubject,
    FieldInitials,
    FieldUserType,
    FieldIssuedAt,
    FieldExpiresAt,
    FieldDeviceKey,
    FieldStatuses,
    FieldCount
};

constexpr qint64 maxLifetime = qint64 { 24 } * 60 * 60;
constexpr qint64 maxTime = Q_INT64_C(1) << 40; // far beyond any pass, well inside qint64
constexpr qsizetype maxStatuses = 8;
constexpr qsizetype devicePublicKeySize = 32;

bool matches(const QString &text, const QRegularExpression &pattern)
{
    return pattern.match(text).hasMatch();
}

bool isKeyId(const QString &text)
{
    static const QRegularExpression pattern(QStringLiteral("^[A-Za-z0-9._-]{1,16}$"));
    return matches(text, pattern);
}

bool isPassId(const QString &text)
{
    static const QRegularExpression pattern(QStringLiteral("^[A-Za-z0-9._-]{1,32}$"));
    return matches(text, pattern);
}

bool isStatusName(const QString &text)
{
    static const QRegularExpression pattern(QStringLiteral("^[a-z0-9][a-z0-9-]{0,31}$"));
    return matches(text, pattern);
}

bool isStatusValue(const QString &text)
{
    static const QRegularExpression pattern(QStringLiteral("^[a-z0-9][a-z0-9_-]{0,31}$"));
    return matches(text, pattern);
}

bool isSubject(const QString &text)
{
    if (text.isEmpty() || text.size() > 64)
        return false;
    for (const QChar c : text) {
        if (!c.isPrint() || c.isSpace())
            return false;
    }
    return true;
}

bool isInitials(const QString &text)
{
    if (text.isEmpty() || text.size() > 3)
        return false;
    for (const QChar c : text) {
        if (!c.isLetter())
            return false;
    }
    return true;
}

void setError(QString *error, const QString &text)
{
    if (error)
        *error = text;
}

} // namespace

QString userTypeName(UserType type)
{
    switch (type) {
    case UserType::Employee:
        return QStringLiteral("employee");
    case UserType::NonEmployee:
        return QStringLiteral("non_employee");
    }
    return {};
}

std::optional<UserType> userTypeFromName(const QString &name)
{
    if (name == QLatin1String("employee"))
        return UserType::Employee;
    if (name == QLatin1String("non_employee"))
        return UserType::NonEmployee;
    return std::nullopt;
}

QString PassClaims::problem() const
{
    if (version != 1)
        return QStringLiteral("version: only version 1 is known");
    if (!isKeyId(issuerKeyId))
        return QStringLiteral("issuerKeyId: 1-16 characters of [A-Za-z0-9._-]");
    if (!isPassId(passId))
        return QStringLiteral("passId: 1-32 characters of [A-Za-z0-9._-]");
    if (!isSubject(subject))
        return QStringLiteral("subject: 1-64 printable characters without spaces");
    if (!isInitials(initials))
        return QStringLiteral("initials: 1-3 letters");
    if (userType != UserType::Employee && userType != UserType::NonEmployee)
        return QStringLiteral("userType: unknown");
    if (issuedAt <= 0 || issuedAt >= maxTime)
        return QStringLiteral("issuedAt: out of range");
    if (expiresAt <= issuedAt || expiresAt - issuedAt > maxLifetime)
        return QStringLiteral("expiresAt: must be after issuedAt and at most 24 h later");
    if (devicePublicKey.size() != devicePublicKeySize)
        return QStringLiteral("devicePublicKey: must be 32 bytes");
    if (statuses.size() > maxStatuses)
        return QStringLiteral("statuses: at most 8");
    QSet<QString> names;
    for (const StatusClaim &status : statuses) {
        if (!isStatusName(status.name))
            return QStringLiteral("statuses: name must match [a-z0-9][a-z0-9-]{0,31}");
        if (!isStatusValue(status.value))
            return QStringLiteral("statuses: value must match [a-z0-9][a-z0-9_-]{0,31}");
        if (status.until && (*status.until <= 0 || *status.until >= maxTime))
            return QStringLiteral("statuses: until out of range");
        if (names.contains(status.name))
            return QStringLiteral("statuses: %1 appears twice").arg(status.name);
        names.insert(status.name);
    }
    return {};
}

const StatusClaim *PassClaims::status(const QString &name) const
{
    for (const StatusClaim &claim : statuses) {
        if (claim.name == name)
            return &claim;
    }
    return nullptr;
}

QByteArray PassClaims::toCbor() const
{
    QCborArray statusArray;
    for (const StatusClaim &status : statuses) {
        QCborArray claim { status.name, status.value };
        if (status.until)
            claim.append(*status.until);
        statusArray.append(claim);
    }
    const QCborArray payload {
        version,
        issuerKeyId,
        passId,
        subject,
        initials,
        static_cast<int>(userType),
        issuedAt,
        expiresAt,
        devicePublicKey,
        statusArray,
    };
    return QCborValue(payload).toCbor();
}

std::optional<PassClaims> PassClaims::fromCbor(
    QByteArrayView bytes, QString *error, bool *unsupportedVersion)
{
    if (unsupportedVersion)
        *unsupportedVersion = false;
    QString readError;
    const auto value = cborstrict::readOne(bytes, &readError);
    if (!value) {
        setError(error, QStringLiteral("payload: ") + readError);
        return std::nullopt;
    }
    if (!value->isArray()) {
        setError(error, QStringLiteral("payload: not an array"));
        return std::nullopt;
    }
    const QCborArray array = value->toArray();
    if (array.isEmpty() || !array.at(FieldVersion).isInteger()) {
        setError(error, QStringLiteral("payload: no version"));
        return std::nullopt;
    }
    if (array.at(FieldVersion).toInteger() != 1) {
        if (unsupportedVersion)
            *unsupportedVersion = true;
        setError(error,
            QStringLiteral("payload: unsupported version %1")
                .arg(array.at(FieldVersion).toInteger()));
        return std::nullopt;
    }
    if (array.size() != FieldCount) {
        setError(error,
            QStringLiteral("payload: %1 elements, version 1 has %2")
                .arg(array.size())
                .arg(qsizetype(FieldCount)));
        return std::nullopt;
    }
    const auto fail = [error](const QString &field) {
        setError(error, QStringLiteral("payload: ") + field + QStringLiteral(" has a wrong type"));
        return std::nullopt;
    };

    PassClaims claims;
    for (const Field field : { FieldIssuerKeyId, FieldPassId, FieldSubject, FieldInitials }) {
        if (!array.at(field).isString())
            return fail(QStringLiteral("element %1").arg(qsizetype(field)));
    }
    claims.issuerKeyId = array.at(FieldIssuerKeyId).toString();
    claims.passId = array.at(FieldPassId).toString();
    claims.subject = array.at(FieldSubject).toString();
    claims.initials = array.at(FieldInitials).toString();
    const auto userType = cborstrict::integerIn(array.at(FieldUserType), 0, 1);
    if (!userType)
        return fail(QStringLiteral("userType"));
    claims.userType = static_cast<UserType>(*userType);
    const auto issuedAt = cborstrict::integerIn(array.at(FieldIssuedAt), 0, maxTime);
    const auto expiresAt = cborstrict::integerIn(array.at(FieldExpiresAt), 0, maxTime);
    if (!issuedAt || !expiresAt)
        return fail(QStringLiteral("a time"));
    claims.issuedAt = *issuedAt;
    claims.expiresAt = *expiresAt;
    if (!array.at(FieldDeviceKey).isByteArray())
        return fail(QStringLiteral("devicePublicKey"));
    claims.devicePublicKey = array.at(FieldDeviceKey).toByteArray();
    if (!array.at(FieldStatuses).isArray())
        return fail(QStringLiteral("statuses"));
    const QCborArray statusArray = array.at(FieldStatuses).toArray();
    if (statusArray.size() > maxStatuses)
        return fail(QStringLiteral("statuses"));
    for (const auto &item : statusArray) {
        if (!item.isArray())
            return fail(QStringLiteral("a status"));
        const QCborArray claim = item.toArray();
        if (claim.size() < 2 || claim.size() > 3 || !claim.at(0).isString()
            || !claim.at(1).isString())
            return fail(QStringLiteral("a status"));
        StatusClaim status { claim.at(0).toString(), claim.at(1).toString(), std::nullopt };
        if (claim.size() == 3) {
            const auto until = cborstrict::integerIn(claim.at(2), 0, maxTime);
            if (!until)
                return fail(QStringLiteral("a status's until"));
            status.until = *until;
        }
        claims.statuses.append(status);
    }
    const QString problem = claims.problem();
    if (!problem.isEmpty()) {
        setError(error, QStringLiteral("payload: ") + problem);
        return std::nullopt;
    }
    return claims;
}

QJsonObject PassClaims::toJson() const
{
    const auto time = [](qint64 seconds) {
        return wiretime::format(QDateTime::fromSecsSinceEpoch(seconds, Qt::UTC));
    };
    QJsonArray statusArray;
    for (const StatusClaim &status : statuses) {
        QJsonObject claim { { QStringLiteral("name"), status.name },
            { QStringLiteral("value"), status.value } };
        if (status.until)
            claim.insert(QStringLiteral("until"), time(*status.until));
        statusArray.append(claim);
    }
    return QJsonObject {
        { QStringLiteral("version"), version },
        { QStringLiteral("issuerKeyId"), issuerKeyId },
        { QStringLiteral("passId"), passId },
        { QStringLiteral("subject"), subject },
        { QStringLiteral("initials"), initials },
        { QStringLiteral("userType"), userTypeName(userType) },
        { QStringLiteral("issuedAt"), time(issuedAt) },
        { QStringLiteral("expiresAt"), time(expiresAt) },
        { QStringLiteral("devicePublicKey"), QString::fromLatin1(devicePublicKey.toBase64()) },
        { QStringLiteral("statuses"), statusArray },
    };
}

std::optional<PassClaims> PassClaims::fromJson(const QJsonObject &object, QString *error)
{
    const QStringList unknown = json::unknownFields(object,
        { QStringLiteral("version"), QStringLiteral("issuerKeyId"), QStringLiteral("passId"),
            QStringLiteral("subject"), QStringLiteral("initials"), QStringLiteral("userType"),
            QStringLiteral("issuedAt"), QStringLiteral("expiresAt"),
            QStringLiteral("devicePublicKey"), QStringLiteral("statuses") });
    if (!unknown.isEmpty()) {
        setError(error, unknown.first() + QStringLiteral(": unknown field"));
        return std::nullopt;
    }
    std::optional<json::FieldError> fieldError;
    const auto readTime = [&](const QJsonObject &from, const QString &field) -> qint64 {
        const auto text = json::requiredString(from, field, fieldError);
        if (!text)
            return 0;
        const auto time = wiretime::parse(*text);
        if (!time) {
            if (!fieldError)
                fieldError = json::FieldError { field, QStringLiteral("is not an RFC 3339 time") };
            return 0;
        }
        return time->toSecsSinceEpoch();
    };

    PassClaims claims;
    if (!object.value(QStringLiteral("version")).isDouble())
        fieldError = json::FieldError { QStringLiteral("version"), QStringLiteral("must be 1") };
    claims.version = object.value(QStringLiteral("version")).toInt();
    claims.issuerKeyId =
        json::requiredString(object, QStringLiteral("issuerKeyId"), fieldError).value_or(QString());
    claims.passId =
        json::requiredString(object, QStringLiteral("passId"), fieldError).value_or(QString());
    claims.subject =
        json::requiredString(object, QStringLiteral("subject"), fieldError).value_or(QString());
    claims.initials =
        json::requiredString(object, QStringLiteral("initials"), fieldError).value_or(QString());
    const auto userType = userTypeFromName(
        json::requiredString(object, QStringLiteral("userType"), fieldError).value_or(QString()));
    if (!userType && !fieldError) {
        fieldError = json::FieldError { QStringLiteral("userType"),
            QStringLiteral("must be employee or non_employee") };
    }
    claims.userType = userType.value_or(UserType::Employee);
    claims.issuedAt = readTime(object, QStringLiteral("issuedAt"));
    claims.expiresAt = readTime(object, QStringLiteral("expiresAt"));
    const auto key = json::requiredString(object, QStringLiteral("devicePublicKey"), fieldError);
    if (key) {
        const auto decoded = QByteArray::fromBase64Encoding(
            key->toLatin1(), QByteArray::AbortOnBase64DecodingErrors);
        if (!decoded && !fieldError) {
            fieldError = json::FieldError { QStringLiteral("devicePublicKey"),
                QStringLiteral("is not base64") };
        }
        claims.devicePublicKey = decoded.decoded;
    }
    const QJsonValue statusValue = object.value(QStringLiteral("statuses"));
    if (!statusValue.isArray() && !fieldError) {
        fieldError =
            json::FieldError { QStringLiteral("statuses"), QStringLiteral("must be an array") };
    }
    for (const auto &item : statusValue.toArray()) {
        const QJsonObject claim = item.toObject();
        const QStringList unknownInClaim = json::unknownFields(
            claim, { QStringLiteral("name"), QStringLiteral("value"), QStringLiteral("until") });
        if ((!item.isObject() || !unknownInClaim.isEmpty()) && !fieldError) {
            fieldError = json::FieldError { QStringLiteral("statuses"),
                QStringLiteral("items are {name, value, until?}") };
        }
        StatusClaim status;
        status.name =
            json::requiredString(claim, QStringLiteral("name"), fieldError).value_or(QString());
        status.value =
            json::requiredString(claim, QStringLiteral("value"), fieldError).value_or(QString());
        if (claim.contains(QStringLiteral("until")))
            status.until = readTime(claim, QStringLiteral("until"));
        claims.statuses.append(status);
    }
    if (fieldError) {
        setError(error, fieldError->toString());
        return std::nullopt;
    }
    const QString problem = claims.problem();
    if (!problem.isEmpty()) {
        setError(error, problem);
        return std::nullopt;
    }
    return claims;
}

} // namespace tessera::pass
