#pragma once

namespace tessera::server {

class ChangeTransaction;
struct PersonalSubject;

// A publisher's erasure in news (DESIGN.md, decision 9). A published post is the organisation's
// notice, not the person's: other people may still need it (a holiday plan, a site closure), and
// the right to erasure covers what is about the person, not what the organisation said through
// them. So their posts stay, handed to a stand-in author ("Former employee", the erasure's
// pseudonym: standInMade), with the person's name taken out of their texts; every post its
// readers hold is a change of the feed, so that their apps replace the copy that named the
// person. The person's own read marks go with the declared statements.
class NewsEraser
{
public:
    // In the erasure's transaction; true when the person wrote nothing (or was erased before).
    static bool erase(ChangeTransaction &transaction, const PersonalSubject &person);
};

} // namespace tessera::server
