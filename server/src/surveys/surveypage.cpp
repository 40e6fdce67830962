#include "surveys/surveypage.h"

#include "audience/audience.h"
#include "audience/audiencehistory.h"
#include "audience/audiencemember.h"
#include "feed/pagebudget.h"
#include "surveys/anonymousanswers.h"

#include <QHash>
#include <QJsonDocument>
#include <QSet>

#include <algorithm>

namespace tessera::server {

namespace {

// One change a page may list: a survey's own, or the person's answer to it.
struct Entry
{
    qint64 cursor = 0;
    QString surveyId;
};

} // namespace

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
    // A first sync lists what is shown; a delta also the person's own answers since. Each
    // list in cursor order and one longer than a page: the first pageSize of them merged are the
    // first of all changes.
    const auto rows = SurveyRepository::changedSince(db, since, pageSize + 1, since == 0);
    const auto answers = since == 0
        ? std::optional<QList<SurveyRepository::Answer>>(QList<SurveyRepository::Answer>())
        : SurveyRepository::answersSince(db, userId, since, pageSize + 1);
    const auto marked = since > 0 && ownAnonymous > 0 ? AnonymousAnswers::markedBy(db, userId)
                                                      : std::optional<QStringList>(QStringList());
    if (!rows || !answers || !marked)
        return {};
    QHash<QString, StoredSurvey> surveys;
    QList<Entry> entries;
    for (const StoredSurvey &survey : *rows) {
        surveys.insert(survey.id, survey);
        entries.append({ survey.cursor, survey.id });
    }
    QStringList missing;
    const auto own = [&](qint64 cursor, const QString &id) {
        entries.append({ cursor, id });
        if (!surveys.contains(id) && !missing.contains(id))
            missing.append(id);
    };
    for (const SurveyRepository::Answer &answer : *answers)
        own(answer.cursor, answer.surveyId);
    for (const QString &id : *marked)
        own(ownAnonymous, id);
    const auto more = SurveyRepository::withIds(db, missing);
    if (!more)
        return {};
    for (const StoredSurvey &survey : *more)
        surveys.insert(survey.id, survey);
    std::stable_sort(entries.begin(), entries.end(),
        [](const Entry &a, const Entry &b) { return a.cursor < b.cursor; });
    const auto myAnswers = SurveyRepository::answersAmong(db, userId, surveys.keys());
    const auto myMarks = AnonymousAnswers::markedAmong(db, userId, surveys.keys());
    // Whom a survey not shown is removed from: a person in an audience it has had.
    const auto histories = since > 0 ? AudienceHistory::load(db, "surveys", surveys.keys())
                                     : std::optional(QHash<QString, AudienceHistory>());
    if (!myAnswers || !myMarks || !histories)
        return {};

    SurveyService::Page page { true, {}, {}, since, false };
    PageBudget budget(pageSize);
    QSet<QString> listed;
    for (const Entry &entry : entries) {
        const auto found = surveys.constFind(entry.surveyId);
        if (found == surveys.cend()) { // never: surveys stay (a deleted one as its tombstone)
            if (!budget.take(0)) {
                page.more = true;
                break;
            }
            page.cursor = std::max(page.cursor, entry.cursor);
            continue;
        }
        const StoredSurvey &survey = *found;
        const std::optional<Audience> audience = Audience::fromText(survey.audience);
        const bool shown = survey.isShown() && audience && audience->contains(*person);
        QJsonObject json;
        const bool isNew = !listed.contains(survey.id);
        if (isNew && shown) {
            const QString mine = myAnswers->value(survey.id);
            json = surveyJson(survey, now, !mine.isEmpty() || myMarks->contains(survey.id), mine);
        }
        const bool isRemoved =
            isNew && !shown && since > 0 && histories->value(survey.id).reaches(*person);
        const qsizetype bytes = !json.isEmpty() ? PageBudget::sizeOf(json)
            : isRemoved                         ? PageBudget::sizeOf(survey.id)
                                                : 0;
        if (!budget.take(bytes)) {
            page.more = true;
            break;
        }
        page.cursor = std::max(page.cursor, entry.cursor);
        if (!json.isEmpty())
            page.surveys.append(json);
        else if (isRemoved)
            page.removed.append(survey.id);
        if (!json.isEmpty() || isRemoved)
            listed.insert(survey.id);
    }
    return page;
}

} // namespace tessera::server
