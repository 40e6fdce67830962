#pragma once

#include <QJsonObject>
#include <QJsonValue>
#include <QStringList>

#include <optional>

namespace tessera::test {

// The server's OpenAPI file, read so that tests can check the server against it: which
// operations it describes, and whether an answer fits the schema it gives for that status.
// The schema check covers what the file uses: $ref, type, required, properties,
// additionalProperties: false, enum, items, nullable, minLength/maxLength, minimum/maximum,
// minItems/maxItems, format: date-time.
class OpenApiDocument
{
public:
    static std::optional<OpenApiDocument> load(const QString &path, QString *error);

    struct Operation
    {
        QString method; // upper case: GET, POST, ...
        QString path; // as written: /v1/inbox/{id}
        QJsonObject object;
    };
    QList<Operation> operations() const;
    std::optional<Operation> operation(const QString &method, const QString &path) const;

    // The JSON schema for an answer, or nullopt when the status is not documented for the
    // operation (a 'default' response counts). Schemas are returned with $refs unresolved.
    std::optional<QJsonObject> responseSchema(
        const QString &method, const QString &path, int status, QString *error) const;

    // Empty when value fits schema; else one line per mismatch, with a JSON-pointer-like place.
    QStringList validate(const QJsonValue &value, const QJsonObject &schema) const;

    const QJsonObject &root() const { return m_root; }

private:
    QJsonObject resolve(const QJsonObject &maybeRef) const;
    void validateAt(const QJsonValue &value, const QJsonObject &schema, const QString &where,
        QStringList &errors) const;

    QJsonObject m_root;
};

} // namespace tessera::test
