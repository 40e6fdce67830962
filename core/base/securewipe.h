#pragma once

#include <QByteArray>

namespace tessera {

// Overwrites bytes with zeros through a volatile pointer (so the compiler cannot drop the
// stores), then empties the array. QByteArray is implicitly shared: when another copy still
// shares the buffer, this only drops this reference (zeroing would detach and wipe a fresh
// copy); the last holder wipes it. Use it on your own copies of keys and key material.
void secureWipe(QByteArray &bytes);

} // namespace tessera
