#pragma once

#include <QJsonObject>
#include <QObject>
#include <QString>
#include <QVariantList>

#include <optional>

namespace tessera {

class AuthorizedApi;
class SessionScope;
struct ApiReply;

// The decision history of one inbox item, for its detail page: GET /v1/inbox/{id}'s "history"
// (created, read, decided with who, how and the comment, withdrawn, expired), oldest first,
// each event with a sentence for a person. Asks the server each time load() is called (the
// cache keeps only the item's current state); offline, error says so and the page shows what
// the cache knows.
class InboxHistory : public QObject
{
    Q_OBJECT
    Q_PROPERTY(QString itemId READ itemId NOTIFY changed)
    // [{event, at (date), by, byName, via, action, comment, text}]
    Q_PROPERTY(QVariantList events READ events NOTIFY changed)
    Q_PROPERTY(bool loading READ isLoading NOTIFY changed)
    Q_PROPERTY(QString error READ error NOTIFY changed)
public:
    explicit InboxHistory(AuthorizedApi &api, SessionScope &scope, QObject *parent = nullptr);
    ~InboxHistory() override;

    QString itemId() const { return m_itemId; }
    QVariantList events() const { return m_events; }
    bool isLoading() const { return m_loading; }
    QString error() const { return m_error; }

    Q_INVOKABLE void load(const QString &itemId);
    Q_INVOKABLE void clear();

    // The events of an answer's "history", checked; nullopt (and why) when it is malformed.
    static std::optional<QVariantList> parse(const QJsonObject &item, QString *problem);

Q_SIGNALS:
    void changed();

private:
    void finish(quint64 request, const ApiReply &reply);

    AuthorizedApi &m_api;
    SessionScope &m_scope;
    QString m_itemId;
    QVariantList m_events;
    bool m_loading = false;
    QString m_error;
    quint64 m_request = 0; // answers to an earlier load() are dropped
};

} // namespace tessera
