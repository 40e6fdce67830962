#include "health/vaccines.h"

namespace tessera::server::vaccines {

const QList<Vaccine> &all()
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

QString displayName(const QString &code)
{
    for (const Vaccine &vaccine : all()) {
        if (vaccine.code == code)
            return vaccine.displayName;
    }
    return {};
}

} // namespace tessera::server::vaccines
