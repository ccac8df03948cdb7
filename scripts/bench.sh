#!/usr/bin/env bash
# Builds the benchmarks (Benchmarks/Package.swift) in release and prints every figure of the telemetry
# kit's performance budget: one line per figure, `name: measured (target: X) ratio vs baseline (what): Y  MET|NOT MET`,
# details indented below. Every baseline is measured in the same run, on the same machine.
#
#   bash scripts/bench.sh                      all figures (about 3 minutes after the build)
#   bash scripts/bench.sh traceparent http     only some: spans traceparent http grpc metrics flightrecorder coldstart tasks profiling kafka
#   bash scripts/bench.sh outbox               outbox relay on PostgreSQL (asked for by name only; starts PostgreSQL)
#   bash scripts/bench.sh saga                 the checkout slice (release services + loadgen): sagas/s, p50/p99
#                                              checkout-to-confirmed, RSS per service (asked for by name only)
#   bash scripts/bench.sh saga-postgres        the same with every service on PostgreSQL, and pgbench's ceiling
#   bash scripts/bench.sh image                each service's image size (static release build in .build-static,
#                                              FROM scratch rootfs), started in it with chroot (by name only)
#
# Environment:
#   BENCH_SCRATCH   build folder (default .build-bench; never .build, which debug builds use)
#   WRK_DURATION    length of each wrk run (default 10s); WRK_ROUNDS alternating rounds per server (default 2)
#   COLDSTART_RUNS  cold starts of each process (default 20)
#   SAGA_RATE       checkouts per second the saga figures offer (default 300); SAGA_DURATION seconds (default 60)
# Exits 0 when it measured everything (whether or not each target was met), non-zero when it could not.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
source scripts/lib/common.sh
source scripts/lib/postgres.sh
source scripts/otlp-receiver/run.sh
source scripts/lib/platform.sh
source scripts/lib/saga_bench.sh
source scripts/lib/image_bench.sh

