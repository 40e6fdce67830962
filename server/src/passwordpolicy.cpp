#include "passwordpolicy.h"

#include <QFile>

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
    const QString &password, const QString &username, const QString &userId) const
{
    if (password.size() < minimumLength)
        return QStringLiteral("Choose a password of at least %1 characters.").arg(minimumLength);
    if (password.size() > maximumLength)
        return QStringLiteral("Choose a password of at most %1 characters.").arg(maximumLength);
    const QString folded = password.toLower();
    if (m_common.contains(folded) || isSequence(folded) || distinctCharacters(folded) < 4)
        return QStringLiteral("This password is too common or too easy to guess. Choose "
                              "another, such as a few unrelated words.");
    for (const QString &name : { username, userId }) {
        if (name.size() >= 3 && folded.contains(name.toLower()))
            return QStringLiteral("The password must not contain your user name or ID.");
    }
    return std::nullopt;
}

} // namespace tessera::server
