#!/usr/bin/env bash
# Runs the platform on embedded defaults: for now the Catalog service, built on the telemetry kit, with
# its embedded SQLite database and Kafka broker, and a local OTLP receiver (rotel) that records every
# span it exports.
#
#   bash scripts/run.sh          build, start the receiver and the service; Ctrl-C stops both gracefully
#
# Environment: any of the service's variables (HTTP_PORT, OTEL_TRACES_SAMPLER, LOG_LEVEL, ... see README).
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
source scripts/lib/common.sh
source scripts/otlp-receiver/run.sh

command -v swift >/dev/null 2>&1 || { warn "swift not found: install Swift 6.1 or newer (https://swift.org/install)"; exit 1; }

run_dir=.run
mkdir -p "$run_dir"
service_pid=""
cleanup() {
    [[ -n $service_pid ]] && kill -TERM "$service_pid" 2>/dev/null && wait "$service_pid" 2>/dev/null || true
    otlp_receiver_stop
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

# librdkafka (headers and pkg-config file) is the one C library the services link.
apt_ensure librdkafka-dev
log "building the catalog service (the first build fetches and compiles dependencies: a few minutes)"
swift build --product catalog >&2
bin=$(swift build --show-bin-path)/catalog

otlp_receiver_install
otlp_receiver_start "$run_dir"

export HTTP_PORT=${HTTP_PORT:-8080} GRPC_PORT=${GRPC_PORT:-9090} METRICS_PORT=${METRICS_PORT:-9464}
export OTEL_EXPORTER_OTLP_ENDPOINT=${OTEL_EXPORTER_OTLP_ENDPOINT:-$OTLP_RECEIVER_HTTP_ENDPOINT}
export OTEL_BSP_SCHEDULE_DELAY=${OTEL_BSP_SCHEDULE_DELAY:-1000}

cat >&2 <<INFO

  catalog is starting (JSON logs follow on stdout)
    REST      http://127.0.0.1:$HTTP_PORT/products   and   http://127.0.0.1:$HTTP_PORT/products/sku-1001
    gRPC      127.0.0.1:$GRPC_PORT   commerce.catalog.v1.Catalog/GetProduct (JSON messages)
    metrics   http://127.0.0.1:$METRICS_PORT/metrics   health: /healthz   readiness: /readyz
    admin     http://127.0.0.1:${ADMIN_PORT:-6060}/debug/   (tasks, threads, pprof/profile, heap, flightrecorder, tracez, ...)
    traces    exported over OTLP to $OTEL_EXPORTER_OTLP_ENDPOINT; received spans land in $OTLP_RECEIVED_SPANS

  try:  curl -H 'traceparent: 00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01' http://127.0.0.1:$HTTP_PORT/products/sku-1001
        grep 4bf92f3577b34da6a3ce929d0e0e4736 $OTLP_RECEIVED_SPANS
        curl -X PUT -d '{"price": 2590}' http://127.0.0.1:$HTTP_PORT/products/sku-1001/price      (outbox -> Kafka -> projection)
        curl http://127.0.0.1:$HTTP_PORT/products/sku-1001/price-history
  state: SQLite under ${DATA_DIR:-./.run/data}, embedded Kafka unless KAFKA_BROKERS is set
  stop: Ctrl-C

INFO
"$bin" &
service_pid=$!
wait "$service_pid" || true
service_pid=""
