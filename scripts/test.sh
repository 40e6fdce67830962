#!/usr/bin/env bash
# The test command (README): installs what is missing, builds with the CI preset (warnings are
# errors), lints (scripts/lint.sh: new clang-tidy or qmllint warnings fail), runs every CI test label
# (unit, integration, qml, hostile) with the real parts, then the unit tests again under
# AddressSanitizer + UndefinedBehaviorSanitizer.
set -euo pipefail
cd "$(dirname "$0")/.."

scripts/install-deps.sh

echo "== format"
scripts/check-format.sh

echo "== build (ci preset)"
cmake --preset ci >/dev/null
cmake --build --preset ci

echo "== lint: clang-tidy on the changed C++ files, qmllint on every .qml file (new warnings fail)"
scripts/lint.sh

echo "== tests: unit, integration, qml, hostile"
scripts/with-keyring.sh ctest --preset ci

echo "== build (asan preset: unit tests)"
cmake --preset asan >/dev/null
cmake --build --preset asan --target tessera_unit_tests

echo "== tests: unit under ASan + UBSan"
ctest --preset asan
