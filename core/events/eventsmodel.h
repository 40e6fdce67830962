#pragma once

#include "events/eventstore.h"
#include "feed/rowsmodel.h"

#include <QList>
#include <QVariantMap>

namespace tessera {

class CalendarExport;
class EventRsvpOutbox;
class EventSync;

// Events as a list: upcoming first by start, then those that ended; with goingOnly (Home) only
// the upcoming, not cancelled events the person is going to. Refreshed whenever the store
// changes and when the next event ends. rsvp() answers at once (pending until the server takes
// it); the detail's fresh counts come through fetchDetail(). With a sync set, its state too.
// (The base is named in full: Qt 6.4's QML type registrar matches a base by its full name.)
class EventsModel : public tessera::RowsModel
{
    Q_OBJECT
    Q_PROPERTY(bool goingOnly READ goingOnly WRITE setGoingOnly NOTIFY goingOnlyChanged)
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

    // The sync whose state (RowsModel's) and details the model shows, may be null; it must
    // outlive the model.
    void setSync(EventSync *sync);
    // "Add to calendar": the platform's seam (may be null: not offered) and the server's host (the
    // UID's domain); the calendar must outlive the model.
    void setCalendar(CalendarExport *calendar, const QString &serverHost);

    QVariant data(const QModelIndex &index, int role) const override;
    QHash<int, QByteArray> roleNames() const override;

    bool goingOnly() const { return m_goingOnly; }
    void setGoingOnly(bool goingOnly);
    int revision() const { return m_revision; }
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

Q_SIGNALS:
    void goingOnlyChanged();
    void revisionChanged();
    void calendarChanged();
    // spotsLeft -1: unlimited.
    void detailFetched(const QString &eventId, int going, int spotsLeft);
    void detailFailed(const QString &eventId, const QString &reason);

protected:
    qsizetype size() const override { return m_rows.size(); }
    QString idAt(qsizetype row) const override { return m_rows.at(row).id; }
    void rowsExpired() override { refresh(); }

private:
    // An event as the list shows it at a refresh. rsvpOpen is read at that time, so an event
    // whose answers closed since counts as changed (its row is shown again).
    struct Row
    {
        QString id;
        StoredEvent stored;
        bool rsvpOpen = false;
        friend bool operator==(const Row &a, const Row &b)
        {
            return a.id == b.id && a.rsvpOpen == b.rsvpOpen
                && a.stored.rsvpPending == b.stored.rsvpPending
                && a.stored.rsvpProblem == b.stored.rsvpProblem
                && a.stored.item.toJson() == b.stored.item.toJson();
        }
    };
    QList<StoredEvent> visible(const QDateTime &now) const;

    EventStore &m_store;
    EventSync *m_sync = nullptr;
    CalendarExport *m_calendar = nullptr;
    QString m_serverHost;
    QList<Row> m_rows;
    bool m_goingOnly = false;
    int m_revision = 0;
};

} // namespace tessera
