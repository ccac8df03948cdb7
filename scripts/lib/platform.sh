# The checkout slice as local processes: one Kafka broker and the six services, each with its own ports,
# database and logs. Source it (after common.sh); it defines functions only. Used by scripts/run.sh and
# `scripts/bench.sh saga`.
# shellcheck shell=bash
#
#   platform_build [debug|release] [SCRATCH]  swift build the services, kafka-mock-broker and loadgen; sets PLATFORM_BIN
#   platform_start RUN_DIR                    broker (unless KAFKA_BROKERS is set), then every service, each waited
#                                             for on /readyz; logs in RUN_DIR/logs, SQLite in RUN_DIR/data/<name>
#   platform_print_table                      where everything listens, and sample requests
#   platform_watch                            waits until a started process exits (then returns 1)
#   platform_stop                             SIGTERM in reverse start order (checkout first, broker last), SIGKILL
#                                             after SHUTDOWN bound; then checks that nothing it started still runs
#   platform_rss                              one line per service: its resident memory from /proc (kB)
#   platform_cpu_ticks                        one line per service and the embedded broker: CPU used so far
#                                             (utime + stime of all threads, in clock ticks)
#
# Per service NAME (CATALOG, CHECKOUT, PRICING, INVENTORY, PAYMENT, ORDER as the prefix):
#   <NAME>_HTTP_PORT, <NAME>_GRPC_PORT, <NAME>_METRICS_PORT, <NAME>_ADMIN_PORT   override the default ports
#   <NAME>_DATABASE_URL   postgres://... for that service (empty: embedded SQLite in RUN_DIR/data/<name>)
# Shared: KAFKA_BROKERS (empty: start kafka-mock-broker), OTEL_EXPORTER_OTLP_ENDPOINT (set by the caller),
# LOG_LEVEL, OTEL_TRACES_SAMPLER..., passed through to every service.

# Start order: the gRPC dependencies of checkout before it, checkout (the entry point) last.
# PLATFORM_ONLY="catalog pricing" runs a subset (for working on one service).
read -r -a PLATFORM_SERVICES <<<"${PLATFORM_ONLY:-catalog pricing inventory payment order checkout}"
# http grpc metrics admin, as in the session brief.
declare -A PLATFORM_DEFAULT_PORTS=(
    [catalog]="8080 9090 9464 6060" [checkout]="8081 9091 9465 6061" [pricing]="8082 9092 9466 6062"
    [inventory]="8083 9093 9467 6063" [payment]="8084 9094 9468 6064" [order]="8085 9095 9469 6065"
)
# Saga topics (and their dead-letter topics) created up front on the embedded broker, with this many partitions.
PLATFORM_TOPICS=(
    checkout.order.created inventory.reserved inventory.reservation.failed inventory.release inventory.released
    payment.completed payment.failed payment.refunded order.confirmed order.failed notification.requested
    price.updated catalog.price.changed
)
PLATFORM_PARTITIONS=${PLATFORM_PARTITIONS:-4}

PLATFORM_BIN=""
PLATFORM_KAFKA_BROKERS=""
PLATFORM_KAFKA_PID=""
declare -A PLATFORM_PIDS=()
declare -A PLATFORM_PORTS=()
_platform_started=()

# Builds every executable the slice needs (one `swift build`): debug in .build, or release.
platform_build() {
    local configuration=${1:-debug} scratch=${2:-} arguments
    arguments=(-c "$configuration")
    [[ -n $scratch ]] && arguments+=(--scratch-path "$scratch")
    log "swift build ${arguments[*]} (services, kafka-mock-broker, loadgen; a first build takes several minutes)"
    swift build "${arguments[@]}" >&2 || return 1
    PLATFORM_BIN=$(swift build "${arguments[@]}" --show-bin-path)
    local name
    for name in "${PLATFORM_SERVICES[@]}" kafka-mock-broker; do
        [[ -x $PLATFORM_BIN/$name ]] || { warn "$PLATFORM_BIN/$name was not built"; return 1; }
    done
}

