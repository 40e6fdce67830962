#pragma once

#include <QHash>
#include <QString>
#include <QStringList>

#include <optional>

class QSqlDatabase;

namespace tessera::server {

// The callback URL prefixes an API key allows (api_key_callback_prefixes; CallbackUrl says how a
// URL matches one). The one reader of that table: a notification's callback URL, the test ping's
// URL and the admins' key list are checked against the same rows.
class CallbackPrefixes
{
public:
    // The prefixes of one key, in order; nullopt when the database failed.
    static std::optional<QStringList> ofKey(QSqlDatabase &db, const QString &apiKeyId);
    // The prefixes of each key in ids, in order (a key with none has no entry).
    static std::optional<QHash<QString, QStringList>> ofKeys(
        QSqlDatabase &db, const QStringList &ids);

    // A callback URL a sub-system gives (a notification's, a service's): parsed (CallbackUrl)
    // and under one of apiKeyId's prefixes. detail: the normalized URL when Allowed (what is
    // stored) or NotAllowed, the reason when Invalid.
    struct Checked
    {
        enum class Outcome { Allowed, Invalid, NotAllowed, Failed } outcome = Outcome::Failed;
        QString detail;
    };
    static Checked check(QSqlDatabase &db, const QString &apiKeyId, const QString &given);
};

} // namespace tessera::server
