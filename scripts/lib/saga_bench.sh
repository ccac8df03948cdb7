# The checkout slice's figures for scripts/bench.sh (`saga`, `saga-postgres`). Source it after common.sh,
# postgres.sh, otlp-receiver/run.sh and platform.sh; it defines functions only. Uses bench.sh's `build`,
# `bin` and `run_dir`.
# shellcheck shell=bash
#
#   saga_figure sqlite|postgres   release services + loadgen, the platform with full telemetry (every span
#                                 exported to a local OTLP receiver), SAGA_RATE checkouts/s for SAGA_DURATION s,
#                                 RSS of every service sampled from /proc during the load; on postgres also
#                                 pgbench on the same server as the ceiling to compare with.

# Samples every service's VmRSS once a second into FILE (lines "service kB") until killed.
_saga_sample_rss() {
    while true; do
        platform_rss >>"$1"
        sleep 1
    done
}

# Prints pgbench's TPS (simple-update, 8 clients, 20 s) against a fresh database on the test server.
_saga_pgbench_tps() {
    local pg_bin url=$1 database=$2 output
    pg_bin=$(postgres_bin_dir)
    psql "$url" -qc "CREATE DATABASE $database" >&2 || return 1
    url=${url%/*}/$database?sslmode=disable
    "$pg_bin/pgbench" -i -q -s 10 "$url" >/dev/null 2>&1 || return 1
    output=$("$pg_bin/pgbench" -N -c 8 -j 2 -T 20 "$url" 2>/dev/null) || return 1
    awk '/^tps = / { printf "%.0f\n", $3; exit }' <<<"$output"
}

saga_figure() {
    local variant=$1 rate=${SAGA_RATE:-300} duration=${SAGA_DURATION:-60} product name rss_file json idle_file pgbench_tps=""
    for product in "${PLATFORM_SERVICES[@]}" kafka-mock-broker loadgen; do build --product "$product" || return 1; done
    PLATFORM_BIN=$bin
    apt_ensure curl
    otlp_receiver_install
    otlp_receiver_start "$run_dir/receiver"
    export OTEL_EXPORTER_OTLP_ENDPOINT=$OTLP_RECEIVER_HTTP_ENDPOINT OTEL_BSP_SCHEDULE_DELAY=1000 LOG_LEVEL=${LOG_LEVEL:-warning}
    if [[ $variant == postgres ]]; then
        postgres_install && postgres_start || return 1
        for name in "${PLATFORM_SERVICES[@]}"; do
            psql "$POSTGRES_TEST_URL" -qc "CREATE DATABASE bench_$name" >&2 || return 1
            export "$(tr '[:lower:]' '[:upper:]' <<<"$name")_DATABASE_URL=${POSTGRES_TEST_URL%/*}/bench_$name?sslmode=disable&pool_max_conns=${SAGA_POOL:-10}"
        done
    fi
    echo "== saga ($variant): open model $rate checkouts/s for $duration s, release build, full telemetry (OTLP to a local rotel), one kafka-mock-broker"
    platform_start "$run_dir/platform-$variant" || return 1
    idle_file=$run_dir/rss-idle-$variant
    platform_rss >"$idle_file"
    rss_file=$run_dir/rss-$variant
    : >"$rss_file"
    _saga_sample_rss "$rss_file" &
    local sampler=$!
    json=$run_dir/loadgen-$variant.json
    platform_cpu_ticks >"$run_dir/cpu-before-$variant"
    "$bin/loadgen" --rate "$rate" --duration "$duration" --checkout-url "http://127.0.0.1:${PLATFORM_PORTS[checkout.http]}" \
        --kafka-brokers "$PLATFORM_KAFKA_BROKERS" --json >"$json" || { kill "$sampler"; warn "loadgen failed"; return 1; }
    kill "$sampler" 2>/dev/null
    wait "$sampler" 2>/dev/null || true
    platform_cpu_ticks >"$run_dir/cpu-after-$variant"
    platform_stop || true
    if [[ $variant == postgres ]]; then
        log "pgbench -N -c 8 -j 2 -T 20 on the same server (the ceiling)"
        pgbench_tps=$(_saga_pgbench_tps "$POSTGRES_TEST_URL" bench_pgbench) || pgbench_tps=""
        postgres_stop
    fi
    otlp_receiver_stop
    python3 - "$json" "$rate" "$variant" "$rss_file" "$idle_file" "$pgbench_tps" "$run_dir/cpu-before-$variant" "$run_dir/cpu-after-$variant" "$(getconf CLK_TCK)" <<'PY'
import json, os, sys
report, rate, variant = json.load(open(sys.argv[1])), float(sys.argv[2]), sys.argv[3]
pgbench = float(sys.argv[6]) if sys.argv[6] else None
saga = report["checkoutToConfirmed"]
mark = lambda ok: "MET" if ok else "NOT MET"
throughput = report["sagasPerSecond"]
if pgbench:
    base = f"ratio vs baseline (pgbench -N on the same server, {pgbench:.0f} tps): {throughput / pgbench:.3f}x"
else:
    base = f"ratio vs baseline (offered load, {rate:.0f}/s): {throughput / rate:.2f}x"
print(f"saga.{variant}.throughput: {throughput:.1f} sagas/s (target: >= 300) {base}  {mark(throughput >= 300)}")
print(f"saga.{variant}.checkout_to_confirmed p99: {saga['p99']:.1f} ms (target: <= 250 ms) ratio vs baseline (p50, {saga['p50']:.1f} ms): {saga['p99'] / max(saga['p50'], 0.001):.2f}x  {mark(saga['p99'] <= 250 and saga['count'] > 0)}")
post = report["post"]
print(f"    POST /checkout ms: p50 {post['p50']:.1f} p90 {post['p90']:.1f} p99 {post['p99']:.1f} p99.9 {post['p999']:.1f} max {post['max']:.1f} ({post['count']} answered)")
print(f"    checkout-to-confirmed ms: p50 {saga['p50']:.1f} p90 {saga['p90']:.1f} p99 {saga['p99']:.1f} p99.9 {saga['p999']:.1f} max {saga['max']:.1f} ({saga['count']} sagas)")
print(f"    sent {report['sent']}, accepted {report['accepted']}, confirmed {report['confirmed']}, failed {report['failed']}; errors {report['errors'] or 'none'}")
ticks = lambda path: {name: int(value) for name, value in (line.split() for line in open(path))}
before, after, hz = ticks(sys.argv[7]), ticks(sys.argv[8]), int(sys.argv[9])
sagas = max(report["accepted"], 1)
cpu = {name: (after[name] - before.get(name, 0)) / hz for name in after}
cores = os.cpu_count()
print("    CPU during the load, s (ms per accepted checkout): " + ", ".join(
    f"{name} {seconds:.1f} ({seconds * 1000 / sagas:.2f})" for name, seconds in sorted(cpu.items(), key=lambda item: -item[1]))
    + f"; all {sum(cpu.values()):.1f} s, of {cores * report['durationSeconds']:.0f} core-seconds in the run (loadgen and the receiver not counted)")
peak, idle = {}, {}
for line in open(sys.argv[4]):
    name, kb = line.split()
    peak[name] = max(peak.get(name, 0), int(kb))
for line in open(sys.argv[5]):
    name, kb = line.split()
    idle[name] = int(kb)
for name, kb in peak.items():
    mb = kb / 1024
    ratio = kb / idle[name] if idle.get(name) else float("nan")
    print(f"saga.{variant}.rss.{name}: {mb:.1f} MB peak under load (target: <= 64 MB) ratio vs baseline (same process idle, {idle.get(name, 0) / 1024:.1f} MB): {ratio:.2f}x  {mark(mb <= 64)}")
PY
}
