#!/usr/bin/env bash
# PG CPU per webhook at 1000/s with and without some delivery indexes, alternating in one hub run
set -euo pipefail
BENCH_DIR=/work/main/bench; JAR=${JAR:-/work/main/target/quarkus-app/quarkus-run.jar}
die() { echo "$*" >&2; exit 1; }
source $BENCH_DIR/lib.sh
bench_init idx
mkdir -p "$WORK/classes"
javac -d "$WORK/classes" "$BENCH_DIR/Receiver.java" "$BENCH_DIR/FixedRate.java"
RECEIVER_PORT=$(free_port)
java -XX:+UseParallelGC -Xmx512m -cp "$WORK/classes" Receiver "$RECEIVER_PORT" 32 >"$WORK/receiver.log" 2>&1 &
BENCH_PIDS+=("$!")
sleep 1
start_hub -Dswitchboard.delivery.allow-private-targets=true ${HUB_ARGS:-}
PG_PORT=$(sed -n 's/.*Embedded PostgreSQL ready on 127\.0\.0\.1:\([0-9]*\).*/\1/p' "$WORK/hub.log" | head -1)
q() { psql -X -q -A -t -h 127.0.0.1 -p "$PG_PORT" -U postgres -d postgres -c "$1"; }
INSTANCE=$(curl -sf -X POST "$HUB/elements/api-v2/instances" -H "Authorization: $AUTH" -H 'Content-Type: application/json' \
  -d "{\"element\":{\"key\":\"webhook\"},\"name\":\"t\",\"configuration\":{\"event.notification.enabled\":\"true\",\"event.notification.callback.url\":\"http://127.0.0.1:$RECEIVER_PORT/cb\"}}")
WEBHOOK="$HUB/elements/api-v2/events/webhook/$(sed -n 's/^{"id":\([0-9]*\).*/\1/p' <<<"$INSTANCE")"
java -XX:+UseParallelGC -cp "$WORK/classes" FixedRate "$WEBHOOK" ${RATE:-1000} ${WARM:-60} 1024 >/dev/null
DEFS=$(q "SELECT indexdef || ';' FROM pg_indexes WHERE indexname IN (${DROP})")
measure() {
  sleep 2; curl -sf -X POST "http://127.0.0.1:$RECEIVER_PORT/reset" >/dev/null
  local a b h1 h2; a=$(pg_cpu); h1=$(hub_cpu)
  java -XX:+UseParallelGC -cp "$WORK/classes" FixedRate "$WEBHOOK" ${RATE:-1000} ${MEASURE:-20} 1024 > "$WORK/run.txt"
  sleep 1; b=$(pg_cpu); h2=$(hub_cpu)
  st=$(curl -sf "http://127.0.0.1:$RECEIVER_PORT/stats")
  echo "$1: PG $(awk -v a=$a -v b=$b 'BEGIN{printf "%.3f", (b-a)*1000/20000}') ms/webhook, hub $(awk -v a=$h1 -v b=$h2 'BEGIN{printf "%.3f", (b-a)*1000/20000}') ms; $(grep -o 'e2e_p50_ms=[^ ]*\|e2e_p99_ms=[^ ]*' <<<"$st" | paste -sd' ')"
}
for round in 1 2; do
  measure "with all indexes   "
  q "DROP INDEX $(sed "s/'//g" <<<"$DROP")"
  measure "without ${DROP//\'/}"
  psql -X -q -h 127.0.0.1 -p "$PG_PORT" -U postgres -d postgres <<<"$DEFS"
done
