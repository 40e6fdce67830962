#pragma once

#include <QAbstractListModel>
#include <QDateTime>
#include <QList>
#include <QString>
#include <QTimer>
#include <QVariantMap>

#include <algorithm>
#include <functional>

namespace tessera {

class DeltaSync;

// What every synced feature's list model shares: a read-only list of rows copied from the
// feature's store, the count QML binds to, a row found by its id or read as a map of its role
// names, and, with a DeltaSync set, that sync's state (loading, offline, error) and a Retry.
// A feature's model derives from it, keeps its rows (replaced inside resetRows, or in place by
// updateRows), and gives size(), idAt(), data() and roleNames(); rows that stop being shown at a
// time have the model read them again then (refreshAtSoonest, rowsExpired). Not a template: QML's
// type registrar follows a model's properties up a chain of plain classes only.
class RowsModel : public QAbstractListModel
{
    Q_OBJECT
    Q_PROPERTY(int count READ rowCount NOTIFY countChanged)
    Q_PROPERTY(bool loading READ isLoading NOTIFY syncStateChanged)
    Q_PROPERTY(bool offline READ isOffline NOTIFY syncStateChanged)
    Q_PROPERTY(QString error READ error NOTIFY syncStateChanged)
public:
    ~RowsModel() override;

    int rowCount(const QModelIndex &parent = QModelIndex()) const override;

    // The row of an id, -1 when the list does not have it (an empty id is never found).
    Q_INVOKABLE int rowOf(const QString &id) const;
    Q_INVOKABLE bool contains(const QString &id) const { return rowOf(id) >= 0; }
    // A row by its roles' names; empty for a row out of range.
    Q_INVOKABLE QVariantMap rowMap(int row) const;

    // The sync whose state the model shows (may be null); it must outlive the model.
    void setSync(DeltaSync *sync);
    // Whoever else knows (the live stream) says whether the server can be reached; offline is
    // this or the sync's own.
    void setOffline(bool offline);
    bool isLoading() const;
    bool isOffline() const;
    QString error() const;

public Q_SLOTS:
    // Asks the sync for what changed now (a page's Retry); nothing without a sync.
    void syncNow();

Q_SIGNALS:
    void countChanged();
    void syncStateChanged();

protected:
    explicit RowsModel(QObject *parent = nullptr);

    virtual qsizetype size() const = 0;
    virtual QString idAt(qsizetype row) const = 0;
    // Replaces every row through assign, inside a model reset; countChanged when the number of
    // rows changed or when recount says a count derived from them did.
    void resetRows(const std::function<void()> &assign, bool recount = false);
    // Replaces rows (the model's own list) by next. When next has the same ids in the same order
    // (a read mark, an edit), the rows change in place: dataChanged for each run of rows that
    // differ (Row's ==), and a view keeps its place and focus; countChanged only when recount
    // says so. Otherwise as resetRows. Row has an id.
    template<typename Row>
    void updateRows(QList<Row> &rows, QList<Row> next, bool recount = false)
    {
        const bool sameIds = std::equal(rows.cbegin(), rows.cend(), next.cbegin(), next.cend(),
            [](const Row &a, const Row &b) { return a.id == b.id; });
        if (!sameIds) {
            resetRows([&rows, &next]() { rows = std::move(next); }, recount);
            return;
        }
        QList<bool> differs(rows.size());
        for (qsizetype row = 0; row < rows.size(); ++row)
            differs[row] = !(rows.at(row) == next.at(row));
        rows = std::move(next);
        rowsChangedInPlace(differs, recount);
    }
    // Calls rowsExpired once the soonest of times still ahead has come (at most a day ahead: it
    // looks again then); with none ahead (invalid times are never), no call is waiting.
    void refreshAtSoonest(const QList<QDateTime> &times);
    // A time given to refreshAtSoonest has come: the model reads its rows again.
    virtual void rowsExpired() { }
    // A valid index of this list (QAbstractItemModel::checkIndex).
    bool isRow(const QModelIndex &index) const;

private:
    void rowsChangedInPlace(const QList<bool> &differs, bool recount);

    DeltaSync *m_sync = nullptr;
    bool m_offline = false;
    QTimer m_expiry;
};

} // namespace tessera
