#pragma once

// What the News unit tests share: posts shaped as the wire contract's NewsPost
// (GET /v1/news), and a "news" database on real SQLCipher files.
#include "news/newscachemigrations.h"
#include "news/newspost.h"
#include "storage/database.h"
#include "storage/databaseschema.h"

#include <QJsonArray>
#include <QJsonObject>
#include <QTemporaryDir>
#include <QTest>

namespace tessera::test {

inline QJsonObject textCard(const QString &text)
{
    return QJsonObject { { QStringLiteral("type"), QStringLiteral("AdaptiveCard") },
        { QStringLiteral("version"), QStringLiteral("1.5") },
        { QStringLiteral("body"),
            QJsonArray { QJsonObject { { QStringLiteral("type"), QStringLiteral("TextBlock") },
                { QStringLiteral("text"), text } } } } };
}

// A post as GET /v1/news gives it.
inline QJsonObject wirePost(const QString &id,
    const QString &publishedAt = QStringLiteral("2026-12-01T09:00:00Z"), bool pinned = false,
    bool read = false)
{
    return QJsonObject {
        { QStringLiteral("id"), id },
        { QStringLiteral("title"), QStringLiteral("Title of %1").arg(id) },
        { QStringLiteral("summary"), QStringLiteral("Summary of %1").arg(id) },
        { QStringLiteral("body"),
            QStringLiteral("**Bold** news with a [link](https://example.com/x)") },
        { QStringLiteral("card"), QJsonValue() },
        { QStringLiteral("image"), QJsonValue() },
        { QStringLiteral("category"), QStringLiteral("Company") },
        { QStringLiteral("pinned"), pinned },
        { QStringLiteral("publishedAt"), publishedAt },
        { QStringLiteral("expiresAt"), QJsonValue() },
        { QStringLiteral("version"), 1 },
        { QStringLiteral("read"), read },
        { QStringLiteral("source"),
            QJsonObject { { QStringLiteral("name"), QStringLiteral("Communications") } } },
    };
}

inline NewsPost post(const QJsonObject &json)
{
    QString problem;
    const std::optional<NewsPost> parsed = NewsPost::fromJson(json, &problem);
    if (!parsed)
        qFatal("test post refused: %s", qPrintable(problem));
    return *parsed;
}

inline DatabaseSchema newsSchema()
{
    DatabaseSchema schema = DatabaseSchema::base();
    schema.add(QStringLiteral("news"), newsCacheMigrations());
    return schema;
}

} // namespace tessera::test
