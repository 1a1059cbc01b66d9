#!/usr/bin/env bash
# The console's page times with a long history: loads RECEIPTS (100,000) webhook receipts into one organization
# of the packaged hub (each delivered to a local receiver, so deliveries and attempts are there too), signs in to
# the console, and times each page with curl (REPEAT times after one warm-up; median and max, milliseconds).
# Target: every page under 200 ms.
#
#   ./mvnw -B package -DskipTests && bench/console.sh
set -euo pipefail

BENCH_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
ROOT=$(cd "$BENCH_DIR/.." && pwd)
JAR="$ROOT/target/quarkus-app/quarkus-run.jar"
RECEIPTS=${RECEIPTS:-100000}
RATE=${RATE:-2500}
REPEAT=${REPEAT:-9}
HUB_JAVA_OPTS=${HUB_JAVA_OPTS:-}

die() { printf 'console.sh: %s\n' "$*" >&2; exit 1; }
source "$BENCH_DIR/lib.sh"

[[ -f "$JAR" ]] || die "no $JAR; build it first: ./mvnw -B package -DskipTests"
command -v java >/dev/null && command -v javac >/dev/null || die "needs a JDK 17 (java and javac) on the PATH"

bench_init console
RECEIVER_PORT=$(free_port)
machine_banner

section "Setup"
mkdir -p "$WORK/classes"
javac -d "$WORK/classes" "$BENCH_DIR/Receiver.java" "$BENCH_DIR/FixedRate.java"
java -Xmx256m -cp "$WORK/classes" Receiver "$RECEIVER_PORT" 16 >"$WORK/receiver.log" 2>&1 &
BENCH_PIDS+=("$!")
start_hub -Dswitchboard.delivery.allow-private-targets=true
# The log starts with FAILED_FIRST receipts whose one attempt failed (a callback port nothing listens on, retry
# schedule none); then the callback is the receiver. So events?status=FAILED looks for a few old receipts behind
# RECEIPTS newer ones: the case where deriving every receipt's status newest first is slowest.
DEAD_PORT=$(free_port)
INSTANCE=$(curl -s -X POST "$HUB/elements/api-v2/instances" -H "Authorization: $AUTH" -H 'Content-Type: application/json' \
    -d "{\"element\": {\"key\": \"webhook\"}, \"name\": \"bench-console\", \"configuration\": {
         \"event.notification.enabled\": \"true\", \"event.notification.retry.schedule\": \"none\",
         \"event.notification.callback.url\": \"http://127.0.0.1:$DEAD_PORT/cb\"}}" \
    | python3 -c 'import json,sys; print(json.load(sys.stdin)["id"])')
say "instance $INSTANCE, receiver on $RECEIVER_PORT"
FAILED_FIRST=${FAILED_FIRST:-20}
for i in $(seq 1 "$FAILED_FIRST"); do
    curl -s -o /dev/null -X POST "$HUB/elements/api-v2/events/webhook/$INSTANCE" -H 'Content-Type: application/json' \
        -d "{\"id\": \"failed-$i\"}"
done
for _ in $(seq 1 60); do
    failed=$(curl -s "$HUB/elements/api-v2/instances/$INSTANCE/deliveries?status=FAILED&pageSize=100" \
        -H "Authorization: $AUTH" | python3 -c 'import json,sys; print(len(json.load(sys.stdin)))')
    [[ "$failed" -ge "$FAILED_FIRST" ]] && break
    sleep 1
done
curl -s -o /dev/null -X PATCH "$HUB/elements/api-v2/instances/$INSTANCE" -H "Authorization: $AUTH" \
    -H 'Content-Type: application/json' -d "{\"configuration\": {\"event.notification.retry.schedule\": null,
      \"event.notification.callback.url\": \"http://127.0.0.1:$RECEIVER_PORT/cb\"}}"
say "$failed failed receipts first, then the callback is the receiver"

section "Loading $RECEIPTS receipts at $RATE/s"
SECONDS_NEEDED=$(( (RECEIPTS + RATE - 1) / RATE ))
fg_run - java -cp "$WORK/classes" FixedRate "$HUB/elements/api-v2/events/webhook/$INSTANCE" "$RATE" "$SECONDS_NEEDED" 512 32
for _ in $(seq 1 120); do
    open=$(curl -s "$HUB/elements/api-v2/instances/$INSTANCE/deliveries?status=PENDING&pageSize=1" \
        -H "Authorization: $AUTH" | python3 -c 'import json,sys; print(len(json.load(sys.stdin)))')
    [[ "$open" == 0 ]] && break
    sleep 1
done
say "deliveries settled"

section "Console page times (ms, $REPEAT runs after a warm-up)"
JAR_COOKIES="$WORK/cookies"
curl -s -o /dev/null -c "$JAR_COOKIES" -X POST "$HUB/console/sign-in" \
    --data-urlencode "userSecret=$USER_SECRET" --data-urlencode "organizationSecret=$ORG_SECRET"
RECEIPT=$(curl -s -b "$JAR_COOKIES" "$HUB/console/instances/$INSTANCE/events" \
    | grep -o "/console/instances/$INSTANCE/events/rcp_[A-Z0-9]*" | tail -1 | sed 's#.*/##')
[[ -n "$RECEIPT" ]] || die "signed in, but the events page lists no receipt"

time_page() {
    local path=$1 code times=() t
    code=$(curl -s -o /dev/null -w '%{http_code}' -b "$JAR_COOKIES" "$HUB$path")
    [[ "$code" == 200 ]] || die "$path answered $code"
    for _ in $(seq 1 "$REPEAT"); do
        t=$(curl -s -o /dev/null -w '%{time_total}' -b "$JAR_COOKIES" "$HUB$path")
        times+=("$(awk -v t="$t" 'BEGIN {printf "%.1f", t * 1000}')")
    done
    printf '%s\n' "${times[@]}" | sort -n | awk -v p="$path" '{a[NR]=$1} END {printf "%-60s median %7.1f  max %7.1f\n", p, a[int((NR+1)/2)], a[NR]}'
}

receipts=$(curl -s -b "$JAR_COOKIES" "$HUB/console" | grep -o 'id="count-receipts">[0-9]*' | grep -o '[0-9]*$')
say "receipts today in the organization: $receipts"
for path in /console /console/instances "/console/instances/$INSTANCE" "/console/instances/$INSTANCE/events" \
    "/console/instances/$INSTANCE/events/rows" "/console/instances/$INSTANCE/events?status=NOTIFIED" \
    "/console/instances/$INSTANCE/events?status=FAILED" "/console/instances/$INSTANCE/events/$RECEIPT" \
    /console/deliveries /console/elements /console/subscriptions /console/messages; do
    time_page "$path"
done
