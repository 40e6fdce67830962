// PostgresCluster: a real throwaway PostgreSQL cluster, used through Qt's QPSQL driver, stopped,
// and gone (process and folder) with the object.
#include "postgrescluster.h"

#include <QFile>
#include <QFileInfo>
#include <QProcess>
#include <QSqlDatabase>
#include <QSqlError>
#include <QSqlQuery>
#include <QTcpServer>
#include <QTcpSocket>
#include <QUrl>
#include <QUuid>
#include <QtTest>

#include <memory>

using namespace tessera::test;

namespace {

QAbstractSocket::SocketError connectError(quint16 port)
{
    QTcpSocket socket;
    socket.connectToHost(QHostAddress::LocalHost, port);
    if (socket.waitForConnected(3000))
        return QAbstractSocket::UnknownSocketError; // connected: no error
    return socket.error();
}

// Gone, or a zombie: the postmaster is not our child (pg_ctl started it and exited), and this
// machine's init reaps orphans lazily.
bool processGone(qint64 pid)
{
    QFile stat(QStringLiteral("/proc/%1/stat").arg(pid));
    if (!stat.open(QIODevice::ReadOnly))
        return true;
    const QByteArray line = stat.readAll();
    const qsizetype close = line.lastIndexOf(')');
    return close > 0 && line.mid(close + 2, 1) == "Z";
}

// One QSqlDatabase connection under a unique name, removed when this goes.
class ScopedConnection
{
public:
    explicit ScopedConnection(const QString &databaseUrl)
        : m_name(
            QStringLiteral("tst_postgres-") + QUuid::createUuid().toString(QUuid::WithoutBraces))
    {
        const QUrl url(databaseUrl);
        QSqlDatabase db = QSqlDatabase::addDatabase(QStringLiteral("QPSQL"), m_name);
        db.setHostName(url.host());
        db.setPort(url.port());
        db.setUserName(url.userName());
        db.setDatabaseName(url.path().mid(1));
        db.setConnectOptions(QStringLiteral("connect_timeout=5"));
        db.open();
    }
    ~ScopedConnection() { QSqlDatabase::removeDatabase(m_name); }
    ScopedConnection(const ScopedConnection &) = delete;
    ScopedConnection &operator=(const ScopedConnection &) = delete;

    QSqlDatabase database() const { return QSqlDatabase::database(m_name, false); }

private:
    QString m_name;
};

} // namespace

