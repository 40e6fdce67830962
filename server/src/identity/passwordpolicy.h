#pragma once

#include <QSet>
#include <QString>

#include <optional>

namespace tessera::server {

// What a new password must be (NIST SP 800-63B §5.1.1.2): at least 12 characters, at most 256,
// not a common or predictable password, and not built on the account's own words: its user name,
// ID, name or e-mail address (compared without case, spaces or punctuation). No composition rules.
class PasswordPolicy
{
public:
    static constexpr qsizetype minimumLength = 12;
    static constexpr qsizetype maximumLength = 256;

    // The account the password is for: what it may not contain.
    struct Account
    {
        QString username;
        QString userId;
        QString displayName;
        QString email;
    };

    PasswordPolicy(); // loads the common-password list compiled into the server

    // nullopt when password may be used; otherwise why not, in words for the person choosing it.
    std::optional<QString> problem(const QString &password, const Account &account) const;

    qsizetype listSize() const { return m_common.size(); }

private:
    QSet<QString> m_common;
};

} // namespace tessera::server
