#pragma once

#include "home/homecard.h"

#include <QAbstractListModel>
#include <QList>
#include <QTimer>

namespace tessera {

class HomeStore;
class HomeSync;

// Home's cards as a list (the server's order: order, then id; expired cards left out), refreshed
// whenever the store changes and when the next card expires. With a sync set, its state too.
class HomeModel : public QAbstractListModel
{
    Q_OBJECT
    Q_PROPERTY(int count READ rowCount NOTIFY countChanged)
    Q_PROPERTY(bool loading READ isLoading NOTIFY syncStateChanged)
    Q_PROPERTY(bool offline READ isOffline NOTIFY syncStateChanged)
    Q_PROPERTY(QString error READ error NOTIFY syncStateChanged)
public:
    enum Role {
        CardIdRole = Qt::UserRole + 1, // the server's id
        CardJsonRole, // the Adaptive Card as compact JSON (what CardDocument reads)
        CardRole, // the Adaptive Card as a QVariantMap
        OrderRole,
        UpdatedRole, // QDateTime, UTC
        SourceRole, // the sub-system's name
        TitleRole, // the first TextBlock's text
        SummaryRole, // the second TextBlock's text
    };
    Q_ENUM(Role)

    // store must outlive the model.
    explicit HomeModel(HomeStore &store, QObject *parent = nullptr);
    ~HomeModel() override;

    // The sync whose state the model shows (may be null); it must outlive the model.
    void setSync(HomeSync *sync);

    int rowCount(const QModelIndex &parent = QModelIndex()) const override;
    QVariant data(const QModelIndex &index, int role) const override;
    QHash<int, QByteArray> roleNames() const override;

    bool isLoading() const;
    bool isOffline() const;
    QString error() const;
    int rowOf(const QString &cardId) const;

public Q_SLOTS:
    void refresh();
    // Asks the sync for what changed now (the page's Retry); nothing without a sync.
    void syncNow();

Q_SIGNALS:
    void countChanged();
    void syncStateChanged();

private:
    void scheduleExpiry();

    HomeStore &m_store;
    HomeSync *m_sync = nullptr;
    QList<HomeCard> m_cards;
    QTimer m_expiry;
};

} // namespace tessera
