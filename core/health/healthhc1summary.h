#pragma once

#include <QJsonObject>
#include <QString>
#include <QStringList>
#include <QVariantMap>

#include <optional>

namespace tessera {

namespace hc1 {
struct Hc1Certificate;
}

// What a person reads of an EU Digital COVID Certificate (HC1): the name, the date of birth and
// one line per dose. Made from the app's own decoding (protocol/hc1, before an upload) or from the
// fields the server decoded (a record's certificate.fields). Plain text, shown escaped.
struct HealthHc1Summary
{
    // The longest name or line kept (the decoder allows 256 characters a field).
    static constexpr qsizetype maxTextLength = 300;

    QString name; // "given family"
    QString dateOfBirth; // YYYY-MM-DD, or empty when the certificate gives only part of it
    QStringList doses; // "Dose 2 of 2 on 2021-06-30: Comirnaty (BioNTech/Pfizer), DE"

    static HealthHc1Summary fromCertificate(const hc1::Hc1Certificate &certificate);
    // nullopt when fields is not the API's Hc1Fields (problem says which part).
    static std::optional<HealthHc1Summary> fromJson(const QJsonObject &fields, QString *problem);

    // For QML: name, dateOfBirth, doses (a list of strings).
    QVariantMap toVariantMap() const;
};

} // namespace tessera
