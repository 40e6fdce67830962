#pragma once

#include "health/healthrecordrequest.h"
#include "health/healthrepository.h"

#include <QByteArray>
#include <QJsonObject>
#include <QList>
#include <QSqlDatabase>

#include <optional>

namespace tessera::server {

class ChangeFeed;
class ChangeTransaction;
class Clock;
class InternalSender;
class SecretSeal;
class Storage;
struct InternalDecision;

// Vaccination records (README "Health records"): a person registers doses and attaches a
// certificate, sealed at rest and served only to them and the medical role; the medical role
// verifies (the person's pass then carries the status `vaccination` = `verified`) or rejects
// with a reason; reports are counts of people only. With an inbox sender, a new record is also an
// actionable item for the medical role's employees (verify, or reject with a comment; never the
// person's own), and deciding it there does what the medical routes do (which withdraw it).
// Blocking; runs on the worker pool.
class HealthService
{
public:
    // The body limit of a certificate (DESIGN.md, second round, decision 2: media 5 MiB).
    static constexpr qint64 maxCertificateBytes = qint64(5) * 1024 * 1024;
    // A report's cell under this many people is shown as "<5", never as its count.
    static constexpr int smallestCount = 5;
    static const QString medicalRole; // "medical"
    static const QString statusClaim; // "vaccination"

    enum class Outcome { Done, NotFound, NotPending, OwnRecord, Failed };

    HealthService(Storage &storage, ChangeFeed &feed, const Clock &clock, const SecretSeal &seal);

    // The medical role's inbox items (InternalSender "medical"), set by the composition root
    // before the server serves; without it, the medical routes alone decide.
    void setInbox(InternalSender *inbox) { m_inbox = inbox; }
    // The issuer keys HC1 signatures are checked with (--hc1-issuer-key: P-256
    // SubjectPublicKeyInfo DER); none: every HC1 code is stored as "not_checked".
    void setHc1IssuerKeys(const QList<QByteArray> &keysDer) { m_hc1IssuerKeys = keysDer; }
    const QList<QByteArray> &hc1IssuerKeys() const { return m_hc1IssuerKeys; }
    // The sender's decision handler: the item's verify or reject, inside the deciding
    // transaction; false (the decision not taken) when the record is no longer pending.
    bool decideFromInbox(ChangeTransaction &transaction, const InternalDecision &decision);

    QSqlDatabase connection() const;
    const Clock &clock() const { return m_clock; }

    std::optional<HealthRecord> add(const QString &userId, const HealthRecordRequest &request);
    std::optional<QList<HealthRecord>> recordsOf(const QString &userId);
    // Seals bytes as recordId's certificate (userId's own record only: else NotFound).
    Outcome attach(const QString &userId, const QString &recordId, const QString &kind,
        const QString &contentType, const QByteArray &bytes, const QString &signature,
        const QJsonObject &fields, HealthRecord *record);
    // The certificate's bytes, for its owner or a medical person; NotFound alike for none and
    // for anyone else.
    Outcome certificate(const QString &userId, bool medical, const QString &recordId,
        QByteArray *bytes, QString *contentType);
    std::optional<QList<PendingHealthRecord>> pending();
    // Verifies (sets the owner's status claim) or rejects (reason required by the caller) a
    // pending record, as deciderId; OwnRecord when it is the decider's own.
    Outcome decide(const QString &recordId, bool verify, const QString &reason,
        const QString &deciderId, HealthRecord *record);
    // {"threshold", "byState": [{"state","people"}], "cells": [{"state","department","geo",
    // "people"}]}: people is a number from smallestCount on, else the text "<5".
    std::optional<QJsonObject> report();

private:
    static QString sealContext(const QString &recordId);
    Outcome decideIn(QSqlDatabase &db, const QString &recordId, bool verify, const QString &reason,
        const QString &deciderId, HealthRecord *record);
    bool sendItem(ChangeTransaction &transaction, const HealthRecord &record);

    Storage &m_storage;
    ChangeFeed &m_feed;
    const Clock &m_clock;
    const SecretSeal &m_seal;
    InternalSender *m_inbox = nullptr;
    QList<QByteArray> m_hc1IssuerKeys;
};

} // namespace tessera::server
