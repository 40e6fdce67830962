#pragma once

// `SelfServiceFixture` (import TesseraTest): fills the real self-service stores behind the
// `Services` and `Requests` singletons with services and submissions as GET /v1/services and
// GET /v1/submissions send them, in a SQLCipher database of its own with every feature's tables
// (the session stays signed out: a submission made in a test waits in the real outbox). And what
// the outbox does when the server answers for good (a 422 naming inputs), for the form page.
#include "selfservice/cataloguestore.h"
#include "selfservice/internal/outboxrows.h"
#include "selfservice/requestsstore.h"
#include "selfservice/selfservice.h"
#include "selfservice/serviceentry.h"
#include "selfservice/submissionoutbox.h"
#include "selfservice/submissionrecord.h"
#include "services/clientschema.h"
#include "services/clientstack.h"
#include "storage/database.h"

#include <QJsonArray>
#include <QObject>
#include <QTemporaryDir>
#include <QVariantList>

class SelfServiceFixture : public QObject
{
    Q_OBJECT
public:
    SelfServiceFixture(tessera::ClientStack &stack, QObject *parent)
        : QObject(parent)
        , m_catalogue(*stack.part<tessera::CatalogueStore>())
        , m_requests(*stack.part<tessera::RequestsStore>())
        , m_outbox(*stack.part<tessera::SubmissionOutbox>())
        , m_selfService(*stack.part<tessera::SelfService>())
    { }

    // Replaces the cache (and the outbox) with these wire services and submissions; false with a
    // warning when one is not what the API sends.
    Q_INVOKABLE bool seed(const QVariantList &services, const QVariantList &requests = {})
    {
        tessera::DatabaseOpenResult opened = tessera::Database::open(
            m_dir.filePath(QStringLiteral("selfservice-%1.db").arg(++m_files)),
            tessera::Database::newKey(), tessera::clientSchema());
        if (!opened.ok()) {
            qWarning("cannot open a database: %s", qPrintable(opened.detail));
            return false;
        }
        QList<tessera::ServiceEntry> entries;
        QList<tessera::SubmissionRecord> records;
        QString problem;
        for (const QVariant &value : services) {
            const auto entry = tessera::ServiceEntry::fromJson(
                QJsonObject::fromVariantMap(value.toMap()), &problem);
            if (!entry) {
                qWarning("not a service: %s", qPrintable(problem));
                return false;
            }
            entries.append(*entry);
        }
        for (const QVariant &value : requests) {
            const auto record = tessera::SubmissionRecord::fromJson(
                QJsonObject::fromVariantMap(value.toMap()), &problem);
            if (!record) {
                qWarning("not a submission: %s", qPrintable(problem));
                return false;
            }
            records.append(*record);
        }
        m_outbox.setDatabase(opened.database);
        m_catalogue.setDatabase(opened.database);
        m_requests.setDatabase(opened.database);
        m_database = opened.database;
        return m_catalogue.applyPage(entries, {}, QString::number(m_files))
            && m_requests.applyPage(records, QString::number(m_files));
    }

    // What the live stream would say.
    Q_INVOKABLE void setOffline(bool offline) { m_selfService.setOffline(offline); }

    // What the outbox does with the server's final refusal of submission seq (422
    // invalid_inputs: errors [{input, message}]): kept as failed with the errors, and said.
    Q_INVOKABLE bool refuse(int seq, const QString &message, const QVariantList &errors)
    {
        if (!m_database
            || !tessera::selfservice::markOutboxFailed(
                *m_database, seq, message, QJsonArray::fromVariantList(errors)))
            return false;
        Q_EMIT m_outbox.pendingCountChanged();
        Q_EMIT m_outbox.submissionFailed(seq, message);
        return true;
    }

private:
    tessera::CatalogueStore &m_catalogue;
    tessera::RequestsStore &m_requests;
    tessera::SubmissionOutbox &m_outbox;
    tessera::SelfService &m_selfService;
    std::shared_ptr<tessera::Database> m_database;
    QTemporaryDir m_dir;
    int m_files = 0;
};
