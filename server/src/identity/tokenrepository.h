#pragma once

#include <QDateTime>
#include <QLatin1String>
#include <QSqlDatabase>
#include <QString>

#include <optional>

namespace tessera::server {

// A person's access tokens start with tsa_, refresh tokens with tsr_; no token is longer than
// maxTokenLength.
inline constexpr QLatin1String accessTokenPrefix("tsa_");
inline constexpr QLatin1String refreshTokenPrefix("tsr_");
inline constexpr qsizetype maxTokenLength = 128;

// The SQL of access and refresh tokens (stored hashed), in the caller's connection and
// transaction. Answers of false, -1 or nullopt mean the database refused, unless said otherwise.
class TokenRepository
{
public:
    // A live access token.
    struct Access
    {
        QString userId;
        QString deviceId;
        QString expiresAt;
        bool used = false;
    };
    // A refresh token, live or not.
    struct Refresh
    {
        QString familyId;
        QString userId;
        QString deviceId;
        QString familyExpiresAt;
        bool spent = false;
        QString spentAt;
        bool revoked = false;
        QString successorHash; // the refresh token it was rotated into
    };

    explicit TokenRepository(QSqlDatabase &db);

    bool insertAccess(const QString &tokenHash, const QString &userId, const QString &deviceId,
        const QString &familyId, const QDateTime &at, const QString &expiresAt);
    bool insertRefresh(const QString &tokenHash, const QString &familyId, const QString &userId,
        const QString &deviceId, const QDateTime &at, const QString &expiresAt);

    // The access token if it is live at `at` (nullopt also when the database refused).
    std::optional<Access> liveAccess(const QString &tokenHash, const QDateTime &at) const;
    // Records the access token's first use; false when it was revoked meanwhile.
    bool markAccessUsed(const QString &tokenHash, const QDateTime &at);

    // false when the database refused; *token is nullopt when there is no such token.
    bool refresh(const QString &tokenHash, std::optional<Refresh> *token) const;
    // How many refresh tokens of the family are not revoked.
    std::optional<qint64> liveRefreshCount(const QString &familyId) const;
    // Spends a live refresh token, naming its successor: the rows changed (0: spent or revoked
    // meanwhile), or -1.
    int spend(const QString &tokenHash, const QString &successorHash, const QDateTime &at);
    // Revokes the family's unspent successor token successorHash: the rows changed (0: spent or
    // revoked meanwhile), or -1.
    int revokeSuccessor(const QString &successorHash, const QString &familyId, const QDateTime &at);
    // Revokes the family's unused access tokens, then answers how many stay live (used ones).
    std::optional<qint64> revokeUnusedAccess(const QString &familyId, const QDateTime &at);
    bool setSuccessor(const QString &tokenHash, const QString &successorHash);

    // Deletes the tokens that expired before `before`.
    bool deleteExpired(const QDateTime &before);

private:
    QSqlDatabase &m_db;
};

} // namespace tessera::server
