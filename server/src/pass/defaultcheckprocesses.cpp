#include "pass/defaultcheckprocesses.h"

namespace tessera::server {

QList<QJsonObject> defaultCheckProcesses()
{
    return {
        QJsonObject {
            { QStringLiteral("name"), QStringLiteral("office-entry") },
            { QStringLiteral("title"), QStringLiteral("Office entry") },
            { QStringLiteral("claim"), QStringLiteral("office-entry") },
            { QStringLiteral("rule"),
                QJsonObject {
                    { QStringLiteral("values"),
                        QJsonObject { { QStringLiteral("allowed"),
                            QJsonObject {
                                { QStringLiteral("verdict"), QStringLiteral("allow") } } } } },
                    { QStringLiteral("otherwise"),
                        QJsonObject { { QStringLiteral("verdict"), QStringLiteral("deny") },
                            { QStringLiteral("message"),
                                QStringLiteral("No office access on this pass.") } } },
                } },
        },
        // Site entry: the office-entry status, and today's attestation (issue 17): amber "Needs
        // today's attestation" when the pass carries none.
        QJsonObject {
            { QStringLiteral("name"), QStringLiteral("site-entry") },
            { QStringLiteral("title"), QStringLiteral("Site entry") },
            { QStringLiteral("claim"), QStringLiteral("office-entry") },
            { QStringLiteral("needsAttestation"), true },
            { QStringLiteral("rule"),
                QJsonObject {
                    { QStringLiteral("values"),
                        QJsonObject { { QStringLiteral("allowed"),
                            QJsonObject {
                                { QStringLiteral("verdict"), QStringLiteral("allow") } } } } },
                    { QStringLiteral("otherwise"),
                        QJsonObject { { QStringLiteral("verdict"), QStringLiteral("deny") },
                            { QStringLiteral("message"),
                                QStringLiteral("No site access on this pass.") } } },
                } },
        },
        QJsonObject {
            { QStringLiteral("name"), QStringLiteral("medical-check") },
            { QStringLiteral("title"), QStringLiteral("Medical check") },
            { QStringLiteral("claim"), QStringLiteral("medical-check") },
            { QStringLiteral("rule"),
                QJsonObject {
                    { QStringLiteral("values"),
                        QJsonObject {
                            { QStringLiteral("cleared"),
                                QJsonObject {
                                    { QStringLiteral("verdict"), QStringLiteral("allow") } } },
                            { QStringLiteral("required"),
                                QJsonObject {
                                    { QStringLiteral("verdict"), QStringLiteral("action") },
                                    { QStringLiteral("action"),
                                        QStringLiteral("Send to medical check") } } },
                        } },
                    { QStringLiteral("otherwise"),
                        QJsonObject { { QStringLiteral("verdict"), QStringLiteral("action") },
                            { QStringLiteral("action"),
                                QStringLiteral("Send to medical check") } } },
                } },
        },
    };
}

} // namespace tessera::server
