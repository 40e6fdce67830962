#pragma once

#include "news/newsmodel.h"
#include "news/newspost.h"
#include "news/newsstore.h"
#include "services/clientschema.h"
#include "services/clientstack.h"
#include "storage/database.h"

#include <QJsonObject>
#include <QObject>
#include <QTemporaryDir>
#include <QVariantList>

// `NewsFixture` (import TesseraTest): fills the real News store behind the `News` singleton with
// posts as GET /v1/news sends them (one page with its cursor), in a SQLCipher database of its
// own with every feature's tables; says whether the server can be reached (as the live stream
// would), and what waits in the read outbox.
class NewsFixture : public QObject
{
    Q_OBJECT
public:
    NewsFixture(tessera::ClientStack &stack, QObject *parent)
        : QObject(parent)
        , m_store(*stack.part<tessera::NewsStore>())
        , m_model(*stack.part<tessera::NewsModel>())
    { }

    // Replaces the cache with these wire posts; false with a warning when one is not a post.
    Q_INVOKABLE bool seed(const QVariantList &posts)
    {
        tessera::DatabaseOpenResult opened =
            tessera::Database::open(m_dir.filePath(QStringLiteral("news-%1.db").arg(++m_files)),
                tessera::Database::newKey(), tessera::clientSchema());
        if (!opened.ok()) {
            qWarning("cannot open a database: %s", qPrintable(opened.detail));
            return false;
        }
        m_store.setDatabase(opened.database);
        QList<tessera::NewsPost> parsed;
        for (const QVariant &value : posts) {
            QString problem;
            const auto post =
                tessera::NewsPost::fromJson(QJsonObject::fromVariantMap(value.toMap()), &problem);
            if (!post) {
                qWarning("not a news post: %s", qPrintable(problem));
                return false;
            }
            parsed.append(*post);
        }
        return m_store.applyDelta(parsed, {}, QString::number(++m_cursor));
    }

    Q_INVOKABLE void setOffline(bool offline) { m_model.setOffline(offline); }
    Q_INVOKABLE int pendingReads() const { return m_store.pendingReadCount(); }
    Q_INVOKABLE bool isRead(const QString &id) const
    {
        const auto post = m_store.post(id);
        return post && post->read;
    }

private:
    tessera::NewsStore &m_store;
    tessera::NewsModel &m_model;
    QTemporaryDir m_dir;
    int m_files = 0;
    int m_cursor = 0;
};
