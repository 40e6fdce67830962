#pragma once

namespace tessera::server {

class PersonalData;

// Every feature's declaration of what it holds about a person, in one place (the server's
// composition root): the export reads it, and tst_privacy_coverage checks it against what the
// tables really hold after every feature has run.
void registerPersonalData(PersonalData &data);

} // namespace tessera::server
