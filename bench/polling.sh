#!/usr/bin/env bash
# Switchboard polling benchmark. Run from anywhere after `./mvnw -B package -DskipTests`:
#
#   bench/polling.sh
#
# Starts the packaged hub on a fresh temp data dir (embedded PostgreSQL, fsync on: the run mode) and a fake vendor on
# 127.0.0.1 whose every answer holds OBJECTS objects updated now, creates INSTANCES `rest` polling instances at a
# 0.1-minute interval (6 s) against it, lets them run WARMUP_SECONDS, then measures for MEASURE_SECONDS:
#   - polls completed per second (the schedule asks for INSTANCES / 6 s), by outcome
#   - the poll lag, from each poll's next_poll_at to its start: p50/p90/p99/p99.9 from switchboard_poll_lag_seconds
# Each poll stores one receipt of OBJECTS events and one notification (no callback URL: deliveries are not part of
# this measure; bench/webhooks.sh measures them). Everything it started is stopped and the temp dir deleted on exit.
#
# Knobs (environment): INSTANCES (1000), OBJECTS (3), INTERVAL (0.1 minutes), WARMUP_SECONDS (30),
# MEASURE_SECONDS (60), VENDOR_DELAY_MS (0; a slower vendor), SLOW_INSTANCES (0: how many of the instances poll a
# second vendor that answers after SLOW_DELAY_MS, 5000, to see that it does not delay the others), HUB_JAVA_OPTS (the hub's JVM flags instead of the production ones in bench/lib.sh, e.g.
# -Dswitchboard.poll.max-concurrent=128), KEEP (1 = keep the temp dir).
set -euo pipefail

BENCH_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
ROOT=$(cd "$BENCH_DIR/.." && pwd)
JAR="$ROOT/target/quarkus-app/quarkus-run.jar"
INSTANCES=${INSTANCES:-1000}
OBJECTS=${OBJECTS:-3}
INTERVAL=${INTERVAL:-0.1}
WARMUP_SECONDS=${WARMUP_SECONDS:-30}
MEASURE_SECONDS=${MEASURE_SECONDS:-60}
VENDOR_DELAY_MS=${VENDOR_DELAY_MS:-0}
SLOW_INSTANCES=${SLOW_INSTANCES:-0}
SLOW_DELAY_MS=${SLOW_DELAY_MS:-5000}
HUB_JAVA_OPTS=${HUB_JAVA_OPTS:-}

die() { printf 'polling.sh: %s\n' "$*" >&2; exit 1; }
# shellcheck source=bench/lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

[[ -f "$JAR" ]] || die "no $JAR; build it first: ./mvnw -B package -DskipTests"
command -v java >/dev/null && command -v javac >/dev/null || die "needs a JDK 17 (java and javac) on the PATH"
command -v python3 >/dev/null || die "needs python3 (to read the metrics)"
command -v curl >/dev/null || die "needs curl"

bench_init polling
VENDOR_PORT=$(free_port)
SLOW_PORT=$(free_port)
machine_banner

section "Setup"
mkdir -p "$WORK/classes"
javac -d "$WORK/classes" "$BENCH_DIR/FakeVendor.java"
java -XX:+UseSerialGC -Xms64m -Xmx256m -cp "$WORK/classes" FakeVendor "$VENDOR_PORT" "$OBJECTS" "$VENDOR_DELAY_MS" \
    >"$WORK/vendor.log" 2>&1 &
BENCH_PIDS+=("$!")
if (( SLOW_INSTANCES > 0 )); then
    java -XX:+UseSerialGC -Xms64m -Xmx256m -cp "$WORK/classes" FakeVendor "$SLOW_PORT" "$OBJECTS" "$SLOW_DELAY_MS" \
        >"$WORK/slow.log" 2>&1 &
    BENCH_PIDS+=("$!")
fi

