#include "surveys/surveysync.h"

#include "surveys/internal/surveyslogging.h"
#include "surveys/survey.h"
#include "surveys/surveystore.h"

#include <QJsonArray>
#include <QRegularExpression>

namespace tessera {

namespace {

// More than a page may hold: the rest of an answer is not trusted.
constexpr qsizetype maxSurveysPerPage = 1000;
constexpr qsizetype maxRemovedPerPage = 10000;

bool isCursor(const QString &cursor)
{
    static const QRegularExpression pattern(QStringLiteral("^[0-9]{1,19}$"));
    return pattern.match(cursor).hasMatch();
}

bool isId(const QJsonValue &id)
{
    return id.isString() && !id.toString().isEmpty() && id.toString().size() <= Survey::maxIdLength;
}

} // namespace

SurveySync::SurveySync(Session &session, SurveyStore &store, QObject *parent)
    : DeltaSync(session, store, path(), lcSurveys, parent)
    , m_store(store)
{ }

SurveySync::~SurveySync() = default;

void SurveySync::attachStream(const StreamClient &stream)
{
    followStream(stream, hintKind());
}

QString SurveySync::malformedPage() const
{
    return QStringLiteral("the answer is not a page of surveys");
}

bool SurveySync::applyPage(const QJsonObject &page, const QString &cursor, QString *problem)
{
    const QJsonValue surveysValue = page.value(QStringLiteral("surveys"));
    const QJsonValue removedValue = page.value(QStringLiteral("removed"));
    if (!surveysValue.isArray() || !removedValue.isArray() || !isCursor(cursor)) {
        *problem = malformedPage();
        return false;
    }
    const QJsonArray array = surveysValue.toArray();
    const QJsonArray removedArray = removedValue.toArray();
    if (array.size() > maxSurveysPerPage || removedArray.size() > maxRemovedPerPage) {
        *problem = QStringLiteral("the page of surveys is too long");
        return false;
    }
    QStringList removed;
    for (const auto &id : removedArray) {
        if (!isId(id)) {
            *problem = QStringLiteral("a removed survey's id is not valid");
            return false;
        }
        removed.append(id.toString());
    }
    QList<Survey> surveys;
    surveys.reserve(array.size());
    for (const auto &value : array) {
        QString why;
        std::optional<Survey> survey = Survey::fromJson(value.toObject(), &why);
        if (!survey) {
            qCWarning(lcSurveys).noquote() << "skipping a survey:" << why;
            const QJsonValue id = value.toObject().value(QStringLiteral("id"));
            if (isId(id))
                removed.append(id.toString());
            continue;
        }
        surveys.append(std::move(*survey));
    }
    if (!m_store.applyDelta(surveys, removed, cursor)) {
        *problem = QStringLiteral("The surveys could not be stored on this device");
        return false;
    }
    qCDebug(lcSurveys) << "surveys page:" << surveys.size() << "surveys," << removed.size()
                       << "removed";
    return true;
}

} // namespace tessera
