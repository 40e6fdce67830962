#!/usr/bin/env bash
# Screenshots of every page of the app, signed in for real against the reference server with demo
# data: sign-in (empty and with an error), the first-sign-in password change, the shell on each
# destination (inbox with the demo notifications, one of them approved by Asha and waiting for the
# other approvers, the first item's detail page, pass, scanner), the
# scanner's green / amber / red verdicts on a real pass (Ben's, from tessera-cli; the red one after
# an admin revoked it) and its recent scans, the profile and its "Sign out?" question; at 360x640,
# 390x844 and 1280x800, light and dark, into artifacts/screenshots/PAGE-SIZE-THEME.png.
#
#   scripts/screenshots.sh                 # build/dev (configured with the dev preset if needed)
#   scripts/screenshots.sh --build DIR     # another build folder
#   scripts/screenshots.sh --offscreen     # Qt's offscreen platform instead of Xvfb (no shadows)
#   TESSERA_SHOT_SIZES=390x844 TESSERA_SHOT_PAGES="inbox inbox-detail" scripts/screenshots.sh
#                                          # some sizes / pages only
#
# Runs inside a private D-Bus session with an unlocked throwaway gnome-keyring
# (scripts/with-keyring.sh); the server and every data folder live in a temporary folder.
set -euo pipefail
cd "$(dirname "$0")/.."
root=$(pwd)

build_dir="build/dev"
offscreen=0
while (($#)); do
  case "$1" in
    --build) build_dir="$2"; shift 2 ;;
    --offscreen) offscreen=1; shift ;;
    -h|--help) sed -n '2,15p' "$0"; exit 0 ;;
    *) echo "unknown option: $1 (see --help)" >&2; exit 2 ;;
  esac
done

if [[ -z "${TESSERA_SCREENSHOTS_IN_KEYRING:-}" ]]; then
  if [[ ! -f "$build_dir/build.ninja" ]]; then
    echo "== configure $build_dir (dev preset)"
    cmake --preset dev -B "$build_dir" >/dev/null
  fi
  echo "== build tessera, tessera-cli and tessera-server in $build_dir"
  cmake --build "$build_dir" --target tessera tessera-cli tessera-server
  export TESSERA_SCREENSHOTS_IN_KEYRING=1
  args=(--build "$build_dir")
  ((offscreen)) && args+=(--offscreen)
  exec scripts/with-keyring.sh "$0" "${args[@]}"
fi

app="$root/$build_dir/app/gui/tessera"
server_binary="$root/$build_dir/server/tessera-server"
cli="$root/$build_dir/app/cli/tessera-cli"
out="$root/artifacts/screenshots"
work=$(mktemp -d -t tessera-screenshots-XXXXXX)
mkdir -p "$out"

server_pid=""
cleanup() {
  if [[ -n "$server_pid" ]] && kill -0 "$server_pid" 2>/dev/null; then
    kill -TERM "$server_pid" 2>/dev/null || true
    wait "$server_pid" 2>/dev/null || true
  fi
  rm -rf "$work"
}
trap cleanup EXIT

echo "== reference server (demo data in $work/server)"
mkdir -p "$work/server"
"$server_binary" --demo --data "$work/server" --listen 127.0.0.1:0 \
  --password-hash-cost minimum >"$work/server.log" 2>&1 &
server_pid=$!
url=""
for _ in $(seq 1 300); do
  kill -0 "$server_pid" 2>/dev/null || { cat "$work/server.log" >&2; exit 1; }
  url=$(sed -n 's/.*listening on \(http[^ ]*\).*/\1/p' "$work/server.log" | head -n 1)
  [[ -n "$url" ]] && break
  sleep 0.1
done
[[ -n "$url" ]] || { echo "the server did not start; see $work/server.log" >&2; exit 1; }

