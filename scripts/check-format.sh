#!/usr/bin/env bash
# Fails when a C++ file is not formatted with the repository's .clang-format.
set -euo pipefail
cd "$(dirname "$0")/.."
mapfile -t files < <(git ls-files --cached --others --exclude-standard -- '*.cpp' '*.h')
if ((${#files[@]} == 0)); then
  exit 0
fi
if ! clang-format --dry-run --Werror "${files[@]}" 2>/tmp/tessera-format.$$; then
  echo "These files are not clang-formatted (run: clang-format -i FILE):" >&2
  grep -o '^[^:]*:' /tmp/tessera-format.$$ | sort -u >&2
  rm -f /tmp/tessera-format.$$
  exit 1
fi
rm -f /tmp/tessera-format.$$
