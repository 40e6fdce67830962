#!/usr/bin/env bash
# The test command (README): installs what is missing, builds with the CI preset (warnings are
# errors), lints (scripts/lint.sh: new clang-tidy or qmllint warnings fail), runs every CI test label
# (unit, integration, qml, hostile) with the real parts, then the unit tests again under
# AddressSanitizer + UndefinedBehaviorSanitizer.
set -euo pipefail
cd "$(dirname "$0")/.."

scripts/install-deps.sh

# Each step says how long it took (the closing notes quote them against DESIGN.md's CI budget).
step_started=$SECONDS
step() {
  if [[ -n ${step_name:-} ]]; then
    echo "== $step_name: $((SECONDS - step_started)) s"
  fi
  step_name=$1
  step_started=$SECONDS
  [[ -n $1 ]] && echo "== $1"
  return 0
}

step "format"
scripts/check-format.sh

step "build (ci preset)"
cmake --preset ci >/dev/null
cmake --build --preset ci

step "lint: clang-tidy on the changed C++ files, qmllint on every .qml file (new warnings fail)"
scripts/lint.sh

step "tests: unit, integration, qml, hostile"
scripts/with-keyring.sh ctest --preset ci

step "build (asan preset: unit tests)"
cmake --preset asan >/dev/null
cmake --build --preset asan --target tessera_unit_tests

step "tests: unit under ASan + UBSan"
ctest --preset asan
step ""
echo "== all: $SECONDS s"