class TestPostgres : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase()
    {
        QVERIFY2(QSqlDatabase::isDriverAvailable(QStringLiteral("QPSQL")),
            "Qt's QPSQL driver is missing (install libqt6sql6-psql)");
    }

    void clusterServesDatabasesAndIsGoneAfterwards()
    {
        auto cluster = std::make_unique<PostgresCluster>();
        QElapsedTimer timer;
        timer.start();
        QVERIFY2(cluster->start(), qPrintable(cluster->error()));
        qInfo("initdb + start took %lld ms (port %d)", timer.elapsed(), cluster->port());
        QVERIFY(cluster->isRunning());
        QVERIFY(cluster->pid() > 0);
        const quint16 port = cluster->port();
        QVERIFY(port != 0);
        const QString dataDirectory = cluster->dataDirectory();
        QVERIFY(QFileInfo::exists(dataDirectory + QStringLiteral("/PG_VERSION")));

        QVERIFY2(
            cluster->createDatabase(QStringLiteral("tessera_a")), qPrintable(cluster->error()));
        QVERIFY2(
            cluster->createDatabase(QStringLiteral("tessera_b")), qPrintable(cluster->error()));
        // A second database of the same name is an error, not a silent success.
        QVERIFY(!cluster->createDatabase(QStringLiteral("tessera_a")));
        QVERIFY(cluster->error().contains(QStringLiteral("already exists")));
        // Names are not SQL.
        QVERIFY(!cluster->createDatabase(QStringLiteral("x\"; DROP DATABASE postgres; --")));

        QCOMPARE(cluster->databaseUrl(QStringLiteral("tessera_a")),
            QStringLiteral("postgresql://postgres@127.0.0.1:%1/tessera_a").arg(port));

        {
            ScopedConnection a(cluster->databaseUrl(QStringLiteral("tessera_a")));
            QSqlDatabase db = a.database();
            QVERIFY2(db.isOpen(), qPrintable(db.lastError().text()));
            QSqlQuery query(db);
            QVERIFY2(query.exec(QStringLiteral(
                         "CREATE TABLE people (id text PRIMARY KEY, name text NOT NULL)")),
                qPrintable(query.lastError().text()));
            QVERIFY(query.prepare(QStringLiteral("INSERT INTO people (id, name) VALUES (?, ?)")));
            query.addBindValue(QStringLiteral("E1001"));
            query.addBindValue(QStringLiteral("Asha Rao — Pune")); // UTF-8 round trip
            QVERIFY2(query.exec(), qPrintable(query.lastError().text()));
            QVERIFY2(query.exec(QStringLiteral("SELECT id, name FROM people")),
                qPrintable(query.lastError().text()));
            QVERIFY(query.next());
            QCOMPARE(query.value(0).toString(), QStringLiteral("E1001"));
            QCOMPARE(query.value(1).toString(), QStringLiteral("Asha Rao — Pune"));
            QVERIFY(!query.next());
        }
        {
            // The databases are separate.
            ScopedConnection b(cluster->databaseUrl(QStringLiteral("tessera_b")));
            QSqlDatabase db = b.database();
            QVERIFY2(db.isOpen(), qPrintable(db.lastError().text()));
            QVERIFY(!db.tables().contains(QStringLiteral("people")));
        }

        const qint64 pid = cluster->pid();
        timer.restart();
        cluster->stop();
        qInfo("stop took %lld ms", timer.elapsed());
        QVERIFY(!cluster->isRunning());
        QCOMPARE(cluster->pid(), 0);
        QVERIFY(processGone(pid));
        QCOMPARE(connectError(port), QAbstractSocket::ConnectionRefusedError);
        QVERIFY(QFileInfo::exists(dataDirectory)); // stop() keeps the data

        cluster.reset();
        QVERIFY(!QFileInfo::exists(dataDirectory));
    }

    // A test killed with its cluster running (SIGKILL, a ctest timeout) leaves the postmaster and
    // the folder behind; the next cluster made on the machine stops and removes them.
    void clusterOfAKilledTestIsReaped()
    {
        QProcess holder;
        holder.start(QStringLiteral(TESSERA_PG_HOLDER));
        QVERIFY(holder.waitForStarted());
        QTRY_VERIFY_WITH_TIMEOUT(
            holder.canReadLine() || holder.state() != QProcess::Running, 60000);
        const QList<QByteArray> line = holder.readLine().trimmed().split(' ');
        QVERIFY2(line.size() == 2, holder.readAllStandardError().constData());
        const qint64 postmaster = line.at(0).toLongLong();
        const QString dataDirectory = QString::fromLocal8Bit(line.at(1));
        holder.kill(); // SIGKILL: no destructor runs
        QVERIFY(holder.waitForFinished());
        QVERIFY(!processGone(postmaster)); // the leak
        QVERIFY(QFileInfo::exists(dataDirectory));

        PostgresCluster next;
        QVERIFY2(next.start(), qPrintable(next.error()));
        QTRY_VERIFY(processGone(postmaster));
        QVERIFY(!QFileInfo::exists(dataDirectory));
        QVERIFY(!QFileInfo::exists(QFileInfo(dataDirectory).absolutePath()));
        QVERIFY(next.isRunning()); // its own cluster is not touched
    }

    void restartKeepsPortAndData()
    {
        PostgresCluster cluster;
        QVERIFY2(cluster.start(), qPrintable(cluster.error()));
        QVERIFY2(cluster.createDatabase(QStringLiteral("kept")), qPrintable(cluster.error()));
        const quint16 port = cluster.port();
        const QString url = cluster.databaseUrl(QStringLiteral("kept"));
        {
            ScopedConnection connection(url);
            QSqlQuery query(connection.database());
            QVERIFY2(query.exec(QStringLiteral("CREATE TABLE t (v integer)")),
                qPrintable(query.lastError().text()));
            QVERIFY(query.exec(QStringLiteral("INSERT INTO t VALUES (42)")));
        }
        cluster.stop();
        QCOMPARE(connectError(port), QAbstractSocket::ConnectionRefusedError);
        {
            // Someone else took the port meanwhile: start() fails and says why.
            QTcpServer squatter;
            QVERIFY(squatter.listen(QHostAddress::LocalHost, port));
            QVERIFY(!cluster.start());
            QVERIFY2(cluster.error().contains(QStringLiteral("Address already in use")),
                qPrintable(cluster.error()));
            QVERIFY(!cluster.isRunning());
        }
        QElapsedTimer timer;
        timer.start();
        QVERIFY2(cluster.start(), qPrintable(cluster.error()));
        qInfo("restart took %lld ms", timer.elapsed());
        QCOMPARE(cluster.port(), port);
        ScopedConnection connection(url);
        QSqlQuery query(connection.database());
        QVERIFY2(
            query.exec(QStringLiteral("SELECT v FROM t")), qPrintable(query.lastError().text()));
        QVERIFY(query.next());
        QCOMPARE(query.value(0).toInt(), 42);
    }
};

QTEST_GUILESS_MAIN(TestPostgres)
#include "tst_postgres.moc"
