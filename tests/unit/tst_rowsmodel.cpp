// What every synced feature's list model shares (RowsModel): the count and its signal, a row
// found by its id (never by an empty one), a row read as a map of its role names, indexes
// checked, and no sync: not loading, not offline, no error, and a Retry that does nothing. Rows
// with the same ids change in place (dataChanged for those that differ, no reset); the live
// stream's offline flag; rows read again when the soonest of their expiry times comes.
#include "feed/rowsmodel.h"

#include <QAbstractItemModelTester>
#include <QSignalSpy>
#include <QTest>

using namespace tessera;

namespace {

struct Note
{
    QString id;
    QString text;
    QDateTime expiresAt; // invalid: never

    friend bool operator==(const Note &, const Note &) = default;
};

class NotesModel : public RowsModel
{
public:
    enum Role { IdRole = Qt::UserRole + 1, TextRole };

    const QList<Note> &rows() const { return m_notes; }
    void set(QList<Note> notes, bool recount = false)
    {
        resetRows([this, &notes]() { m_notes = std::move(notes); }, recount);
    }
    void update(QList<Note> notes, bool recount = false)
    {
        updateRows(m_notes, std::move(notes), recount);
    }

    // A store's rows: what has not expired is shown, and read again when the soonest expires.
    QList<Note> stored;
    int expiredCalls = 0;
    void refresh()
    {
        const QDateTime now = QDateTime::currentDateTimeUtc();
        QList<Note> shown;
        QList<QDateTime> expiries;
        for (const Note &note : std::as_const(stored)) {
            if (note.expiresAt.isValid() && note.expiresAt <= now)
                continue;
            shown.append(note);
            expiries.append(note.expiresAt);
        }
        update(shown);
        refreshAtSoonest(expiries);
    }

    QVariant data(const QModelIndex &index, int role) const override
    {
        if (!isRow(index))
            return {};
        const Note &note = m_notes.at(index.row());
        return role == IdRole  ? QVariant(note.id)
            : role == TextRole ? QVariant(note.text)
                               : QVariant();
    }
    QHash<int, QByteArray> roleNames() const override
    {
        return { { IdRole, "noteId" }, { TextRole, "text" } };
    }

protected:
    qsizetype size() const override { return m_notes.size(); }
    QString idAt(qsizetype row) const override { return m_notes.at(row).id; }
    void rowsExpired() override
    {
        ++expiredCalls;
        refresh();
    }

private:
    QList<Note> m_notes;
};

} // namespace

