#include "clitestrunner.h"

#include <QJsonDocument>

namespace tessera::test {

QList<QJsonObject> jsonLines(const QByteArray &output)
{
    QList<QJsonObject> objects;
    const QList<QByteArray> lines = output.split('\n');
    for (const QByteArray &line : lines) {
        if (line.startsWith('{'))
            objects.append(QJsonDocument::fromJson(line).object());
    }
    return objects;
}

QJsonObject lastJson(const QByteArray &output)
{
    const QList<QJsonObject> objects = jsonLines(output);
    return objects.isEmpty() ? QJsonObject() : objects.constLast();
}

QString errorCode(const QByteArray &output)
{
    return lastJson(output)
        .value(QStringLiteral("error"))
        .toObject()
        .value(QStringLiteral("code"))
        .toString();
}

QProcessEnvironment cliEnvironment(
    const QUrl &server, const QString &caFile, const QMap<QString, QString> &env)
{
    QProcessEnvironment environment = QProcessEnvironment::systemEnvironment();
    for (const char *name : { "TESSERA_SERVER", "TESSERA_PASSWORD", "TESSERA_NEW_PASSWORD",
             "TESSERA_CA_FILE", "TESSERA_PIN", "TESSERA_DATA_DIR", "TESSERA_API_KEY" })
        environment.remove(QString::fromLatin1(name));
    environment.insert(QStringLiteral("TESSERA_SERVER"), server.toString());
    if (!caFile.isEmpty())
        environment.insert(QStringLiteral("TESSERA_CA_FILE"), caFile);
    for (auto it = env.cbegin(); it != env.cend(); ++it)
        environment.insert(it.key(), it.value());
    return environment;
}

} // namespace tessera::test
