#!/usr/bin/env bash
# The benchmark command: builds the dev preset's benchmark targets, runs the ctest label bench
# (every benchmark prints its table of ratios against a peer), and writes the tables, with the
# machine, the date and the command, into docs/PERFORMANCE.md between its "bench-results"
# markers. Idempotent: a second run replaces the block. A failing benchmark (something that does
# not work, never a time) stops the script and leaves the docs as they were.
#
#   scripts/bench.sh              build/dev, via the dev configure/build presets and the bench
#                                 test preset
#   TESSERA_BENCH_BUILD_DIR=DIR scripts/bench.sh
#                                 the same in another build folder (dev preset settings)
#   TESSERA_BENCH_NO_DOCS=1       run, but leave docs/PERFORMANCE.md alone
set -euo pipefail
cd "$(dirname "$0")/.."

targets=(bench_server_health bench-peer-httpserver tessera-server)
docs=docs/PERFORMANCE.md

# wrk: an optional, independent load generator the server benchmarks use when it is there.
if ! command -v wrk >/dev/null 2>&1; then
  sudo=()
  if ((EUID != 0)) && command -v sudo >/dev/null 2>&1 && sudo -n true 2>/dev/null; then
    sudo=(sudo)
  fi
  if command -v apt-get >/dev/null 2>&1 && { ((EUID == 0)) || ((${#sudo[@]})); }; then
    echo "== installing wrk (optional load generator)"
    "${sudo[@]}" apt-get -o DPkg::Lock::Timeout=600 install -y -qq --no-install-recommends wrk \
      || echo "wrk could not be installed: the benchmarks run without its figures" >&2
  else
    echo "wrk is not installed and cannot be installed here: no wrk figures" >&2
  fi
fi

if [[ -n "${TESSERA_BENCH_BUILD_DIR:-}" ]]; then
  build_dir=$TESSERA_BENCH_BUILD_DIR
  configure=(cmake --preset dev -B "$build_dir")
  build=(cmake --build "$build_dir" --target "${targets[@]}")
  run=(ctest --test-dir "$build_dir" -L bench --output-on-failure -V)
else
  build_dir=build/dev
  configure=(cmake --preset dev)
  build=(cmake --build --preset dev --target "${targets[@]}")
  run=(ctest --preset bench --output-on-failure -V)
fi

echo "== configure: ${configure[*]}"
"${configure[@]}" >/dev/null
echo "== build: ${build[*]}"
"${build[@]}"

reports=$(mktemp -d)
trap 'rm -rf "$reports"' EXIT
echo "== benchmarks: ${run[*]}"
load_before=$(cut -d' ' -f1-3 /proc/loadavg)
TESSERA_BENCH_REPORT_DIR=$reports "${run[@]}"

if [[ -n "${TESSERA_BENCH_NO_DOCS:-}" ]]; then
  exit 0
fi
shopt -s nullglob
tables=("$reports"/*.md)
if ((${#tables[@]} == 0)); then
  echo "the benchmarks wrote no tables; $docs left as it was" >&2
  exit 1
fi

cpu=$(grep -m1 '^model name' /proc/cpuinfo | cut -d: -f2- | sed 's/^ *//')
memory=$(awk '/^MemTotal:/ { printf "%.1f GiB", $2 / 1048576 }' /proc/meminfo)
os=$(. /etc/os-release 2>/dev/null && echo "${PRETTY_NAME:-unknown}" || echo unknown)
commit=$(git rev-parse --short HEAD 2>/dev/null || echo unknown)
if [[ -n "$(git status --porcelain 2>/dev/null)" ]]; then
  commit="$commit with uncommitted changes"
fi
build_type=$(sed -n 's/^CMAKE_BUILD_TYPE:[A-Z]*=//p' "$build_dir/CMakeCache.txt" 2>/dev/null || true)

block=$(mktemp)
{
  echo "<!-- bench-results:begin (written by scripts/bench.sh; edits here are replaced) -->"
  echo "Last run: $(date -u +%Y-%m-%d) (UTC), commit $commit."
  echo
  echo "- Machine: $(nproc) CPUs ($cpu), $memory memory; $os, Linux $(uname -r); load average"
  echo "  before the run $load_before (other work on the machine makes the figures noisier)."
  echo "- Build: \`$build_dir\` (dev preset, CMAKE_BUILD_TYPE=${build_type:-unset})."
  echo "- Command: \`scripts/bench.sh\`, which ran \`${configure[*]}\`, \`${build[*]}\` and \`TESSERA_BENCH_REPORT_DIR=… ${run[*]}\`."
  for table in "${tables[@]}"; do
    echo
    echo "### $(basename "$table" .md)"
    echo
    cat "$table"
  done
  echo "<!-- bench-results:end -->"
} >"$block"

if [[ -f "$docs" ]] && grep -q '^<!-- bench-results:begin' "$docs" && grep -q '^<!-- bench-results:end' "$docs"; then
  awk -v block="$block" '
    /^<!-- bench-results:begin/ { while ((getline line < block) > 0) print line; skipping = 1; next }
    /^<!-- bench-results:end/ { skipping = 0; next }
    !skipping { print }
  ' "$docs" >"$docs.tmp"
  mv "$docs.tmp" "$docs"
else
  { echo; echo "## Results"; echo; cat "$block"; } >>"$docs"
fi
rm -f "$block"
echo "== tables written to $docs"
