#!/usr/bin/env bash
# Switchboard messaging benchmark. Run from anywhere after `./mvnw -B package -DskipTests`:
#
#   bench/messaging.sh
#
# Starts the packaged hub on a fresh temp data dir (embedded PostgreSQL, fsync on: the run mode) and runs
# bench/MessagingLoad.java, which plays a local fake Twilio (answers 201 after FAKE_DELAY_MS) and the apps:
#   1. sync:  POST /hubs/messaging/messages, closed loop with CONCURRENCY clients: messages/s sent through, and the
#             latency the hub added (what the app waited minus the time inside the fake, per message, p50/p99)
#   2. async: the same with 'Prefer: respond-async': 202s per second and their latency, how fast the background
#             sender got them all to the fake, and the time from request start to the Twilio call
# Everything it started is stopped and the temp dir deleted on exit.
#
# Knobs (environment): CONCURRENCY (16), PHASE_SECONDS (15), WARMUP_SECONDS (10), FAKE_DELAY_MS (20),
# HUB_JAVA_OPTS (the hub's JVM flags instead of the production ones in bench/lib.sh), KEEP (1 = keep the temp dir and the hub log).
set -euo pipefail

BENCH_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
ROOT=$(cd "$BENCH_DIR/.." && pwd)
JAR="$ROOT/target/quarkus-app/quarkus-run.jar"
CONCURRENCY=${CONCURRENCY:-16}
PHASE_SECONDS=${PHASE_SECONDS:-15}
WARMUP_SECONDS=${WARMUP_SECONDS:-10}
FAKE_DELAY_MS=${FAKE_DELAY_MS:-20}
HUB_JAVA_OPTS=${HUB_JAVA_OPTS:-}

die() { printf 'messaging.sh: %s\n' "$*" >&2; exit 1; }
# shellcheck source=bench/lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

[[ -f "$JAR" ]] || die "no $JAR; build it first: ./mvnw -B package -DskipTests"
command -v java >/dev/null || die "needs a JDK 17 on the PATH"
command -v curl >/dev/null || die "needs curl"

bench_init messaging
machine_banner

start_hub -Dswitchboard.delivery.allow-private-targets=true
say "hub:    pid $HUB_PID on $HUB (packaged jar, embedded PostgreSQL with fsync on)"
say ""

fg_run - java -XX:+UseParallelGC -Xms256m -Xmx1g "$BENCH_DIR/MessagingLoad.java" "$HUB" "$AUTH" "$CONCURRENCY" \
    "$PHASE_SECONDS" "$WARMUP_SECONDS" "$FAKE_DELAY_MS"
grep -E ' (ERROR|WARN) ' "$WORK/hub.log" | head -5 || true