# The value of <NAME>_<SUFFIX> for service NAME, else DEFAULT.
_platform_setting() {
    local variable
    variable="$(tr '[:lower:]' '[:upper:]' <<<"$1")_$2"
    printf '%s' "${!variable:-$3}"
}

# Sets PLATFORM_PORTS[NAME.http|grpc|metrics|admin] from the defaults and overrides.
_platform_ports() {
    local name=$1 http grpc metrics admin
    read -r http grpc metrics admin <<<"${PLATFORM_DEFAULT_PORTS[$name]}"
    PLATFORM_PORTS[$name.http]=$(_platform_setting "$name" HTTP_PORT "$http")
    PLATFORM_PORTS[$name.grpc]=$(_platform_setting "$name" GRPC_PORT "$grpc")
    PLATFORM_PORTS[$name.metrics]=$(_platform_setting "$name" METRICS_PORT "$metrics")
    PLATFORM_PORTS[$name.admin]=$(_platform_setting "$name" ADMIN_PORT "$admin")
}

# Starts kafka-mock-broker with the saga topics, unless KAFKA_BROKERS names real brokers.
_platform_start_kafka() {
    local run_dir=$1 out waited=0 topic arguments=()
    if [[ -n ${KAFKA_BROKERS:-} ]]; then
        PLATFORM_KAFKA_BROKERS=$KAFKA_BROKERS
        log "Kafka: using KAFKA_BROKERS=$KAFKA_BROKERS (create the saga topics there yourself)"
        return 0
    fi
    for topic in "${PLATFORM_TOPICS[@]}"; do
        arguments+=(--topic "$topic:$PLATFORM_PARTITIONS" --topic "$topic.dlq:1")
    done
    out=$run_dir/logs/kafka-mock-broker.log
    "$PLATFORM_BIN/kafka-mock-broker" "${arguments[@]}" >"$out" 2>&1 </dev/null &
    PLATFORM_KAFKA_PID=$!
    while ! PLATFORM_KAFKA_BROKERS=$(grep -m1 -o '^bootstrap=.*' "$out" 2>/dev/null | cut -d= -f2-) || [[ -z $PLATFORM_KAFKA_BROKERS ]]; do
        kill -0 "$PLATFORM_KAFKA_PID" 2>/dev/null || { warn "kafka-mock-broker exited: $(cat "$out")"; return 1; }
        ((waited++ < 300)) || { warn "kafka-mock-broker printed no address within 30 s"; return 1; }
        sleep 0.1
    done
    log "Kafka: embedded broker (kafka-mock-broker, pid $PLATFORM_KAFKA_PID) at $PLATFORM_KAFKA_BROKERS, ${#PLATFORM_TOPICS[@]} saga topics x $PLATFORM_PARTITIONS partitions"
}

# Starts service NAME in the background with its own environment; logs to RUN_DIR/logs/NAME.log.
_platform_start_service() {
    local name=$1 run_dir=$2 database_url environment
    _platform_ports "$name"
    database_url=$(_platform_setting "$name" DATABASE_URL "")
    mkdir -p "$run_dir/data/$name" "$run_dir/flightrecorder/$name"
    environment=(
        -u DATABASE_URL -u HTTP_PORT -u GRPC_PORT -u METRICS_PORT -u ADMIN_PORT -u DATA_DIR
        "OTEL_SERVICE_NAME=$name"
        "HTTP_PORT=${PLATFORM_PORTS[$name.http]}" "GRPC_PORT=${PLATFORM_PORTS[$name.grpc]}"
        "METRICS_PORT=${PLATFORM_PORTS[$name.metrics]}" "ADMIN_PORT=${PLATFORM_PORTS[$name.admin]}"
        "DATA_DIR=$run_dir/data/$name" "FLIGHT_RECORDER_DIR=$run_dir/flightrecorder/$name"
        "KAFKA_BROKERS=$PLATFORM_KAFKA_BROKERS"
    )
    [[ -n $database_url ]] && environment+=("DATABASE_URL=$database_url")
    # librdkafka's mock holds every fetch for fetch.wait.max.ms even when a message arrives (~200 ms a hop at 500).
    [[ -n $PLATFORM_KAFKA_PID ]] && environment+=("KAFKA_FETCH_WAIT_MAX_MS=${KAFKA_FETCH_WAIT_MAX_MS:-10}")
    if [[ $name == checkout ]]; then
        environment+=(
            "PRICING_GRPC_TARGET=${PRICING_GRPC_TARGET:-127.0.0.1:${PLATFORM_PORTS[pricing.grpc]}}"
            "INVENTORY_GRPC_TARGET=${INVENTORY_GRPC_TARGET:-127.0.0.1:${PLATFORM_PORTS[inventory.grpc]}}"
        )
    fi
    env "${environment[@]}" "$PLATFORM_BIN/$name" >>"$run_dir/logs/$name.log" 2>&1 </dev/null &
    PLATFORM_PIDS[$name]=$!
    _platform_started+=("$name")
}

