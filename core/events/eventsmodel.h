#pragma once

#include "events/eventstore.h"

#include <QAbstractListModel>
#include <QList>
#include <QTimer>
#include <QVariantMap>

namespace tessera {

class CalendarExport;
class EventRsvpOutbox;
class EventSync;

// Events as a list: upcoming first by start, then those that ended; with goingOnly (Home) only
// the upcoming, not cancelled events the person is going to. Refreshed whenever the store
// changes and when the next event ends. rsvp() answers at once (pending until the server takes
// it); the detail's fresh counts come through fetchDetail(). With a sync set, its state too.
class EventsModel : public QAbstractListModel
{
    Q_OBJECT
    Q_PROPERTY(int count READ rowCount NOTIFY countChanged)
    Q_PROPERTY(bool goingOnly READ goingOnly WRITE setGoingOnly NOTIFY goingOnlyChanged)
    Q_PROPERTY(bool loading READ isLoading NOTIFY syncStateChanged)
    Q_PROPERTY(bool offline READ isOffline NOTIFY syncStateChanged)
    Q_PROPERTY(QString error READ error NOTIFY syncStateChanged)
    // Changes whenever the events are read from the store again: a binding that reads it (an
    // event's page) is evaluated again.
    Q_PROPERTY(int revision READ revision NOTIFY revisionChanged)
    // Whether this platform has a calendar to add an event to (setCalendar).
    Q_PROPERTY(bool canAddToCalendar READ canAddToCalendar NOTIFY calendarChanged)
public:
    enum Role {
        EventIdRole = Qt::UserRole + 1,
        TitleRole,
        StartRole, // QDateTime, UTC
        EndRole,
        TimeZoneRole,
        EventTimeRole, // start and end as text, in the event's time zone (with its id)
        DeviceTimeRole, // start and end as text, in this device's time zone
        PlaceRole, // "site, room", "" for none
        OnlineRole, // has an online link
        CancelledRole,
        MyAnswerRole, // going, maybe, no, waiting or ""
        RsvpPendingRole, // myAnswer waits in the outbox
        WaitingPlaceRole, // 0 unless waiting
        RsvpProblemRole, // the server's reason for refusing the last answer, "" for none
        RsvpOpenRole,
        SourceRole,
    };
    Q_ENUM(Role)

    // store must outlive the model.
    explicit EventsModel(EventStore &store, QObject *parent = nullptr);
    ~EventsModel() override;

    // The sync whose state (and details) the model shows, may be null; it must outlive the model.
    void setSync(EventSync *sync);
    void setOffline(bool offline);
    // "Add to calendar": the platform's seam (may be null: not offered) and the server's host (the
    // UID's domain); the calendar must outlive the model.
    void setCalendar(CalendarExport *calendar, const QString &serverHost);

    int rowCount(const QModelIndex &parent = QModelIndex()) const override;
    QVariant data(const QModelIndex &index, int role) const override;
    QHash<int, QByteArray> roleNames() const override;

    bool goingOnly() const { return m_goingOnly; }
    void setGoingOnly(bool goingOnly);
    int revision() const { return m_revision; }
    bool isLoading() const;
    bool isOffline() const;
    QString error() const;
    Q_INVOKABLE int rowOf(const QString &eventId) const;
    Q_INVOKABLE QString eventIdAt(int row) const;

    // One event for its page: {eventId, title, description, descriptionCard (compact JSON, ""
    // when shown as plain text), eventTime, deviceTime, timeZone, place, onlineUrl, capacity
    // (0: unlimited), cancelled, myAnswer, rsvpPending, waitingPlace, rsvpProblem, rsvpOpen,
    // source, start, end}; an empty map for an unknown id.
    Q_INVOKABLE QVariantMap details(const QString &eventId) const;
    // Answers going, maybe or no: "" when queued, else why not in plain words.
    Q_INVOKABLE QString rsvp(const QString &eventId, const QString &answer);
    // Asks the server for the event's fresh counts: detailFetched or detailFailed follow.
    Q_INVOKABLE void fetchDetail(const QString &eventId);
    // Hands the event's iCalendar file (a cancelled one as such) to the platform's calendar: ""
    // when done, else why not in plain words.
    Q_INVOKABLE QString addToCalendar(const QString &eventId);
    bool canAddToCalendar() const { return m_calendar != nullptr; }

    // "Tue 8 Dec 2026 10:00 – 12:00" in zone (an end on another day with its date).
    static QString timeText(const QDateTime &start, const QDateTime &end, const QTimeZone &zone);

public Q_SLOTS:
    void refresh();
    void syncNow();

Q_SIGNALS:
    void countChanged();
    void goingOnlyChanged();
    void revisionChanged();
    void syncStateChanged();
    void calendarChanged();
    // spotsLeft -1: unlimited.
    void detailFetched(const QString &eventId, int going, int spotsLeft);
    void detailFailed(const QString &eventId, const QString &reason);

private:
    void scheduleNextEnd();
    QList<StoredEvent> visible(const QDateTime &now) const;

    EventStore &m_store;
    EventSync *m_sync = nullptr;
    CalendarExport *m_calendar = nullptr;
    QString m_serverHost;
    QList<StoredEvent> m_events;
    bool m_goingOnly = false;
    bool m_offline = false;
    int m_revision = 0;
    QTimer m_nextEnd;
};

} // namespace tessera
