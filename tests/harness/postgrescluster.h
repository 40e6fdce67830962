#pragma once

#include <QByteArray>
#include <QString>
#include <QStringList>
#include <QTemporaryDir>

namespace tessera::test {

// A throwaway PostgreSQL cluster on 127.0.0.1, on a free port, in a temporary folder owned by
// the object (data, Unix socket and server log): initdb (trust authentication, user postgres,
// UTF8, no locale) and pg_ctl start. When the test runs as root, the programs run as the user
// postgres (runuser), since initdb and pg_ctl refuse root. stop() (pg_ctl stop -m fast) keeps
// the data and the port, so start() again serves the same databases at the same urls. The
// destructor stops the server, makes sure its postmaster is gone, and removes the folder. A test
// that dies without its destructor (SIGKILL) leaves both: the next cluster made on the machine
// stops and removes them (the folder names its owner's pid and start time).
class PostgresCluster
{
public:
    PostgresCluster();
    ~PostgresCluster();
    PostgresCluster(const PostgresCluster &) = delete;
    PostgresCluster &operator=(const PostgresCluster &) = delete;

    // The first call makes the cluster and starts it on a free port (another one when the port
    // was taken meanwhile); later calls restart it on the same port with the same data.
    // Answers false, with error() quoting the programs' output and the server log, on failure.
    bool start();
    // pg_ctl stop -m fast; kills the postmaster if it is still there afterwards.
    void stop();
    bool isRunning() const;
    QString error() const { return m_error; }

    // Makes a fresh, empty database (name: letters, digits, _; not starting with a digit).
    bool createDatabase(const QString &name);
    // "postgresql://postgres@127.0.0.1:PORT/NAME"
    QString databaseUrl(const QString &name) const;

    QString host() const { return QStringLiteral("127.0.0.1"); }
    quint16 port() const { return m_port; }
    QString user() const { return QStringLiteral("postgres"); }
    qint64 pid() const { return m_pid; } // the postmaster's pid while it runs, else 0
    QString dataDirectory() const;
    QByteArray serverLog() const;

private:
    bool prepare();
    bool launch(quint16 port, bool *portTaken);
    // The program (from PostgreSQL's bin folder) as it must run here: through runuser as root.
    QStringList command(const QString &program, const QStringList &arguments) const;

    QTemporaryDir m_dir;
    QString m_binDir;
    QString m_error;
    quint16 m_port = 0;
    qint64 m_pid = 0;
    bool m_prepared = false;
};

} // namespace tessera::test