start_hub -Dswitchboard.delivery.allow-private-targets=true
grep -q 'vendor listening' "$WORK/vendor.log" || sleep 1
grep -q 'vendor listening' "$WORK/vendor.log" || die "the vendor did not start: $(cat "$WORK/vendor.log")"
say "hub:       $HUB (pid $HUB_PID)"
say "vendor:    http://127.0.0.1:$VENDOR_PORT, $OBJECTS objects updated now per answer, delay ${VENDOR_DELAY_MS} ms"
(( SLOW_INSTANCES > 0 )) && say "slow:      http://127.0.0.1:$SLOW_PORT for $SLOW_INSTANCES of the instances, delay ${SLOW_DELAY_MS} ms"

body() {
    cat <<JSON
{"element": {"key": "rest"}, "name": "bench",
 "configuration": {"rest.base.url": "http://127.0.0.1:$1", "event.notification.enabled": "true",
   "event.vendor.type": "polling", "event.poller.refresh_interval": "$INTERVAL",
   "event.poller.configuration": {"items": {"url": "/items?since=\${gmtDate:yyyy-MM-dd'T'HH:mm:ss'Z'}",
     "datesConfiguration": {"updatedDateField": "updated", "createdDateField": "created"}}}}}
JSON
}
body "$VENDOR_PORT" >"$WORK/instance.json"
body "$SLOW_PORT" >"$WORK/slow.json"
START_CREATE=$(date +%s.%N)
# every (INSTANCES / SLOW_INSTANCES)-th instance polls the slow vendor, so that both kinds spread over the interval
seq 1 "$INSTANCES" | awk -v n="$INSTANCES" -v s="$SLOW_INSTANCES" \
        '{ print (s > 0 && ($1 % int(n / s)) == 0 && ++k <= s) ? "slow" : "instance" }' \
    | xargs -P 8 -I{} curl -s -o /dev/null -w '%{http_code}\n' -X POST \
    -H "Authorization: $AUTH" -H 'Content-Type: application/json' --data-binary @"$WORK/{}.json" \
    "$HUB/elements/api-v2/instances" >"$WORK/create.codes"
CREATED=$(grep -c '^200$' "$WORK/create.codes" || true)
[[ "$CREATED" == "$INSTANCES" ]] || die "created $CREATED of $INSTANCES instances: $(sort "$WORK/create.codes" | uniq -c)"
say "instances: $INSTANCES created in $(awk -v s="$START_CREATE" -v e="$(date +%s.%N)" 'BEGIN {printf "%.1f", e - s}') s," \
    "polled every $INTERVAL min: the schedule asks for" \
    "$(awk -v n="$INSTANCES" -v m="$INTERVAL" 'BEGIN {printf "%.1f", n / (m * 60)}') polls/s"

section "Warm-up ($WARMUP_SECONDS s)"
sleep "$WARMUP_SECONDS"
curl -s "$HUB/q/metrics" >"$WORK/before.txt"
say "measuring for $MEASURE_SECONDS s"
CPU_BEFORE=$(awk '{print $14 + $15}' "/proc/$HUB_PID/stat")
sleep "$MEASURE_SECONDS"
curl -s "$HUB/q/metrics" >"$WORK/after.txt"
CPU_AFTER=$(awk '{print $14 + $15}' "/proc/$HUB_PID/stat")

section "Results ($INSTANCES instances, interval $INTERVAL min, $OBJECTS changed objects per poll)"
python3 "$BENCH_DIR/lag.py" "$WORK/before.txt" "$WORK/after.txt" "$MEASURE_SECONDS"
say "hub CPU:           $(awk -v b="$CPU_BEFORE" -v a="$CPU_AFTER" -v s="$MEASURE_SECONDS" -v hz="$(getconf CLK_TCK)" \
    'BEGIN {printf "%.0f%% of one core", (a - b) / hz / s * 100}')"
say "load average:      $(cut -d' ' -f1-3 /proc/loadavg)"
FAILED=$(grep -c 'poll of instance .* failed' "$WORK/hub.log" || true)
[[ "$FAILED" == 0 ]] || say "hub log: $FAILED poll failures logged"
