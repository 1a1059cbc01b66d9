#!/usr/bin/env bash
# Switchboard replay benchmark. Run from anywhere after `./mvnw -B package -DskipTests`:
#
#   bench/replay.sh
#
# Starts the packaged hub on a fresh temp data dir (embedded PostgreSQL, fsync on: the run mode), a callback receiver
# on 127.0.0.1 and one `webhook` instance, stores REPLAY_NOTIFICATIONS notifications through it (1 KB webhooks of one
# event each, delivered once), and measures:
#   1. live webhooks to that instance at LIVE_RATE/s with no replay: callbacks per second and POST -> callback latency
#   2. the same live load while a replay of every stored notification (API.md §7 "Replay") runs to the same instance
#      and callback URL: the replay's rate (notifications re-sent per second, and until it is DONE) and the live
#      callbacks' rate and latency meanwhile
# The receiver tells the two apart by the Elements-Replay-Id header. Everything it started is stopped and the temp dir
# deleted on exit. See bench/README.md.
#
# The generator's 64 connections each send one warm-up webhook first, so a few more than REPLAY_NOTIFICATIONS are
# stored and replayed (the replay's answer says how many).
#
# Knobs (environment): REPLAY_NOTIFICATIONS (10000), FILL_RATE (1000 webhooks/s while storing them), LIVE_RATE (200),
# BASELINE_SECONDS (10), LIVE_SECONDS (60; should outlast the replay, which the summary says), REPLAY_TIMEOUT (600 s
# for the replay to be DONE), WARMUP_SECONDS (20), REPLAY_WINDOW (unset: the hub's switchboard.delivery.replay-window),
# HUB_JAVA_OPTS (the hub's JVM flags instead of the production ones in bench/lib.sh), KEEP (1 = keep the temp dir).
set -euo pipefail

BENCH_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
ROOT=$(cd "$BENCH_DIR/.." && pwd)
JAR="$ROOT/target/quarkus-app/quarkus-run.jar"
REPLAY_NOTIFICATIONS=${REPLAY_NOTIFICATIONS:-10000}
FILL_RATE=${FILL_RATE:-1000}
LIVE_RATE=${LIVE_RATE:-200}
BASELINE_SECONDS=${BASELINE_SECONDS:-10}
LIVE_SECONDS=${LIVE_SECONDS:-60}
REPLAY_TIMEOUT=${REPLAY_TIMEOUT:-600}
WARMUP_SECONDS=${WARMUP_SECONDS:-20}
REPLAY_WINDOW=${REPLAY_WINDOW:-}
HUB_JAVA_OPTS=${HUB_JAVA_OPTS:-}
PSQL=${PSQL:-$(command -v psql || echo /usr/bin/psql)}

die() { printf 'replay.sh: %s\n' "$*" >&2; exit 1; }
# shellcheck source=bench/lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

[[ -f "$JAR" ]] || die "no $JAR; build it first: ./mvnw -B package -DskipTests"
command -v java >/dev/null && command -v javac >/dev/null || die "needs a JDK 17 (java and javac) on the PATH"
[[ -x "$PSQL" ]] || die "needs psql (Debian: apt-get install postgresql-client)"
command -v curl >/dev/null || die "needs curl"

bench_init replay
RECEIVER_PORT=$(free_port)
machine_banner

section "Setup"
mkdir -p "$WORK/classes"
javac -d "$WORK/classes" "$BENCH_DIR/Receiver.java" "$BENCH_DIR/FixedRate.java"
java -XX:+UseParallelGC -Xms256m -Xmx512m -cp "$WORK/classes" Receiver "$RECEIVER_PORT" 32 >"$WORK/receiver.log" 2>&1 &
RECEIVER_PID=$!
BENCH_PIDS+=("$RECEIVER_PID")

HUB_FLAGS=(-Dswitchboard.delivery.allow-private-targets=true)
[[ -z "$REPLAY_WINDOW" ]] || HUB_FLAGS+=(-Dswitchboard.delivery.replay-window="$REPLAY_WINDOW")
start_hub "${HUB_FLAGS[@]}"
grep -q 'receiver listening' "$WORK/receiver.log" || sleep 1
grep -q 'receiver listening' "$WORK/receiver.log" || die "the receiver did not start: $(cat "$WORK/receiver.log")"

