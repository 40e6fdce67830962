#pragma once

// What the SQLCipher database tests share: SQLCipher files in a temporary folder, every message
// logged (to prove no key material reaches the log), a plaintext marker, settings read and written.
#include "storage/basemigrations.h"
#include "storage/database.h"
#include "storage/sqltransaction.h"

#include <QDir>
#include <QFile>
#include <QRandomGenerator>
#include <QTemporaryDir>
#include <QTest>

#include <limits>
#include <optional>

namespace tessera::test {

// Every message logged while the tests run, to prove that no key material reaches the log.
inline QStringList &capturedLog()
{
    static QStringList log;
    return log;
}
inline QtMessageHandler previousHandler = nullptr;

inline void captureMessage(
    QtMsgType type, const QMessageLogContext &context, const QString &message)
{
    capturedLog().append(message);
    if (previousHandler)
        previousHandler(type, context, message);
}

inline QByteArray readAll(const QString &path)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        return {};
    return file.readAll();
}

inline bool writeFile(const QString &path, const QByteArray &bytes)
{
    QFile file(path);
    return file.open(QIODevice::WriteOnly) && file.write(bytes) == bytes.size();
}

inline constexpr char plaintextMarker[] = "TESSERA-PLAINTEXT-MARKER-7f3a9c";

class DatabaseFixture
{
protected:
    QTemporaryDir m_dir;

    QString dbPath(const QString &name) const { return m_dir.filePath(name); }

    static bool putSetting(Database &db, const QString &name, const QString &value)
    {
        SqlStatement insert =
            db.prepare("INSERT OR REPLACE INTO settings (name, value) VALUES (?1, ?2)");
        insert.bindText(1, name);
        insert.bindText(2, value);
        return insert.exec();
    }

    static QString setting(Database &db, const QString &name)
    {
        SqlStatement select = db.prepare("SELECT value FROM settings WHERE name = ?1");
        select.bindText(1, name);
        if (select.step() != SqlStatement::Step::Row)
            return QStringLiteral("<none>");
        return select.columnText(0);
    }

    // Neither the raw key (hex, either case, or base64) nor the SQL key literal was logged.
    static void verifyKeyNotLogged(const QByteArray &key)
    {
        const QString hex = QString::fromLatin1(key.toHex());
        const QString base64 = QString::fromLatin1(key.toBase64());
        for (const QString &line : capturedLog()) {
            QVERIFY2(!line.contains(hex, Qt::CaseInsensitive), qPrintable(line));
            QVERIFY2(!line.contains(base64), qPrintable(line));
        }
    }

    // What every test needs, set up once per test executable.
    void startParts()
    {
        QVERIFY(m_dir.isValid());
        previousHandler = qInstallMessageHandler(captureMessage);
    }

    static void stopParts() { qInstallMessageHandler(previousHandler); }
};

} // namespace tessera::test
