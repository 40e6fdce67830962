#include "audience/audiencehistory.h"

#include "storage/sqlhelpers.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QSqlQuery>

#include <algorithm>

namespace tessera::server {

namespace {

const QString openMark = QStringLiteral("*");
constexpr qsizetype loadChunk = 200;

} // namespace

AudienceHistory AudienceHistory::fromText(const QString &text)
{
    AudienceHistory history;
    if (text.isEmpty())
        return history;
    const QJsonDocument document = QJsonDocument::fromJson(text.toUtf8());
    if (text == openMark || !document.isArray()) {
        history.m_open = true;
        return history;
    }
    const QJsonArray array = document.array();
    for (const auto &value : array) {
        const std::optional<Audience> audience = value.isObject()
            ? Audience::fromText(
                QString::fromUtf8(QJsonDocument(value.toObject()).toJson(QJsonDocument::Compact)))
            : std::nullopt;
        if (!audience) {
            history.m_audiences.clear();
            history.m_open = true;
            return history;
        }
        if (!history.m_audiences.contains(*audience))
            history.m_audiences.append(*audience);
    }
    return history;
}

QString AudienceHistory::toText() const
{
    if (m_open)
        return openMark;
    QStringList texts;
    texts.reserve(m_audiences.size());
    for (const Audience &audience : m_audiences)
        texts.append(audience.toText());
    return QLatin1Char('[') + texts.join(QLatin1Char(',')) + QLatin1Char(']');
}

void AudienceHistory::add(const QString &audienceText)
{
    if (m_open)
        return;
    const std::optional<Audience> audience = Audience::fromText(audienceText);
    if (!audience || m_audiences.contains(*audience))
        return;
    if (m_audiences.size() >= maxAudiences) {
        m_audiences.clear();
        m_open = true;
        return;
    }
    m_audiences.append(*audience);
}

bool AudienceHistory::reaches(const AudienceMember &person) const
{
    if (m_open)
        return true;
    return std::any_of(m_audiences.cbegin(), m_audiences.cend(),
        [&person](const Audience &audience) { return audience.contains(person); });
}

bool AudienceHistory::remember(
    QSqlDatabase &db, const char *table, const QString &id, const QString &audienceText)
{
    const QString name = QString::fromLatin1(table);
    QSqlQuery query(db);
    if (!sql::exec(
            query, QStringLiteral("SELECT audiences FROM %1 WHERE id = ?").arg(name), { id }))
        return false;
    if (!query.next())
        return false; // the row is written first
    AudienceHistory history = fromText(query.value(0).toString());
    const QString before = query.value(0).toString();
    history.add(audienceText);
    const QString after = history.toText();
    if (after == before)
        return true;
    QSqlQuery update(db);
    return sql::exec(update, QStringLiteral("UPDATE %1 SET audiences = ? WHERE id = ?").arg(name),
        { after, id });
}

std::optional<QHash<QString, AudienceHistory>> AudienceHistory::load(
    QSqlDatabase &db, const char *table, const QStringList &ids)
{
    QHash<QString, AudienceHistory> histories;
    const QString name = QString::fromLatin1(table);
    for (qsizetype at = 0; at < ids.size(); at += loadChunk) {
        const QStringList chunk = ids.mid(at, loadChunk);
        QSqlQuery query(db);
        if (!sql::exec(query,
                QStringLiteral("SELECT id, audiences FROM %1 WHERE id IN (%2)")
                    .arg(name, sql::placeholders(chunk.size())),
                sql::values(chunk)))
            return std::nullopt;
        while (query.next())
            histories.insert(query.value(0).toString(), fromText(query.value(1).toString()));
    }
    return histories;
}

} // namespace tessera::server
