#pragma once

#include <QList>
#include <QString>

namespace tessera {

// One vaccine the server accepts: its code (sent) and its name (shown).
struct HealthVaccine
{
    QString code;
    QString name;
};

// The server's fixed list of vaccines (server/src/health/vaccines.cpp; the API has no route that
// lists them). tst_health_client registers a dose of each against the real server, so the two
// lists cannot part without a failing test.
const QList<HealthVaccine> &healthVaccines();
// The name of code, or empty when the server does not know it.
QString healthVaccineName(const QString &code);

} // namespace tessera