# Waits until NAME's /readyz answers 200 (TIMEOUT seconds, default 120).
_platform_wait_ready() {
    local name=$1 timeout=${2:-120} waited=0 url="http://127.0.0.1:${PLATFORM_PORTS[$1.metrics]}/readyz"
    until curl -fsS -o /dev/null --max-time 2 "$url" 2>/dev/null; do
        if ! kill -0 "${PLATFORM_PIDS[$name]}" 2>/dev/null; then
            warn "$name exited while starting; the end of its log ($PLATFORM_RUN_DIR/logs/$name.log):"
            tail -n 15 "$PLATFORM_RUN_DIR/logs/$name.log" >&2
            return 1
        fi
        ((waited++ < timeout * 5)) || { warn "$name was not ready within $timeout s ($url)"; return 1; }
        sleep 0.2
    done
}

platform_start() {
    PLATFORM_RUN_DIR=$(mkdir -p "$1" && cd "$1" && pwd) || return 1
    mkdir -p "$PLATFORM_RUN_DIR/logs"
    local name started
    for name in "${!PLATFORM_DEFAULT_PORTS[@]}"; do _platform_ports "$name"; done
    _platform_start_kafka "$PLATFORM_RUN_DIR" || return 1
    # Start all at once (each joins its consumer groups meanwhile), then wait for each to be ready.
    for name in "${PLATFORM_SERVICES[@]}"; do _platform_start_service "$name" "$PLATFORM_RUN_DIR"; done
    started=$SECONDS
    for name in "${PLATFORM_SERVICES[@]}"; do
        _platform_wait_ready "$name" || return 1
        log "$name ready (pid ${PLATFORM_PIDS[$name]}, $((SECONDS - started)) s)"
    done
}

platform_print_table() {
    local name database
    printf '\n  %-10s %-28s %-17s %-38s %s\n' service "API (HTTP)" gRPC "metrics, /healthz, /readyz" "admin (/debug/)"
    for name in "${PLATFORM_SERVICES[@]}"; do
        printf '  %-10s %-28s %-17s %-38s %s\n' "$name" "http://127.0.0.1:${PLATFORM_PORTS[$name.http]}" \
            "127.0.0.1:${PLATFORM_PORTS[$name.grpc]}" "http://127.0.0.1:${PLATFORM_PORTS[$name.metrics]}/metrics" \
            "http://127.0.0.1:${PLATFORM_PORTS[$name.admin]}/debug/"
    done
    printf '\n  %-10s %s\n' kafka "$PLATFORM_KAFKA_BROKERS${PLATFORM_KAFKA_PID:+ (embedded kafka-mock-broker, ${#PLATFORM_TOPICS[@]} topics x $PLATFORM_PARTITIONS partitions)}"
    printf '  %-10s %s\n' OTLP "${OTEL_EXPORTER_OTLP_ENDPOINT:-none}${OTLP_RECEIVED_SPANS:+ (local receiver: received spans in $OTLP_RECEIVED_SPANS)}"
    for name in "${PLATFORM_SERVICES[@]}"; do
        database=$(_platform_setting "$name" DATABASE_URL "")
        [[ -n $database ]] && database="PostgreSQL ${database%%\?*}" || database="SQLite in $PLATFORM_RUN_DIR/data/$name"
        printf '  %-10s %s\n' "db $name" "$database"
    done
    printf '  %-10s %s\n' logs "$PLATFORM_RUN_DIR/logs/<service>.log (JSON lines)"
    cat <<TRY

  try:
    curl -si -X POST http://127.0.0.1:${PLATFORM_PORTS[checkout.http]}/checkout -H 'content-type: application/json' \\
         -d '{"customerID":"c-1","items":[{"productID":"sku-1001","quantity":2}]}'
    curl -s http://127.0.0.1:${PLATFORM_PORTS[order.http]}/orders/<orderID from the answer>        (pending -> confirmed)
    customerID "decline-..." is always declined (compensation: order failed, stock released);
    sku-1020 is always out of stock.
    $PLATFORM_BIN/loadgen --rate 100 --duration 30 --checkout-url http://127.0.0.1:${PLATFORM_PORTS[checkout.http]} --kafka-brokers $PLATFORM_KAFKA_BROKERS

TRY
}

