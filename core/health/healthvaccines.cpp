#include "health/healthvaccines.h"

namespace tessera {

const QList<HealthVaccine> &healthVaccines()
{
    static const QList<HealthVaccine> list {
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

QString healthVaccineName(const QString &code)
{
    for (const HealthVaccine &vaccine : healthVaccines()) {
        if (vaccine.code == code)
            return vaccine.name;
    }
    return {};
}

} // namespace tessera
