#!/usr/bin/env bash
# pg_stat_statements at 1000/s
set -euo pipefail
BENCH_DIR=/work/main/bench; JAR=/work/main/target/quarkus-app/quarkus-run.jar
die() { echo "$*" >&2; exit 1; }
source $BENCH_DIR/lib.sh
bench_init pgss
mkdir -p "$WORK/classes"
javac -d "$WORK/classes" "$BENCH_DIR/Receiver.java" "$BENCH_DIR/FixedRate.java"
RECEIVER_PORT=$(free_port)
java -XX:+UseParallelGC -Xmx512m -cp "$WORK/classes" Receiver "$RECEIVER_PORT" 32 >"$WORK/receiver.log" 2>&1 &
BENCH_PIDS+=("$!")
start_hub -Dswitchboard.delivery.allow-private-targets=true
PG_PORT=$(sed -n 's/.*Embedded PostgreSQL ready on 127\.0\.0\.1:\([0-9]*\).*/\1/p' "$WORK/hub.log" | head -1)
q() { psql -X -q -A -t -h 127.0.0.1 -p "$PG_PORT" -U postgres -d postgres -c "$1"; }
q "ALTER SYSTEM SET shared_preload_libraries = 'pg_stat_statements'"
stop_hub
start_hub -Dswitchboard.delivery.allow-private-targets=true
PG_PORT=$(sed -n 's/.*Embedded PostgreSQL ready on 127\.0\.0\.1:\([0-9]*\).*/\1/p' "$WORK/hub.log" | tail -1)
q "CREATE EXTENSION IF NOT EXISTS pg_stat_statements"
q "ALTER SYSTEM SET pg_stat_statements.track_planning = on"; q "SELECT pg_reload_conf()"
INSTANCE=$(curl -sf -X POST "$HUB/elements/api-v2/instances" -H "Authorization: $AUTH" -H 'Content-Type: application/json' \
  -d "{\"element\":{\"key\":\"webhook\"},\"name\":\"t\",\"configuration\":{\"event.notification.enabled\":\"true\",\"event.notification.callback.url\":\"http://127.0.0.1:$RECEIVER_PORT/cb\"}}")
WEBHOOK="$HUB/elements/api-v2/events/webhook/$(sed -n 's/^{"id":\([0-9]*\).*/\1/p' <<<"$INSTANCE")"
java -XX:+UseParallelGC -cp "$WORK/classes" FixedRate "$WEBHOOK" ${RATE:-1000} ${WARM:-40} 1024 >/dev/null
sleep 2
q "SELECT pg_stat_statements_reset()" >/dev/null
( for i in $(seq 1 ${JSTAT_N:-0}); do echo "jstat $(date +%T) $(jstat -compiler $HUB_PID | tail -1)"; sleep 10; done ) &
java -XX:+UseParallelGC -cp "$WORK/classes" FixedRate "$WEBHOOK" ${RATE:-1000} ${MEASURE:-20} 1024
sleep 1
psql -X -h 127.0.0.1 -p "$PG_PORT" -U postgres -d postgres -c "SELECT calls, round(total_exec_time::numeric,1) exec_ms, round(total_plan_time::numeric,1) plan_ms, round((total_plan_time/nullif(plans,0))::numeric,3) per_plan, plans, rows, round((total_exec_time/nullif(calls,0))::numeric,3) per_call, left(regexp_replace(query, '\s+', ' ', 'g'), 110) q FROM pg_stat_statements ORDER BY total_exec_time+total_plan_time DESC LIMIT 25"
q "SHOW plan_cache_mode"
