#pragma once

#include "privacy/personaldata.h"

namespace tessera::server {

// A person's answers to named surveys and their "has answered" marks. An anonymous answer is
// stored without the person (DESIGN.md, decision 10): nothing links it to them, so no export
// can find it.
inline QList<PersonalTable> surveysPersonalData()
{
    return {
        { QStringLiteral("surveys"), QStringLiteral("survey_answers"),
            { QStringLiteral("user_id") } },
        { QStringLiteral("surveys"), QStringLiteral("survey_marks"),
            { QStringLiteral("user_id") } },
        audienceTable(QStringLiteral("surveys")),
    };
}

} // namespace tessera::server