class TestRowsModel : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void countFollowsTheRows()
    {
        NotesModel model;
        QSignalSpy counted(&model, &RowsModel::countChanged);
        QSignalSpy reset(&model, &QAbstractItemModel::modelReset);
        QCOMPARE(model.property("count").toInt(), 0);
        model.set({ { QStringLiteral("a"), QStringLiteral("one"), {} },
            { QStringLiteral("b"), QStringLiteral("two"), {} } });
        QCOMPARE(model.property("count").toInt(), 2);
        QCOMPARE(counted.size(), 1);
        // The same number of rows: a reset, no count change, unless the caller says a count
        // derived from them changed.
        model.set({ { QStringLiteral("c"), QStringLiteral("three"), {} },
            { QStringLiteral("d"), QStringLiteral("four"), {} } });
        QCOMPARE(counted.size(), 1);
        QCOMPARE(reset.size(), 2);
        model.set(model.rows(), true);
        QCOMPARE(counted.size(), 2);
        QCOMPARE(model.rowCount(model.index(0)), 0); // a list: no children
    }

    void rowsAreFoundByIdAndReadByRoleName()
    {
        NotesModel model;
        model.set({ { QStringLiteral("a"), QStringLiteral("one"), {} },
            { QString(), QStringLiteral("waiting, no id yet"), {} },
            { QStringLiteral("b"), QStringLiteral("two"), {} } });
        QCOMPARE(model.rowOf(QStringLiteral("b")), 2);
        QVERIFY(model.contains(QStringLiteral("a")));
        QCOMPARE(model.rowOf(QStringLiteral("zz")), -1);
        QCOMPARE(model.rowOf(QString()), -1); // a row without an id is never found
        const QVariantMap row = model.rowMap(2);
        QCOMPARE(row.value(QStringLiteral("noteId")).toString(), QStringLiteral("b"));
        QCOMPARE(row.value(QStringLiteral("text")).toString(), QStringLiteral("two"));
        QVERIFY(model.rowMap(3).isEmpty());
        QVERIFY(model.rowMap(-1).isEmpty());
        QVERIFY(!model.data(model.index(3), NotesModel::TextRole).isValid());
    }

    void withoutASyncNothingIsLoadingOrWrong()
    {
        NotesModel model;
        QVERIFY(!model.property("loading").toBool());
        QVERIFY(!model.property("offline").toBool());
        QVERIFY(model.property("error").toString().isEmpty());
        model.syncNow(); // no sync: nothing happens
        QSignalSpy state(&model, &RowsModel::syncStateChanged);
        model.setSync(nullptr);
        QCOMPARE(state.size(), 0); // the same (no) sync
    }

    void rowsWithTheSameIdsChangeInPlace()
    {
        NotesModel model;
        QAbstractItemModelTester tester(
            &model, QAbstractItemModelTester::FailureReportingMode::QtTest);
        const auto notes = [](const QStringList &ids, const QStringList &texts) {
            QList<Note> list;
            for (qsizetype i = 0; i < ids.size(); ++i)
                list.append(Note { ids.at(i), texts.at(i), {} });
            return list;
        };
        const QStringList ids { QStringLiteral("a"), QStringLiteral("b"), QStringLiteral("c"),
            QStringLiteral("d") };
        model.update(notes(ids,
            { QStringLiteral("1"), QStringLiteral("2"), QStringLiteral("3"),
                QStringLiteral("4") }));
        QCOMPARE(model.rowCount(), 4);
        QSignalSpy changed(&model, &QAbstractItemModel::dataChanged);
        QSignalSpy reset(&model, &QAbstractItemModel::modelReset);
        QSignalSpy counted(&model, &RowsModel::countChanged);

        // The same ids in the same order, rows 0, 2 and 3 edited: two runs change, none resets.
        model.update(notes(ids,
            { QStringLiteral("one"), QStringLiteral("2"), QStringLiteral("three"),
                QStringLiteral("four") }));
        QCOMPARE(reset.size(), 0);
        QCOMPARE(counted.size(), 0);
        QCOMPARE(changed.size(), 2);
        QCOMPARE(changed.at(0).at(0).toModelIndex().row(), 0);
        QCOMPARE(changed.at(0).at(1).toModelIndex().row(), 0);
        QCOMPARE(changed.at(1).at(0).toModelIndex().row(), 2);
        QCOMPARE(changed.at(1).at(1).toModelIndex().row(), 3);
        QCOMPARE(
            model.data(model.index(2), NotesModel::TextRole).toString(), QStringLiteral("three"));
        QCOMPARE(model.data(model.index(1), NotesModel::TextRole).toString(), QStringLiteral("2"));

        // Nothing differs: nothing is said, unless a derived count is said to have changed.
        model.update(model.rows());
        QCOMPARE(changed.size(), 2);
        model.update(model.rows(), true);
        QCOMPARE(changed.size(), 2);
        QCOMPARE(counted.size(), 1);
        QCOMPARE(reset.size(), 0);

        // Other ids, or the same in another order: a reset.
        QStringList reordered = ids;
        reordered.swapItemsAt(0, 1);
        model.update(notes(reordered,
            { QStringLiteral("2"), QStringLiteral("one"), QStringLiteral("three"),
                QStringLiteral("four") }));
        QCOMPARE(reset.size(), 1);
        QCOMPARE(changed.size(), 2);
        QCOMPARE(model.rowOf(QStringLiteral("a")), 1);
        model.update(notes({ QStringLiteral("b") }, { QStringLiteral("2") }));
        QCOMPARE(reset.size(), 2);
        QCOMPARE(counted.size(), 2);
        QCOMPARE(model.rowCount(), 1);
    }

    void theLiveStreamCanSayOffline()
    {
        NotesModel model;
        QSignalSpy state(&model, &RowsModel::syncStateChanged);
        model.setOffline(true);
        QVERIFY(model.property("offline").toBool());
        QCOMPARE(state.size(), 1);
        model.setOffline(true); // no change, no signal
        QCOMPARE(state.size(), 1);
        model.setSync(nullptr);
        QVERIFY(model.isOffline()); // still the stream's word without a sync
        model.setOffline(false);
        QVERIFY(!model.property("offline").toBool());
        QCOMPARE(state.size(), 2);
    }

    void rowsAreReadAgainWhenTheSoonestExpires()
    {
        NotesModel model;
        QSignalSpy reset(&model, &QAbstractItemModel::modelReset);
        const QDateTime now = QDateTime::currentDateTimeUtc();
        model.stored = {
            Note { QStringLiteral("later"), QStringLiteral("later"), now.addSecs(3600) },
            Note { QStringLiteral("soon"), QStringLiteral("soon"), now.addMSecs(300) },
            Note { QStringLiteral("never"), QStringLiteral("never"), {} },
        };
        model.refresh();
        QCOMPARE(model.rowCount(), 3);
        QCOMPARE(model.expiredCalls, 0);
        // At the soonest expiry the rows are read again (without "soon"); the next is an hour
        // ahead, so no second call comes now.
        QTRY_COMPARE(model.expiredCalls, 1);
        QCOMPARE(model.rowCount(), 2);
        QCOMPARE(model.rowOf(QStringLiteral("soon")), -1);
        QCOMPARE(reset.size(), 2);
        QTest::qWait(100);
        QCOMPARE(model.expiredCalls, 1);

        // Nothing ahead (only past or no times): nothing waits, a timer set before is stopped.
        model.stored = { Note {
            QStringLiteral("soon2"), QString(), QDateTime::currentDateTimeUtc().addMSecs(200) } };
        model.refresh();
        model.stored = { Note { QStringLiteral("never"), QString(), {} } };
        model.refresh();
        QTest::qWait(400);
        QCOMPARE(model.expiredCalls, 1);
        QCOMPARE(model.rowOf(QStringLiteral("never")), 0);
    }
};

QTEST_GUILESS_MAIN(TestRowsModel)
#include "tst_rowsmodel.moc"
