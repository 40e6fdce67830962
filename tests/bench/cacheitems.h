#pragma once
// Shared by bench_cache and its peer programs (header only, Qt Core): the notifications a delta
// sync brings, as the column texts the client's inbox cache stores, the same for every side.

#include <QByteArray>
#include <QCryptographicHash>
#include <QDateTime>
#include <QtGlobal>

namespace tessera::bench {

struct CacheItem
{
    QByteArray id;
    QByteArray subsystem;
    QByteArray title;
    QByteArray body;
    QByteArray category;
    QByteArray priority;
    QByteArray createdAt; // RFC 3339, UTC
    QByteArray actions; // JSON
    QByteArray data; // JSON
    QByteArray state;
};

// Item number i: a random-looking id (as the server's are), one item a second from 2026-01-01.
inline CacheItem cacheItem(int i)
{
    CacheItem item;
    item.id = QByteArrayLiteral("ntf_")
        + QCryptographicHash::hash(QByteArray::number(i), QCryptographicHash::Md5).toHex().left(16);
    item.subsystem = i % 3 == 0 ? QByteArrayLiteral("demo-hr") : QByteArrayLiteral("demo-it");
    item.title = QByteArrayLiteral("Leave request ") + QByteArray::number(i)
        + QByteArrayLiteral(": Ben Okafor, 2–4 Dec");
    item.body = QByteArrayLiteral("Three days of annual leave. Cover: Asha Rao. Reference HR-")
        + QByteArray::number(i) + QByteArrayLiteral(". Remaining balance after this: 11 days.");
    item.category = QByteArrayLiteral("leave");
    item.priority = i % 5 == 0 ? QByteArrayLiteral("high") : QByteArrayLiteral("normal");
    item.createdAt =
        QDateTime::fromSecsSinceEpoch(1'767'225'600 + i, Qt::UTC).toString(Qt::ISODate).toLatin1();
    item.actions = QByteArrayLiteral(
        R"([{"id":"approve","label":"Approve"},{"id":"reject","label":"Reject","requiresComment":true}])");
    item.data = QByteArrayLiteral(R"({"days":3,"from":"2026-12-02","to":"2026-12-04"})");
    item.state = QByteArrayLiteral("unread");
    return item;
}

// The items of one delta page (one transaction) on every side: the client's page
// (InboxSync::defaultPageSize, the server's largest), or TESSERA_BENCH_CACHE_PAGE (1 to 500:
// the 100 the client asked for before, for a before/after in one build).
inline int cachePageSize()
{
    constexpr int clientPage = 500;
    bool ok = false;
    const int asked = qEnvironmentVariableIntValue("TESSERA_BENCH_CACHE_PAGE", &ok);
    return ok && asked >= 1 && asked <= clientPage ? asked : clientPage;
}

} // namespace tessera::bench
