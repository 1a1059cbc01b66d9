# A single Kafka broker for the bench scripts' log mode (INGEST_LOG=kafka): KRaft, broker and controller in one JVM
# on 127.0.0.1 with free ports and its log directory under $WORK/kafka, configured as the tests' broker
# (src/test/java/io/switchboard/KafkaBroker.java) and run by its main (KafkaBrokerMain, which gives Kafka's logging a
# handler) from target/test-classes with the test classpath: the kafka_2.13 jar is a test dependency, nothing is
# downloaded. Needs `./mvnw -B package -DskipTests` (which compiles the tests; -Dmaven.test.skip does not). Sourced
# after lib.sh; the caller defines die and sets ROOT and WORK. BROKER_JAVA_OPTS: the broker's JVM flags; BROKER_FSYNC=1:
# the broker forces every record to disk before it acknowledges it (log.flush.interval.messages=1; Kafka's default
# leaves that to the OS page cache).

# broker_classpath: target/test-classes and the test-scope dependencies, as Maven resolves them (offline first).
broker_classpath() {
    local out="$WORK/test-classpath.txt" plugin=org.apache.maven.plugins:maven-dependency-plugin:3.9.0:build-classpath
    [[ -f "$ROOT/target/test-classes/io/switchboard/KafkaBrokerMain.class" ]] \
        || die "no target/test-classes/io/switchboard/KafkaBrokerMain.class; build with the tests compiled: ./mvnw -B package -DskipTests (not -Dmaven.test.skip)"
    "$ROOT/mvnw" -o -q -B -f "$ROOT/pom.xml" "$plugin" -Dmdep.outputFile="$out" -Dmdep.includeScope=test \
        >"$WORK/mvn-classpath.log" 2>&1 \
        || "$ROOT/mvnw" -q -B -f "$ROOT/pom.xml" "$plugin" -Dmdep.outputFile="$out" -Dmdep.includeScope=test \
            >>"$WORK/mvn-classpath.log" 2>&1 \
        || { cat "$WORK/mvn-classpath.log" >&2; die "could not resolve the test classpath with Maven"; }
    grep -q 'kafka_2\.13' "$out" || die "kafka_2.13 is not on the test classpath ($out)"
    printf '%s:%s' "$ROOT/target/test-classes" "$(cat "$out")"
}

# start_broker: formats $WORK/kafka, starts the broker in the background (BROKER_PID, added to BENCH_PIDS; its output
# in $WORK/broker.log) and waits until it is started; BOOTSTRAP is its host:port.
start_broker() {
    local dir="$WORK/kafka" port controller classpath i
    port=$(free_port)
    controller=$(free_port)
    while [[ "$controller" == "$port" ]]; do controller=$(free_port); done
    classpath=$(broker_classpath)
    mkdir -p "$dir/data"
    cat >"$dir/server.properties" <<EOF
process.roles=broker,controller
node.id=1
controller.quorum.voters=1@127.0.0.1:$controller
listeners=PLAINTEXT://127.0.0.1:$port,CONTROLLER://127.0.0.1:$controller
advertised.listeners=PLAINTEXT://127.0.0.1:$port
controller.listener.names=CONTROLLER
inter.broker.listener.name=PLAINTEXT
listener.security.protocol.map=PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT
log.dirs=$dir/data
num.partitions=3
auto.create.topics.enable=true
offsets.topic.replication.factor=1
offsets.topic.num.partitions=3
transaction.state.log.replication.factor=1
transaction.state.log.min.isr=1
share.coordinator.state.topic.replication.factor=1
share.coordinator.state.topic.min.isr=1
group.initial.rebalance.delay.ms=0
EOF
    [[ "${BROKER_FSYNC:-0}" == 1 ]] && echo "log.flush.interval.messages=1" >>"$dir/server.properties"
    # what kafka-storage format writes for a static quorum
    printf 'version=1\nnode.id=1\ncluster.id=%s\n' \
        "$(head -c 16 /dev/urandom | base64 | tr '+/' '-_' | tr -d '=\n')" >"$dir/data/meta.properties"
    # shellcheck disable=SC2086
    java ${BROKER_JAVA_OPTS:--Xms512m -Xmx512m -XX:+UseG1GC -XX:MaxGCPauseMillis=20} -Djava.awt.headless=true \
        -Djava.util.logging.manager=org.jboss.logmanager.LogManager -cp "$classpath" \
        io.switchboard.KafkaBrokerMain "$dir/server.properties" >"$WORK/broker.log" 2>&1 &
    BROKER_PID=$!
    BENCH_PIDS+=("$BROKER_PID")
    BOOTSTRAP="127.0.0.1:$port"
    for i in $(seq 1 120); do
        kill -0 "$BROKER_PID" 2>/dev/null || { tail -50 "$WORK/broker.log" >&2; die "the Kafka broker exited during start-up"; }
        grep -q 'Kafka Server started' "$WORK/broker.log" && return 0
        [[ $i == 120 ]] && { tail -50 "$WORK/broker.log" >&2; die "the Kafka broker was not started after 60 s"; }
        sleep 0.5
    done
}

# broker_rss_mb: the broker JVM's resident memory now.
broker_rss_mb() { awk '/^VmRSS/ {printf "%.0f", $2 / 1024}' /proc/"$BROKER_PID"/status 2>/dev/null || echo 0; }
