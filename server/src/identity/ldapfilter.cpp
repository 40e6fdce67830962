#include "identity/ldapfilter.h"

namespace tessera::server {

QString ldapFilterEscape(const QString &value)
{
    QString escaped;
    escaped.reserve(value.size());
    for (const QChar c : value) {
        switch (c.unicode()) {
        case u'*':
            escaped += QStringLiteral("\\2a");
            break;
        case u'(':
            escaped += QStringLiteral("\\28");
            break;
        case u')':
            escaped += QStringLiteral("\\29");
            break;
        case u'\\':
            escaped += QStringLiteral("\\5c");
            break;
        case u'\0':
            escaped += QStringLiteral("\\00");
            break;
        default:
            escaped += c;
        }
    }
    return escaped;
}

} // namespace tessera::server
