#!/usr/bin/env bash
# The main job (README): installs what is missing, builds, starts a demo directory (OpenLDAP
# slapd with AD-style people), the reference server with demo data (SQLite in .demo-data/) and
# the desktop app, signed out, against it, and the three demo sub-systems of examples/ (HR
# leave, IT desk, facilities Wi-Fi), stopped with the server.
# With a display the app opens in a window; closing it stops the server.
# Without one the app runs under Xvfb, saves a screenshot of its first screen and says where.
#
#   scripts/run-demo.sh                 # port 8080 (TESSERA_DEMO_PORT to change)
#   scripts/run-demo.sh --keep-server   # without a display: keep the server running afterwards
set -euo pipefail
cd "$(dirname "$0")/.."
root=$(pwd)

keep_server=0
for argument in "$@"; do
  case "$argument" in
    --keep-server) keep_server=1 ;;
    -h|--help) sed -n '2,10p' "$0"; exit 0 ;;
    *) echo "unknown option: $argument (see --help)" >&2; exit 2 ;;
  esac
done

scripts/install-deps.sh

echo "== build (release preset)"
cmake --preset release >/dev/null
cmake --build --preset release

data_dir="$root/.demo-data"
artifacts="$root/artifacts"
mkdir -p "$data_dir" "$artifacts"
port="${TESSERA_DEMO_PORT:-8080}"
server_log="$data_dir/server.log"

# Demo data made before the demo had a directory holds its employees as local accounts, which
# would clash with the directory's people: keep it aside and start afresh.
if [[ -f "$data_dir/tessera.db" && ! -f "$data_dir/demo-directory-accounts.json" ]]; then
  aside="$data_dir.old-$(date +%Y%m%d-%H%M%S)"
  mv "$data_dir" "$aside"
  mkdir -p "$data_dir"
  echo "Older demo data (without a directory) moved to $aside"
fi

server_pid=""
directory_pid=""
subsystem_pids=""
stop_all() {
  for pid in $subsystem_pids $server_pid $directory_pid; do
    if kill -0 "$pid" 2>/dev/null; then
      kill -TERM "$pid" 2>/dev/null || true
      wait "$pid" 2>/dev/null || true
    fi
  done
}
trap stop_all EXIT

echo "== demo directory (OpenLDAP slapd with AD-style people)"
directory_log="$data_dir/directory.log"
build/release/tools/tessera-demo-directory --data "$data_dir" >"$directory_log" 2>&1 &
directory_pid=$!
for _ in $(seq 1 300); do
  grep -q "Demo directory ready" "$directory_log" && break
  if ! kill -0 "$directory_pid" 2>/dev/null; then
    echo "The demo directory did not start:" >&2
    cat "$directory_log" >&2
    exit 1
  fi
  sleep 0.1
done
grep -q "Demo directory ready" "$directory_log" || { echo "The demo directory did not start in time; see $directory_log" >&2; exit 1; }
sed -n 's/^Demo directory ready: /Directory:     /p' "$directory_log"

echo "== reference server (demo data in $data_dir)"
build/release/server/tessera-server --demo --data "$data_dir" --listen "127.0.0.1:$port" \
  --config "$data_dir/directory-config.json" >"$server_log" 2>&1 &
server_pid=$!

url=""
for _ in $(seq 1 300); do
  if ! kill -0 "$server_pid" 2>/dev/null; then
    echo "The server did not start:" >&2
    cat "$server_log" >&2
    if grep -q "cannot listen" "$server_log"; then
      echo "Port $port is taken: set TESSERA_DEMO_PORT to another port." >&2
    fi
    exit 1
  fi
  url=$(sed -n 's/.*listening on \(http[^ ]*\).*/\1/p' "$server_log" | head -n 1)
  [[ -n "$url" ]] && break
  sleep 0.1
done
if [[ -z "$url" ]]; then
  echo "The server did not say where it listens; its log is $server_log" >&2
  exit 1
fi
echo "Server:        $url"
python3 scripts/demo-notifications.py "$url" "$data_dir"
python3 scripts/demo-news.py "$url" "$data_dir"
python3 scripts/demo-events.py "$url" "$data_dir"
python3 scripts/demo-surveys.py "$url" "$data_dir"

# The demo sub-systems (examples/, README "The demo sub-systems"): each with its own API key,
# made at the first start and kept in $data_dir/subsystems/ (mode 0600); logs next to it.
python3 scripts/demo-subsystem-keys.py "$url" "$data_dir" >/dev/null
keys="$data_dir/subsystems"
start_subsystem() { # NAME SCRIPT ARGS...
  local name=$1 script=$2
  shift 2
  python3 "$script" --server "$url" --key-file "$keys/$name.json" --listen 127.0.0.1:0 "$@" \
    >"$data_dir/$name.log" 2>&1 &
  subsystem_pids="$subsystem_pids $!"
}
start_subsystem hr-leave examples/hr-leave/hr_leave.py \
  --people examples/hr-leave/people.json --state "$keys/hr-leave-state.json"
start_subsystem it-desk examples/it-desk/it_desk.py --step-seconds 20
start_subsystem facilities-wifi examples/facilities-wifi/facilities_wifi.py \
  --geos Pune,London --rotate-seconds 3600
echo "Sub-systems:   HR leave, IT desk, facilities Wi-Fi (logs: $data_dir/{hr-leave,it-desk,facilities-wifi}.log)"
echo "Demo accounts: $data_dir/demo-accounts.json (user names, passwords and kind: \"ad\" for the"
echo "               directory's employees, \"local\" for local IDs; mode 0600)"
echo "CLI:           build/release/app/cli/tessera-cli --server $url --allow-plain-http status"

app=(build/release/app/gui/tessera --server "$url" --allow-plain-http)
if [[ -n "${DISPLAY:-}" || -n "${WAYLAND_DISPLAY:-}" ]]; then
  echo "== app (close its window to stop the server)"
  scripts/with-keyring.sh "${app[@]}"
else
  screenshot="$artifacts/first-screen.png"
  echo "== app under Xvfb (no display here)"
  scripts/with-keyring.sh xvfb-run -a -s "-screen 0 1280x1024x24" \
    "${app[@]}" --size 390x844 --screenshot "$screenshot"
  echo "Screenshot of the first screen: $screenshot"
  if ((keep_server)); then
    echo "The server keeps running at $url; press Ctrl-C to stop it."
    wait "$server_pid"
  fi
fi
