#!/usr/bin/env bash
# The benchmark command: builds the benchmark targets in an optimised build (the dev preset with
# CMAKE_BUILD_TYPE=RelWithDebInfo, in build/bench), runs the ctest label bench (every benchmark
# prints its table of ratios against its peers), and writes the tables, with the machine, the
# date and the command, into docs/BENCHMARK-RESULTS.md between its "bench-results" markers
# (docs/PERFORMANCE.md says how to read them: method, goals, findings).
# Idempotent: a second run replaces the block. A failing benchmark (something that does not
# work, never a time) stops the script and leaves the docs as they were.
#
#   scripts/bench.sh              build/bench, RelWithDebInfo
#   TESSERA_BENCH_BUILD_DIR=DIR scripts/bench.sh
#                                 the same in another build folder
#   TESSERA_BENCH_BUILD_TYPE=Debug scripts/bench.sh
#                                 another build type (the figures are for optimised code)
#   TESSERA_BENCH_ONLY=REGEX      only the benchmarks whose name matches (ctest -R)
#   TESSERA_BENCH_NO_DOCS=1       run, but leave docs/BENCHMARK-RESULTS.md alone
#
# One benchmark alone: build its target, then run it, e.g. build/bench/tests/bench/bench_scanner.
set -euo pipefail
cd "$(dirname "$0")/.."

targets=(bench_server_health bench-peer-httpserver tessera-server bench_scanner
  bench_server_workload bench_cache bench-cache-sqlite bench-cache-sqlcipher bench_push
  bench-push-subscribers bench_cards bench_news bench_webpush bench_webpush_desktop
  bench_cluster_fanout bench_broadcast bench_streams10k bench-streams10k-peer)
# bench_startup needs the app: built (-DTESSERA_BUILD_APP=ON, whatever the folder had) when it is
# among the benchmarks to run.
app_option=()
if [[ -z "${TESSERA_BENCH_ONLY:-}" || bench_startup =~ ${TESSERA_BENCH_ONLY} ]]; then
  targets+=(bench_startup bench-peer-quickwindow tessera)
  app_option=(-DTESSERA_BUILD_APP=ON)
fi
docs=docs/BENCHMARK-RESULTS.md

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

invocation=scripts/bench.sh
for variable in TESSERA_BENCH_ONLY TESSERA_BENCH_BUILD_TYPE TESSERA_BENCH_BUILD_DIR; do
  if [[ -n "${!variable:-}" ]]; then
    invocation="$variable=${!variable} $invocation"
  fi
done
build_dir=${TESSERA_BENCH_BUILD_DIR:-build/bench}
build_type=${TESSERA_BENCH_BUILD_TYPE:-RelWithDebInfo}
configure=(cmake --preset dev -B "$build_dir" "-DCMAKE_BUILD_TYPE=$build_type" "${app_option[@]}")
build=(cmake --build "$build_dir" -j2 --target "${targets[@]}")
run=(ctest --test-dir "$build_dir" -L bench --output-on-failure -V)
if [[ -n "${TESSERA_BENCH_ONLY:-}" ]]; then
  run+=(-R "$TESSERA_BENCH_ONLY")
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
load_after=$(cut -d' ' -f1-3 /proc/loadavg)

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

block=$(mktemp)
{
  echo "<!-- bench-results:begin (written by scripts/bench.sh; edits here are replaced) -->"
  echo "Last run: $(date -u +%Y-%m-%d) (UTC), commit $commit."
  echo
  echo "- Machine: $(nproc) CPUs ($cpu), $memory memory; $os, Linux $(uname -r); load average"
  echo "  $load_before before the run and $load_after after it. The machine is shared (other"
  echo "  builds run beside the benchmarks): each benchmark interleaves Tessera and its peers and"
  echo "  reports ratios, so that the load falls on both; absolute figures are noisier."
  echo "- Build: \`$build_dir\` (dev preset, CMAKE_BUILD_TYPE=$build_type)."
  echo "- Command: \`$invocation\`, which ran \`${configure[*]}\`, \`${build[*]}\` and \`TESSERA_BENCH_REPORT_DIR=… ${run[*]}\`."
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
