#pragma once

// What the people's-data tests against the real server share (tst_privacy_export): the surveys'
// and events' stages and calls, the declarations of every feature, the scans of every table for a
// person's markers, a publisher's own posts and media, and an erasure run in the test's own
// process on the server's database through the server's own code (Storage, ChangeFeed,
// PersonalData), as the privacy role's approval runs it in the server.
#include "app/personaldataregistry.h"
#include "base/clock.h"
#include "events/eventsservice.h"
#include "eventsfixture.h"
#include "feed/changefeed.h"
#include "feed/changetransaction.h"
#include "news/newsservice.h"
#include "privacy/personaldata.h"
#include "storage/storage.h"
#include "surveysfixture.h"

#include <QCryptographicHash>
#include <QUuid>

namespace tessera::test {

class PrivacyFixture : protected SurveysFixture, protected EventsFixture
{
protected:
    server::PersonalData m_declared;

    static QByteArray newKey() { return QUuid::createUuid().toByteArray(QUuid::WithoutBraces); }

    QStringList tables(const QString &kind) { return tablesLike(kind, QStringLiteral("%")); }

    const server::PersonalTable *declared(const QString &table) const
    {
        for (const server::PersonalTable &known : m_declared.tables())
            if (known.table == table)
                return &known;
        return nullptr;
    }

    // Rows of table where column's text holds marker, outside the rows of andNotWhere.
    int hits(const QString &kind, const QString &table, const QString &columnName,
        const QString &marker, const QString &andNotWhere = {})
    {
        QString statement = QStringLiteral("SELECT COUNT(*) FROM %1 WHERE CAST(%2 AS TEXT) LIKE"
                                           " '%%3%'")
                                .arg(table, columnName, marker);
        if (!andNotWhere.isEmpty())
            statement += QStringLiteral(" AND NOT (%1)").arg(andNotWhere);
        return sqlInt(kind, statement);
    }

    // For each column, then each marker: how many rows of table hold it (one statement).
    QList<int> hitsPerColumn(const QString &kind, const QString &table, const QStringList &columns,
        const QStringList &markers)
    {
        QStringList terms;
        for (const QString &columnName : columns)
            for (const QString &marker : markers)
                terms.append(
                    QStringLiteral("COUNT(CASE WHEN CAST(%1 AS TEXT) LIKE '%%2%' THEN 1 END)")
                        .arg(columnName, marker));
        QList<int> counts;
        for (const QVariant &value :
            rows(kind, QStringLiteral("SELECT %1 FROM %2").arg(terms.join(u','), table)).value(0))
            counts.append(value.toInt());
        return counts;
    }

    // "table.column holds marker: values" for every column of every table holding a marker.
    QStringList markersFound(const QString &kind, const QStringList &markers)
    {
        QStringList found;
        for (const QString &table : tables(kind)) {
            const QStringList columns = columnsOf(kind, table);
            const QList<int> counts = hitsPerColumn(kind, table, columns, markers);
            for (qsizetype i = 0; i < counts.size(); ++i) {
                if (counts.at(i) == 0)
                    continue;
                const QString &columnName = columns.at(i / markers.size());
                const QString &marker = markers.at(i % markers.size());
                found.append(QStringLiteral("%1.%2 holds %3: %4")
                                 .arg(table, columnName, marker,
                                     column(kind,
                                         QStringLiteral("SELECT CAST(%1 AS TEXT) FROM %2 WHERE"
                                                        " CAST(%1 AS TEXT) LIKE '%%3%'")
                                             .arg(columnName, table, marker))
                                         .join(u'\n')));
            }
        }
        return found;
    }

    // The declared WHERE of a table with the person's values written in (test data only).
    static QString literalWhere(
        const server::PersonalTable &table, const server::PersonalSubject &person)
    {
        QVariantList values;
        QString where = server::PersonalData::whereOf(table, person, &values);
        for (const QVariant &value : values)
            where.replace(where.indexOf(QStringLiteral("CAST(? AS TEXT)")), 15,
                QLatin1Char('\'') + value.toString() + QLatin1Char('\''));
        return where;
    }

