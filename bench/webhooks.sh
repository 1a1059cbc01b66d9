#!/usr/bin/env bash
# Switchboard webhook benchmark. Run from anywhere after `./mvnw -B package -DskipTests`:
#
#   bench/webhooks.sh
#
# Starts the packaged hub on a fresh temp data dir (embedded PostgreSQL, fsync on: the run mode), a callback
# receiver on 127.0.0.1, creates a `webhook` instance, and measures:
#   1. durable receipts accepted per second (wrk, 1 KB JSON, 32 connections, closed loop) with p50/p99
#   2. end to end at a fixed 1,000 webhooks/s: callbacks delivered per second and vendor POST -> callback latency
#   2c. the same for an instance with event.notification.ordered=true (one callback at a time, in order)
#   2d. fan-out: 100-object webhooks (~22 KB, 5 pages of 20 events) at 100/s: vendor POST -> all 5 pages arrived
#   3. a pgbench baseline on the same PostgreSQL (single-row ~1 KB INSERT, 32 clients) and the ratio to (1)
#   5. start to ready on the existing data dir (and, at the start, on a new one); hub RSS after every phase
# The summary holds every figure against issue 13's targets. Everything it started is stopped and the temp dir deleted on exit. See bench/README.md.
#
# INGEST_LOG=kafka runs it in log mode (issue 15): a single Kafka broker (KRaft, 127.0.0.1, data under the temp dir)
# started as a child process from the test code (bench/broker.sh; needs target/test-classes, which
# `./mvnw -B package -DskipTests` compiles and -Dmaven.test.skip does not, and Maven offline for the test classpath),
# and the hub with switchboard.ingest.log=kafka: the 200 after the broker's ack, the receipts stored by the hub's
# consumer. The CPU per webhook is then split into hub, broker and PostgreSQL. Default: database (no broker).
#
# Knobs (environment): THROUGHPUT_SECONDS (20), CONNECTIONS (32), E2E_RATE (1000), E2E_SECONDS (20), E2E_LOW_SECONDS
# (10; a second end-to-end run at half the measured throughput, only when that is below 1.5 x E2E_RATE),
# ORDERED_RATE (100) and ORDERED_SECONDS (20) for (2c; ORDERED_SECONDS=0 skips it), FANOUT_RATE (100) and FANOUT_SECONDS
# (20) for (2d; 0 skips it), PGBENCH_SECONDS (20), INGEST_LOG (database | kafka; with kafka, BROKER_JAVA_OPTS and
# BROKER_FSYNC=1, see bench/broker.sh), WARMUP_SECONDS (45: the JIT compiles the hub for about that long), PROFILE (1 = a last phase with JFR on the hub and a summary of where its
# CPU goes; 0 = skip), PROFILE_SECONDS (10), HUB_JAVA_OPTS (the hub's JVM flags instead of the production ones in bench/lib.sh), KEEP (1 = keep the temp dir).
set -euo pipefail

BENCH_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
ROOT=$(cd "$BENCH_DIR/.." && pwd)
JAR="$ROOT/target/quarkus-app/quarkus-run.jar"
THROUGHPUT_SECONDS=${THROUGHPUT_SECONDS:-20}
CONNECTIONS=${CONNECTIONS:-32}
E2E_RATE=${E2E_RATE:-1000}
E2E_SECONDS=${E2E_SECONDS:-20}
E2E_LOW_SECONDS=${E2E_LOW_SECONDS:-10}
PGBENCH_SECONDS=${PGBENCH_SECONDS:-20}
WARMUP_SECONDS=${WARMUP_SECONDS:-45}
PROFILE=${PROFILE:-1}
PROFILE_SECONDS=${PROFILE_SECONDS:-10}
HUB_JAVA_OPTS=${HUB_JAVA_OPTS:-}
PGBENCH=${PGBENCH:-$(command -v pgbench || echo /usr/bin/pgbench)}
PSQL=${PSQL:-$(command -v psql || echo /usr/bin/psql)}
INGEST_LOG=${INGEST_LOG:-database}
BROKER_PID=""

die() { printf 'webhooks.sh: %s\n' "$*" >&2; exit 1; }
# shellcheck source=bench/lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
# shellcheck source=bench/broker.sh
source "$(dirname "${BASH_SOURCE[0]}")/broker.sh"
[[ "$INGEST_LOG" == database || "$INGEST_LOG" == kafka ]] || die "INGEST_LOG is database or kafka, not $INGEST_LOG"
kafka_mode() { [[ "$INGEST_LOG" == kafka ]]; }

[[ -f "$JAR" ]] || die "no $JAR; build it first: ./mvnw -B package -DskipTests"
command -v java >/dev/null && command -v javac >/dev/null || die "needs a JDK 17 (java and javac) on the PATH"
[[ -x "$PGBENCH" ]] || die "needs pgbench (Debian: apt-get install postgresql-client)"
[[ -x "$PSQL" ]] || die "needs psql (Debian: apt-get install postgresql-client)"
if ! command -v wrk >/dev/null; then
    say "wrk is not installed; installing the Debian package: apt-get install -y wrk"
    if [[ $(id -u) -eq 0 ]]; then apt-get install -y -q wrk >/dev/null || { apt-get update -q >/dev/null && apt-get install -y -q wrk >/dev/null; }
    else sudo apt-get install -y -q wrk >/dev/null; fi
    command -v wrk >/dev/null || die "could not install wrk"
