// The CWT claims of an HC1 code and the DCC they carry (eHealth Network, "Electronic Health
// Certificates" and the DCC JSON schema 1.3): only vaccination certificates are read.
#include "protocol/cborstrict.h"
#include "protocol/hc1_p.h"

#include <QCborArray>
#include <QCborMap>

namespace tessera::hc1::internal {

namespace {

// CWT claim keys and the hcert claim.
constexpr qint64 claimIssuer = 1;
constexpr qint64 claimExpires = 4;
constexpr qint64 claimIssuedAt = 6;
constexpr qint64 claimHcert = -260;
constexpr qint64 hcertDcc = 1;
constexpr qint64 latestTime = 253'402'300'799; // 9999-12-31T23:59:59Z

class Reader
{
public:
    explicit Reader(QString &error)
        : m_error(error)
    { }

    bool fail(const QString &why)
    {
        m_error = why;
        return false;
    }

    // The text under key in map, at most maxFieldLength characters; absent gives an empty text
    // unless required.
    bool text(const QCborMap &map, QLatin1StringView key, const QString &where, bool required,
        QString &out)
    {
        const QCborValue value = map.value(key);
        if (value.isUndefined()) {
            if (required)
                return fail(QStringLiteral("the certificate has no %1").arg(where));
            out.clear();
            return true;
        }
        if (!value.isString())
            return fail(QStringLiteral("the certificate's %1 is not text").arg(where));
        out = value.toString();
        if (out.size() > maxFieldLength) {
            return fail(QStringLiteral("the certificate's %1 is longer than %2 characters")
                            .arg(where)
                            .arg(maxFieldLength));
        }
        return true;
    }

    bool integer(const QCborMap &map, QLatin1StringView key, const QString &where, int min, int max,
        int &out)
    {
        const auto value = cborstrict::integerIn(map.value(key), min, max);
        if (!value) {
            return fail(QStringLiteral("the certificate's %1 is missing or not a number from %2 "
                                       "to %3")
                            .arg(where)
                            .arg(min)
                            .arg(max));
        }
        out = static_cast<int>(*value);
        return true;
    }

    bool date(const QCborMap &map, QLatin1StringView key, const QString &where, QDate &out)
    {
        QString value;
        if (!text(map, key, where, true, value))
            return false;
        out = QDate::fromString(value, QStringLiteral("yyyy-MM-dd"));
        if (value.size() != 10 || !out.isValid())
            return fail(
                QStringLiteral("the certificate's %1 is not a date (YYYY-MM-DD)").arg(where));
        return true;
    }

    // dob: YYYY-MM-DD, or only YYYY-MM or YYYY (then no date), or empty.
    bool dateOfBirth(const QCborMap &map, QDate &out)
    {
        QString value;
        if (!text(map, QLatin1StringView("dob"), QStringLiteral("date of birth"), true, value))
            return false;
        if (value.isEmpty())
            return true;
        const qsizetype size = value.size();
        const QString format = size == 10 ? QStringLiteral("yyyy-MM-dd")
            : size == 7                   ? QStringLiteral("yyyy-MM")
                                          : QStringLiteral("yyyy");
        const QDate parsed = QDate::fromString(value, format);
        const bool knownSize = size == 10 || size == 7 || size == 4;
        if (!knownSize || !parsed.isValid())
            return fail(QStringLiteral("the certificate's date of birth is not a date"));
        if (value.size() == 10)
            out = parsed;
        return true;
    }

    bool country(const QCborMap &map, const QString &where, QString &out)
    {
        if (!text(map, QLatin1StringView("co"), where, true, out))
            return false;
        if (out.size() != 2 || !out.at(0).isUpper() || !out.at(1).isUpper()
            || out.at(0).unicode() > 'Z' || out.at(1).unicode() > 'Z') {
            return fail(
                QStringLiteral("the certificate's %1 is not a two-letter country code").arg(where));
        }
        return true;
    }