scratch=${BENCH_SCRATCH:-$PWD/.build-bench}
wrk_duration=${WRK_DURATION:-10s}
wrk_rounds=${WRK_ROUNDS:-2}
coldstart_runs=${COLDSTART_RUNS:-20}
figures=("$@")
[[ ${#figures[@]} -gt 0 ]] || figures=(spans traceparent http grpc metrics flightrecorder coldstart tasks profiling kafka)
wants() { [[ " ${figures[*]} " == *" $1 "* ]]; }

# swift-otel reads OTEL_* again when it builds its backends: keep the caller's out of the figures.
while read -r variable; do unset "$variable"; done < <(compgen -e | grep '^OTEL_' || true)

command -v swift >/dev/null 2>&1 || { warn "swift not found"; exit 1; }
if wants http; then apt_ensure wrk; fi

build() {
    swift build -c release --package-path Benchmarks --scratch-path "$scratch" "$@" >&2
}
bin=$(swift build -c release --package-path Benchmarks --scratch-path "$scratch" --show-bin-path)
if [[ " ${figures[*]} " =~ \ (spans|traceparent|http|grpc|metrics|flightrecorder|coldstart|tasks|profiling|kafka|outbox)\  ]]; then
    log "building the benchmarks and catalog in release in $scratch (the first build takes several minutes)"
    build
    build --product catalog
    interposer=$bin/libMallocInterposerSwift.so
    [[ -f $interposer ]] || { warn "$interposer was not built"; exit 1; }
fi

run_dir=$(mktemp -d)
server_pids=()
cleanup() {
    local pid
    for pid in "${server_pids[@]}"; do stop_pid "$pid"; done
    platform_stop || true
    otlp_receiver_stop
    postgres_stop
    rm -rf "$run_dir"
}
trap cleanup EXIT

echo "telemetry kit benchmarks: $(date -u +%Y-%m-%dT%H:%MZ), $(nproc) cores, load $(cut -d" " -f1-3 /proc/loadavg), $(swift --version 2>/dev/null | head -1)"

# 1, 2, 4, 5: in-process, with allocations counted by the preloaded interposer.
in_process() {
    LD_PRELOAD=$interposer "$bin/telemetry-bench" "$1"
}

# --- 3. HTTP middleware vs bare Hummingbird, with wrk --------------------------------------------

# CPU time (utime + stime, in clock ticks) of a process and all its threads.
cpu_ticks() {
    local stat
    stat=$(<"/proc/$1/stat")
    stat=${stat##*) }  # fields after the command name
    read -r -a fields <<<"$stat"
    echo $((fields[11] + fields[12]))  # fields 14 and 15 of the full line
}

# Starts http-bench-server MODE on a free port; sets server_pid and server_port.
start_server() {
    local mode=$1 out=$run_dir/$1.out waited=0
    $pin_server "$bin/http-bench-server" "--$mode" --port 0 >"$out" 2>&1 &
    server_pid=$!
    server_pids+=("$server_pid")
    server_port=""
    while [[ -z $server_port ]]; do
        server_port=$(grep -so '"listener":"http","port":"[0-9]*"' "$out" | grep -o '[0-9]*"$' | tr -d '"' || true)
        ((waited++ < 200)) || { warn "http-bench-server --$mode did not start: $(cat "$out")"; exit 1; }
        sleep 0.05
    done
}

# Runs wrk against MODE's server; adds to requests[MODE], ticks[MODE], seconds[MODE].
declare -A requests ticks seconds
load() {
    local mode=$1 duration=$2 port=${ports[$1]} pid=${pids[$1]} before after out served
    before=$(cpu_ticks "$pid")
    out=$($pin_wrk wrk -t1 -c16 -d"$duration" -H "traceparent: 00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01" \
        "http://127.0.0.1:$port/products/42")
    after=$(cpu_ticks "$pid")
    if grep -q 'Non-2xx' <<<"$out"; then warn "$mode: $(grep 'Non-2xx' <<<"$out")"; exit 1; fi
    served=$(awk '/requests in/ { print $1 }' <<<"$out")
    requests[$mode]=$((${requests[$mode]:-0} + served))
    ticks[$mode]=$((${ticks[$mode]:-0} + after - before))
    seconds[$mode]=$(awk -v a="${seconds[$mode]:-0}" -v b="$(awk '/requests in/ { sub(/s,$/, "", $4); print $4 }' <<<"$out")" 'BEGIN { print a + b }')
}

http_figure() {
    pin_server="" pin_wrk=""
    if command -v taskset >/dev/null 2>&1 && (($(nproc) >= 2)); then pin_server="taskset -c 1" pin_wrk="taskset -c 0"; fi
    echo "== 3. HTTP middleware vs bare Hummingbird (wrk -t1 -c16 -d$wrk_duration x $wrk_rounds rounds each, loopback${pin_server:+, server on CPU 1, wrk on CPU 0})"
    declare -A ports pids
    modes=(bare instrumented instrumented-noop recorded profiled)
    for mode in "${modes[@]}"; do
        start_server "$mode"
        ports[$mode]=$server_port pids[$mode]=$server_pid
        $pin_wrk wrk -t1 -c16 -d2s "http://127.0.0.1:$server_port/products/42" >/dev/null  # warm-up
    done
    for ((round = 0; round < wrk_rounds; round++)); do
        for mode in "${modes[@]}"; do load "$mode" "$wrk_duration"; done
    done
    for mode in "${modes[@]}"; do stop_pid "${pids[$mode]}"; done
    awk -v hz="$(getconf CLK_TCK)" \
        -v br="${requests[bare]}" -v bt="${ticks[bare]}" -v bs="${seconds[bare]}" \
        -v ir="${requests[instrumented]}" -v it="${ticks[instrumented]}" -v is="${seconds[instrumented]}" \
        -v nr="${requests[instrumented-noop]}" -v nt="${ticks[instrumented-noop]}" -v ns="${seconds[instrumented-noop]}" \
        -v rr="${requests[recorded]}" -v rt="${ticks[recorded]}" -v pr="${requests[profiled]}" -v pt="${ticks[profiled]}" 'BEGIN {
        bcpu = bt / hz / br * 1e6; icpu = it / hz / ir * 1e6; extra = icpu - bcpu
        brps = br / bs; irps = ir / is; loss = (1 - irps / brps) * 100
        printf "http.middleware extra CPU per request: %.2f us (target: <= 3 us) ratio vs baseline (bare Hummingbird, %.2f us CPU/request): %.2fx  %s\n",
            extra, bcpu, icpu / bcpu, extra <= 3 ? "MET" : "NOT MET"
        printf "http.middleware throughput loss: %.1f %% (target: <= 15 %%) ratio vs baseline (bare Hummingbird, %.0f req/s): %.2fx  %s\n",
            loss, brps, irps / brps, loss <= 15 ? "MET" : "NOT MET"
        printf "    bare: %d requests, %.0f req/s, %.2f us CPU/request\n", br, brps, bcpu
        printf "    instrumented (kit tracer over swift-otel, always_on, + PrometheusMetricsBackend): %d requests, %.0f req/s, %.2f us CPU/request\n", ir, irps, icpu
        ncpu = nt / hz / nr * 1e6
        printf "    instrumented-noop (same middleware and metrics, KitTracer(wrapping: NoOpTracer())): %d requests, %.0f req/s, %.2f us CPU/request (+%.2f us: the kit'"'"'s share without swift-otel'"'"'s span)\n", nr, nr / ns, ncpu, ncpu - bcpu
        rcpu = rt / hz / rr * 1e6; rextra = (rcpu / icpu - 1) * 100
        printf "flightrecorder.http extra CPU per request: %.1f %% (target: <= 1 %%) ratio vs baseline (instrumented, %.2f us CPU/request): %.3fx  %s\n",
            rextra, icpu, rcpu / icpu, rextra <= 1 ? "MET" : "NOT MET"
        pcpu = pt / hz / pr * 1e6; pextra = (pcpu / icpu - 1) * 100
        printf "profiling.http extra CPU per request at 100 Hz: %.1f %% (target: <= 2 %%) ratio vs baseline (instrumented, %.2f us CPU/request): %.3fx  %s\n",
            pextra, icpu, pcpu / icpu, pextra <= 2 ? "MET" : "NOT MET"
        printf "    CPU is the server process (all threads) from /proc/<pid>/stat, %d ticks/s\n", hz
    }'
}

for figure in spans traceparent http grpc metrics flightrecorder coldstart tasks profiling kafka outbox saga saga-postgres image; do
    wants "$figure" || continue
    case $figure in
    saga) saga_figure sqlite ;;
    saga-postgres) saga_figure postgres ;;
    image) image_figure "$run_dir" ;;
    outbox) postgres_install && postgres_start && "$bin/outbox-bench" "$POSTGRES_TEST_URL" ;;
    http) http_figure ;;
    tasks) LD_PRELOAD=$interposer "$bin/task-bench" ;;
    kafka) "$bin/kafka-bench" ;;
    coldstart) "$bin/telemetry-bench" coldstart --catalog "$bin/catalog" --bare-server "$bin/http-bench-server" --runs "$coldstart_runs" ;;
    profiling) "$bin/profiling-bench" ;;
    *) in_process "$figure" ;;
    esac
done
