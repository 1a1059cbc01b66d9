#!/usr/bin/env bash
# Subscription matching benchmark (issue 6). Run from anywhere after `./mvnw -B package -DskipTests`:
#
#   bench/subscriptions.sh
#
# Starts the packaged hub on a fresh temp data dir (embedded PostgreSQL, fsync on: the run mode) with one generic
# `webhook` instance (no callback URL, so the only deliveries-side work is subscription matching) and measures events
# accepted per second (wrk, 20 random customers per webhook, closed loop) in three phases:
#   A  no subscriptions
#   B  10,000 subscriptions on that instance and collection, mixed filters (objectId eq, state eq + age gt,
#      or/not combinations on dotted paths), feed-only (no deliveryAddress): every match writes a feed row
#   A2 no subscriptions again (they are deleted), to show how much the machine drifted meanwhile
# and prints events/s, hub CPU per 1,000 events, matches per event and the ratio B / A.
#
# Knobs (environment): SECONDS_PER_PHASE (20), CONNECTIONS (16), SUBSCRIPTIONS (10000), WARMUP_SECONDS (15),
# HUB_JAVA_OPTS, KEEP (1 = keep the temp dir with the hub log).
set -euo pipefail

BENCH_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
ROOT=$(cd "$BENCH_DIR/.." && pwd)
JAR="$ROOT/target/quarkus-app/quarkus-run.jar"
PHASE=${SECONDS_PER_PHASE:-20}
CONNECTIONS=${CONNECTIONS:-16}
SUBSCRIPTIONS=${SUBSCRIPTIONS:-10000}
WARMUP_SECONDS=${WARMUP_SECONDS:-15}
HUB_JAVA_OPTS=${HUB_JAVA_OPTS:-}
PSQL=${PSQL:-$(command -v psql || echo /usr/bin/psql)}

die() { printf 'subscriptions.sh: %s\n' "$*" >&2; exit 1; }
# shellcheck source=bench/lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

[[ -f "$JAR" ]] || die "no $JAR; build it first: ./mvnw -B package -DskipTests"
command -v java >/dev/null || die "needs java 17 on the PATH"
command -v wrk >/dev/null || die "needs wrk (Debian: apt-get install wrk)"
[[ -x "$PSQL" ]] || die "needs psql (Debian: apt-get install postgresql-client)"

bench_init subscriptions
machine_banner

section "Setup"
start_hub
PG_PORT=$(sed -n 's/.*Embedded PostgreSQL ready on 127\.0\.0\.1:\([0-9]*\).*/\1/p' "$WORK/hub.log" | head -1)
[[ -n "$PG_PORT" ]] || die "no 'Embedded PostgreSQL ready on' line in the hub log"
psql_q() { "$PSQL" -X -q -A -t -h 127.0.0.1 -p "$PG_PORT" -U postgres -d postgres -c "$1"; }
say "hub:       pid $HUB_PID on $HUB, PostgreSQL $(psql_q 'SHOW server_version') on 127.0.0.1:$PG_PORT"

INSTANCE=$(curl -sf -X POST "$HUB/elements/api-v2/instances" -H "Authorization: $AUTH" -H 'Content-Type: application/json' \
    -d '{"element":{"key":"webhook"},"name":"subs-bench","configuration":{"event.notification.enabled":"true",
         "webhook.objects.path":"items","webhook.object.type":"customers","webhook.event.type.path":"action",
         "webhook.event.type.map":"created:CREATED,updated:UPDATED,deleted:DELETED"}}') \
    || die "could not create the webhook instance"
INSTANCE_ID=$(sed -n 's/^{"id":\([0-9]*\).*/\1/p' <<<"$INSTANCE")
[[ -n "$INSTANCE_ID" ]] || die "unexpected instance answer: $INSTANCE"
WEBHOOK="$HUB/elements/api-v2/events/webhook/$INSTANCE_ID"
say "instance:  $INSTANCE_ID (no callback URL), vendors post to $WEBHOOK"

# CPU seconds of the hub JVM and of PostgreSQL (postmaster, live backends and reaped ones), and the clock.
TCK=$(getconf CLK_TCK)
cpu() {
    local pm
    pm=$(head -1 "$DATA/postgres/postmaster.pid" 2>/dev/null || echo 0)
    # a process that ends between the glob and the read makes cat fail: not an error here
    { sed 's/^/uptime /' /proc/uptime; cat /proc/[0-9]*/stat 2>/dev/null || true; } | awk -v hub="$HUB_PID" -v pm="$pm" -v tck="$TCK" '
        $1 == "uptime" { up = $2; next }
        { pid = $1; sub(/^[^)]*\) /, ""); }
        pid == hub { h = ($12 + $13) / tck }
        pid == pm { p += ($12 + $13 + $14 + $15) / tck }
        $2 == pm { p += ($12 + $13) / tck }
        END { printf "%.2f %.2f %.2f\n", h, p, up }'
}

