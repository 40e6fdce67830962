#include "attest/attesttoday.h"

#include "attest/attestoutbox.h"
#include "attest/atteststore.h"

#include <QDateTime>
#include <QJsonDocument>

namespace tessera {

AttestToday::AttestToday(AttestStore &store, AttestOutbox &outbox, QObject *parent)
    : QObject(parent)
    , m_store(store)
    , m_outbox(outbox)
{
    connect(&m_store, &AttestStore::changed, this, &AttestToday::changed);
    connect(&m_outbox, &AttestOutbox::formLoaded, this, [this]() {
        m_loading = false;
        m_error.clear();
        Q_EMIT changed();
    });
    connect(&m_outbox, &AttestOutbox::formFailed, this,
        [this](const QString &code, const QString &reason) {
            m_loading = false;
            m_error = code == u"not_found" ? tr("No attestation is asked for yet.") : reason;
            Q_EMIT changed();
        });
    connect(&m_outbox, &AttestOutbox::answered, this, [this]() {
        m_error.clear();
        Q_EMIT changed();
    });
    connect(&m_outbox, &AttestOutbox::refused, this,
        [this](qint64, const QString &, const QString &reason) {
            m_error = reason;
            Q_EMIT changed();
        });
}

AttestToday::~AttestToday() = default;

QString AttestToday::card() const
{
    const QJsonObject card = m_store.form().value(QStringLiteral("card")).toObject();
    return card.isEmpty() ? QString()
                          : QString::fromUtf8(QJsonDocument(card).toJson(QJsonDocument::Compact));
}

bool AttestToday::answeredToday() const
{
    return day() == QDateTime::currentDateTimeUtc().date().toString(Qt::ISODate);
}

bool AttestToday::pending() const
{
    return m_store.pending().has_value();
}

QString AttestToday::day() const
{
    return m_store.lastAnswer().value(QStringLiteral("day")).toString();
}

QVariantList AttestToday::answerLines() const
{
    QVariantList lines;
    const QJsonObject inputs = m_store.lastAnswer().value(QStringLiteral("inputs")).toObject();
    for (auto it = inputs.begin(); it != inputs.end(); ++it)
        lines.append(QVariantMap { { QStringLiteral("input"), it.key() },
            { QStringLiteral("value"), it.value().toVariant().toString() } });
    return lines;
}

void AttestToday::refresh()
{
    m_loading = true;
    Q_EMIT changed();
    m_outbox.fetchForm();
    m_outbox.fetchToday();
}

QVariantMap AttestToday::submit(const QVariantMap &values)
{
    QJsonObject inputs;
    for (auto it = values.begin(); it != values.end(); ++it)
        inputs.insert(it.key(), it.value().toString());
    const AttestOutbox::SubmitResult result = m_outbox.submit(inputs);
    QVariantList errors;
    for (const cards::InputError &error : result.errors)
        errors.append(QVariantMap { { QStringLiteral("input"), error.inputId },
            { QStringLiteral("message"), error.message } });
    const bool queued = result.outcome == AttestOutbox::Submit::Queued
        || result.outcome == AttestOutbox::Submit::AlreadyWaiting;
    QString message;
    if (result.outcome == AttestOutbox::Submit::NoForm)
        message = tr("There is no attestation form on this device yet.");
    else if (result.outcome == AttestOutbox::Submit::Failed)
        message = tr("The answer could not be stored on this device.");
    Q_EMIT changed();
    return QVariantMap { { QStringLiteral("queued"), queued }, { QStringLiteral("errors"), errors },
        { QStringLiteral("message"), message } };
}

} // namespace tessera
