#pragma once

#include <QObject>
#include <QString>
#include <QVariantList>
#include <QVariantMap>

namespace tessera {

class AttestOutbox;
class AttestStore;

// What the app's attestation page shows and does (exposed to QML as `Attest`): the form's card
// (as last fetched; shown offline), whether today's answer was given (the last answer's day is
// today, UTC: the server's day) or waits to be sent, and submit(values), checked by core's
// validator before anything is queued.
class AttestToday : public QObject
{
    Q_OBJECT
    Q_PROPERTY(QString card READ card NOTIFY changed)
    Q_PROPERTY(bool hasForm READ hasForm NOTIFY changed)
    Q_PROPERTY(bool answeredToday READ answeredToday NOTIFY changed)
    Q_PROPERTY(bool pending READ pending NOTIFY changed)
    Q_PROPERTY(QString day READ day NOTIFY changed)
    Q_PROPERTY(QVariantList answerLines READ answerLines NOTIFY changed)
    Q_PROPERTY(bool loading READ loading NOTIFY changed)
    Q_PROPERTY(QString error READ error NOTIFY changed)
public:
    // store and outbox must outlive this object.
    AttestToday(AttestStore &store, AttestOutbox &outbox, QObject *parent = nullptr);
    ~AttestToday() override;

    QString card() const; // the form's Adaptive Card as JSON text; empty: none yet
    bool hasForm() const { return !card().isEmpty(); }
    bool answeredToday() const;
    bool pending() const;
    QString day() const; // the last answer's day ("YYYY-MM-DD"), empty: none
    // The last answer's inputs as [{"input","value"}], in the form's order of ids.
    QVariantList answerLines() const;
    bool loading() const { return m_loading; }
    QString error() const { return m_error; }

    // Fetches the form again (the stored one stays shown meanwhile).
    Q_INVOKABLE void refresh();
    // {"queued": bool, "errors": [{"input","message"}], "message": words when not queued}.
    Q_INVOKABLE QVariantMap submit(const QVariantMap &values);

Q_SIGNALS:
    void changed();

private:
    AttestStore &m_store;
    AttestOutbox &m_outbox;
    bool m_loading = false;
    QString m_error;
};

} // namespace tessera