fi

bench_init webhooks
RECEIVER_PORT=$(free_port)
machine_banner

section "Setup"
mkdir -p "$WORK/classes"
javac -d "$WORK/classes" "$BENCH_DIR/Receiver.java" "$BENCH_DIR/FixedRate.java" "$BENCH_DIR/JfrTop.java"
java -XX:+UseParallelGC -Xms256m -Xmx512m -cp "$WORK/classes" Receiver "$RECEIVER_PORT" 32 >"$WORK/receiver.log" 2>&1 &
RECEIVER_PID=$!
BENCH_PIDS+=("$RECEIVER_PID")

HUB_ARGS=(-Dswitchboard.delivery.allow-private-targets=true)
if kafka_mode; then
    start_broker
    HUB_ARGS+=(-Dswitchboard.kafka.bootstrap-servers="$BOOTSTRAP" -Dswitchboard.ingest.log=kafka)
fi
READY_START=$(date +%s.%N)
start_hub "${HUB_ARGS[@]}"
READY_NEW=$(awk -v s="$READY_START" -v n="$(date +%s.%N)" 'BEGIN {printf "%.1f", n - s}')
grep -q 'receiver listening' "$WORK/receiver.log" || sleep 1
grep -q 'receiver listening' "$WORK/receiver.log" || die "the receiver did not start: $(cat "$WORK/receiver.log")"

PG_PORT=$(sed -n 's/.*Embedded PostgreSQL ready on 127\.0\.0\.1:\([0-9]*\).*/\1/p' "$WORK/hub.log" | head -1)
[[ -n "$PG_PORT" ]] || die "no 'Embedded PostgreSQL ready on' line in the hub log"
psql_q() { "$PSQL" -X -q -A -t -h 127.0.0.1 -p "$PG_PORT" -U postgres -d postgres -c "$1"; }
# Resident memory now: the hub JVM, and PostgreSQL's processes (their RSS summed: shared buffers counted once per
# process that touched them, so an upper bound).
hub_rss_mb() { awk '/^VmRSS/ {printf "%.0f", $2 / 1024}' /proc/"$HUB_PID"/status 2>/dev/null || echo 0; }
rss() {
    local pm
    pm=$(head -1 "$DATA/postgres/postmaster.pid" 2>/dev/null || echo 0)
    printf 'hub RSS %s MB, PostgreSQL RSS (sum of its processes) %s MB' "$(hub_rss_mb)" \
        "$(ps -o rss= --ppid "$pm" -p "$pm" 2>/dev/null | awk '{s += $1} END {printf "%.0f", s / 1024}')"
    if kafka_mode; then printf ', broker RSS %s MB' "$(broker_rss_mb)"; fi
}

say "hub:       pid $HUB_PID on $HUB, embedded PostgreSQL on 127.0.0.1:$PG_PORT ($(psql_q 'SHOW server_version'))"
say "database:  fsync=$(psql_q 'SHOW fsync') synchronous_commit=$(psql_q 'SHOW synchronous_commit') wal_sync_method=$(psql_q 'SHOW wal_sync_method') shared_buffers=$(psql_q 'SHOW shared_buffers')"
say "hub JVM:   $(jcmd "$HUB_PID" VM.command_line 2>/dev/null | sed -n 's/^jvm_args: //p' | sed -E 's/(secret|key)=[^ ]*/\1=***/g')"
say "hub flags: $(jcmd "$HUB_PID" VM.flags 2>/dev/null | tail -1)"
say "mode:      INGEST_LOG=$INGEST_LOG ($(if kafka_mode; then echo "receipt log on Kafka: 200 after the broker's ack, stored by the hub's consumer"; else echo "200 after the PostgreSQL commit"; fi))"
if kafka_mode; then
    say "broker:    pid $BROKER_PID on $BOOTSTRAP (KRaft, one node; JVM ${BROKER_JAVA_OPTS:--Xms512m -Xmx512m -XX:+UseG1GC -XX:MaxGCPauseMillis=20}; $(if [[ "${BROKER_FSYNC:-0}" == 1 ]]; then echo "every record forced to disk"; else echo "records left to the page cache, Kafka's default"; fi); data in $WORK/kafka)"
fi
say "receiver:  pid $RECEIVER_PID on 127.0.0.1:$RECEIVER_PORT (com.sun.net.httpserver, 32 threads, answers 204)"
say "start:     java launched to /q/health/ready in ${READY_NEW}s on a new data dir (creates the database and schema)"
say "memory:    $(rss)"

INSTANCE=$(curl -sf -X POST "$HUB/elements/api-v2/instances" -H "Authorization: $AUTH" -H 'Content-Type: application/json' \
    -d "{\"element\":{\"key\":\"webhook\"},\"name\":\"bench\",\"configuration\":{\"event.notification.enabled\":\"true\",\"event.notification.callback.url\":\"http://127.0.0.1:$RECEIVER_PORT/cb\"}}") \
    || die "could not create the webhook instance"
