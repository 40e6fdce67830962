#pragma once

// The Web API of the audience features (Home cards, news, events, surveys, services) in-process:
// each feature's real routes and service on a temporary SQLite database with the real change feed,
// called through the route table's handlers (the route table's own checks, which run before a
// handler, are tst_authz's).
#include "base/clock.h"
#include "cards/cardroutes.h"
#include "cards/cardservice.h"
#include "cards/formcheck.h"
#include "domainsql.h"
#include "events/eventsroutes.h"
#include "events/eventsservice.h"
#include "feed/changefeed.h"
#include "feed/deltareset.h"
#include "http/routetable.h"
#include "news/newsroutes.h"
#include "news/newsservice.h"
#include "notifications/notificationservice.h"
#include "services/servicecatalogue.h"
#include "services/serviceroutes.h"
#include "services/submissionservice.h"
#include "storage/storage.h"
#include "surveys/surveyroutes.h"
#include "surveys/surveyservice.h"

#include <QTemporaryDir>
#include <QUrlQuery>

#include <memory>

namespace tessera::test {

class FeatureRoutesFixture
{
public:
    // The database in dir, the services and every feature's routes; false with *error when the
    // database cannot be made.
    bool open(const QTemporaryDir &dir, QString *error)
    {
        using namespace server;
        m_storage = openDomainStorage(dir, error);
        if (!m_storage)
            return false;
        m_feed = std::make_unique<ChangeFeed>(*m_storage, m_clock);
        m_feed->registerKind(DeltaReset::changeKind());
        const QStringList ownHosts { QStringLiteral("tessera.example") };
        m_formCheck = std::make_unique<FormCheck>(ownHosts);
        m_notifications = std::make_unique<NotificationService>(*m_feed, m_clock);
        m_cards = std::make_unique<CardService>(*m_feed, m_clock, ownHosts);
        m_news = std::make_unique<NewsService>(*m_feed, m_clock, *m_formCheck);
        m_events =
            std::make_unique<EventsService>(*m_feed, m_clock, *m_formCheck, *m_notifications);
        m_surveys = std::make_unique<SurveyService>(*m_feed, m_clock, *m_formCheck);
        m_catalogue = std::make_unique<ServiceCatalogue>(*m_feed, m_clock, *m_formCheck);
        m_submissions = std::make_unique<SubmissionService>(*m_feed, m_clock, *m_formCheck);
        m_cardRoutes = std::make_unique<CardRoutes>(*m_cards);
        m_newsRoutes = std::make_unique<NewsRoutes>(*m_news);
        m_eventsRoutes = std::make_unique<EventsRoutes>(*m_events);
        m_surveyRoutes = std::make_unique<SurveyRoutes>(*m_surveys);
        m_serviceRoutes = std::make_unique<ServiceRoutes>(*m_catalogue, *m_submissions);
        m_table = std::make_unique<RouteTable>();
        m_cardRoutes->addRoutes(*m_table);
        m_newsRoutes->addRoutes(*m_table);
        m_eventsRoutes->addRoutes(*m_table);
        m_surveyRoutes->addRoutes(*m_table);
        m_serviceRoutes->addRoutes(*m_table);
        return true;
    }

    ~FeatureRoutesFixture() { close(); }

    void close()
    {
        m_table.reset();
        m_serviceRoutes.reset();
        m_surveyRoutes.reset();
        m_eventsRoutes.reset();
        m_newsRoutes.reset();
        m_cardRoutes.reset();
        m_submissions.reset();
        m_catalogue.reset();
        m_surveys.reset();
        m_events.reset();
        m_news.reset();
        m_cards.reset();
        m_notifications.reset();
        m_formCheck.reset();
        m_feed.reset();
        m_storage.reset();
    }

    server::ChangeFeed &feed() { return *m_feed; }

    const server::RouteTable::Route *route(
        server::RouteTable::Method method, const QString &path) const
    {
        for (const server::RouteTable::Route &route : m_table->routes()) {
            if (route.method == method && route.path == path)
                return &route;
        }
        return nullptr;
    }

    // The route's answer to a request from caller with the path's {id}, the query and body;
    // status 0 when there is no such route.
    server::HttpResponse call(server::RouteTable::Method method, const QString &path,
        const server::Principal &caller, const QString &id, const QString &query = {},
        const QByteArray &body = {}) const
    {
        const server::RouteTable::Route *found = route(method, path);
        if (!found)
            return {};
        server::HttpRequest request;
        request.method = method;
        request.path = path;
        request.route = path;
        request.params = { id };
        request.query = QUrlQuery(query);
        request.body = body;
        request.principal = caller;
        return found->handler(request);
    }

    static server::Principal subsystemKey()
    {
        server::Principal key;
        key.apiKeyId = QStringLiteral("key-that-owns-nothing");
        key.subsystem = QStringLiteral("hr");
        return key;
    }

    static server::Principal person(const QString &userId, const QStringList &roles = {})
    {
        server::Principal person;
        person.userId = userId;
        person.kind = QStringLiteral("local");
        person.userType = QStringLiteral("employee");
        person.roles = roles;
        return person;
    }

private:
    std::unique_ptr<server::Storage> m_storage;
    server::Clock m_clock;
    std::unique_ptr<server::ChangeFeed> m_feed;
    std::unique_ptr<server::FormCheck> m_formCheck;
    std::unique_ptr<server::NotificationService> m_notifications;
    std::unique_ptr<server::CardService> m_cards;
    std::unique_ptr<server::NewsService> m_news;
    std::unique_ptr<server::EventsService> m_events;
    std::unique_ptr<server::SurveyService> m_surveys;
    std::unique_ptr<server::ServiceCatalogue> m_catalogue;
    std::unique_ptr<server::SubmissionService> m_submissions;
    std::unique_ptr<server::CardRoutes> m_cardRoutes;
    std::unique_ptr<server::NewsRoutes> m_newsRoutes;
    std::unique_ptr<server::EventsRoutes> m_eventsRoutes;
    std::unique_ptr<server::SurveyRoutes> m_surveyRoutes;
    std::unique_ptr<server::ServiceRoutes> m_serviceRoutes;
    std::unique_ptr<server::RouteTable> m_table;
};

} // namespace tessera::test
