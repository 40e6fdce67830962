#pragma once

#include <QJsonObject>
#include <QString>
#include <QStringList>

#include <optional>

namespace tessera::server {

// Strict reading of a request body: unknown fields, wrong types, empty or over-long strings are
// errors with a message that names the field. The first error wins; later reads answer nothing.
class JsonReader
{
public:
    explicit JsonReader(QJsonObject object, QString context = {});

    // Records an error when object has a field not in allowed.
    JsonReader &allowOnly(const QStringList &allowed);

    // A required non-empty string of at most maxLength characters (after no trimming).
    QString string(const QString &field, qsizetype maxLength);
    // An optional string: empty when absent or null.
    QString optionalString(const QString &field, qsizetype maxLength);
    // A required object.
    QJsonObject object(const QString &field);
    // An optional array of strings, each at most maxLength; empty when absent.
    QStringList stringList(const QString &field, qsizetype maxItems, qsizetype maxLength);

    void fail(const QString &message);
    bool ok() const { return m_error.isEmpty(); }
    QString error() const { return m_error; }

private:
    QString name(const QString &field) const;

    QJsonObject m_object;
    QString m_context;
    QString m_error;
};

} // namespace tessera::server
