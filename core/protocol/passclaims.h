#pragma once

#include <QByteArray>
#include <QByteArrayView>
#include <QJsonObject>
#include <QList>
#include <QString>

#include <optional>

namespace tessera::pass {

enum class UserType { Employee = 0, NonEmployee = 1 };

// "employee" / "non_employee" (the wire names of the identity work).
QString userTypeName(UserType type);
std::optional<UserType> userTypeFromName(const QString &name);

// One status claim per check process: its name (the process's "claim"), a short value such as
// "allowed", "cleared" or "required", and optionally the time (Unix seconds) until which the
// value holds. Names: [a-z0-9][a-z0-9-]{0,31}; values: [a-z0-9][a-z0-9_-]{0,31}.
struct StatusClaim
{
    QString name;
    QString value;
    std::optional<qint64> until;

    friend bool operator==(const StatusClaim &, const StatusClaim &) = default;
};

// What a pass says (docs/PASS_FORMAT.md, "Payload"). Times are Unix seconds.
struct PassClaims
{
    int version = 1;
    QString issuerKeyId; // [A-Za-z0-9._-]{1,16}
    QString passId; // [A-Za-z0-9._-]{1,32}
    QString subject; // employee ID or local user ID, 1-64 printable characters
    QString initials; // 1-3 letters, never the full name
    UserType userType = UserType::Employee;
    qint64 issuedAt = 0;
    qint64 expiresAt = 0; // issuedAt < expiresAt <= issuedAt + 24 h
    QByteArray devicePublicKey; // Ed25519, 32 bytes
    QList<StatusClaim> statuses; // at most 8, names unique

    friend bool operator==(const PassClaims &, const PassClaims &) = default;

    // The first problem that makes these claims unfit for a pass, or an empty string.
    QString problem() const;

    // The status claim with that name, or nullptr.
    const StatusClaim *status(const QString &name) const;

    // The payload: the CBOR array of docs/PASS_FORMAT.md, with integer times. Deterministic
    // (definite lengths, shortest integer forms), so equal claims give equal bytes.
    QByteArray toCbor() const;
    // Strict: exactly one CBOR array of the version-1 shape with no trailing bytes, and claims
    // that pass problem(). nullopt with the reason in error otherwise; unsupportedVersion tells
    // whether it failed only because the array's first element is another version number.
    static std::optional<PassClaims> fromCbor(
        QByteArrayView bytes, QString *error = nullptr, bool *unsupportedVersion = nullptr);

    // A readable JSON form (test vectors, logs of tests): times as RFC 3339, the device key in
    // base64. fromJson is strict (unknown fields are errors).
    QJsonObject toJson() const;
    static std::optional<PassClaims> fromJson(const QJsonObject &object, QString *error = nullptr);
};

} // namespace tessera::pass
