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
# HUB_JAVA_OPTS (extra JVM flags for the hub), KEEP (1 = keep the temp dir and the hub log).
set -euo pipefail

BENCH_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
ROOT=$(cd "$BENCH_DIR/.." && pwd)
JAR="$ROOT/target/quarkus-app/quarkus-run.jar"
CONCURRENCY=${CONCURRENCY:-16}
PHASE_SECONDS=${PHASE_SECONDS:-15}
WARMUP_SECONDS=${WARMUP_SECONDS:-10}
FAKE_DELAY_MS=${FAKE_DELAY_MS:-20}
HUB_JAVA_OPTS=${HUB_JAVA_OPTS:-}

say() { printf '%s\n' "$*"; }
die() { printf 'messaging.sh: %s\n' "$*" >&2; exit 1; }

[[ -f "$JAR" ]] || die "no $JAR; build it first: ./mvnw -B package -DskipTests"
command -v java >/dev/null || die "needs a JDK 17 on the PATH"
command -v curl >/dev/null || die "needs curl"

WORK=$(mktemp -d "${TMPDIR:-/tmp}/switchboard-msg-bench.XXXXXX")
DATA="$WORK/data"
HUB_PID=""
LOAD_PID=""

cleanup() {
    local status=$?
    set +e
    [[ -n "$LOAD_PID" ]] && kill "$LOAD_PID" 2>/dev/null
    if [[ -n "$HUB_PID" ]] && kill -0 "$HUB_PID" 2>/dev/null; then
        kill -TERM "$HUB_PID"
        for _ in $(seq 1 150); do kill -0 "$HUB_PID" 2>/dev/null || break; sleep 0.1; done
        kill -0 "$HUB_PID" 2>/dev/null && kill -KILL "$HUB_PID"
    fi
    # The embedded PostgreSQL runs detached from the JVM; stop it if the hub did not.
    local pidfile="$DATA/postgres/postmaster.pid"
    if [[ -f "$pidfile" ]]; then
        local pg
        pg=$(head -1 "$pidfile")
        if [[ "$pg" =~ ^[0-9]+$ ]] && kill -0 "$pg" 2>/dev/null; then
            kill -INT "$pg"
            for _ in $(seq 1 100); do kill -0 "$pg" 2>/dev/null || break; sleep 0.1; done
        fi
    fi
    if [[ "${KEEP:-0}" == 1 ]]; then say "kept $WORK"; else rm -rf "$WORK"; fi
    exit $status
}
trap cleanup EXIT
trap 'exit 130' INT TERM

free_port() {
    python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])' 2>/dev/null \
        || echo $((20000 + RANDOM % 20000))
}

HUB_PORT=$(free_port)
ORG_SECRET="bench-org-$(head -c 12 /dev/urandom | od -An -tx1 | tr -d ' \n')"
USER_SECRET="bench-user-$(head -c 12 /dev/urandom | od -An -tx1 | tr -d ' \n')"
AUTH="User $USER_SECRET, Organization $ORG_SECRET"

say "== Machine"
say "date:   $(date -u +%Y-%m-%dT%H:%M:%SZ)"
say "nproc:  $(nproc), load: $(cut -d' ' -f1-3 /proc/loadavg)"
say "cpu:    $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2- | sed 's/^ *//')"
say "java:   $(java -version 2>&1 | head -1)"
LOAD_START=$(cut -d' ' -f1 /proc/loadavg)
if awk -v l="$LOAD_START" 'BEGIN {exit !(l >= 1.0)}'; then
    say "WARNING: 1-minute load is $LOAD_START (>= 1.0): other work shares these $(nproc) cores; figures will be low"
fi

# shellcheck disable=SC2086
java $HUB_JAVA_OPTS \
    -Dswitchboard.data-dir="$DATA" \
    -Dquarkus.http.port="$HUB_PORT" \
    -Dswitchboard.delivery.allow-private-targets=true \
    -Dswitchboard.admin.key="bench-admin-$RANDOM$RANDOM" \
    -Dswitchboard.bootstrap.organization-secret="$ORG_SECRET" \
    -Dswitchboard.bootstrap.user-secret="$USER_SECRET" \
    -jar "$JAR" >"$WORK/hub.log" 2>&1 &
HUB_PID=$!

HUB="http://127.0.0.1:$HUB_PORT"
for i in $(seq 1 120); do
    kill -0 "$HUB_PID" 2>/dev/null || { cat "$WORK/hub.log" >&2; die "the hub exited during start-up"; }
    [[ $(curl -s -o /dev/null -w '%{http_code}' "$HUB/q/health/ready") == 200 ]] && break
    [[ $i == 120 ]] && { tail -50 "$WORK/hub.log" >&2; die "the hub was not ready after 60 s"; }
    sleep 0.5
done
say "hub:    pid $HUB_PID on $HUB (packaged jar, embedded PostgreSQL with fsync on)"
say ""

java -XX:+UseParallelGC -Xms256m -Xmx1g "$BENCH_DIR/MessagingLoad.java" "$HUB" "$AUTH" "$CONCURRENCY" \
    "$PHASE_SECONDS" "$WARMUP_SECONDS" "$FAKE_DELAY_MS" &
LOAD_PID=$!
wait "$LOAD_PID"
LOAD_PID=""
grep -E ' (ERROR|WARN) ' "$WORK/hub.log" | head -5 || true
