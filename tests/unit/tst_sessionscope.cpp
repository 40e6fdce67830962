// SessionScope alone: what the signed-in services hear (started, held, ended, databaseChanged)
// and the app's hold of the services until release().
#include "identity/sessionscope.h"
#include "storage/database.h"

#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

using namespace tessera;

class TestSessionScope : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void servicesStartOnTheSignIn()
    {
        SessionScope scope;
        QSignalSpy started(&scope, &SessionScope::started);
        QSignalSpy held(&scope, &SessionScope::held);
        QSignalSpy ended(&scope, &SessionScope::ended);
        QVERIFY(!scope.isStarted());
        scope.setSignedIn(true);
        QVERIFY(scope.isStarted());
        QVERIFY(!scope.isHeld());
        scope.setSignedIn(true); // no change: nothing heard
        QCOMPARE(started.size(), 1);
        QCOMPARE(held.size(), 0);
        QVERIFY(!scope.release()); // nothing held
        QCOMPARE(started.size(), 1);
        scope.setSignedIn(false);
        QVERIFY(!scope.isStarted());
        QCOMPARE(ended.size(), 1);
    }

    void heldSignInsStartOnRelease()
    {
        SessionScope scope;
        scope.setHoldOnStart(true);
        QSignalSpy started(&scope, &SessionScope::started);
        QSignalSpy held(&scope, &SessionScope::held);
        QSignalSpy ended(&scope, &SessionScope::ended);
        for (int signIns = 1; signIns <= 2; ++signIns) {
            scope.setSignedIn(true);
            QCOMPARE(held.size(), signIns);
            QVERIFY(scope.isHeld());
            QVERIFY(!scope.isStarted());
            QCOMPARE(started.size(), signIns - 1);
            QVERIFY(scope.release());
            QCOMPARE(started.size(), signIns);
            QVERIFY(scope.isStarted());
            QVERIFY(!scope.release());
            scope.setSignedIn(false);
            QCOMPARE(ended.size(), signIns);
        }
        // A sign-in that ends while held: ended, and a later release starts nothing.
        scope.setSignedIn(true);
        scope.setSignedIn(false);
        QCOMPARE(ended.size(), 3);
        QVERIFY(scope.release());
        QCOMPARE(started.size(), 2);
        QVERIFY(!scope.isStarted());
    }

    void databaseIsHandedOutAndClosed()
    {
        SessionScope scope;
        QSignalSpy changed(&scope, &SessionScope::databaseChanged);
        QVERIFY(!scope.closeDatabase()); // none: nothing heard
        QCOMPARE(changed.size(), 0);
        QTemporaryDir dir;
        QVERIFY(dir.isValid());
        DatabaseOpenResult opened =
            Database::open(dir.filePath(QStringLiteral("scope.db")), Database::newKey());
        QVERIFY2(opened.ok(), qPrintable(opened.message));
        const std::shared_ptr<Database> database = std::move(opened.database);
        scope.setDatabase(database);
        QCOMPARE(changed.size(), 1);
        QCOMPARE(scope.database(), database);
        QVERIFY(scope.closeDatabase());
        QCOMPARE(changed.size(), 2);
        QVERIFY(!scope.database());
        QCOMPARE(database.use_count(), 1); // the scope keeps no copy
    }
};

QTEST_GUILESS_MAIN(TestSessionScope)
#include "tst_sessionscope.moc"
