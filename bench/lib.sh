# Shared by the bench scripts: a temp work dir with random secrets and an exit trap that stops what the script
# started, the machine banner, a load tool run in the foreground, and the packaged hub on a fresh data dir (embedded
# PostgreSQL in run mode) started and stopped. Sourced; the caller defines die and sets JAR (and optionally
# HUB_JAVA_OPTS, KEEP).

say() { printf '%s\n' "$*"; }
section() { printf '\n== %s\n' "$*"; }
secret() { head -c 12 /dev/urandom | od -An -tx1 | tr -d ' \n'; }

# Processes the script started in the background, stopped on exit (add with BENCH_PIDS+=("$!")).
BENCH_PIDS=()
FG_PID=""

# bench_init NAME: WORK (a temp dir, deleted on exit unless KEEP=1), DATA, HUB_PORT, random ORG_SECRET,
# USER_SECRET, ADMIN_KEY and AUTH; on exit, Ctrl-C or TERM it stops the load tool, BENCH_PIDS and the hub.
bench_init() {
    WORK=$(mktemp -d "${TMPDIR:-/tmp}/switchboard-$1-bench.XXXXXX")
    DATA="$WORK/data"
    HUB_PID=""
    HUB_PORT=$(free_port)
    ORG_SECRET="bench-org-$(secret)"
    USER_SECRET="bench-user-$(secret)"
    ADMIN_KEY="bench-admin-$(secret)"
    AUTH="User $USER_SECRET, Organization $ORG_SECRET"
    trap bench_cleanup EXIT
    trap 'exit 130' INT TERM
}

bench_cleanup() {
    local status=$? pid
    set +e
    for pid in "$FG_PID" "${BENCH_PIDS[@]}"; do
        if [[ -n "$pid" ]] && kill -0 "$pid" 2>/dev/null; then kill "$pid"; fi
    done
    stop_hub
    if [[ "${KEEP:-0}" == 1 ]]; then say "kept $WORK"; else rm -rf "$WORK"; fi
    exit $status
}

# machine_banner: what the machine is and how busy it was at the start (LOAD_START); warns when it was not idle.
machine_banner() {
    section "Machine"
    say "date:      $(date -u +%Y-%m-%dT%H:%M:%SZ)"
    say "uptime:    $(uptime)"
    say "nproc:     $(nproc)"
    say "cpu:       $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2- | sed 's/^ *//')"
    say "memory:    $(awk '/MemTotal/ {printf "%.1f GiB", $2/1048576}' /proc/meminfo)"
    say "kernel:    $(uname -r)"
    say "java:      $(java -version 2>&1 | head -1)"
    say "hub flags: ${HUB_JAVA_OPTS:-$PRODUCTION_JAVA_OPTS}$([[ -z "${HUB_JAVA_OPTS:-}" ]] && echo " (the production flags)")"
    say "commit:    $(git -C "$(dirname "${BASH_SOURCE[0]}")" rev-parse --short HEAD 2>/dev/null || echo unknown)"
    say "temp dir:  $WORK ($(df -T "$WORK" | awk 'NR==2 {print $2 " on " $1}'))"
    LOAD_START=$(cut -d' ' -f1 /proc/loadavg)
    if awk -v l="$LOAD_START" 'BEGIN {exit !(l >= 1.0)}'; then
        say "WARNING:   1-minute load is $LOAD_START (>= 1.0): other work shares these $(nproc) cores; figures will be low"
    fi
}

# fg_run OUT COMMAND...: runs a load tool in the background and waits for it, so that Ctrl-C or a TERM is handled
# at once (bash runs traps only between foreground commands) and the tool is stopped on exit. Output goes to OUT
# (- for this script's own).
fg_run() {
    local out=$1 status=0
    shift
    if [[ "$out" == - ]]; then "$@" & else "$@" >"$out" & fi
    FG_PID=$!
    wait "$FG_PID" || status=$?
    FG_PID=""
    return $status
}

free_port() {
    python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])' 2>/dev/null \
        || echo $((20000 + RANDOM % 20000))
}

# start_hub [-Dextra=value ...]: starts the hub in the background (HUB_PID, HUB) and waits until it is ready.
# The hub's production JVM flags, as README.md ("JVM flags") and docker/Dockerfile give them (ProductionFlagsTest
# keeps the three alike). The benchmarks run the hub with them unless HUB_JAVA_OPTS gives other flags instead.
PRODUCTION_JAVA_OPTS="-XX:+UseG1GC -Xmx256m"

start_hub() {
    # shellcheck disable=SC2086
    java ${HUB_JAVA_OPTS:-$PRODUCTION_JAVA_OPTS} \
        -Dswitchboard.data-dir="$DATA" \
        -Dquarkus.http.port="$HUB_PORT" \
        -Dswitchboard.admin.key="${ADMIN_KEY:-bench-admin-$RANDOM$RANDOM}" \
        -Dswitchboard.bootstrap.organization-secret="$ORG_SECRET" \
        -Dswitchboard.bootstrap.user-secret="$USER_SECRET" \
        "$@" \
        -jar "$JAR" >"$WORK/hub.log" 2>&1 &
    HUB_PID=$!
    HUB="http://127.0.0.1:$HUB_PORT"
    local i
    for i in $(seq 1 120); do
        kill -0 "$HUB_PID" 2>/dev/null || { cat "$WORK/hub.log" >&2; die "the hub exited during start-up"; }
        [[ $(curl -s -o /dev/null -w '%{http_code}' "$HUB/q/health/ready") == 200 ]] && return 0
        [[ $i == 120 ]] && { tail -50 "$WORK/hub.log" >&2; die "the hub was not ready after 60 s"; }
        sleep 0.5
    done
}

# PostgreSQL's CPU seconds so far: the postmaster with its reaped children, plus its live children.
pg_cpu() {
    local pm
    pm=$(head -1 "$DATA/postgres/postmaster.pid")
    { cat /proc/[0-9]*/stat 2>/dev/null || true; } | awk -v pm="$pm" -v tck="$(getconf CLK_TCK)" '
        { pid = $1; line = $0; sub(/^.*\) /, "", line); split(line, f, " ")
          if (pid == pm) p += f[12] + f[13] + f[14] + f[15]; else if (f[2] == pm) p += f[12] + f[13] }
        END { printf "%.2f", p / tck }'
}
# The hub JVM's CPU seconds so far.
hub_cpu() { awk -v tck="$(getconf CLK_TCK)" '{ line = $0; sub(/^.*\) /, "", line); split(line, f, " "); printf "%.2f", (f[12] + f[13]) / tck }' /proc/"$HUB_PID"/stat; }

# stop_hub: SIGTERM (then SIGKILL after 15 s), and the embedded PostgreSQL if the hub left it running (it runs
# detached from the JVM).
stop_hub() {
    if [[ -n "${HUB_PID:-}" ]] && kill -0 "$HUB_PID" 2>/dev/null; then
        kill -TERM "$HUB_PID"
        for _ in $(seq 1 150); do kill -0 "$HUB_PID" 2>/dev/null || break; sleep 0.1; done
        kill -0 "$HUB_PID" 2>/dev/null && kill -KILL "$HUB_PID"
    fi
    local pidfile="$DATA/postgres/postmaster.pid" pg
    if [[ -f "$pidfile" ]]; then
        pg=$(head -1 "$pidfile")
        if [[ "$pg" =~ ^[0-9]+$ ]] && kill -0 "$pg" 2>/dev/null; then
            kill -INT "$pg"
            for _ in $(seq 1 100); do kill -0 "$pg" 2>/dev/null || break; sleep 0.1; done
        fi
    fi
}
