#include "feed/deltapagewriter.h"

#include "audience/audience.h"

#include <QJsonArray>
#include <QJsonDocument>

#include <algorithm>
#include <utility>

namespace tessera::server {

HttpResponse DeltaPage::answer() const
{
    const QByteArray removedJson =
        QJsonDocument(QJsonArray::fromStringList(removed)).toJson(QJsonDocument::Compact);
    // The members in the order QJsonObject writes them (by key), so that the answer reads as
    // http::json of the same object would; the objects' bytes are copied once, into the body.
    QStringList keys { QStringLiteral("cursor"), QStringLiteral("more"), m_listKey,
        QStringLiteral("removed") };
    keys.sort();
    QByteArray body;
    body.reserve(m_objects.size() + removedJson.size() + 80);
    body += '{';
    for (const QString &key : std::as_const(keys)) {
        if (body.size() > 1)
            body += ',';
        body += '"';
        body += key.toUtf8();
        body += "\":";
        if (key == m_listKey) {
            body += '[';
            body += m_objects;
            body += ']';
        } else if (key == QLatin1String("cursor")) {
            body += '"';
            body += QByteArray::number(cursor);
            body += '"';
        } else if (key == QLatin1String("more")) {
            body += more ? "true" : "false";
        } else {
            body += removedJson;
        }
    }
    body += '}';
    // http::json's status and headers, with the body already written.
    HttpResponse response = http::json({});
    response.body = std::move(body);
    return response;
}

DeltaPageWriter::DeltaPageWriter(AudienceMember person, QString listKey, qint64 since, int pageSize)
    : m_person(std::move(person))
    , m_since(since)
    , m_budget(pageSize)
{
    m_page.ok = true;
    m_page.cursor = since;
    m_page.m_listKey = std::move(listKey);
}

bool DeltaPageWriter::reaches(const QString &audienceText)
{
    const auto known = m_verdicts.constFind(audienceText);
    if (known != m_verdicts.cend())
        return *known;
    const std::optional<Audience> audience = Audience::fromText(audienceText);
    const bool in = audience && audience->contains(m_person);
    m_verdicts.insert(audienceText, in);
    return in;
}

void DeltaPageWriter::setHistories(QHash<QString, AudienceHistory> histories)
{
    m_histories = std::move(histories);
}

bool DeltaPageWriter::full()
{
    m_page.more = true;
    return false;
}

bool DeltaPageWriter::skip(qint64 cursor)
{
    if (!m_budget.take(0))
        return full();
    m_page.cursor = std::max(m_page.cursor, cursor);
    return true;
}

bool DeltaPageWriter::take(qint64 cursor, const QString &id, bool live, const QString &audienceText,
    const std::function<QJsonObject()> &toJson)
{
    // Each object once a page (its current state); one not shown is removed from an app that
    // has it, and a first sync has nothing to remove.
    const bool isNew = !m_listed.contains(id);
    const bool shown = isNew && live && reaches(audienceText);
    const bool isRemoved =
        isNew && !shown && m_since > 0 && m_histories.value(id).reaches(m_person);
    const QByteArray json =
        shown ? QJsonDocument(toJson()).toJson(QJsonDocument::Compact) : QByteArray();
    const qsizetype bytes = shown ? PageBudget::sizeOfWritten(json)
        : isRemoved               ? PageBudget::sizeOf(id)
                                  : 0;
    if (!m_budget.take(bytes))
        return full();
    m_page.cursor = std::max(m_page.cursor, cursor);
    if (shown) {
        if (m_page.m_count > 0)
            m_page.m_objects += ',';
        m_page.m_objects += json;
        ++m_page.m_count;
    } else if (isRemoved) {
        m_page.removed.append(id);
    }
    if (shown || isRemoved)
        m_listed.insert(id);
    return true;
}

DeltaPage DeltaPageWriter::finish()
{
    return std::move(m_page);
}

} // namespace tessera::server
