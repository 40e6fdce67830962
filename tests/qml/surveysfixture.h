#pragma once

#include "net/apireply.h"
#include "services/clientschema.h"
#include "services/clientstack.h"
#include "storage/database.h"
#include "surveys/survey.h"
#include "surveys/surveyansweroutbox.h"
#include "surveys/surveysmodel.h"
#include "surveys/surveystore.h"

#include <QJsonObject>
#include <QObject>
#include <QTemporaryDir>
#include <QVariantList>

// `SurveysFixture` (import TesseraTest): fills the real surveys store behind the `Surveys`
// singleton with surveys as GET /v1/surveys sends them (one page with its cursor), in a SQLCipher
// database of its own with every feature's tables; says whether the server can be reached; shows
// what waits in the answer outbox and gives a waiting answer the server's reply (as the outbox
// would on its answer: 200, 409 with a code, ...).
class SurveysFixture : public QObject
{
    Q_OBJECT
public:
    SurveysFixture(tessera::ClientStack &stack, QObject *parent)
        : QObject(parent)
        , m_store(*stack.part<tessera::SurveyStore>())
        , m_outbox(*stack.part<tessera::SurveyAnswerOutbox>())
        , m_model(*stack.part<tessera::SurveysModel>())
    { }

    // Replaces the cache with these wire surveys; false with a warning when one is not a survey.
    Q_INVOKABLE bool seed(const QVariantList &surveys)
    {
        tessera::DatabaseOpenResult opened =
            tessera::Database::open(m_dir.filePath(QStringLiteral("surveys-%1.db").arg(++m_files)),
                tessera::Database::newKey(), tessera::clientSchema());
        if (!opened.ok()) {
            qWarning("cannot open a database: %s", qPrintable(opened.detail));
            return false;
        }
        m_store.setDatabase(opened.database);
        QList<tessera::Survey> parsed;
        for (const QVariant &value : surveys) {
            QString problem;
            const auto survey =
                tessera::Survey::fromJson(QJsonObject::fromVariantMap(value.toMap()), &problem);
            if (!survey) {
                qWarning("not a survey: %s", qPrintable(problem));
                return false;
            }
            parsed.append(*survey);
        }
        return m_store.applyDelta(parsed, {}, QString::number(++m_cursor));
    }

    Q_INVOKABLE void setOffline(bool offline) { m_model.setOffline(offline); }
    Q_INVOKABLE int pendingCount() const { return m_store.pendingCount(); }
    // The answer waiting (or refused) for surveyId: {state, inputs, hasKey}; {} for none.
    Q_INVOKABLE QVariantMap answer(const QString &surveyId) const
    {
        const auto answer = m_store.answerFor(surveyId);
        if (!answer)
            return {};
        return { { QStringLiteral("state"), answer->state },
            { QStringLiteral("inputs"), answer->inputs.toVariantMap() },
            { QStringLiteral("hasKey"), !answer->idempotencyKey.isEmpty() } };
    }
    // The server's reply to the answer waiting for surveyId: status 200 delivers it; another
    // status with code is an error answer. False when nothing waits.
    Q_INVOKABLE bool reply(const QString &surveyId, int status, const QString &code = {})
    {
        const auto answer = m_store.answerFor(surveyId);
        if (!answer || !answer->isPending())
            return false;
        tessera::ApiReply reply;
        reply.httpStatus = status;
        if (status == 200) {
            reply.kind = tessera::ApiReply::Kind::Ok;
        } else {
            reply.kind = tessera::ApiReply::Kind::HttpError;
            reply.error = tessera::ApiError { code, QStringLiteral("refused") };
        }
        m_outbox.applyReply(*answer, reply);
        return true;
    }

private:
    tessera::SurveyStore &m_store;
    tessera::SurveyAnswerOutbox &m_outbox;
    tessera::SurveysModel &m_model;
    QTemporaryDir m_dir;
    int m_files = 0;
    int m_cursor = 0;
};
