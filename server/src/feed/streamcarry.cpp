#include "feed/streamcarry.h"

#include <QJsonDocument>
#include <QJsonObject>

namespace tessera::server::streamcarry {

QString hint(const QString &kind, qint64 cursor)
{
    return QStringLiteral("{\"type\":\"%1\",\"cursor\":\"%2\"}").arg(kind).arg(cursor);
}

QString message(const QString &kind, qint64 since, qint64 cursor, const CarriedPage &page)
{
    // Exact only: the read worked, it ends at the hinted cursor with nothing after it, and
    // brings something (a change this person does not see in the page is not carried).
    if (!page.ok || page.hasMore || page.items.isEmpty() || page.cursor != cursor
        || since >= cursor)
        return hint(kind, cursor);
    const QByteArray text = QJsonDocument(QJsonObject {
                                              { QStringLiteral("type"), kind },
                                              { QStringLiteral("cursor"), QString::number(cursor) },
                                              { QStringLiteral("since"), QString::number(since) },
                                              { QStringLiteral("items"), page.items },
                                          })
                                .toJson(QJsonDocument::Compact);
    if (text.size() > maxBytes)
        return hint(kind, cursor);
    return QString::fromUtf8(text);
}

} // namespace tessera::server::streamcarry
