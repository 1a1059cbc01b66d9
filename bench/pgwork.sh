#!/usr/bin/env bash
# Where PostgreSQL's work per webhook goes, statement by statement. Run after `./mvnw -B package -DskipTests`:
#
#   bench/pgwork.sh                     # database mode: the 200 after the PostgreSQL commit
#   INGEST_LOG=kafka bench/pgwork.sh    # log mode: the 200 after the broker's ack, stored by the hub's consumer
#
# Starts the packaged hub on a fresh temp data dir (run mode: fsync on), restarts it once so that its embedded
# PostgreSQL loads pg_stat_statements (ALTER SYSTEM; the extension ships with the embedded binaries), creates a
# `webhook` instance whose callbacks go to bench/Receiver.java, warms up, then sends 1 KB webhooks with wrk at
# $CONNECTIONS connections for $MEASURE_SECONDS seconds and waits until every callback is delivered. Prints PostgreSQL's CPU
# per webhook (its processes, from /proc) and, per webhook, each statement's calls, execution time, rows and WAL
# bytes (pg_stat_statements over the measured phase and its drain), the heaviest first. Knobs: MEASURE_SECONDS (20),
# CONNECTIONS (32), WARMUP_SECONDS (30), TOP (12), INGEST_LOG (database | kafka), HUB_JAVA_OPTS, KEEP.
set -euo pipefail

BENCH_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
ROOT=$(cd "$BENCH_DIR/.." && pwd)
JAR="$ROOT/target/quarkus-app/quarkus-run.jar"
SECONDS_MEASURED=${MEASURE_SECONDS:-20}  # not SECONDS: bash counts seconds in it
CONNECTIONS=${CONNECTIONS:-32}
WARMUP_SECONDS=${WARMUP_SECONDS:-30}
TOP=${TOP:-12}
INGEST_LOG=${INGEST_LOG:-database}
PSQL=${PSQL:-$(command -v psql || echo /usr/bin/psql)}
BROKER_PID=""

die() { printf 'pgwork.sh: %s\n' "$*" >&2; exit 1; }
# shellcheck source=bench/lib.sh
source "$BENCH_DIR/lib.sh"
# shellcheck source=bench/broker.sh
source "$BENCH_DIR/broker.sh"
[[ "$INGEST_LOG" == database || "$INGEST_LOG" == kafka ]] || die "INGEST_LOG is database or kafka, not $INGEST_LOG"
[[ -f "$JAR" ]] || die "no $JAR; build it first: ./mvnw -B package -DskipTests"
[[ -x "$PSQL" ]] || die "needs psql (Debian: apt-get install postgresql-client)"
command -v wrk >/dev/null || die "needs wrk (Debian: apt-get install wrk)"

bench_init pgwork
machine_banner
section "Setup (INGEST_LOG=$INGEST_LOG)"
RECEIVER_PORT=$(free_port)
mkdir -p "$WORK/classes"
javac -d "$WORK/classes" "$BENCH_DIR/Receiver.java"
java -XX:+UseParallelGC -Xms256m -Xmx512m -cp "$WORK/classes" Receiver "$RECEIVER_PORT" 32 >"$WORK/receiver.log" 2>&1 &
RECEIVER_PID=$!
BENCH_PIDS+=("$RECEIVER_PID")
HUB_ARGS=(-Dswitchboard.delivery.allow-private-targets=true)
if [[ "$INGEST_LOG" == kafka ]]; then
    start_broker
    HUB_ARGS+=(-Dswitchboard.kafka.bootstrap-servers="$BOOTSTRAP" -Dswitchboard.ingest.log=kafka)
fi

pg_port() { sed -n 's/.*Embedded PostgreSQL ready on 127\.0\.0\.1:\([0-9]*\).*/\1/p' "$WORK/hub.log" | tail -1; }
psql_q() { "$PSQL" -X -q -A -t -h 127.0.0.1 -p "$PG_PORT" -U postgres -d postgres -c "$1"; }
start_hub "${HUB_ARGS[@]}"
PG_PORT=$(pg_port)
psql_q "ALTER SYSTEM SET shared_preload_libraries = 'pg_stat_statements'" >/dev/null
stop_hub
start_hub "${HUB_ARGS[@]}"
PG_PORT=$(pg_port)
psql_q "CREATE EXTENSION IF NOT EXISTS pg_stat_statements" >/dev/null
say "hub pid $HUB_PID, PostgreSQL $(psql_q 'SHOW server_version') on 127.0.0.1:$PG_PORT, fsync=$(psql_q 'SHOW fsync'), synchronous_commit=$(psql_q 'SHOW synchronous_commit'), preloaded: $(psql_q 'SHOW shared_preload_libraries')"

