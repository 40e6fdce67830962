// bench-cache-sqlcipher: cache_peer.cpp on SQLCipher (a program of its own: never in a process
// with the system SQLite).
#define TESSERA_BENCH_SQLCIPHER
#include "cache_peer.cpp" // NOLINT(bugprone-suspicious-include)
