#!/usr/bin/env bash
# Stop the PostgreSQL that start_postgres.sh started.
set -u
STATE="/tmp/ingest-pg-${INGEST_PG_PORT:-54329}.datadir"
DATA=$(cat "$STATE" 2>/dev/null) || exit 0
BIN=$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -n 1)
if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$BIN/pg_ctl" -D "$DATA/db" -m fast stop >/dev/null 2>&1
else "$BIN/pg_ctl" -D "$DATA/db" -m fast stop >/dev/null 2>&1; fi
rm -rf "$DATA" "$STATE"