INSTANCE=$(curl -sf -X POST "$HUB/elements/api-v2/instances" -H "Authorization: $AUTH" -H 'Content-Type: application/json' \
    -d "{\"element\":{\"key\":\"webhook\"},\"name\":\"pgwork\",\"configuration\":{\"event.notification.enabled\":\"true\",\"event.notification.callback.url\":\"http://127.0.0.1:$RECEIVER_PORT/cb\"}}") \
    || die "could not create the webhook instance"
INSTANCE_ID=$(sed -n 's/^{"id":\([0-9]*\).*/\1/p' <<<"$INSTANCE")
WEBHOOK="$HUB/elements/api-v2/events/webhook/$INSTANCE_ID"

# Whether any delivery is not delivered yet (1 or 0), plus in log mode the receipts the consumer has not stored yet.
open_work() {
    local n
    n=$(psql_q "SELECT count(*) FROM (SELECT 1 FROM delivery WHERE status = 'PENDING' LIMIT 1) p") # cheap: an index
    if [[ "$INGEST_LOG" == kafka ]]; then
        n=$((n + $(curl -sf "$HUB/q/metrics" | awk '/^switchboard_receipt_log_consumer_lag_records / { printf "%d", $2 }')))
    fi
    echo "$n"
}
drain() {
    local i
    sleep 1
    for i in $(seq 1 600); do [[ $(open_work) == 0 ]] && return 0; sleep 0.2; done
    die "deliveries still open after 120 s"
}

section "Warm-up (${WARMUP_SECONDS}s, not counted)"
fg_run "$WORK/warmup.txt" wrk -t2 -c"$CONNECTIONS" -d"${WARMUP_SECONDS}s" --timeout 10s -s "$BENCH_DIR/post.lua" "$WEBHOOK"
grep '^WRK' "$WORK/warmup.txt" || true
drain

section "Measured: ${SECONDS_MEASURED}s of wrk at $CONNECTIONS connections, then the drain"
psql_q "SELECT pg_stat_statements_reset()" >/dev/null
RECEIPTS_BEFORE=$(psql_q "SELECT count(*) FROM receipt")
PG_BEFORE=$(pg_cpu)
HUB_BEFORE=$(hub_cpu)
fg_run "$WORK/measured.txt" wrk -t2 -c"$CONNECTIONS" -d"${SECONDS_MEASURED}s" --timeout 10s -s "$BENCH_DIR/post.lua" "$WEBHOOK"
grep '^WRK' "$WORK/measured.txt" || true
drain
PG_AFTER=$(pg_cpu)
HUB_AFTER=$(hub_cpu)
N=$(($(psql_q "SELECT count(*) FROM receipt") - RECEIPTS_BEFORE))
[[ "$N" -gt 0 ]] || die "no receipt was stored"
say "webhooks stored: $N"
say "PostgreSQL CPU per webhook: $(awk -v a="$PG_BEFORE" -v b="$PG_AFTER" -v n="$N" 'BEGIN {printf "%.3f ms", (b - a) * 1000 / n}') (hub JVM $(awk -v a="$HUB_BEFORE" -v b="$HUB_AFTER" -v n="$N" 'BEGIN {printf "%.3f ms", (b - a) * 1000 / n}'))"
say "statement execution per webhook, all statements: $(psql_q "SELECT round((sum(total_exec_time) / $N)::numeric, 4) || ' ms, ' || round(sum(calls)::numeric / $N, 2) || ' calls, ' || round(sum(wal_bytes) / $N) || ' WAL bytes' FROM pg_stat_statements")"
say ""
say "per webhook:  exec ms   calls    rows  WAL bytes  statement"
"$PSQL" -X -q -A -t -F ' ' -h 127.0.0.1 -p "$PG_PORT" -U postgres -d postgres -c "
    SELECT to_char(total_exec_time / $N, '9990.0000'), to_char(calls::numeric / $N, '990.00'),
           to_char(rows::numeric / $N, '9990.00'), to_char(wal_bytes / $N, '999990'),
           left(regexp_replace(query, '\s+', ' ', 'g'), 110)
      FROM pg_stat_statements ORDER BY total_exec_time DESC LIMIT $TOP" | sed 's/^/             /'