    // A digest of every row of the declared tables and the users (the tables an erasure
    // writes), the access log aside (the server appends its lines when it likes).
    QByteArray erasedTablesDigest(const QString &kind)
    {
        QCryptographicHash hash(QCryptographicHash::Sha256);
        QStringList names { QStringLiteral("users") };
        for (const server::PersonalTable &table : m_declared.tables())
            if (table.table != u"access_log" && table.table != u"users")
                names.append(table.table);
        for (const QString &table : std::as_const(names)) {
            QStringList lines;
            for (const QVariantList &row : rows(kind, QStringLiteral("SELECT * FROM ") + table)) {
                QStringList values;
                for (const QVariant &value : row)
                    values.append(value.isNull() ? QStringLiteral("NULL") : value.toString());
                lines.append(values.join(u'|'));
            }
            lines.sort();
            hash.addData(QByteArray(table.toUtf8() + '\n' + lines.join(u'\n').toUtf8()));
        }
        return hash.result().toHex();
    }

    // Erases userId on kind's database with the server's own code, in one transaction of the
    // change feed, as the privacy role's approval does: a fresh pseudonym; *person (when given)
    // is the subject as the users table knew them, or the one given when it is set already.
    bool eraseOnServer(const QString &kind, const QString &userId, server::PersonalSubject *person)
    {
        QString error;
        const QString url = stage(kind).database;
        const std::unique_ptr<server::Storage> storage = server::Storage::open(
            url.isEmpty() ? QStringLiteral("sqlite") : url, server(kind).dataDir(), &error);
        if (!storage) {
            qWarning() << "no storage:" << error;
            return false;
        }
        const server::Clock clock(serverNow(kind));
        server::ChangeFeed feed(*storage, clock);
        feed.registerKind(server::NewsService::changeKind());
        feed.registerKind(server::EventsService::changeKind());
        server::PersonalSubject subject = *person;
        if (subject.userId.isEmpty()) {
            QSqlDatabase db = storage->connection();
            const std::optional<server::PersonalSubject> known =
                server::PersonalData::subject(db, userId);
            if (!known || known->userId != userId)
                return false;
            subject = *known;
        }
        subject.pseudonym =
            QStringLiteral("erased_") + QUuid::createUuid().toString(QUuid::Id128).left(16);
        subject.now = rfc3339(clock.now());
        *person = subject;
        server::ChangeTransaction transaction(feed);
        return m_declared.erase(transaction, subject) && transaction.commit();
    }

    // The admin grants userId the publisher role (200), or returns the failed status.
    static int grantPublisher(const ServerProcess &srv, const QString &userId)
    {
        return httpRequest("PUT", srv.url(QStringLiteral("/v1/admin/users/%1/roles").arg(userId)),
            compactJson(QJsonObject {
                { QStringLiteral("roles"), QJsonArray { QStringLiteral("publisher") } } }),
            bearer(signIn(srv, QStringLiteral("Tessera Admin"))))
            .status;
    }

    // A publisher's upload of a PNG of their own: its URL, or empty with a warning.
    static QString uploadOwn(const ServerProcess &srv, const QString &token, const QByteArray &tag)
    {
        auto headers = bearer(token);
        headers.append({ QByteArrayLiteral("Content-Type"), QByteArrayLiteral("image/png") });
        const HttpResult uploaded = httpRequest("POST", srv.url(QStringLiteral("/v1/news/media")),
            QByteArrayLiteral("\x89PNG\r\n\x1a\n") + tag, headers);
        if (uploaded.status != 201)
            qWarning() << "upload" << uploaded.status << uploaded.body;
        return uploaded.json().value(QStringLiteral("url")).toString();
    }

    // A publisher's own post (PUT /v1/news/posts/{postId}): the server's id, or empty.
    static QString putOwn(const ServerProcess &srv, const QString &token, const QString &postId,
        const QJsonObject &body)
    {
        const HttpResult put = httpRequest("PUT",
            srv.url(QStringLiteral("/v1/news/posts/") + postId), compactJson(body), bearer(token));
        if (put.status != 201)
            qWarning() << "own post" << put.status << put.body;
        return put.json().value(QStringLiteral("id")).toString();
    }
};

} // namespace tessera::test
