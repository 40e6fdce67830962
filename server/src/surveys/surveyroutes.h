#pragma once

#include "http/routetable.h"

namespace tessera::server {

class SurveyService;

// The Web API of surveys (the surveys wire contract, docs/INTEGRATION.md "Surveys"):
//   PUT    /v1/subsystem/surveys/{surveyId}              (surveys:write) put or replace
//   DELETE /v1/subsystem/surveys/{surveyId}              (surveys:write) withdraw, answers too
//   GET    /v1/subsystem/surveys/{surveyId}/results      (surveys:write) results as JSON
//   GET    /v1/subsystem/surveys/{surveyId}/results.csv  (surveys:write) results as CSV
//   GET    /v1/surveys?since=CURSOR                      (a person) the surveys of their audiences
//   PUT    /v1/surveys/{id}/answer                       (a person) answer once
class SurveyRoutes
{
public:
    // The body limit of a survey's PUT and of an answer (as a card's).
    static constexpr qint64 bodyBytes = qint64(64) * 1024;

    explicit SurveyRoutes(SurveyService &service);

    void addRoutes(RouteTable &routes);

private:
    HttpResponse put(const HttpRequest &request);
    HttpResponse remove(const HttpRequest &request);
    HttpResponse results(const HttpRequest &request, bool csv);
    HttpResponse changes(const HttpRequest &request);
    HttpResponse answer(const HttpRequest &request);

    SurveyService &m_service;
};

} // namespace tessera::server