# account NAME FIELD: a field of a demo account, by display name.
account() {
  python3 - "$work/server/demo-accounts.json" "$1" "$2" <<'PY'
import json, sys
accounts = json.load(open(sys.argv[1]))["accounts"]
print(next(a for a in accounts if a["displayName"] == sys.argv[2])[sys.argv[3]])
PY
}

# admin_post PATH JSON: the demo admin signs in and POSTs JSON to the server's API; prints the answer.
admin_post() {
  python3 - "$url" "$work/server/demo-accounts.json" "$1" "$2" <<'PY'
import json, sys, urllib.request
url, accounts, path, body = sys.argv[1], json.load(open(sys.argv[2]))["accounts"], sys.argv[3], sys.argv[4]
admin = next(a for a in accounts if "admin" in a["roles"])
def call(path, body, token=None):
    request = urllib.request.Request(url + path, data=body.encode(), method="POST",
                                     headers={"Content-Type": "application/json"})
    if token:
        request.add_header("Authorization", "Bearer " + token)
    return json.load(urllib.request.urlopen(request))
device = {"id": "screenshots-admin", "platform": "linux", "osVersion": "script",
          "model": "screenshots.sh", "appVersion": "0.1.0"}
token = call("/v1/auth/login", json.dumps({"kind": admin["kind"], "username": admin["username"],
                                           "password": admin["password"], "device": device}))["accessToken"]
print(json.dumps(call(path, body, token)))
PY
}

# A local ID with a temporary password, made by the demo admin through the server's API.
read -r visitor_id visitor_password < <(admin_post /v1/admin/local-users \
  '{"displayName": "Pia Visitor", "email": "pia.visitor@tessera.test", "geo": "Pune", "roles": []}' |
  python3 -c 'import json, sys; made = json.load(sys.stdin); print(made["userId"], made["temporaryPassword"])')

# The demo inbox: what the demo sub-system sends every employee (scripts/demo-notifications.py).
python3 "$root/scripts/demo-notifications.py" "$url" "$work/server"

# Ben's pass, for the scanner's verdicts: he signs in with the CLI; ben_png writes his current
# code (it changes every 30 s) into $work/ben.png just before each scanner shot.
ben_cli() {
  "$cli" --server "$url" --allow-plain-http --data "$work/ben" "$@"
}
TESSERA_PASSWORD="$(account "Ben Okafor" password)" ben_cli login \
  --kind "$(account "Ben Okafor" kind)" --user "$(account "Ben Okafor" username)" >/dev/null
ben_png() {
  ben_cli pass png "$work/ben.png" >/dev/null
}

# Asha approves the purchase order (approval mode "all") with the CLI: her inbox then shows it as
# "Approved by you", waiting for the other approvers.
asha_cli() {
  "$cli" --server "$url" --allow-plain-http --data "$work/asha-cli" "$@"
}
TESSERA_PASSWORD="$(account "Asha Rao" password)" asha_cli login \
  --kind "$(account "Asha Rao" kind)" --user "$(account "Asha Rao" username)" >/dev/null
