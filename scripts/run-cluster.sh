#!/usr/bin/env bash
# Several nodes as one server (README, docs/DEPLOYMENT.md): starts a temporary PostgreSQL, three
# tessera-server nodes with demo data on its one database (sharing the first node's secrets key)
# and HAProxy in front (HTTP and the WebSocket stream, health checks on /v1/health), prints the
# URL and stops everything on Ctrl-C. The demo accounts are in the first node's data folder.
#
#   scripts/run-cluster.sh                  # HAProxy on port 8080 (TESSERA_CLUSTER_PORT)
#   scripts/run-cluster.sh --server PATH    # this tessera-server, without building
#   scripts/run-cluster.sh --for SECONDS    # stop by itself after SECONDS (tests)
set -euo pipefail
cd "$(dirname "$0")/.."
root=$(pwd)

server=""
run_for=0
while [[ $# -gt 0 ]]; do
  case "$1" in
    --server) server=$2; shift 2 ;;
    --for) run_for=$2; shift 2 ;;
    -h|--help) sed -n '2,9p' "$0"; exit 0 ;;
    *) echo "unknown option: $1 (see --help)" >&2; exit 2 ;;
  esac
done
[[ "$run_for" =~ ^[0-9]+$ ]] || { echo "--for takes whole seconds" >&2; exit 2; }

if [[ -z "$server" ]]; then
  scripts/install-deps.sh
  echo "== build (release preset)"
  cmake --preset release >/dev/null
  cmake --build --preset release --target tessera-server
  server="$root/build/release/server/tessera-server"
fi
[[ -x "$server" ]] || { echo "no tessera-server at $server" >&2; exit 1; }
command -v haproxy >/dev/null || { echo "haproxy is missing (scripts/install-deps.sh)" >&2; exit 1; }
pg_bin=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)
[[ -x "$pg_bin/initdb" ]] || { echo "PostgreSQL's initdb is missing (scripts/install-deps.sh)" >&2; exit 1; }

port="${TESSERA_CLUSTER_PORT:-8080}"
work=$(mktemp -d /tmp/tessera-cluster.XXXXXX)
pgdata="$work/pg"
node_pids=""
haproxy_pid=""
as_postgres=()
# initdb and pg_ctl refuse root: as root they run as the user postgres.
if [[ $(id -u) -eq 0 ]]; then
  as_postgres=(runuser -u postgres --)
  chown postgres: "$work"
fi

stop_all() {
  trap - EXIT INT TERM
  [[ -n "$haproxy_pid" ]] && kill -TERM "$haproxy_pid" 2>/dev/null || true
  # Each node drains (SIGTERM): health 503, streams closed with 4000 "reconnect", then exits.
  for pid in $node_pids; do kill -TERM "$pid" 2>/dev/null || true; done
  for pid in $node_pids $haproxy_pid; do wait "$pid" 2>/dev/null || true; done
  if [[ -f "$pgdata/postmaster.pid" ]]; then
    "${as_postgres[@]}" "$pg_bin/pg_ctl" -D "$pgdata" -m fast -w stop >/dev/null 2>&1 || true
  fi
  rm -rf "$work"
  echo "Stopped."
}
trap stop_all EXIT
trap 'exit 0' INT TERM

echo "== PostgreSQL (temporary, in $work)"
pg_port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
"${as_postgres[@]}" "$pg_bin/initdb" -D "$pgdata" --auth=trust -U postgres -E UTF8 --no-locale \
  --no-sync >"$work/initdb.log" 2>&1 || { cat "$work/initdb.log" >&2; exit 1; }
"${as_postgres[@]}" "$pg_bin/pg_ctl" -D "$pgdata" -l "$work/pg/postgres.log" -w -t 30 \
  -o "-c listen_addresses=127.0.0.1 -p $pg_port -k '$work'" start >/dev/null
"$pg_bin/psql" -X -q -h 127.0.0.1 -p "$pg_port" -U postgres -d postgres -c 'CREATE DATABASE tessera'
database="postgresql://postgres@127.0.0.1:$pg_port/tessera"

# Starts node NAME with ARGS...; sets node_url once it listens.
node_url=""
start_node() {
  local name=$1
  shift
  mkdir -p "$work/$name"
  "$server" --data "$work/$name" --database "$database" --listen 127.0.0.1:0 \
    --drain-seconds 4 "$@" >"$work/$name.log" 2>&1 &
  node_pids="$node_pids $!"
  local pid=$! url=""
  for _ in $(seq 1 300); do
    kill -0 "$pid" 2>/dev/null || { echo "$name did not start:" >&2; cat "$work/$name.log" >&2; exit 1; }
    url=$(sed -n 's/.*listening on \(http[^ ]*\).*/\1/p' "$work/$name.log" | head -n 1)
    [[ -n "$url" ]] && break
    sleep 0.1
  done
  [[ -n "$url" ]] || { echo "$name did not say where it listens ($work/$name.log)" >&2; exit 1; }
  node_url=$url
}

# What every node shares: the database, the sealed secrets' key file (made by the first node;
# a node with another key refuses to start) and, through them, the pass issuer keys. Behind one
# proxy every connection comes from 127.0.0.1: the per-address limit is raised accordingly.
config="$work/node.json"
cat >"$config" <<EOF
{ "secretsKeyFile": "$work/node1/secrets.key",
  "http": { "maxConnectionsPerAddress": 100000 } }
EOF
echo "== three nodes"
urls=()
start_node node1 --demo --config "$config"
urls+=("$node_url")
# The others start once the first made the schema, the demo data and the key.
start_node node2 --config "$config"
urls+=("$node_url")
start_node node3 --config "$config"
urls+=("$node_url")

echo "== HAProxy on 127.0.0.1:$port"
{
  cat <<EOF
global
    # Two descriptors per connection (client and node): within a usual hard limit of 10,000+.
    maxconn 4000
defaults
    mode http
    timeout connect 5s
    timeout client 60s
    timeout server 60s
    # A WebSocket stream, once upgraded, is a tunnel: the apps ping every 30 s.
    timeout tunnel 1h
frontend tessera
    bind 127.0.0.1:$port
    default_backend nodes
backend nodes
    balance roundrobin
    option httpchk GET /v1/health
    http-check expect status 200
    # A draining node answers 503: out after one check, back after two good ones.
    default-server inter 1s fall 1 rise 2
EOF
  n=0
  for url in "${urls[@]}"; do
    n=$((n + 1))
    echo "    server node$n ${url#http://} check"
  done
} >"$work/haproxy.cfg"
haproxy -c -q -f "$work/haproxy.cfg"
haproxy -db -f "$work/haproxy.cfg" >"$work/haproxy.log" 2>&1 &
haproxy_pid=$!
for _ in $(seq 1 100); do
  curl -fsS "http://127.0.0.1:$port/v1/health" >/dev/null 2>&1 && break
  kill -0 "$haproxy_pid" 2>/dev/null || { cat "$work/haproxy.log" >&2; exit 1; }
  sleep 0.1
done

echo "Nodes:         ${urls[*]}"
echo "Demo accounts: $work/node1/demo-accounts.json"
echo "Logs:          $work/{node1,node2,node3,haproxy}.log, haproxy.cfg"
echo "Cluster ready: http://127.0.0.1:$port (Ctrl-C stops everything)"
if [[ "$run_for" -gt 0 ]]; then
  sleep "$run_for" & # waited for, so that a signal stops it at once
  wait $!
else
  wait "$haproxy_pid"
fi
