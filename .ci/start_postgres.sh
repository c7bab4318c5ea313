#!/usr/bin/env bash
# Start a throwaway PostgreSQL 15 on loopback for the store tests; print its URL on stdout.
# Installs the server with apt where the binaries are missing. Runs the server as the `postgres`
# user (PostgreSQL refuses to run as root).
set -euo pipefail
PORT="${INGEST_PG_PORT:-54329}"
BIN=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1 || true)
if [ -z "$BIN" ] || [ ! -x "$BIN/initdb" ]; then
  echo "installing PostgreSQL server with apt" >&2
  (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql >/dev/null) >&2
  BIN=$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -n 1)
fi
id postgres >/dev/null 2>&1 || useradd --system --no-create-home postgres
DATA=$(mktemp -d /tmp/ingest-pg.XXXXXX)
chown postgres "$DATA"
as_pg() { if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi; }
as_pg "$BIN/initdb" -D "$DATA/db" -U postgres -A trust --no-sync >/dev/null
as_pg "$BIN/pg_ctl" -D "$DATA/db" -l "$DATA/log" -w -t 60 \
  -o "-c listen_addresses=127.0.0.1 -p $PORT -k $DATA -c fsync=off -c full_page_writes=off -c max_connections=100" \
  start >/dev/null
as_pg "$BIN/createdb" -h 127.0.0.1 -p "$PORT" -U postgres ingest_test
echo "$DATA" > "/tmp/ingest-pg-$PORT.datadir"  # per port: several servers may run side by side
echo "postgresql+psycopg://postgres@127.0.0.1:$PORT/ingest_test"