run_phase() { # name
    local name=$1 before after feed_before feed_after out
    feed_before=$(psql_q "SELECT count(*) FROM subscription_notification")
    before=$(cpu)
    out="$WORK/wrk-$name.txt"
    fg_run "$out" wrk -t2 -c"$CONNECTIONS" -d"${PHASE}s" -s "$BENCH_DIR/subscriptions.lua" "$WEBHOOK"
    after=$(cpu)
    feed_after=$(psql_q "SELECT count(*) FROM subscription_notification")
    local line ok seconds
    line=$(grep '^WRK' "$out")
    ok=$(sed -n 's/.* ok=\([0-9]*\).*/\1/p' <<<"$line")
    seconds=$(sed -n 's/.* seconds=\([0-9.]*\).*/\1/p' <<<"$line")
    awk -v name="$name" -v ok="$ok" -v s="$seconds" -v b="$before" -v a="$after" -v fb="$feed_before" -v fa="$feed_after" \
        -v line="$line" 'BEGIN {
        split(b, x, " "); split(a, y, " "); events = ok * 20;
        printf "%-3s events/s %8.0f  (webhooks/s %6.1f)  hub CPU %.3f s, PostgreSQL CPU %.3f s per 1,000 events;" \
               " matches/event %.2f\n    %s\n", name, events / s, ok / s, (y[1] - x[1]) * 1000 / events,
               (y[2] - x[2]) * 1000 / events, (fa - fb) / events, line }' | tee -a "$WORK/summary.txt"
    tail -1 "$WORK/summary.txt" >/dev/null
}

section "Warm-up ($WARMUP_SECONDS s, not counted)"
wrk -t2 -c"$CONNECTIONS" -d"${WARMUP_SECONDS}s" -s "$BENCH_DIR/subscriptions.lua" "$WEBHOOK" | grep '^WRK' || true

section "A: no subscriptions"
run_phase A

section "B: $SUBSCRIPTIONS subscriptions on instance $INSTANCE_ID, collection customers"
USER_ID=$(psql_q "SELECT u.id FROM app_user u JOIN organization o ON o.id = u.organization_id ORDER BY u.id LIMIT 1")
ORG_ID=$(psql_q "SELECT organization_id FROM app_user WHERE id = $USER_ID")
# Mixed filters, about one match per event in all: a quarter each of
#   objectId eq 'c<n>'                                      (indexed by object id; rarely matches)
#   state eq 'S<n>' and age gt <n>                          (1 in 1,000 states, then about half the ages)
#   (city eq 'C<n>' or zip eq <n>) and not vip eq true     (rarely matches)
#   address.geo.score ge <x> and address.geo.score lt <x + 0.0005> or eventType eq 'DELETED' and state eq 'S<n>'
psql_q "INSERT INTO subscription (id, organization_id, user_id, title, instance_id, collection, filter, change_types,
            persist_notifications, format)
        SELECT 'sub_bench_' || i, $ORG_ID, $USER_ID, 'bench ' || i, $INSTANCE_ID, 'customers',
               CASE i % 4
                 WHEN 0 THEN format('objectId eq ''c%s''', (i * 7919) % 1000000)
                 WHEN 1 THEN format('state eq ''S%s'' and age gt %s', i % 1000, i % 90)
                 WHEN 2 THEN format('(city eq ''C%s'' or zip eq %s) and not vip eq true', i, i)
                 ELSE format('address.geo.score ge %s and address.geo.score lt %s or eventType eq ''DELETED'' and state eq ''S%s''',
                             round((i % 2000) / 2000.0, 4), round((i % 2000) / 2000.0 + 0.0005, 4), i % 1000)
               END,
               CASE WHEN i % 3 = 0 THEN ARRAY['CREATED','UPDATED'] ELSE ARRAY['CREATED','UPDATED','DELETED','UNKNOWN'] END,
               false, 'json'
        FROM generate_series(1, $SUBSCRIPTIONS - 1) i" >/dev/null
# One through the API: it validates like any other, and its commit makes every node reload the index.
SUB=$(curl -sf -X POST "$HUB/elements/api-v2/subscriptions" -H "Authorization: $AUTH" -H 'Content-Type: application/json' \
    -H 'Accept: application/json' -d "{\"title\":\"api\",\"instanceId\":$INSTANCE_ID,\"collection\":\"customers\",
        \"filter\":\"state eq 'S1' and (age lt 10 or not vip eq false)\"}") || die "could not create a subscription"
SUB_ID=$(sed -n 's/^{"id":"\([^"]*\)".*/\1/p' <<<"$SUB")
say "subscriptions: $(psql_q 'SELECT count(*) FROM subscription') (one through the API: $SUB_ID)"
wrk -t2 -c"$CONNECTIONS" -d5s -s "$BENCH_DIR/subscriptions.lua" "$WEBHOOK" | grep '^WRK' | sed 's/^/warm-up: /' || true
run_phase B

section "A2: no subscriptions again"
psql_q "DELETE FROM subscription WHERE id LIKE 'sub_bench_%'" >/dev/null
curl -sf -X DELETE "$HUB/elements/api-v2/subscriptions/$SUB_ID" -H "Authorization: $AUTH" || die "could not delete $SUB_ID"
run_phase A2

section "Summary"
awk '/^A  / {a = $3} /^B  / {b = $3} /^A2 / {a2 = $3}
     END { printf "B / A = %.2f, B / A2 = %.2f (events/s with %s subscriptions over none)\n", b / a, b / a2, subs }' \
    subs="$SUBSCRIPTIONS" "$WORK/summary.txt"
