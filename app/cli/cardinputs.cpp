#include "cardinputs.h"

#include "clicontext.h"

#include <QStringList>

namespace tessera::cli {

std::optional<QJsonObject> setValues(CliContext &context)
{
    QJsonObject values;
    const QStringList sets = context.values(QStringLiteral("set"));
    for (const QString &set : sets) {
        const qsizetype equals = set.indexOf(QLatin1Char('='));
        if (equals <= 0) {
            context.printError(QStringLiteral("usage"),
                QStringLiteral("--set takes INPUT=VALUE (“%1” has no input id).").arg(set));
            return std::nullopt;
        }
        values.insert(set.left(equals), set.mid(equals + 1));
    }
    return values;
}

QJsonArray inputErrorsJson(const QList<cards::InputError> &errors)
{
    QJsonArray list;
    for (const cards::InputError &error : errors)
        list.append(QJsonObject { { QStringLiteral("input"), error.inputId },
            { QStringLiteral("message"), error.message } });
    return list;
}

void printInvalidInputs(CliContext &context, const QJsonArray &errors)
{
    QStringList lines;
    for (const auto &value : errors) {
        const QJsonObject error = value.toObject();
        lines << QStringLiteral("%1: %2").arg(error.value(QStringLiteral("input")).toString(),
            error.value(QStringLiteral("message")).toString());
    }
    if (context.json())
        context.printResult(
            QJsonObject { { QStringLiteral("error"),
                QJsonObject { { QStringLiteral("code"), QStringLiteral("invalid_inputs") },
                    { QStringLiteral("message"), lines.join(QStringLiteral("; ")) },
                    { QStringLiteral("errors"), errors } } } },
            {});
    else
        context.printError(QStringLiteral("invalid_inputs"),
            QStringLiteral("Not sent, some values are not valid:\n  ")
                + lines.join(QStringLiteral("\n  ")));
}

} // namespace tessera::cli
