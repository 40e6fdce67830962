#include "pass/defaultcheckprocesses.h"

namespace tessera::server {

namespace {

// One default check process: its names, whether entry needs today's attestation, and its rule.
struct DefaultProcess
{
    QString name;
    QString title;
    QString claim;
    bool needsAttestation = false;
    QJsonObject rule;
};

QJsonObject verdict(const QString &verdict, const QString &key = {}, const QString &text = {})
{
    QJsonObject outcome { { QStringLiteral("verdict"), verdict } };
    if (!key.isEmpty())
        outcome.insert(key, text);
    return outcome;
}

// Entry: the status "allowed" lets in; anything else (or none) is denied with deniedMessage.
QJsonObject entryRule(const QString &deniedMessage)
{
    return QJsonObject {
        { QStringLiteral("values"),
            QJsonObject { { QStringLiteral("allowed"), verdict(QStringLiteral("allow")) } } },
        { QStringLiteral("otherwise"),
            verdict(QStringLiteral("deny"), QStringLiteral("message"), deniedMessage) },
    };
}

// Medical check: "cleared" lets in; "required", anything else or none sends to the check.
QJsonObject medicalRule()
{
    const QJsonObject toCheck = verdict(QStringLiteral("action"), QStringLiteral("action"),
        QStringLiteral("Send to medical check"));
    return QJsonObject {
        { QStringLiteral("values"),
            QJsonObject { { QStringLiteral("cleared"), verdict(QStringLiteral("allow")) },
                { QStringLiteral("required"), toCheck } } },
        { QStringLiteral("otherwise"), toCheck },
    };
}

} // namespace

QList<QJsonObject> defaultCheckProcesses()
{
    const QList<DefaultProcess> defaults {
        { QStringLiteral("office-entry"), QStringLiteral("Office entry"),
            QStringLiteral("office-entry"), false,
            entryRule(QStringLiteral("No office access on this pass.")) },
        // Site entry: the office-entry status, and today's attestation: amber "Needs
        // today's attestation" when the pass carries none.
        { QStringLiteral("site-entry"), QStringLiteral("Site entry"),
            QStringLiteral("office-entry"), true,
            entryRule(QStringLiteral("No site access on this pass.")) },
        { QStringLiteral("medical-check"), QStringLiteral("Medical check"),
            QStringLiteral("medical-check"), false, medicalRule() },
    };
    QList<QJsonObject> definitions;
    for (const DefaultProcess &process : defaults) {
        QJsonObject definition { { QStringLiteral("name"), process.name },
            { QStringLiteral("title"), process.title }, { QStringLiteral("claim"), process.claim },
            { QStringLiteral("rule"), process.rule } };
        if (process.needsAttestation)
            definition.insert(QStringLiteral("needsAttestation"), true);
        definitions.append(definition);
    }
    return definitions;
}

} // namespace tessera::server