    bool vaccination(const QCborValue &entry, Hc1Vaccination &v)
    {
        if (!entry.isMap())
            return fail(QStringLiteral("a vaccination of the certificate is not a map"));
        const QCborMap map = entry.toMap();
        return text(map, QLatin1StringView("tg"), QStringLiteral("disease (tg)"), true, v.disease)
            && text(
                map, QLatin1StringView("vp"), QStringLiteral("vaccine type (vp)"), true, v.vaccine)
            && text(map, QLatin1StringView("mp"), QStringLiteral("product (mp)"), true, v.product)
            && text(map, QLatin1StringView("ma"), QStringLiteral("manufacturer (ma)"), true,
                v.manufacturer)
            && integer(
                map, QLatin1StringView("dn"), QStringLiteral("dose number (dn)"), 1, 9, v.dose)
            && integer(map, QLatin1StringView("sd"), QStringLiteral("doses in the series (sd)"), 1,
                9, v.doses)
            && date(map, QLatin1StringView("dt"), QStringLiteral("vaccination date (dt)"), v.date)
            && country(map, QStringLiteral("vaccination country (co)"), v.country)
            && text(map, QLatin1StringView("is"), QStringLiteral("certificate issuer (is)"), true,
                v.issuer)
            && text(map, QLatin1StringView("ci"), QStringLiteral("certificate id (ci)"), true,
                v.certificateId);
    }

    bool names(const QCborValue &value, Hc1Certificate &certificate)
    {
        if (!value.isMap())
            return fail(QStringLiteral("the certificate has no names (nam)"));
        const QCborMap nam = value.toMap();
        QString family, familyStandard, given, givenStandard;
        if (!text(nam, QLatin1StringView("fn"), QStringLiteral("family name (fn)"), false, family)
            || !text(nam, QLatin1StringView("fnt"),
                QStringLiteral("standardised family name "
                               "(fnt)"),
                true, familyStandard)
            || !text(nam, QLatin1StringView("gn"), QStringLiteral("given name (gn)"), false, given)
            || !text(nam, QLatin1StringView("gnt"), QStringLiteral("standardised given name (gnt)"),
                false, givenStandard)) {
            return false;
        }
        certificate.familyName = family.isEmpty() ? familyStandard : family;
        certificate.givenName = given.isEmpty() ? givenStandard : given;
        if (certificate.familyName.isEmpty())
            return fail(QStringLiteral("the certificate's family name is empty"));
        return true;
    }

    bool dcc(const QCborValue &value, Hc1Certificate &certificate)
    {
        if (!value.isMap())
            return fail(QStringLiteral("the certificate's health data (hcert) is not a map"));
        const QCborMap map = value.toMap();
        QString version;
        if (!text(map, QLatin1StringView("ver"), QStringLiteral("schema version (ver)"), true,
                version)
            || !names(map.value(QLatin1StringView("nam")), certificate)
            || !dateOfBirth(map, certificate.dateOfBirth)) {
            return false;
        }
        const QCborValue list = map.value(QLatin1StringView("v"));
        if (list.isUndefined()) {
            return fail(QStringLiteral("not a vaccination certificate (a test or recovery "
                                       "certificate is not read)"));
        }
        if (!list.isArray() || list.toArray().isEmpty()
            || list.toArray().size() > maxVaccinations) {
            return fail(QStringLiteral("the certificate's vaccinations (v) are not a list of 1 "
                                       "to %1")
                            .arg(maxVaccinations));
        }
        for (const QCborValue entry : list.toArray()) {
            Hc1Vaccination v;
            if (!vaccination(entry, v))
                return false;
            certificate.vaccinations.append(v);
        }
        return true;
    }

private:
    QString &m_error;
};

} // namespace

bool readClaims(const QCborValue &claims, Hc1Certificate &certificate, QString &error)
{
    Reader reader(error);
    if (!claims.isMap())
        return reader.fail(QStringLiteral("the COSE payload is not a map of CWT claims"));
    const QCborMap map = claims.toMap();
    const QCborValue issuer = map.value(claimIssuer);
    if (!issuer.isUndefined()) {
        if (!issuer.isString() || issuer.toString().size() > maxFieldLength)
            return reader.fail(
                QStringLiteral("the certificate's issuer country (iss) is not text"));
        certificate.issuerCountry = issuer.toString();
    }
    const auto issuedAt = cborstrict::integerIn(map.value(claimIssuedAt), 0, latestTime);
    const auto expiresAt = cborstrict::integerIn(map.value(claimExpires), 0, latestTime);
    if (!issuedAt)
        return reader.fail(QStringLiteral("the certificate has no issue time (iat)"));
    if (!expiresAt)
        return reader.fail(QStringLiteral("the certificate has no expiry time (exp)"));
    certificate.issuedAt = *issuedAt;
    certificate.expiresAt = *expiresAt;
    const QCborValue hcert = map.value(claimHcert);
    if (!hcert.isMap() || hcert.toMap().value(hcertDcc).isUndefined())
        return reader.fail(QStringLiteral("not a health certificate (no hcert claim -260 with 1)"));
    return reader.dcc(hcert.toMap().value(hcertDcc), certificate);
}

} // namespace tessera::hc1::internal
