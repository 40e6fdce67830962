#pragma once

#include "events/calendarexport.h"
#include "events/eventitem.h"
#include "events/eventrsvpoutbox.h"
#include "events/eventsmodel.h"
#include "events/eventstore.h"
#include "net/apireply.h"
#include "services/clientschema.h"
#include "services/clientstack.h"
#include "storage/database.h"

#include <QJsonObject>
#include <QObject>
#include <QTemporaryDir>
#include <QVariantList>

// `EventsFixture` (import TesseraTest): fills the real Events store behind the `Events` and
// `HomeEvents` singletons with events as GET /v1/events sends them (one page with its cursor), in
// a SQLCipher database of its own with every feature's tables; gives the RSVP outbox the server's
// answer to a waiting answer (as PUT /v1/events/{id}/rsvp would); and a fake calendar seam that
// keeps the files it was given (the phone's seam is only an interface here).
class EventsFixture : public QObject, public tessera::CalendarExport
{
    Q_OBJECT
public:
    EventsFixture(tessera::ClientStack &stack, QObject *parent)
        : QObject(parent)
        , m_store(*stack.part<tessera::EventStore>())
        , m_model(*stack.part<tessera::EventsModel>())
        , m_outbox(*stack.part<tessera::EventRsvpOutbox>())
    { }

    // Replaces the cache with these wire events; false with a warning when one is not an event.
    Q_INVOKABLE bool seed(const QVariantList &events)
    {
        tessera::DatabaseOpenResult opened =
            tessera::Database::open(m_dir.filePath(QStringLiteral("events-%1.db").arg(++m_files)),
                tessera::Database::newKey(), tessera::clientSchema());
        if (!opened.ok()) {
            qWarning("cannot open a database: %s", qPrintable(opened.detail));
            return false;
        }
        m_store.setDatabase(opened.database);
        QList<tessera::EventItem> parsed;
        for (const QVariant &value : events) {
            QString problem;
            const auto event =
                tessera::EventItem::fromJson(QJsonObject::fromVariantMap(value.toMap()), &problem);
            if (!event) {
                qWarning("not an event: %s", qPrintable(problem));
                return false;
            }
            parsed.append(*event);
        }
        return m_store.applyDelta(parsed, {}, QString::number(++m_cursor));
    }

    Q_INVOKABLE void setOffline(bool offline) { m_model.setOffline(offline); }
    Q_INVOKABLE int pendingAnswers() const { return m_store.pendingRsvpCount(); }

    // The server's answer (status, JSON body) to the answer waiting for eventId: false when none
    // waits.
    Q_INVOKABLE bool serverAnswers(const QString &eventId, int status, const QVariantMap &body)
    {
        const QList<tessera::RsvpEntry> due =
            m_store.dueRsvps(QDateTime::currentDateTimeUtc().addDays(1));
        for (const tessera::RsvpEntry &entry : due) {
            if (entry.eventId != eventId)
                continue;
            tessera::ApiReply reply;
            reply.httpStatus = status;
            reply.body = QJsonObject::fromVariantMap(body);
            reply.kind = status >= 200 && status < 300 ? tessera::ApiReply::Kind::Ok
                                                       : tessera::ApiReply::Kind::HttpError;
            if (!reply.ok())
                reply.error =
                    tessera::ApiError::fromJson(reply.body).value_or(tessera::ApiError {});
            m_outbox.handleAnswer(entry, reply);
            return true;
        }
        return false;
    }

    // The fake calendar: on (this fixture is the seam) or off (none: not offered).
    Q_INVOKABLE void useCalendar(bool on)
    {
        m_model.setCalendar(on ? this : nullptr, QStringLiteral("tessera.example.com"));
    }
    Q_INVOKABLE int calendarFiles() const { return m_calendarFiles; }
    Q_INVOKABLE QString lastCalendarFile() const { return QString::fromUtf8(m_lastIcs); }

    QString open(const QString &, const QByteArray &ics) override
    {
        ++m_calendarFiles;
        m_lastIcs = ics;
        return {};
    }

private:
    tessera::EventStore &m_store;
    tessera::EventsModel &m_model;
    tessera::EventRsvpOutbox &m_outbox;
    QTemporaryDir m_dir;
    int m_files = 0;
    int m_cursor = 0;
    int m_calendarFiles = 0;
    QByteArray m_lastIcs;
};
