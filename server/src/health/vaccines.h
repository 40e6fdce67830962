#pragma once

#include <QList>
#include <QString>

namespace tessera::server::vaccines {

// A vaccine a person may register a dose of: its code in the style of the EU Digital COVID
// Certificate's value set (an EMA product id such as "EU/1/20/1528") and the name people know.
struct Vaccine
{
    QString code;
    QString displayName;
};

// The fixed list the server accepts (an unknown code is refused with 422).
const QList<Vaccine> &all();
// The display name of code; empty when the code is not on the list.
QString displayName(const QString &code);

} // namespace tessera::server::vaccines