PG_PORT=$(sed -n 's/.*Embedded PostgreSQL ready on 127\.0\.0\.1:\([0-9]*\).*/\1/p' "$WORK/hub.log" | head -1)
[[ -n "$PG_PORT" ]] || die "no 'Embedded PostgreSQL ready on' line in the hub log"
psql_q() { "$PSQL" -X -q -A -t -h 127.0.0.1 -p "$PG_PORT" -U postgres -d postgres -c "$1"; }
say "hub:       pid $HUB_PID on $HUB, embedded PostgreSQL on 127.0.0.1:$PG_PORT ($(psql_q 'SHOW server_version'))"
say "hub flags: ${HUB_FLAGS[*]} ${HUB_JAVA_OPTS}"
say "receiver:  pid $RECEIVER_PID on 127.0.0.1:$RECEIVER_PORT (com.sun.net.httpserver, 32 threads, answers 204)"

api() { curl -sf -H "Authorization: $AUTH" -H 'Content-Type: application/json' "$@"; }
INSTANCE=$(api -X POST "$HUB/elements/api-v2/instances" \
    -d "{\"element\":{\"key\":\"webhook\"},\"name\":\"bench-replay\",\"configuration\":{\"event.notification.enabled\":\"true\",\"event.notification.callback.url\":\"http://127.0.0.1:$RECEIVER_PORT/cb\"}}") \
    || die "could not create the webhook instance"
INSTANCE_ID=$(sed -n 's/^{"id":\([0-9]*\).*/\1/p' <<<"$INSTANCE")
[[ -n "$INSTANCE_ID" ]] || die "unexpected instance answer: $INSTANCE"
WEBHOOK="$HUB/elements/api-v2/events/webhook/$INSTANCE_ID"
REPLAYS="$HUB/elements/api-v2/instances/$INSTANCE_ID/events/replay"
say "instance:  $INSTANCE_ID, vendors post to $WEBHOOK"

receiver() { curl -sf "http://127.0.0.1:$RECEIVER_PORT/$1" -X "${2:-GET}"; }
field() { sed -n "s/.*[ ^{,]\"\{0,1\}$1\"\{0,1\}[=:]\"\{0,1\}\([^ ,\"}]*\).*/\1/p" <<<" $2"; }
pending() { psql_q "SELECT count(*) FROM delivery WHERE status = 'PENDING'"; }
now_utc() { date -u +%Y-%m-%dT%H:%M:%S.%3NZ; }
elapsed() { awk -v s="$1" -v n="$(date +%s.%N)" 'BEGIN {printf "%.1f", n - s}'; }

# Waits (at most $1 seconds) until no delivery is PENDING; prints how long it took.
drain() {
    local start
    start=$(date +%s.%N)
    while [[ "$(pending)" -gt 0 ]]; do
        awk -v s="$start" -v n="$(date +%s.%N)" -v l="$1" 'BEGIN {exit !(n - s > l)}' && break
        sleep 0.2
    done
    elapsed "$start"
}

# One open-loop live run at LIVE_RATE for "$1" s; prints the generator's line.
live() {
    fg_run "$WORK/generator.txt" java -XX:+UseParallelGC -cp "$WORK/classes" FixedRate "$WEBHOOK" "$LIVE_RATE" "$1" 1024
    cat "$WORK/generator.txt"
}
live_summary() {
    local stats=$1 gen=$2
    say "generator: $gen"
    say "receiver:  $stats"
    LIVE_PER_S=$(awk -v n="$(field timed "$stats")" -v s="$(field span_s "$stats")" 'BEGIN {printf "%.0f", (s > 0 ? n / s : 0)}')
    LIVE_LINE="$LIVE_PER_S callbacks/s ($(field timed "$stats") of $(field ok "$gen") accepted webhooks), p50 $(field e2e_p50_ms "$stats") ms, p99 $(field e2e_p99_ms "$stats") ms, max $(field e2e_max_ms "$stats") ms"
    say "live:      $LIVE_LINE"
}

section "Warm-up (${WARMUP_SECONDS}s at $LIVE_RATE webhooks/s, not counted, not replayed)"
[[ "$WARMUP_SECONDS" -gt 0 ]] && say "$(live "$WARMUP_SECONDS")"
say "drained in $(drain 60)s"

