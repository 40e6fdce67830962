#include "serverprocess.h"

#include <QDir>
#include <QFile>
#include <QJsonDocument>

namespace tessera::test {

ServerProcess::~ServerProcess()
{
    stop();
}

QString ServerProcess::binary()
{
    return QStringLiteral(TESSERA_SERVER_BINARY);
}

bool ServerProcess::start(const Options &options)
{
    m_dataDir = options.dataDir;
    if (m_dataDir.isEmpty()) {
        m_temporaryDir = std::make_unique<QTemporaryDir>();
        if (!m_temporaryDir->isValid()) {
            m_error = QStringLiteral("cannot make a temporary folder");
            return false;
        }
        m_dataDir = m_temporaryDir->path();
    }
    QStringList arguments { QStringLiteral("--data"), m_dataDir, QStringLiteral("--listen"),
        QStringLiteral("127.0.0.1:0"), QStringLiteral("--password-hash-cost"),
        QStringLiteral("minimum") };
    if (options.demo)
        arguments << QStringLiteral("--demo");
    if (!options.database.isEmpty())
        arguments << QStringLiteral("--database") << options.database;
    if (!options.now.isEmpty())
        arguments << QStringLiteral("--now") << options.now;
    if (!options.config.isEmpty()) {
        QFile configFile(QDir(m_dataDir).filePath(QStringLiteral("config.json")));
        if (!configFile.open(QIODevice::WriteOnly | QIODevice::Truncate)
            || configFile.write(QJsonDocument(options.config).toJson()) < 0) {
            m_error = QStringLiteral("cannot write %1").arg(configFile.fileName());
            return false;
        }
        arguments << QStringLiteral("--config") << configFile.fileName();
    }
    arguments << options.extraArguments;
    QProcessEnvironment environment = QProcessEnvironment::systemEnvironment();
    environment.remove(QStringLiteral("TESSERA_SERVER_NOW"));
    if (!m_process.start(binary(), arguments, environment)) {
        m_error = m_process.error();
        return false;
    }
    static const QRegularExpression listening(QStringLiteral(R"(listening on (\S+))"));
    const auto match = m_process.waitForLine(listening, std::chrono::seconds(60));
    if (!match) {
        m_error = QStringLiteral("tessera-server did not start: %1\n%2")
                      .arg(m_process.error(), QString::fromUtf8(m_process.output()));
        m_process.stop();
        return false;
    }
    m_url = QUrl(match->captured(1));
    return true;
}

std::optional<int> ServerProcess::stop()
{
    if (!m_process.isRunning())
        return std::nullopt;
    return m_process.stop();
}

qint64 ServerProcess::peakMemoryKiB() const
{
    QFile status(QStringLiteral("/proc/%1/status").arg(pid()));
    if (!status.open(QIODevice::ReadOnly))
        return -1;
    for (const QByteArray &line : status.readAll().split('\n')) {
        if (line.startsWith("VmHWM:"))
            return line.mid(6).trimmed().split(' ').value(0).toLongLong();
    }
    return -1;
}

QUrl ServerProcess::url(const QString &path) const
{
    QUrl result = m_url;
    result.setPath(path);
    return result;
}

QJsonObject ServerProcess::demoAccounts() const
{
    QFile file(QDir(m_dataDir).filePath(QStringLiteral("demo-accounts.json")));
    if (!file.open(QIODevice::ReadOnly))
        return {};
    return QJsonDocument::fromJson(file.readAll()).object();
}

} // namespace tessera::test
