#pragma once

#include <QFuture>

namespace tessera::cli {

class CliContext;

// tessera-cli card check FILE: reads an Adaptive Card from FILE ("-": standard input) and checks
// it offline with core's CardParser (no server, no sign-in, any https host allowed). Lists each
// element and action with its JSON path and what happens to it (renders, falls back to what, is
// dropped), the properties ignored, and every problem. Exit 0 valid, 1 invalid, 2 wrong usage or
// a file that cannot be read. --json prints one object: {"file", "valid", "problems": [{"path",
// "message"}], "elements": [{"path", "type", "outcome": "rendered" | "fallback" | "dropped",
// "reason", "fallback": {"path", "type"}}], "ignored": [{"path", "message"}], "counts"}
// (docs/CARDS.md, "Checking a card").
QFuture<int> runCardCheck(CliContext &context);

} // namespace tessera::cli
