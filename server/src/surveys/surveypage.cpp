#include "surveys/surveypage.h"

#include "audience/audiencemember.h"
#include "surveys/anonymousanswers.h"

#include <QHash>
#include <QJsonDocument>
#include <QSet>

#include <utility>

namespace tessera::server {

QJsonObject SurveyPage::surveyJson(
    const StoredSurvey &survey, const QString &now, bool answered, const QString &myAnswer)
{
    return QJsonObject {
        { QStringLiteral("id"), survey.id },
        { QStringLiteral("title"), survey.title },
        { QStringLiteral("card"), QJsonDocument::fromJson(survey.card.toUtf8()).object() },
        { QStringLiteral("closesAt"), survey.closesAt },
        { QStringLiteral("closed"), !survey.isOpen(now) },
        { QStringLiteral("anonymous"), survey.anonymous },
        { QStringLiteral("editable"), survey.editable },
        { QStringLiteral("version"), survey.version },
        { QStringLiteral("answered"), answered },
        { QStringLiteral("myAnswer"),
            survey.anonymous || myAnswer.isEmpty()
                ? QJsonValue()
                : QJsonValue(QJsonDocument::fromJson(myAnswer.toUtf8()).object()) },
        { QStringLiteral("source"), QJsonObject { { QStringLiteral("name"), survey.source } } },
    };
}

SurveyService::Page SurveyPage::read(QSqlDatabase &db, const QString &userId, qint64 since,
    const QString &now, int pageSize, qint64 ownAnonymous)
{
    const std::optional<AudienceMember> person = AudienceMember::loadOne(db, userId);
    if (!person)
        return {};
    // A first sync lists what is shown; a delta also the person's own answers since (their
    // anonymous ones at ownAnonymous).
    const auto rows = SurveyRepository::changedSince(db, since, pageSize + 1, since == 0);
    const auto answers = since == 0
        ? std::optional<QList<SurveyRepository::Answer>>(QList<SurveyRepository::Answer>())
        : SurveyRepository::answersSince(db, userId, since, pageSize + 1);
    const auto marked = since > 0 && ownAnonymous > 0 ? AnonymousAnswers::markedBy(db, userId)
                                                      : std::optional<QStringList>(QStringList());
    if (!rows || !answers || !marked)
        return {};
    QList<DeltaChange> own;
    own.reserve(answers->size() + marked->size());
    for (const SurveyRepository::Answer &answer : *answers)
        own.append({ answer.cursor, answer.surveyId });
    for (const QString &id : *marked)
        own.append({ ownAnonymous, id });
    QHash<QString, QString> myAnswers;
    QSet<QString> myMarks;
    DeltaFeature<StoredSurvey> feature;
    feature.table = "surveys";
    feature.listKey = QStringLiteral("surveys");
    feature.withIds = [&db](const QStringList &ids) { return SurveyRepository::withIds(db, ids); };
    feature.prepare = [&](const QStringList &ids) {
        auto answersAmong = SurveyRepository::answersAmong(db, userId, ids);
        auto markedAmong = AnonymousAnswers::markedAmong(db, userId, ids);
        if (!answersAmong || !markedAmong)
            return false;
        myAnswers = std::move(*answersAmong);
        myMarks = std::move(*markedAmong);
        return true;
    };
    feature.isLive = [](const StoredSurvey &survey) { return survey.isShown(); };
    feature.toJson = [&](const StoredSurvey &survey) {
        const QString mine = myAnswers.value(survey.id);
        return surveyJson(survey, now, !mine.isEmpty() || myMarks.contains(survey.id), mine);
    };
    return readDeltaPage(db, *person, since, pageSize, *rows, own, feature);
}

} // namespace tessera::server
