#include "http/personroles.h"

namespace tessera::server::personroles {

namespace {

const QString manager = QStringLiteral("manager");

} // namespace

const QStringList &granted()
{
    static const QStringList roles {
        QStringLiteral("scanner"),
        QStringLiteral("publisher"),
        QStringLiteral("admin"),
        QStringLiteral("medical"),
        QStringLiteral("privacy"),
    };
    return roles;
}

bool isGranted(const QString &role)
{
    return granted().contains(role);
}

bool isKnown(const QString &role)
{
    return role == manager || isGranted(role);
}

QString notGrantedMessage(const QString &role)
{
    const QStringList &roles = granted();
    const QString list = roles.size() < 2
        ? roles.join(QString())
        : roles.mid(0, roles.size() - 1).join(QStringLiteral(", ")) + QStringLiteral(" and ")
            + roles.constLast();
    return QStringLiteral("Unknown role “%1”: roles are %2 (%3 follows from the directory).")
        .arg(role, list, manager);
}

} // namespace tessera::server::personroles