INSTANCE_ID=$(sed -n 's/^{"id":\([0-9]*\).*/\1/p' <<<"$INSTANCE")
[[ -n "$INSTANCE_ID" ]] || die "unexpected instance answer: $INSTANCE"
WEBHOOK="$HUB/elements/api-v2/events/webhook/$INSTANCE_ID"
say "instance:  $INSTANCE_ID, vendors post to $WEBHOOK"

receiver() { curl -sf "http://127.0.0.1:$RECEIVER_PORT/$1" -X "${2:-GET}"; }
field() { sed -n "s/.*[ ^]$1=\([^ ]*\).*/\1/p" <<<" $2"; }
# Deliveries PENDING; in log mode plus the receipts not stored yet (the consumer's records behind, and 1 while it holds
# records it has not stored).
pending() {
    local n
    n=$(psql_q "SELECT count(*) FROM delivery WHERE status = 'PENDING'")
    if kafka_mode; then
        n=$((n + $(curl -sf "$HUB/q/metrics" | awk '
            /^switchboard_receipt_log_consumer_lag_records / { b = $2 } /^switchboard_receipt_log_lag_seconds / { s = $2 }
            END { printf "%d", b + (s > 0 ? 1 : 0) }')))
    fi
    echo "$n"
}

# Waits (at most $1 seconds) until no delivery is PENDING; prints how long it took and the backlog it started with.
drain() {
    local limit=$1 start backlog left
    start=$(date +%s.%N)
    backlog=$(pending)
    left=$backlog
    while [[ "$left" -gt 0 ]]; do
        if awk -v s="$start" -v n="$(date +%s.%N)" -v l="$limit" 'BEGIN {exit !(n - s > l)}'; then break; fi
        sleep 0.2
        left=$(pending)
    done
    local took
    took=$(awk -v s="$start" -v n="$(date +%s.%N)" 'BEGIN {printf "%.1f", n - s}')
    echo "$backlog $left $took"
}

# CPU seconds used so far, as "hub pg receiver bench busy uptime broker jit": the hub JVM; PostgreSQL (postmaster with its reaped
# children, plus its live children); the receiver; this script with every tool it ran and waited for (wrk, the
# generator, psql); all CPUs of the machine (busy time from /proc/stat); the clock (/proc/uptime); the Kafka broker
# (0 in database mode); and the hub's JIT compiler threads (part of the hub's figure). Deltas divided
# by a count of webhooks give the CPU cost of one; busy minus ours is what other processes took meanwhile.
CLK_TCK=$(getconf CLK_TCK)
cpu_seconds() {
    local pm
    pm=$(head -1 "$DATA/postgres/postmaster.pid" 2>/dev/null || echo 0)
    # cat, not awk, opens the per-process files: processes that end meanwhile are skipped instead of ending awk
    { cat /proc/stat; sed 's/^/uptime /' /proc/uptime; { cat /proc/[0-9]*/stat 2>/dev/null || true; }; } | awk \
        -v hub="$HUB_PID" -v pm="$pm" -v rcv="$RECEIVER_PID" -v me="$$" -v brk="${BROKER_PID:-none}" -v tck="$CLK_TCK" '
        $1 == "cpu" { busy = $2 + $3 + $4 + $7 + $8 + $9; next }
        $1 == "uptime" { up = $2; next }
        $1 ~ /^[0-9]+$/ {
            pid = $1; line = $0; sub(/^.*\) /, "", line); split(line, f, " ")
            # after the command: f[1]=state f[2]=ppid ... f[12]=utime f[13]=stime f[14]=cutime f[15]=cstime
            if (pid == hub) h += f[12] + f[13]
            else if (pid == rcv) r += f[12] + f[13]
            else if (pid == brk) k += f[12] + f[13]
            else if (pid == me) b += f[12] + f[13] + f[14] + f[15]
            else if (pid == pm) p += f[12] + f[13] + f[14] + f[15]
            else if (f[2] == pm) p += f[12] + f[13]
        }
        END { printf "%.2f %.2f %.2f %.2f %.2f %.2f %.2f", h / tck, p / tck, r / tck, b / tck, busy / tck, up, k / tck }'
    # and the hub's JIT compiler threads (C1/C2), whose work is warm-up rather than the cost of a webhook
    { cat /proc/"$HUB_PID"/task/*/stat 2>/dev/null || true; } | awk -v tck="$CLK_TCK" '
        /\(C[12] CompilerThre/ { line = $0; sub(/^.*\) /, "", line); split(line, f, " "); j += f[12] + f[13] }
        END { printf " %.2f\n", j / tck }'
}
# "$1" = snapshot before, "$2" = after, "$3" = webhooks: CPU milliseconds per webhook for hub, PostgreSQL, receiver
# (and, in log mode, the broker: part of the total).
cpu_per_webhook() {
    awk -v a="$1" -v b="$2" -v n="$3" -v cores="$(nproc)" -v kafka="$(kafka_mode && echo 1 || echo 0)" 'BEGIN {
        split(a, x, " "); split(b, y, " ")
        h = (y[1] - x[1]) * 1000 / n; p = (y[2] - x[2]) * 1000 / n; r = (y[3] - x[3]) * 1000 / n
        k = (y[7] - x[7]) * 1000 / n; j = (y[8] - x[8]) * 1000 / n
        if (kafka) printf "hub JVM %.3f ms (of which JIT compiler %.3f ms) + broker %.3f ms + PostgreSQL %.3f ms = %.3f ms CPU per webhook (receiver %.3f ms): %d cores bound the hub + broker + database at about %.0f webhooks/s", h, j, k, p, h + k + p, r, cores, cores * 1000 / (h + k + p)
        else printf "hub JVM %.3f ms (of which JIT compiler %.3f ms) + PostgreSQL %.3f ms = %.3f ms CPU per webhook (receiver %.3f ms): %d cores bound the hub + database at about %.0f webhooks/s", h, j, p, h + p, r, cores, cores * 1000 / (h + p) }'
}
# How busy the machine was between two snapshots, and how much of that was other people's processes.
machine_share() {
    awk -v a="$1" -v b="$2" -v cores="$(nproc)" 'BEGIN {
        split(a, x, " "); split(b, y, " ")
        wall = y[6] - x[6]; busy = y[5] - x[5]
        ours = (y[1] - x[1]) + (y[2] - x[2]) + (y[3] - x[3]) + (y[4] - x[4]) + (y[7] - x[7])
        other = busy - ours; if (other < 0) other = 0
        printf "machine %.0f%% busy over %.1fs; load tools (wrk/generator/psql/pgbench) took %.1f core-seconds, other people'"'"'s processes %.1f (%.0f%% of the machine)",
            100 * busy / (wall * cores), wall, y[4] - x[4], other, 100 * other / (wall * cores) }'
}

# Database counters: commits, rows inserted, rows updated, index scans, the next transaction id (it advances only
# for transactions that write, so its delta counts those), and WAL bytes written.
xacts() {
    psql_q "SELECT (SELECT xact_commit FROM pg_stat_database WHERE datname = current_database()),
                   (SELECT sum(n_tup_ins) FROM pg_stat_user_tables), (SELECT sum(n_tup_upd) FROM pg_stat_user_tables),
                   (SELECT sum(coalesce(idx_scan, 0)) FROM pg_stat_user_tables),
                   pg_snapshot_xmax(pg_current_snapshot())::text::bigint,
                   (SELECT wal_bytes FROM pg_stat_wal)" | tr '|' ' '
}

# "$1" = xacts before, "$2" = after, "$3" = webhooks: the database's work per webhook.
db_work() {
    awk -v a="$1" -v b="$2" -v n="$3" 'BEGIN {
    split(a, x, " "); split(b, y, " ")
    printf "%.1f transactions (%.1f that wrote), %.1f rows inserted, %.1f updated, %.1f index scans, %.0f WAL bytes",
        (y[1] - x[1]) / n, (y[5] - x[5]) / n, (y[2] - x[2]) / n, (y[3] - x[3]) / n, (y[4] - x[4]) / n, (y[6] - x[6]) / n }'
}
# The hub's group-commit counters, "receipts commits" so far (its metrics); batch_mean gives receipts per commit
# between two readings.
batches() {
    curl -sf "$HUB/q/metrics" | awk '/^switchboard_ingest_batch_receipts_(sum|count) / { v[$1] = $2 }
        END { printf "%d %d", v["switchboard_ingest_batch_receipts_sum"], v["switchboard_ingest_batch_receipts_count"] }'
}
# Deliveries this hub put back to the queue so far: deferred (their URL had its share in flight) and lapsed (not
# started before their claim could lapse); both should stay 0 with one fast receiver.
put_back() {
    curl -sf "$HUB/q/metrics" | awk '/^switchboard_deliveries_(deferred|lapsed)_total / { v[$1] = $2 }
        END { printf "deferred %d, lapsed %d", v["switchboard_deliveries_deferred_total"], v["switchboard_deliveries_lapsed_total"] }'
}
batch_mean() {
    awk -v a="$1" -v b="$2" 'BEGIN { split(a, x, " "); split(b, y, " ")
        if (y[2] > x[2]) printf "%.1f receipts per commit (%d commits)", (y[1] - x[1]) / (y[2] - x[2]), y[2] - x[2]; else printf "n/a" }'
    if kafka_mode; then printf ' (log mode: the consumer stores batches from the log; see the database work)'; fi
}

# Samples what the database's client backends are doing (wait events) for $1 seconds, every 100 ms.
sample_db() {
    local seconds=$1
    "$PSQL" -X -q -A -t -F ' ' -h 127.0.0.1 -p "$PG_PORT" -U postgres -d postgres <<SQL
CREATE TEMP TABLE s (what text);
DO \$\$ BEGIN
  FOR i IN 1..$((seconds * 10)) LOOP
    PERFORM pg_stat_clear_snapshot();
    INSERT INTO s SELECT CASE WHEN state = 'active' THEN coalesce(wait_event_type || ':' || wait_event, 'CPU (running)')
                              ELSE state END
      FROM pg_stat_activity WHERE backend_type = 'client backend' AND pid <> pg_backend_pid() AND state <> 'idle';
    PERFORM pg_sleep(0.1);
  END LOOP;
END \$\$;
SELECT round(count(*) / $((seconds * 10)).0, 1), what FROM s GROUP BY what ORDER BY 1 DESC LIMIT 8;
SQL
}

section "Warm-up (${WARMUP_SECONDS}s at $CONNECTIONS connections, not counted)"
fg_run "$WORK/warmup.txt" wrk -t2 -c"$CONNECTIONS" -d"${WARMUP_SECONDS}s" --timeout 10s -s "$BENCH_DIR/post.lua" "$WEBHOOK"
say "$(grep '^WRK' "$WORK/warmup.txt")"
say "put back to queue:   $(put_back) (during the warm-up)"
read -r backlog left took < <(drain 60)
say "delivery backlog after warm-up: $backlog, drained in ${took}s (left: $left)"

section "1. Durable receipts accepted per second (1 KB JSON, 1 event, $CONNECTIONS connections, ${THROUGHPUT_SECONDS}s)"
say "load average at start (includes this benchmark's earlier phases): $(cut -d' ' -f1-3 /proc/loadavg)"
receiver reset POST >/dev/null
CPU_BEFORE=$(cpu_seconds)
XACT_BEFORE=$(xacts)
BATCHES_BEFORE=$(batches)
sample_db $((THROUGHPUT_SECONDS - 4)) >"$WORK/db-waits.txt" 2>&1 &
SAMPLER_PID=$!
BENCH_PIDS+=("$SAMPLER_PID")
fg_run "$WORK/throughput.txt" \
    wrk -t2 -c"$CONNECTIONS" -d"${THROUGHPUT_SECONDS}s" --timeout 10s --latency -s "$BENCH_DIR/post.lua" "$WEBHOOK"
wait "$SAMPLER_PID" || true
SAMPLER_PID=""
STATS=$(receiver stats)
WRK_LINE=$(grep '^WRK' "$WORK/throughput.txt")
RECEIPTS_PER_S=$(field ok_per_s "$WRK_LINE")
TP_P50=$(field p50_ms "$WRK_LINE")
TP_P99=$(field p99_ms "$WRK_LINE")
say "wrk:                 $(grep -E 'Requests/sec|Non-2xx|Socket errors' "$WORK/throughput.txt" | tr -s ' ' | paste -sd';')"
say "$WRK_LINE"
say "receipts accepted:   $(field ok "$WRK_LINE") in $(field seconds "$WRK_LINE") s = $RECEIPTS_PER_S receipts/s (HTTP 200 after $(kafka_mode && echo "the broker's ack" || echo commit))"
say "response latency:    p50 $TP_P50 ms, p99 $TP_P99 ms (closed loop, $CONNECTIONS in flight)"
DELIVERED_DURING=$(field received "$STATS")
say "callbacks delivered while ingesting: $DELIVERED_DURING ($(awk -v d="$DELIVERED_DURING" -v s="$THROUGHPUT_SECONDS" 'BEGIN {printf "%.0f", d / s}')/s)"
read -r backlog left took < <(drain 90)
CPU_AFTER=$(cpu_seconds)
sleep 1.2 # PostgreSQL publishes a backend's statistics at most once a second
XACT_AFTER=$(xacts)
CPU_TP=$(cpu_per_webhook "$CPU_BEFORE" "$CPU_AFTER" "$(field ok "$WRK_LINE")")
say "delivery backlog at the end: $backlog, drained in ${took}s with no ingest (left: $left)$(awk -v b="$backlog" -v t="$took" 'BEGIN {if (t > 0.5 && b > 0) printf(", about %.0f/s", b / t)}')"
say "CPU cost (ingest + delivery, until drained): $CPU_TP"
say "noise:               $(machine_share "$CPU_BEFORE" "$CPU_AFTER")"
say "database work per webhook: $(db_work "$XACT_BEFORE" "$XACT_AFTER" "$(field ok "$WRK_LINE")") (pg_stat_database, pg_stat_user_tables, pg_stat_wal)"
say "group commit:        $(batch_mean "$BATCHES_BEFORE" "$(batches)")"
say "put back to queue:   $(put_back) (since the hub started)"
say "memory:              $(rss)"
say "database backends, average number busy in each state while ingesting (pg_stat_activity every 100 ms):"
sed 's/^/    /' "$WORK/db-waits.txt"
# One open-loop run at "$1" webhooks/s for "$2" s (to the webhook URL "$3", default the bench instance's); sets E2E_*
# for the summary.
e2e_run() {
    local rate=$1 seconds=$2 url=${3:-$WEBHOOK} gen stats before after backlog left took
    say "load average at start (includes this benchmark's earlier phases): $(cut -d' ' -f1-3 /proc/loadavg)"
    receiver "reset?pages=${E2E_PAGES:-0}" POST >/dev/null
    before=$(cpu_seconds)
    local xacts_before batches_before
    xacts_before=$(xacts)
    batches_before=$(batches)
    fg_run "$WORK/generator.txt" java -XX:+UseParallelGC -cp "$WORK/classes" FixedRate "$url" "$rate" "$seconds" 1024 64 \
        "${E2E_OBJECTS:-0}"
    gen=$(cat "$WORK/generator.txt")
    read -r backlog left took < <(drain 60)
    after=$(cpu_seconds)
    E2E_CPU_BEFORE=$before
    E2E_CPU_AFTER=$after
    stats=$(receiver stats)
    say "generator: $gen"
    say "receiver:  $stats"
    E2E_TIMED=$(field timed "$stats")
    E2E_P50=$(field e2e_p50_ms "$stats")
    E2E_P99=$(field e2e_p99_ms "$stats")
    E2E_OK=$(field ok "$gen")
    E2E_SENT=$(field sent "$gen")
    E2E_PER_S=$(awk -v n="$E2E_TIMED" -v s="$(field span_s "$stats")" 'BEGIN {printf "%.0f", (s > 0 ? n / s : 0)}')
    say "webhooks accepted:   $E2E_OK of $E2E_SENT, sent at $(field send_rate "$gen") (response p50 $(field resp_p50_ms "$gen") ms, p99 $(field resp_p99_ms "$gen") ms; the rest failed or timed out)"
    say "callbacks delivered: $E2E_TIMED with a timestamp, $E2E_PER_S/s from first to last arrival over $(field span_s "$stats")s ($(field duplicates "$stats") duplicates; backlog left after a ${took}s drain: $left)"
    E2E_P999=$(field e2e_p999_ms "$stats")
    E2E_MAX=$(field e2e_max_ms "$stats")
    say "end-to-end latency:  p50 $E2E_P50 ms, p90 $(field e2e_p90_ms "$stats") ms, p99 $E2E_P99 ms, p99.9 $E2E_P999 ms, max $E2E_MAX ms"
    say "memory:              $(rss) (at the end of the run)"
    if [[ "${E2E_PAGES:-0}" -gt 0 ]]; then
        FANOUT_P50=$(field fanout_p50_ms "$stats")
        FANOUT_P99=$(field fanout_p99_ms "$stats")
        say "all pages arrived:   $(field fanout_complete "$stats") of $(field fanout_webhooks "$stats") webhooks had all ${E2E_PAGES} pages; vendor POST -> last page p50 $FANOUT_P50 ms, p99 $FANOUT_P99 ms, max $(field fanout_max_ms "$stats") ms"
    fi
    E2E_RSS=$(hub_rss_mb)
    say "CPU cost:            $(cpu_per_webhook "$before" "$after" "$E2E_OK")"
    sleep 1.2
    say "database work:       $(db_work "$xacts_before" "$(xacts)" "$E2E_OK") per webhook"
    say "group commit:        $(batch_mean "$batches_before" "$(batches)")"
    say "put back to queue:   $(put_back) (since the hub started)"
    say "noise:               $(machine_share "$before" "$after")"
    say "receiver overhead:   handler p50 $(field handler_p50_us "$stats") us, p99 $(field handler_p99_us "$stats") us per callback (read body, scan sentAt, answer 204)"
}

section "2. End to end at a fixed $E2E_RATE webhooks/s for ${E2E_SECONDS}s (vendor POST -> callback arrival)"
e2e_run "$E2E_RATE" "$E2E_SECONDS"
E2E_MAIN="$E2E_PER_S callbacks/s ($E2E_OK of $E2E_SENT webhooks accepted), p50 $E2E_P50 ms, p99 $E2E_P99 ms, p99.9 $E2E_P999 ms, max $E2E_MAX ms"
E2E_MAIN_P99=$E2E_P99
E2E_MAIN_P999=$E2E_P999
E2E_MAIN_MAX=$E2E_MAX
E2E_MAIN_RSS=$E2E_RSS
E2E_MAIN_CPU=$(sed -n 's/.* = \([0-9.]*\) ms CPU per webhook.*/\1/p' <<<"$(cpu_per_webhook "$E2E_CPU_BEFORE" "$E2E_CPU_AFTER" "$E2E_OK")")
E2E_LOW=""
# When the hub cannot take the target rate, the run above measures its queues; a run at half of what it can take
# shows the latency of the delivery path itself.
LOW_RATE=$(awk -v r="$RECEIPTS_PER_S" -v t="$E2E_RATE" 'BEGIN {
    if (r >= 1.5 * t) { print 0; exit } x = int(r / 2 / 50) * 50; print (x < 50 ? 50 : x) }')
if [[ "$LOW_RATE" -gt 0 ]]; then
    section "2b. End to end at a sustainable $LOW_RATE webhooks/s for ${E2E_LOW_SECONDS}s (half of what (1) accepted)"
    e2e_run "$LOW_RATE" "$E2E_LOW_SECONDS"
    E2E_LOW="$E2E_PER_S callbacks/s ($E2E_OK of $E2E_SENT accepted), p50 $E2E_P50 ms, p99 $E2E_P99 ms"
fi

E2E_ORDERED=""
if [[ "${ORDERED_SECONDS:=20}" -gt 0 ]]; then
    ORDERED_RATE=${ORDERED_RATE:-100}
    section "2c. End to end at $ORDERED_RATE webhooks/s for ${ORDERED_SECONDS}s to an ordered instance (one callback at a time)"
    ORDERED=$(curl -sf -X POST "$HUB/elements/api-v2/instances" -H "Authorization: $AUTH" -H 'Content-Type: application/json' \
        -d "{\"element\":{\"key\":\"webhook\"},\"name\":\"bench-ordered\",\"configuration\":{\"event.notification.enabled\":\"true\",\"event.notification.ordered\":\"true\",\"event.notification.callback.url\":\"http://127.0.0.1:$RECEIVER_PORT/cb\"}}") \
        || die "could not create the ordered instance"
    ORDERED_ID=$(sed -n 's/^{"id":\([0-9]*\).*/\1/p' <<<"$ORDERED")
    [[ -n "$ORDERED_ID" ]] || die "unexpected instance answer: $ORDERED"
    say "ordered instance: $ORDERED_ID"
    e2e_run "$ORDERED_RATE" "$ORDERED_SECONDS" "$HUB/elements/api-v2/events/webhook/$ORDERED_ID"
    E2E_ORDERED="$E2E_PER_S callbacks/s ($E2E_OK of $E2E_SENT accepted), p50 $E2E_P50 ms, p99 $E2E_P99 ms"
fi

E2E_FANOUT=""
if [[ "${FANOUT_SECONDS:=20}" -gt 0 ]]; then
    FANOUT_RATE=${FANOUT_RATE:-100}
    section "2d. Fan-out: 100-object webhooks (~22 KB, 5 pages of 20 events) at $FANOUT_RATE/s for ${FANOUT_SECONDS}s"
    FANOUT=$(curl -sf -X POST "$HUB/elements/api-v2/instances" -H "Authorization: $AUTH" -H 'Content-Type: application/json' \
        -d "{\"element\":{\"key\":\"webhook\"},\"name\":\"bench-fanout\",\"configuration\":{\"event.notification.enabled\":\"true\",\"event.notification.callback.url\":\"http://127.0.0.1:$RECEIVER_PORT/cb\",\"webhook.objects.path\":\"objects\",\"webhook.object.type.path\":\"type\",\"webhook.event.type.path\":\"action\",\"webhook.event.type.map\":\"created:CREATED,updated:UPDATED,deleted:DELETED\",\"webhook.date.path\":\"date\"}}") \
        || die "could not create the fan-out instance"
    FANOUT_ID=$(sed -n 's/^{"id":\([0-9]*\).*/\1/p' <<<"$FANOUT")
    [[ -n "$FANOUT_ID" ]] || die "unexpected instance answer: $FANOUT"
    say "fan-out instance: $FANOUT_ID (webhook.objects.path=objects)"
    E2E_OBJECTS=100 E2E_PAGES=5 e2e_run "$FANOUT_RATE" "$FANOUT_SECONDS" "$HUB/elements/api-v2/events/webhook/$FANOUT_ID"
    E2E_FANOUT="all 5 pages arrived p50 $FANOUT_P50 ms, p99 $FANOUT_P99 ms (per page: p50 $E2E_P50 ms, p99 $E2E_P99 ms)"
fi

section "3. Baseline: pgbench on the same PostgreSQL (single-row ~1 KB INSERT, 32 clients, ${PGBENCH_SECONDS}s)"
say "load average at start (includes this benchmark's earlier phases): $(cut -d' ' -f1-3 /proc/loadavg)"
psql_q "CREATE TABLE IF NOT EXISTS bench_scratch (id bigserial PRIMARY KEY, payload text NOT NULL)" >/dev/null
cat >"$WORK/insert.sql" <<'SQL'
INSERT INTO bench_scratch (payload) VALUES (repeat(md5(random()::text), 32));
SQL
PG_BEFORE=$(cpu_seconds)
WAL_BEFORE=$(psql_q "SELECT wal_bytes FROM pg_stat_wal")
fg_run "$WORK/pgbench.txt" "$PGBENCH" -n -h 127.0.0.1 -p "$PG_PORT" -U postgres -c 32 -j 2 -T "$PGBENCH_SECONDS" \
    -f "$WORK/insert.sql" postgres || { cat "$WORK/pgbench.txt" >&2; die "pgbench failed"; }
PG_TPS=$(sed -n 's/^tps = \([0-9.]*\).*/\1/p' "$WORK/pgbench.txt" | head -1)
PG_AFTER=$(cpu_seconds)
sleep 1.2
WAL_AFTER=$(psql_q "SELECT wal_bytes FROM pg_stat_wal")
say "pgbench: $(grep -E '^(number of transactions actually processed|latency average|tps)' "$WORK/pgbench.txt" | paste -sd';')"
PG_TXNS=$(sed -n 's/^number of transactions actually processed: \([0-9]*\).*/\1/p' "$WORK/pgbench.txt")
say "CPU:     PostgreSQL $(awk -v a="$PG_BEFORE" -v b="$PG_AFTER" -v n="$PG_TXNS" 'BEGIN { split(a, x, " "); split(b, y, " ")
    printf "%.3f ms + pgbench %.3f ms per transaction", (y[2] - x[2]) * 1000 / n, (y[4] - x[4]) * 1000 / n }'); $(awk -v a="$WAL_BEFORE" -v b="$WAL_AFTER" -v n="$PG_TXNS" 'BEGIN {printf "%.0f", (b - a) / n}') WAL bytes per transaction"
say "noise:   $(machine_share "$PG_BEFORE" "$PG_AFTER")"
psql_q "DROP TABLE bench_scratch" >/dev/null

if [[ "$PROFILE" == 1 ]]; then
    section "4. Where the hub's CPU goes: JFR while ingesting at $CONNECTIONS connections for ${PROFILE_SECONDS}s"
    jcmd "$HUB_PID" JFR.start name=bench settings=profile filename="$WORK/hub.jfr" >/dev/null
    fg_run "$WORK/profile.txt" wrk -t2 -c"$CONNECTIONS" -d"${PROFILE_SECONDS}s" --timeout 10s -s "$BENCH_DIR/post.lua" "$WEBHOOK"
    jcmd "$HUB_PID" JFR.stop name=bench >/dev/null
    say "$(grep '^WRK' "$WORK/profile.txt") (with JFR on)"
    java -cp "$WORK/classes" JfrTop "$WORK/hub.jfr" 12
fi

section "5. Start to ready on the existing data dir (the hub stopped with SIGTERM, started again)"
stop_hub
READY_START=$(date +%s.%N)
start_hub "${HUB_ARGS[@]}"
READY_AGAIN=$(awk -v s="$READY_START" -v n="$(date +%s.%N)" 'BEGIN {printf "%.1f", n - s}')
say "start:     java launched to /q/health/ready in ${READY_AGAIN}s (new data dir earlier: ${READY_NEW}s)"
say "memory:    $(rss) (idle, just started)"

section "Summary (run took ${SECONDS}s, INGEST_LOG=$INGEST_LOG)"
ratio=$(awk -v r="$RECEIPTS_PER_S" -v t="$PG_TPS" 'BEGIN {printf "%.2f", (t > 0 ? r / t : 0)}')
verdict() { awk -v v="$1" -v t="$2" -v dir="$3" 'BEGIN {ok = dir == "ge" ? v >= t : v <= t; print ok ? "MET" : "MISSED"}'; }
say "mode:                    INGEST_LOG=$INGEST_LOG ($(kafka_mode && echo "receipt log on one local Kafka broker; CPU figures include the broker" || echo "receipts committed to PostgreSQL before the 200"))"
say "machine:                 $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2- | sed 's/^ *//'); load at start $LOAD_START, at end $(cut -d' ' -f1 /proc/loadavg)"
CPU_TP_TOTAL=$(sed -n 's/.* = \([0-9.]*\) ms CPU per webhook.*/\1/p' <<<"$CPU_TP")
num() { local v=${1:-n/a}; echo "${v/n\/a/1e9}"; }
say "receipts accepted:       $RECEIPTS_PER_S/s (p50 $TP_P50 ms, p99 $TP_P99 ms)   target >= 9000/s: $(verdict "$RECEIPTS_PER_S" 9000 ge)"
say "pgbench 1 KB INSERT:     $PG_TPS tps"
say "ratio receipts / tps:    $ratio   target >= 0.4: $(verdict "$ratio" 0.4 ge)"
say "CPU per webhook:         ${CPU_TP%%:*}   target <= 0.17 ms at saturation: $(verdict "$(num "$CPU_TP_TOTAL")" 0.17 le)"
say "end to end at $E2E_RATE/s:   $E2E_MAIN"
say "                         targets p99 <= 15 ms: $(verdict "$(num "$E2E_MAIN_P99")" 15 le), p99.9 <= 40 ms: $(verdict "$(num "$E2E_MAIN_P999")" 40 le), max <= 100 ms: $(verdict "$(num "$E2E_MAIN_MAX")" 100 le)"
say "CPU per webhook at $E2E_RATE/s: ${E2E_MAIN_CPU:-n/a} ms (hub + $(kafka_mode && echo "broker + ")PostgreSQL)   target <= 0.5 ms: $(verdict "$(num "$E2E_MAIN_CPU")" 0.5 le)"
say "hub RSS at $E2E_RATE/s:       ${E2E_MAIN_RSS:-n/a} MB   target <= 400 MB: $(verdict "$(num "$E2E_MAIN_RSS")" 400 le)"
say "start to ready:          ${READY_AGAIN}s on the existing data dir (${READY_NEW}s on a new one)   target <= 3 s: $(verdict "$READY_AGAIN" 3 le)"
[[ -z "$E2E_FANOUT" ]] || say "fan-out at ${FANOUT_RATE}/s:       $E2E_FANOUT   targets p50 <= 5 ms: $(verdict "$(num "$FANOUT_P50")" 5 le), p99 <= 25 ms: $(verdict "$(num "$FANOUT_P99")" 25 le)"
[[ -z "$E2E_LOW" ]] || say "end to end at $LOW_RATE/s:    $E2E_LOW"
[[ -z "$E2E_ORDERED" ]] || say "ordered at $ORDERED_RATE/s:       $E2E_ORDERED"
