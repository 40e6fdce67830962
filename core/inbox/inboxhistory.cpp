#include "inbox/inboxhistory.h"

#include "base/futurewatch.h"
#include "identity/authorizedapi.h"
#include "identity/failuretext.h"
#include "identity/sessionscope.h"
#include "inbox/inboxitem.h"
#include "net/apireply.h"

#include <QCoreApplication>
#include <QJsonArray>
#include <QJsonObject>
#include <QLocale>
#include <QUrl>

namespace tessera {

namespace {

QString tr(const char *text)
{
    return QCoreApplication::translate("tessera::InboxHistory", text);
}

QString eventText(
    const QString &event, const QString &who, const QString &via, const QString &action)
{
    if (event == u"created")
        return who.isEmpty() ? tr("Sent") : tr("Sent by %1").arg(who);
    if (event == u"read")
        return tr("Read");
    if (event == u"decided" || event == u"approved") { // approved: one approver of several
        const QString described = InboxItem::describeVia(via);
        const QString how = described.isEmpty() ? QString() : QStringLiteral(" ") + described;
        if (action == u"approve")
            return tr("Approved by %1%2").arg(who, how);
        if (action == u"reject")
            return tr("Rejected by %1%2").arg(who, how);
        return tr("“%1” by %2%3").arg(action, who, how);
    }
    if (event == u"withdrawn")
        return tr("Withdrawn by the sender");
    if (event == u"expired")
        return tr("Expired");
    return event;
}

} // namespace

InboxHistory::InboxHistory(AuthorizedApi &api, SessionScope &scope, QObject *parent)
    : QObject(parent)
    , m_api(api)
    , m_scope(scope)
{
    connect(&m_scope, &SessionScope::databaseChanged, this, &InboxHistory::clear);
}

InboxHistory::~InboxHistory() = default;

std::optional<QVariantList> InboxHistory::parse(const QJsonObject &item, QString *problem)
{
    const QJsonValue history = item.value(QStringLiteral("history"));
    if (!history.isArray()) {
        *problem = QStringLiteral("the answer has no history");
        return std::nullopt;
    }
    QVariantList events;
    const QJsonArray array = history.toArray();
    for (const auto &value : array) {
        const QJsonObject object = value.toObject();
        const QString event = object.value(QStringLiteral("event")).toString();
        const QDateTime at =
            QDateTime::fromString(object.value(QStringLiteral("at")).toString(), Qt::ISODateWithMs);
        if (!value.isObject() || event.isEmpty() || !at.isValid()) {
            *problem = QStringLiteral("a history event lacks its kind or time");
            return std::nullopt;
        }
        const QString by = object.value(QStringLiteral("by")).toString();
        const QString byName = object.value(QStringLiteral("byName")).toString();
        const QString via = object.value(QStringLiteral("via")).toString();
        const QString action = object.value(QStringLiteral("action")).toString();
        QVariantMap entry {
            { QStringLiteral("event"), event },
            { QStringLiteral("at"), at },
            { QStringLiteral("by"), by },
            { QStringLiteral("byName"), byName },
            { QStringLiteral("via"), via },
            { QStringLiteral("action"), action },
            { QStringLiteral("comment"), object.value(QStringLiteral("comment")).toString() },
            { QStringLiteral("text"),
                eventText(event, byName.isEmpty() ? by : byName, via, action) },
        };
        events.append(entry);
    }
    return events;
}

void InboxHistory::load(const QString &itemId)
{
    const quint64 request = ++m_request;
    if (itemId != m_itemId)
        m_events.clear();
    m_itemId = itemId;
    m_error.clear();
    m_loading = true;
    Q_EMIT changed();
    const QString path =
        QStringLiteral("/v1/inbox/") + QString::fromLatin1(QUrl::toPercentEncoding(itemId));
    whenFinished(
        this, m_api.get(path), [this, request](const ApiReply &reply) { finish(request, reply); });
}

void InboxHistory::finish(quint64 request, const ApiReply &reply)
{
    if (request != m_request)
        return;
    m_loading = false;
    if (!reply.ok()) {
        m_error = FailureText::describe(reply);
    } else {
        QString problem;
        if (auto events = parse(reply.body, &problem)) {
            m_events = *events;
            m_error.clear();
        } else {
            m_error = tr("The server's answer could not be read (%1).").arg(problem);
        }
    }
    Q_EMIT changed();
}

void InboxHistory::clear()
{
    ++m_request;
    m_itemId.clear();
    m_events.clear();
    m_loading = false;
    m_error.clear();
    Q_EMIT changed();
}

} // namespace tessera
