// What every synced feature's list model shares (RowsModel): the count and its signal, a row
// found by its id (never by an empty one), a row read as a map of its role names, indexes
// checked, and no sync: not loading, not offline, no error, and a Retry that does nothing.
#include "feed/rowsmodel.h"

#include <QSignalSpy>
#include <QTest>

using namespace tessera;

namespace {

struct Note
{
    QString id;
    QString text;
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
        model.set({ { QStringLiteral("a"), QStringLiteral("one") },
            { QStringLiteral("b"), QStringLiteral("two") } });
        QCOMPARE(model.property("count").toInt(), 2);
        QCOMPARE(counted.size(), 1);
        // The same number of rows: a reset, no count change, unless the caller says a count
        // derived from them changed.
        model.set({ { QStringLiteral("c"), QStringLiteral("three") },
            { QStringLiteral("d"), QStringLiteral("four") } });
        QCOMPARE(counted.size(), 1);
        QCOMPARE(reset.size(), 2);
        model.set(model.rows(), true);
        QCOMPARE(counted.size(), 2);
        QCOMPARE(model.rowCount(model.index(0)), 0); // a list: no children
    }

    void rowsAreFoundByIdAndReadByRoleName()
    {
        NotesModel model;
        model.set({ { QStringLiteral("a"), QStringLiteral("one") },
            { QString(), QStringLiteral("waiting, no id yet") },
            { QStringLiteral("b"), QStringLiteral("two") } });
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
};

QTEST_GUILESS_MAIN(TestRowsModel)
#include "tst_rowsmodel.moc"
