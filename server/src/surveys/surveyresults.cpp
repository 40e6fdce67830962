#include "surveys/surveyresults.h"

#include "audience/audience.h"
#include "storage/sqlhelpers.h"
#include "surveys/anonymousanswers.h"
#include "surveys/surveyinputs.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QSqlQuery>

#include <algorithm>

namespace tessera::server {

namespace {

// What the results count: input id -> value -> answers, and input id -> texts.
struct Tally
{
    QHash<QString, QHash<QString, qint64>> counts;
    QHash<QString, QStringList> texts;
};

std::optional<Tally> tally(
    QSqlDatabase &db, const StoredSurvey &survey, const QList<SurveyInput> &inputs)
{
    Tally result;
    if (survey.anonymous) {
        auto counts = AnonymousAnswers::counts(db, survey.id);
        auto texts = AnonymousAnswers::texts(db, survey.id);
        if (!counts || !texts)
            return std::nullopt;
        result.counts = std::move(*counts);
        result.texts = std::move(*texts);
        return result;
    }
    const auto answers = SurveyRepository::answersOf(db, survey.id);
    if (!answers)
        return std::nullopt;
    for (const SurveyRepository::Answer &answer : *answers) {
        const QJsonObject values = QJsonDocument::fromJson(answer.inputs.toUtf8()).object();
        for (const SurveyInput &input : inputs) {
            for (const QString &value : input.countedValues(values.value(input.id))) {
                if (input.isText())
                    result.texts[input.id].append(value);
                else
                    result.counts[input.id][value] += 1;
            }
        }
    }
    return result;
}

QJsonObject countsJson(const QHash<QString, qint64> &counts)
{
    QJsonObject json;
    for (auto it = counts.cbegin(); it != counts.cend(); ++it)
        json.insert(it.key(), it.value());
    return json;
}

std::optional<qint64> answeredCount(QSqlDatabase &db, const StoredSurvey &survey)
{
    if (survey.anonymous)
        return AnonymousAnswers::markCount(db, survey.id);
    const auto answers = SurveyRepository::answersOf(db, survey.id);
    return answers ? std::optional<qint64>(answers->size()) : std::nullopt;
}

} // namespace

std::optional<QJsonObject> SurveyResults::json(
    QSqlDatabase &db, const StoredSurvey &survey, const QString &now)
{
    const QList<SurveyInput> inputs = SurveyInput::of(survey.card);
    const std::optional<QStringList> audience = Audience::enabledMembersOf(db, { survey.audience });
    const std::optional<qint64> answered = answeredCount(db, survey);
    const std::optional<Tally> counted = tally(db, survey, inputs);
    if (!audience || !answered || !counted)
        return std::nullopt;
    const bool textsHidden = survey.anonymous && *answered < AnonymousAnswers::minBatch;
    QJsonArray list;
    for (const SurveyInput &input : inputs) {
        QJsonObject item { { QStringLiteral("id"), input.id },
            { QStringLiteral("label"), input.label }, { QStringLiteral("type"), input.type } };
        const QHash<QString, qint64> counts = counted->counts.value(input.id);
        if (input.isText()) {
            item.insert(QStringLiteral("texts"),
                textsHidden
                    ? QJsonValue()
                    : QJsonValue(QJsonArray::fromStringList(counted->texts.value(input.id))));
            item.insert(QStringLiteral("textsHidden"), textsHidden);
        } else if (input.isNumeric()) {
            double sum = 0;
            qint64 answers = 0;
            for (auto it = counts.cbegin(); it != counts.cend(); ++it) {
                sum += it.key().toDouble() * double(it.value());
                answers += it.value();
            }
            item.insert(QStringLiteral("average"),
                answers > 0 ? QJsonValue(sum / double(answers)) : QJsonValue());
            item.insert(QStringLiteral("distribution"), countsJson(counts));
        } else {
            item.insert(QStringLiteral("counts"), countsJson(counts));
        }
        list.append(item);
    }
    const qint64 people = audience->size();
    return QJsonObject { { QStringLiteral("id"), survey.id },
        { QStringLiteral("anonymous"), survey.anonymous },
        { QStringLiteral("closed"), !survey.isOpen(now) }, { QStringLiteral("audience"), people },
        { QStringLiteral("answered"), *answered },
        { QStringLiteral("responseRate"), people > 0 ? double(*answered) / double(people) : 0.0 },
        { QStringLiteral("inputs"), list } };
}

QString SurveyResults::cell(const QString &text)
{
    QString value = text;
    if (!value.isEmpty() && QStringView(u"=+-@").contains(value.front()))
        value.prepend(QLatin1Char('\''));
    if (value.contains(QLatin1Char(',')) || value.contains(QLatin1Char('"'))
        || value.contains(QLatin1Char('\n')) || value.contains(QLatin1Char('\r')) || value != text)
        return QLatin1Char('"') + value.replace(QLatin1String("\""), QLatin1String("\"\""))
            + QLatin1Char('"');
    return value;
}

std::optional<QByteArray> SurveyResults::csv(QSqlDatabase &db, const StoredSurvey &survey)
{
    const QList<SurveyInput> inputs = SurveyInput::of(survey.card);
    QStringList lines;
    const auto row = [&lines](const QStringList &cells) {
        QStringList out;
        for (const QString &each : cells)
            out.append(cell(each));
        lines.append(out.join(QLatin1Char(',')));
    };
    if (!survey.anonymous) {
        QSqlQuery query(db);
        if (!sql::exec(query,
                QStringLiteral("SELECT a.user_id, COALESCE(u.display_name, ''), a.answered_at,"
                               " a.inputs FROM survey_answers a LEFT JOIN users u ON"
                               " u.id = a.user_id WHERE a.survey = ? ORDER BY a.answered_at,"
                               " a.user_id"),
                { survey.id }))
            return std::nullopt;
        QStringList header { QStringLiteral("userId"), QStringLiteral("displayName"),
            QStringLiteral("answeredAt") };
        for (const SurveyInput &input : inputs)
            header.append(input.id);
        row(header);
        while (query.next()) {
            const QJsonObject values =
                QJsonDocument::fromJson(query.value(3).toString().toUtf8()).object();
            QStringList cells { query.value(0).toString(), query.value(1).toString(),
                query.value(2).toString() };
            for (const SurveyInput &input : inputs)
                cells.append(input.countedValues(values.value(input.id)).join(QLatin1Char(',')));
            row(cells);
        }
    } else {
        const std::optional<qint64> answered = answeredCount(db, survey);
        const std::optional<Tally> counted = tally(db, survey, inputs);
        if (!answered || !counted)
            return std::nullopt;
        row({ QStringLiteral("input"), QStringLiteral("value"), QStringLiteral("count") });
        for (const SurveyInput &input : inputs) {
            const QHash<QString, qint64> counts = counted->counts.value(input.id);
            QStringList values = counts.keys();
            std::sort(values.begin(), values.end());
            for (const QString &value : values)
                row({ input.id, value, QString::number(counts.value(value)) });
        }
        if (*answered >= AnonymousAnswers::minBatch) {
            row({ QStringLiteral("input"), QStringLiteral("text") });
            for (const SurveyInput &input : inputs) {
                for (const QString &text : counted->texts.value(input.id))
                    row({ input.id, text });
            }
        }
    }
    return (lines.join(QStringLiteral("\r\n")) + QStringLiteral("\r\n")).toUtf8();
}

} // namespace tessera::server