purchase_id=$(asha_cli --json inbox | python3 -c '
import json, sys
def items(value):
    if isinstance(value, list):
        for entry in value:
            yield from items(entry)
    elif isinstance(value, dict):
        if "title" in value:
            yield value
        for entry in value.values():
            if isinstance(entry, (list, dict)):
                yield from items(entry)
for line in sys.stdin:
    line = line.strip()
    if line.startswith(("{", "[")):
        for item in items(json.loads(line)):
            if item["title"].startswith("Purchase order"):
                print(item["id"])
                sys.exit(0)
sys.exit("screenshots: no purchase order in Asha\x27s inbox")')
asha_cli approve "$purchase_id" >/dev/null

runner=()
if ((offscreen)) || ! command -v xvfb-run >/dev/null; then
  export QT_QPA_PLATFORM=offscreen
else
  runner=(xvfb-run -a -s "-screen 0 1920x1200x24")
fi

failures=0
# shot NAME SIZE THEME [PASSWORD] [tessera options...]
shot() {
  local name=$1 size=$2 theme=$3 password=$4
  shift 4
  if [[ -n "${TESSERA_SHOT_PAGES:-}" && " $TESSERA_SHOT_PAGES " != *" $name "* ]]; then
    return
  fi
  local file="$out/$name-$size-$theme.png"
  if ! TESSERA_PASSWORD="$password" "${runner[@]}" "$app" --server "$url" --allow-plain-http \
      --size "$size" --theme "$theme" --screenshot "$file" "$@" >"$work/app.log" 2>&1; then
    echo "FAILED: $file" >&2
    cat "$work/app.log" >&2
    failures=$((failures + 1))
    return
  fi
  echo "$file"
}

asha=(--data "$work/asha" --sign-in "$(account "Asha Rao" kind):$(account "Asha Rao" username)")
asha_password=$(account "Asha Rao" password)
sam=(--data "$work/sam" --sign-in "$(account "Sam Guard" kind):$(account "Sam Guard" username)")
sam_password=$(account "Sam Guard" password)

echo "== screenshots into $out"
for size in ${TESSERA_SHOT_SIZES:-360x640 390x844 1280x800}; do
  for theme in light dark; do
    shot sign-in "$size" "$theme" "" --data "$work/signed-out"
    # An unknown ID of its own each time (no lockout builds up on a real one).
    shot sign-in-error "$size" "$theme" "not-the-password" --data "$work/signed-out" \
      --sign-in "local:L9$((RANDOM % 900000 + 100000))"
    shot password-change "$size" "$theme" "$visitor_password" --data "$work/visitor" \
      --sign-in "local:$visitor_id"
    shot home "$size" "$theme" "$asha_password" "${asha[@]}" --page home
    shot inbox "$size" "$theme" "$asha_password" "${asha[@]}" --page inbox
    shot inbox-detail "$size" "$theme" "$asha_password" "${asha[@]}" --page inbox-detail
    shot pass "$size" "$theme" "$asha_password" "${asha[@]}" --page pass
    shot scanner "$size" "$theme" "$sam_password" "${sam[@]}" --page scanner
    ben_png
    shot scanner-allow "$size" "$theme" "$sam_password" "${sam[@]}" --page scanner \
      --scan "$work/ben.png" --scan-process office-entry
    ben_png
    shot scanner-action "$size" "$theme" "$sam_password" "${sam[@]}" --page scanner \
      --scan "$work/ben.png" --scan-process medical-check
    ben_png
    shot scanner-recent "$size" "$theme" "$sam_password" "${sam[@]}" --page scanner \
      --scan "$work/ben.png" --scan-process medical-check --scan-dismiss
    shot profile "$size" "$theme" "$asha_password" "${asha[@]}" --page profile
    shot sign-out "$size" "$theme" "$asha_password" "${asha[@]}" --page sign-out
    shot my-data "$size" "$theme" "$asha_password" "${asha[@]}" --page my-data
    shot my-devices "$size" "$theme" "$asha_password" "${asha[@]}" --page my-devices
  done
done

# The red verdict: an admin revokes Ben's pass; the scanner learns it at its next sync.
if [[ -z "${TESSERA_SHOT_PAGES:-}" || " $TESSERA_SHOT_PAGES " == *" scanner-deny "* ]]; then
  ben_png
  pass_id=$(ben_cli --json pass show | python3 -c 'import json, sys; print(json.loads(sys.stdin.readlines()[-1])["passId"])')
  admin_post "/v1/admin/passes/$pass_id/revoke" '{}' >/dev/null
  for size in ${TESSERA_SHOT_SIZES:-360x640 390x844 1280x800}; do
    for theme in light dark; do
      shot scanner-deny "$size" "$theme" "$sam_password" "${sam[@]}" --page scanner \
        --scan "$work/ben.png" --scan-process office-entry
    done
  done
fi

if ((failures)); then
  echo "$failures screenshot(s) failed" >&2
  exit 1
fi
echo "Screenshots: $out"
