#pragma once

#include "feed/rowsmodel.h"
#include "home/homecard.h"

namespace tessera {

class HomeStore;

// Home's cards as a list (the server's order: order, then id; expired cards left out), refreshed
// whenever the store changes and when the next card expires. With a sync set, its state too.
// (The base is named in full: Qt 6.4's QML type registrar matches a base by its full name.)
class HomeModel : public tessera::RowsModel
{
    Q_OBJECT
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

    QVariant data(const QModelIndex &index, int role) const override;
    QHash<int, QByteArray> roleNames() const override;

public Q_SLOTS:
    void refresh();

protected:
    qsizetype size() const override { return m_cards.size(); }
    QString idAt(qsizetype row) const override { return m_cards.at(row).id; }
    void rowsExpired() override { refresh(); }

private:
    QList<HomeCard> m_cards;
    HomeStore &m_store;
};

} // namespace tessera
