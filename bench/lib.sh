# Shared by the bench scripts: start the packaged hub on a fresh data dir (embedded PostgreSQL in run mode) and
# stop it again. Sourced; the caller defines say/die and sets JAR, WORK, DATA, HUB_PORT, ORG_SECRET, USER_SECRET
# (and optionally ADMIN_KEY, HUB_JAVA_OPTS).

free_port() {
    python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])' 2>/dev/null \
        || echo $((20000 + RANDOM % 20000))
}

# start_hub [-Dextra=value ...]: starts the hub in the background (HUB_PID, HUB) and waits until it is ready.
start_hub() {
    # shellcheck disable=SC2086
    java ${HUB_JAVA_OPTS:-} \
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