FILL_SECONDS=$(( (REPLAY_NOTIFICATIONS + FILL_RATE - 1) / FILL_RATE ))
FILL_AT=$(( REPLAY_NOTIFICATIONS / FILL_SECONDS ))
section "Storing $((FILL_AT * FILL_SECONDS)) notifications to replay ($FILL_AT webhooks/s for ${FILL_SECONDS}s, one event each)"
sleep 0.1
FROM=$(now_utc)
fg_run "$WORK/fill.txt" java -XX:+UseParallelGC -cp "$WORK/classes" FixedRate "$WEBHOOK" "$FILL_AT" "$FILL_SECONDS" 1024
say "generator: $(cat "$WORK/fill.txt")"
say "drained in $(drain 120)s"
sleep 0.1
TO=$(now_utc)
say "window:    from $FROM to $TO"

section "1. Live at $LIVE_RATE webhooks/s for ${BASELINE_SECONDS}s, no replay"
say "load average at start: $(cut -d' ' -f1-3 /proc/loadavg)"
receiver reset POST >/dev/null
GEN=$(live "$BASELINE_SECONDS")
say "drained in $(drain 60)s"
live_summary "$(receiver stats)" "$GEN"
BASELINE_LINE=$LIVE_LINE

section "2. Live at $LIVE_RATE webhooks/s for ${LIVE_SECONDS}s while the stored notifications are replayed to the same callback"
say "load average at start: $(cut -d' ' -f1-3 /proc/loadavg)"
receiver reset POST >/dev/null
REPLAY_START=$(date +%s.%N)
STARTED=$(api -X POST "$REPLAYS" -d "{\"from\":\"$FROM\",\"to\":\"$TO\"}") || die "the replay was not started"
REPLAY_ID=$(field id "$STARTED")
REPLAY_TOTAL=$(field notifications "$STARTED")
say "replay:    $STARTED"
[[ -n "$REPLAY_ID" && "$REPLAY_TOTAL" -gt 0 ]] || die "unexpected replay answer: $STARTED"
GEN=$(live "$LIVE_SECONDS")
DURING=$(receiver stats)
PROGRESS=$(api "$REPLAYS/$REPLAY_ID")
say "replay at the end of the live load: $PROGRESS"
STILL_RUNNING=$([[ "$(field status "$PROGRESS")" == RUNNING ]] && echo yes || echo no)
live_summary "$DURING" "$GEN"
DURING_LINE=$LIVE_LINE
REPLAYED_DURING=$(field replayed "$DURING")
while [[ "$(field status "$(api "$REPLAYS/$REPLAY_ID")")" == RUNNING ]]; do
    awk -v s="$REPLAY_START" -v n="$(date +%s.%N)" -v l="$REPLAY_TIMEOUT" 'BEGIN {exit !(n - s > l)}' && break
    sleep 0.2
done
REPLAY_TOOK=$(elapsed "$REPLAY_START")
FINAL=$(api "$REPLAYS/$REPLAY_ID")
AFTER=$(receiver stats)
REPLAYED=$(field replayed "$AFTER")
REPLAY_SPAN=$(field replay_span_s "$AFTER")
say "replay:    $FINAL; receiver: replayed=$REPLAYED from the first to the last in ${REPLAY_SPAN}s"
# From the receiver's first to last replayed callback: right whether the replay ended during the live load or after.
REPLAY_RATE=$(awk -v n="$REPLAYED" -v t="$REPLAY_SPAN" 'BEGIN {printf "%.0f", (t > 0 ? n / t : 0)}')
REPLAY_RATE_DURING=$(awk -v n="$REPLAYED_DURING" -v t="$LIVE_SECONDS" 'BEGIN {printf "%.0f", n / t}')
[[ "$(field status "$FINAL")" == DONE ]] || say "WARNING:   the replay was not DONE ${REPLAY_TOOK}s after it started"
[[ "$STILL_RUNNING" == yes ]] || say "NOTE:      the replay ended before the live load did (in ${REPLAY_SPAN}s); a LIVE_SECONDS above that measures live traffic against it throughout"

section "Summary (run took ${SECONDS}s)"
say "machine:                 $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2- | sed 's/^ *//'); load at start $LOAD_START, at end $(cut -d' ' -f1 /proc/loadavg)"
say "replay:                  $REPLAYED callbacks of $REPLAY_TOTAL notifications in ${REPLAY_SPAN}s = $REPLAY_RATE/s (status $(field status "$FINAL"): delivered $(field delivered "$FINAL"), failed $(field failed "$FINAL"))"
say "replay during live load: $REPLAYED_DURING in the ${LIVE_SECONDS}s of live load = $REPLAY_RATE_DURING/s (still running at its end: $STILL_RUNNING)"
say "live without replay:     $BASELINE_LINE"
say "live during replay:      $DURING_LINE"
