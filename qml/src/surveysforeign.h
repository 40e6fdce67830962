#pragma once

#include "foreignsingleton.h"
#include "surveys/surveysmodel.h"

namespace tessera {

// `Surveys`: core's SurveysModel (open and unanswered first, then answered, then closed; count,
// openCount, loading, offline, error, survey(id), answer(id, values), dismissFailure(id),
// syncNow()).
struct SurveysForeign : ForeignSingleton<SurveysModel>
{
    Q_GADGET
    QML_FOREIGN(tessera::SurveysModel)
    QML_SINGLETON
    QML_NAMED_ELEMENT(Surveys)
};

} // namespace tessera
