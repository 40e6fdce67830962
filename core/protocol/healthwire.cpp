#include "protocol/healthwire.h"

#include <QRegularExpression>

namespace tessera::healthwire {

const QList<Vaccine> &vaccines()
{
    // The EU value set "vaccine-medicinal-product" (eHealth Network), the products of the EU
    // register and two more, plus seasonal influenza and tetanus under the same style of id.
    static const QList<Vaccine> list {
        { QStringLiteral("EU/1/20/1528"), QStringLiteral("Comirnaty (BioNTech/Pfizer)") },
        { QStringLiteral("EU/1/20/1507"), QStringLiteral("Spikevax (Moderna)") },
        { QStringLiteral("EU/1/21/1529"), QStringLiteral("Vaxzevria (AstraZeneca)") },
        { QStringLiteral("EU/1/20/1525"), QStringLiteral("Jcovden (Janssen)") },
        { QStringLiteral("EU/1/21/1618"), QStringLiteral("Nuvaxovid (Novavax)") },
        { QStringLiteral("EU/1/21/1624"), QStringLiteral("VidPrevtyn Beta (Sanofi)") },
        { QStringLiteral("Covishield"), QStringLiteral("Covishield (Serum Institute of India)") },
        { QStringLiteral("Covaxin"), QStringLiteral("Covaxin (Bharat Biotech)") },
        { QStringLiteral("INFLUENZA"), QStringLiteral("Seasonal influenza") },
        { QStringLiteral("TETANUS"), QStringLiteral("Tetanus, diphtheria") },
    };
    return list;
}

QString vaccineName(const QString &code)
{
    for (const Vaccine &vaccine : vaccines()) {
        if (vaccine.code == code)
            return vaccine.displayName;
    }
    return {};
}

CertificateKind sniffCertificate(QByteArrayView bytes)
{
    if (bytes.startsWith(QByteArrayView("\x89PNG\r\n\x1a\n", 8)))
        return CertificateKind::Png;
    if (bytes.startsWith(QByteArrayView("\xff\xd8\xff", 3)))
        return CertificateKind::Jpeg;
    if (bytes.startsWith(QByteArrayView("%PDF-")))
        return CertificateKind::Pdf;
    if (bytes.startsWith(QByteArrayView("HC1:"))) {
        static const QRegularExpression base45(QStringLiteral("^HC1:[0-9A-Z $%*+./:-]+\\r?\\n?$"));
        return base45.match(QString::fromLatin1(bytes)).hasMatch() ? CertificateKind::Hc1
                                                                   : CertificateKind::None;
    }
    return CertificateKind::None;
}

QString certificateContentType(CertificateKind kind)
{
    switch (kind) {
    case CertificateKind::Png:
        return QStringLiteral("image/png");
    case CertificateKind::Jpeg:
        return QStringLiteral("image/jpeg");
    case CertificateKind::Pdf:
        return QStringLiteral("application/pdf");
    case CertificateKind::Hc1:
        return QStringLiteral("text/plain");
    case CertificateKind::None:
        break;
    }
    return {};
}

} // namespace tessera::healthwire
