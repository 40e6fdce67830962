#include "identity/failuretext.h"

#include <algorithm>
#include <optional>

namespace tessera {

QString FailureText::keyringMessage(SecretOutcome outcome)
{
    if (outcome == SecretOutcome::Denied)
        return QStringLiteral("The keyring refused access to Tessera's sign-in. Unlock it and "
                              "try again.");
    return QStringLiteral("The keyring is locked or not available yet. Unlock it and try again.");
}

QString FailureText::keyringCode(SecretOutcome outcome)
{
    return outcome == SecretOutcome::Denied ? QStringLiteral("keyring_denied")
                                            : QStringLiteral("keyring_unavailable");
}

namespace {

std::optional<SecretOutcome> keyringOutcome(const LocalDatabaseResult &opened)
{
    if (opened.outcome == LocalDatabaseOutcome::KeyDenied)
        return SecretOutcome::Denied;
    if (opened.outcome == LocalDatabaseOutcome::KeyUnavailable)
        return SecretOutcome::Unavailable;
    return std::nullopt;
}

} // namespace

QString FailureText::localDataCode(const LocalDatabaseResult &opened)
{
    if (const auto keyring = keyringOutcome(opened))
        return keyringCode(*keyring);
    if (opened.needsReset())
        return QStringLiteral("local_data_unreadable");
    if (opened.outcome == LocalDatabaseOutcome::NewerSchema)
        return QStringLiteral("local_data_newer");
    return QStringLiteral("local_data_unavailable");
}

QString FailureText::localDataMessage(const LocalDatabaseResult &opened)
{
    if (const auto keyring = keyringOutcome(opened))
        return keyringMessage(*keyring);
    if (opened.needsReset())
        return tr("Tessera's data on this device cannot be read. Sign out to start again; "
                  "nothing was deleted.");
    return opened.message;
}

QString FailureText::describe(const ApiReply &reply)
{
    switch (reply.kind) {
    case ApiReply::Kind::Ok:
        return {};
    case ApiReply::Kind::NetworkError:
        return tr("No connection to the server. Check the network and try again.");
    case ApiReply::Kind::TlsError:
        if (reply.error.code == u"pin_mismatch")
            return tr("The server is not the one configured: its key does not match the pin. "
                      "Nothing was sent.");
        return reply.describe();
    case ApiReply::Kind::ProtocolError:
        return reply.describe();
    case ApiReply::Kind::HttpError:
        break;
    }
    const QString &code = reply.error.code;
    if (code == u"invalid_credentials")
        return tr("Wrong user name or password.");
    if (code == u"too_many_attempts") {
        if (reply.retryAfterSeconds > 0) {
            const int minutes = std::max(1, (reply.retryAfterSeconds + 59) / 60);
            return minutes == 1 ? tr("Too many attempts. Try again in 1 minute.")
                                : tr("Too many attempts. Try again in %1 minutes.").arg(minutes);
        }
        return tr("Too many attempts. Try again later.");
    }
    if (code == u"directory_unavailable")
        return tr("The company directory cannot be reached right now. Try again later; nothing "
                  "is wrong with your password.");
    if (code == u"password_change_required")
        return tr("Choose a new password to finish signing in.");
    if (code == u"account_disabled")
        return tr("This account is disabled. Ask an administrator.");
    if (code == u"temporary_password_expired")
        return tr("The temporary password has expired. Ask an administrator for a new one.");
    if (code == u"weak_password")
        return reply.error.message.isEmpty() ? tr("Choose a stronger password.")
                                             : reply.error.message;
    if (code == u"not_a_local_account")
        return tr("Network account passwords are changed in the company directory, not here.");
    if (code == u"upgrade_required")
        return tr("This version of Tessera is too old for the server. Update the app.");
    if (code == u"invalid_refresh_token" || code == u"invalid_token")
        return tr("Your session has ended. Sign in again.");
    if (code == u"authentication_required")
        return tr("You are not signed in.");
    if (code == u"forbidden")
        return tr("Your account may not do this.");
    return reply.describe();
}

} // namespace tessera
