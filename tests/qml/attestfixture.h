#pragma once

#include "attest/atteststore.h"
#include "services/clientschema.h"
#include "services/clientstack.h"
#include "storage/database.h"

#include <QJsonObject>
#include <QObject>
#include <QTemporaryDir>
#include <QVariantMap>

// `AttestFixture` (import TesseraTest): fills the real attestation store behind the `Attest`
// singleton, in a SQLCipher database of its own with every feature's tables: the form as
// GET /v1/attestations/form sends it and the last answer the server took; says what waits in
// the outbox.
class AttestFixture : public QObject
{
    Q_OBJECT
public:
    AttestFixture(tessera::ClientStack &stack, QObject *parent)
        : QObject(parent)
        , m_store(*stack.part<tessera::AttestStore>())
    { }

    // A fresh database holding form ({"card","version"}; {} for none) and answer ({} for none).
    Q_INVOKABLE bool seed(const QVariantMap &form, const QVariantMap &answer)
    {
        tessera::DatabaseOpenResult opened =
            tessera::Database::open(m_dir.filePath(QStringLiteral("attest-%1.db").arg(++m_files)),
                tessera::Database::newKey(), tessera::clientSchema());
        if (!opened.ok()) {
            qWarning("cannot open a database: %s", qPrintable(opened.detail));
            return false;
        }
        m_store.setDatabase(opened.database);
        return (form.isEmpty() || m_store.setForm(QJsonObject::fromVariantMap(form)))
            && (answer.isEmpty() || m_store.setLastAnswer(QJsonObject::fromVariantMap(answer)));
    }

    // The answer waiting in the outbox: its inputs; {} for none.
    Q_INVOKABLE QVariantMap pending() const
    {
        const auto entry = m_store.pending();
        return entry ? entry->body.value(QStringLiteral("inputs")).toObject().toVariantMap()
                     : QVariantMap();
    }

private:
    tessera::AttestStore &m_store;
    QTemporaryDir m_dir;
    int m_files = 0;
};