# Waits until any started process exits; returns 1 naming it.
platform_watch() {
    local name
    while true; do
        for name in "${_platform_started[@]}"; do
            if ! kill -0 "${PLATFORM_PIDS[$name]}" 2>/dev/null; then
                warn "$name (pid ${PLATFORM_PIDS[$name]}) exited; the end of its log:"
                tail -n 15 "$PLATFORM_RUN_DIR/logs/$name.log" >&2
                return 1
            fi
        done
        if [[ -n $PLATFORM_KAFKA_PID ]] && ! kill -0 "$PLATFORM_KAFKA_PID" 2>/dev/null; then
            warn "kafka-mock-broker exited"
            return 1
        fi
        sleep 1 &
        wait $! || true
    done
}

platform_stop() {
    local index name pid pids=() left=()
    for ((index = ${#_platform_started[@]} - 1; index >= 0; index--)); do
        name=${_platform_started[$index]}
        pid=${PLATFORM_PIDS[$name]}
        pids+=("$pid")
        kill -0 "$pid" 2>/dev/null || continue
        log "stopping $name (pid $pid)"
        stop_pid "$pid" "${PLATFORM_STOP_TIMEOUT:-20}"
    done
    _platform_started=()
    if [[ -n $PLATFORM_KAFKA_PID ]]; then
        pids+=("$PLATFORM_KAFKA_PID")
        log "stopping kafka-mock-broker (pid $PLATFORM_KAFKA_PID)"
        stop_pid "$PLATFORM_KAFKA_PID"
        PLATFORM_KAFKA_PID=""
    fi
    for pid in "${pids[@]}"; do kill -0 "$pid" 2>/dev/null && left+=("$pid"); done
    if [[ ${#left[@]} -gt 0 ]]; then
        warn "still running after stop: ${left[*]}"
        return 1
    fi
    [[ ${#pids[@]} -eq 0 ]] || log "stopped: no process of the platform left running"
}

# Prints NAME RSS_KB for every running service (VmRSS from /proc/<pid>/status).
platform_rss() {
    local name
    for name in "${_platform_started[@]}"; do
        awk -v name="$name" '/^VmRSS:/ { print name, $2 }' "/proc/${PLATFORM_PIDS[$name]}/status" 2>/dev/null || true
    done
}

# Prints NAME TICKS for every running service and the embedded broker (utime + stime from /proc/<pid>/stat).
platform_cpu_ticks() {
    local name pid
    for name in "${_platform_started[@]}" ${PLATFORM_KAFKA_PID:+kafka-mock-broker}; do
        pid=${PLATFORM_PIDS[$name]:-$PLATFORM_KAFKA_PID}
        # Fields after the command name (which may hold spaces): utime and stime are the 12th and 13th.
        sed 's/^.*) //' "/proc/$pid/stat" 2>/dev/null | awk -v name="$name" '{ print name, $12 + $13 }' || true
    done
}
