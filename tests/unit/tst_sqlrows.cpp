// The select loop the client stores share (rowsOf) on a real SQLCipher file: every row built in
// order by the caller's function, none for an empty answer (and no warning), and a statement that
// fails ends the list where it failed (the rows before it kept) with one warning naming the
// reading; a statement that was never prepared gives nothing and the same one warning.
#include "storage/database.h"
#include "storage/sqlrows.h"
#include "storage/sqlstatement.h"

#include <QRegularExpression>
#include <QTemporaryDir>
#include <QTest>

#include <limits>

using namespace tessera;

namespace {

struct Number
{
    qint64 seq = 0;
    qint64 value = 0;
    QString name;
};

} // namespace

class TestSqlRows : public QObject
{
    Q_OBJECT

    QTemporaryDir m_dir;
    std::shared_ptr<Database> m_database;

    void insert(qint64 value, const QString &name)
    {
        SqlStatement statement =
            m_database->prepare("INSERT INTO numbers (value, name) VALUES (?1, ?2)");
        statement.bindInt64(1, value);
        statement.bindText(2, name);
        QVERIFY(statement.exec());
    }

private Q_SLOTS:
    void initTestCase()
    {
        QVERIFY(m_dir.isValid());
        DatabaseOpenResult opened =
            Database::open(m_dir.filePath(QStringLiteral("rows.db")), Database::newKey());
        QVERIFY2(opened.ok(), qPrintable(opened.detail));
        m_database = opened.database;
        QVERIFY(m_database->exec("CREATE TABLE numbers (seq INTEGER PRIMARY KEY AUTOINCREMENT,"
                                 " value INTEGER NOT NULL, name TEXT NOT NULL)"));
        insert(3, QStringLiteral("three"));
        insert(-1, QStringLiteral("minus one"));
        insert(std::numeric_limits<qint64>::min(), QStringLiteral("smallest"));
        insert(7, QStringLiteral("seven"));
    }

    void everyRowInOrder()
    {
        QTest::failOnWarning(QRegularExpression(QStringLiteral(".*")));
        SqlStatement select = m_database->prepare(
            "SELECT seq, value, name FROM numbers WHERE value > ?1 ORDER BY seq");
        select.bindInt64(1, -2);
        const QList<Number> numbers = rowsOf(
            select,
            [](const SqlStatement &row) {
                return Number { row.columnInt64(0), row.columnInt64(1), row.columnText(2) };
            },
            "reading numbers");
        QCOMPARE(numbers.size(), 3);
        QCOMPARE(numbers.at(0).name, QStringLiteral("three"));
        QCOMPARE(numbers.at(0).value, 3);
        QCOMPARE(numbers.at(1).name, QStringLiteral("minus one"));
        QCOMPARE(numbers.at(1).value, -1);
        QCOMPARE(numbers.at(2).name, QStringLiteral("seven"));
        QVERIFY(numbers.at(0).seq < numbers.at(1).seq && numbers.at(1).seq < numbers.at(2).seq);
    }

    void theFirstColumnsText()
    {
        QTest::failOnWarning(QRegularExpression(QStringLiteral(".*")));
        const QStringList names = rowsOf(
            m_database->prepare("SELECT name FROM numbers ORDER BY name"), textColumn, "names");
        QCOMPARE(names,
            QStringList({ QStringLiteral("minus one"), QStringLiteral("seven"),
                QStringLiteral("smallest"), QStringLiteral("three") }));
    }

    void noRowsNoWarning()
    {
        QTest::failOnWarning(QRegularExpression(QStringLiteral(".*")));
        const QStringList none = rowsOf(
            m_database->prepare("SELECT name FROM numbers WHERE value > 100"), textColumn, "none");
        QVERIFY(none.isEmpty());
    }

    void aFailingStepEndsTheListOnce()
    {
        // abs() of the smallest integer overflows: SQLite fails at that row, the third.
        QTest::ignoreMessage(QtWarningMsg,
            QRegularExpression(QStringLiteral("^reading absolute values: .*overflow")));
        const QList<qint64> values = rowsOf(
            m_database->prepare("SELECT abs(value) FROM numbers ORDER BY seq"),
            [](const SqlStatement &row) { return row.columnInt64(0); }, "reading absolute values");
        QCOMPARE(values, QList<qint64>({ 3, 1 }));
    }

    void aStatementNeverPreparedGivesNothing()
    {
        QTest::ignoreMessage(
            QtWarningMsg, QRegularExpression(QStringLiteral("^reading a lost table: .+")));
        const QStringList none = rowsOf(m_database->prepare("SELECT name FROM no_such_table"),
            textColumn, "reading a lost table");
        QVERIFY(none.isEmpty());
    }
};

QTEST_GUILESS_MAIN(TestSqlRows)
#include "tst_sqlrows.moc"
