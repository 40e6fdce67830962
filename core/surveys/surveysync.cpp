#include "surveys/surveysync.h"

#include "feed/deltapage.h"
#include "surveys/internal/surveyslogging.h"
#include "surveys/survey.h"
#include "surveys/surveystore.h"

namespace tessera {

SurveySync::SurveySync(AuthorizedApi &api, SessionScope &scope, SurveyStore &store, QObject *parent)
    : DeltaSync(api, scope, store, path(), lcSurveys, parent)
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
    const DeltaPageSpec spec {
        .name = QStringLiteral("surveys"),
        .key = QStringLiteral("surveys"),
        .maxIdLength = Survey::maxIdLength,
        .log = lcSurveys,
        .malformed = malformedPage(),
        .tooLong = QStringLiteral("the page of surveys is too long"),
        .badRemovedId = QStringLiteral("a removed survey's id is not valid"),
        .notStored = QStringLiteral("The surveys could not be stored on this device"),
        .skipping = QStringLiteral("skipping a survey:"),
    };
    return applyDeltaPage<Survey>(page, cursor, spec, m_store, problem);
}

} // namespace tessera
