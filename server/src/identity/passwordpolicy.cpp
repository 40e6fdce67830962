#include "identity/passwordpolicy.h"

#include <QFile>
#include <QRegularExpression>

namespace tessera::server {

namespace {

// Runs such as "123456789012" or "abcdefghijkl" (each character one after the last, either way).
bool isSequence(const QString &text)
{
    if (text.size() < 3)
        return false;
    const int step = text.at(1).unicode() - text.at(0).unicode();
    if (step != 1 && step != -1)
        return false;
    for (qsizetype i = 2; i < text.size(); ++i) {
        if (text.at(i).unicode() - text.at(i - 1).unicode() != step)
            return false;
    }
    return true;
}

// Letters and digits only, case-folded: "Nia Medic", "nia.medic" and "NIA-MEDIC" all give
// "niamedic".
QString letters(const QString &text)
{
    QString result;
    const QString folded = text.normalized(QString::NormalizationForm_KC).toCaseFolded();
    for (const QChar c : folded) {
        if (c.isLetterOrNumber())
            result.append(c);
    }
    return result;
}

qsizetype distinctCharacters(const QString &text)
{
    QSet<QChar> seen;
    for (const QChar c : text)
        seen.insert(c);
    return seen.size();
}

} // namespace

PasswordPolicy::PasswordPolicy()
{
    QFile file(QStringLiteral(":/tessera-server/common-passwords.txt"));
    if (!file.open(QIODevice::ReadOnly))
        qFatal("the common-password list is missing from the server's resources");
    while (!file.atEnd()) {
        const QString line = QString::fromUtf8(file.readLine()).trimmed();
        if (!line.isEmpty() && !line.startsWith(QLatin1Char('#')))
            m_common.insert(line.toLower());
    }
}

std::optional<QString> PasswordPolicy::problem(
    const QString &password, const Account &account) const
{
    if (password.size() < minimumLength)
        return QStringLiteral("Choose a password of at least %1 characters.").arg(minimumLength);
    if (password.size() > maximumLength)
        return QStringLiteral("Choose a password of at most %1 characters.").arg(maximumLength);
    const QString folded = password.toLower();
    if (m_common.contains(folded) || isSequence(folded) || distinctCharacters(folded) < 4)
        return QStringLiteral("This password is too common or too easy to guess. Choose "
                              "another, such as a few unrelated words.");
    const QString bare = letters(password);
    const auto contains = [&](const QString &word) {
        const QString needle = letters(word);
        return needle.size() >= 3 && bare.contains(needle);
    };
    if (contains(account.username) || contains(account.userId))
        return QStringLiteral("The password must not contain your user name or ID.");
    const QString mailbox = account.email.section(QLatin1Char('@'), 0, 0);
    if (contains(account.email) || contains(mailbox))
        return QStringLiteral("The password must not contain your e-mail address.");
    static const QRegularExpression separators(QStringLiteral("[^\\p{L}\\p{N}]+"));
    bool named = contains(account.displayName);
    for (const QString &word : account.displayName.split(separators, Qt::SkipEmptyParts))
        named = named || (letters(word).size() >= 4 && contains(word));
    if (named)
        return QStringLiteral("The password must not contain your name.");
    return std::nullopt;
}

} // namespace tessera::server
