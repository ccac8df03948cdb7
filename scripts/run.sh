#!/usr/bin/env bash
# Runs the checkout slice on one machine with embedded defaults: one Kafka broker process
# (kafka-mock-broker, librdkafka's mock cluster) shared by every service, a local OTLP receiver (rotel)
# that records every span, and catalog, pricing, inventory, payment, order and checkout, each its own
# process with its own ports and its own SQLite database under .run/data/<service>.
#
#   bash scripts/run.sh              build (debug), start everything, wait until each /readyz answers,
#                                    print where everything listens; Ctrl-C (or SIGTERM) stops it all
#   bash scripts/run.sh --release    the same with a release build (what `scripts/bench.sh saga` measures)
#   bash scripts/run.sh --keep-data  keep .run/data from the last run (by default it starts empty when the
#                                    broker is embedded: the broker keeps nothing, so old sagas could not finish)
#
# Real infrastructure instead of the embedded defaults (same binaries):
#   <SERVICE>_DATABASE_URL   postgres://user:password@host:5432/db?sslmode=disable per service, e.g.
#                            CHECKOUT_DATABASE_URL, PRICING_DATABASE_URL, INVENTORY_DATABASE_URL,
#                            PAYMENT_DATABASE_URL, ORDER_DATABASE_URL, CATALOG_DATABASE_URL (one database each)
#   KAFKA_BROKERS            host:port[,host:port]: no embedded broker; create the saga topics there first
#   OTEL_EXPORTER_OTLP_ENDPOINT  a collector (http://host:4318): no local receiver is started
#   <SERVICE>_HTTP_PORT / _GRPC_PORT / _METRICS_PORT / _ADMIN_PORT   other ports than the defaults
# Every other service variable (LOG_LEVEL, OTEL_TRACES_SAMPLER, PAYMENT_DECLINE_RATE, ... see README) passes through.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
source scripts/lib/common.sh
source scripts/otlp-receiver/run.sh
source scripts/lib/platform.sh

configuration=debug keep_data=false
for argument in "$@"; do
    case $argument in
    --release) configuration=release ;;
    --keep-data) keep_data=true ;;
    -h | --help)
        sed -n '2,/^set -euo/p' "$0" | sed '$d; s/^# \{0,1\}//'
        exit 0
        ;;
    *) warn "unknown argument $argument (try --help)"; exit 2 ;;
    esac
done
command -v swift >/dev/null 2>&1 || { warn "swift not found: install Swift 6.1 or newer (https://swift.org/install)"; exit 1; }
if [[ -n ${DATABASE_URL:-} ]]; then
    warn "DATABASE_URL would give every service the same database: set <SERVICE>_DATABASE_URL per service instead"
    exit 2
fi

# Each background process gets a process group of its own (job control), so Ctrl-C reaches this script
# only, and it stops the services in order (checkout first), then the broker, then the receiver.
set -m
run_dir=$PWD/.run
cleanup() {
    local status=$?
    trap '' INT TERM
    platform_stop || status=1
    otlp_receiver_stop
    exit "$status"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

# librdkafka (headers and pkg-config file) is the one C library the services link.
apt_ensure librdkafka-dev curl
platform_build "$configuration"

if [[ -z ${KAFKA_BROKERS:-} && $keep_data == false ]]; then
    rm -rf "$run_dir/data"
fi
rm -rf "$run_dir/logs"
if [[ -z ${OTEL_EXPORTER_OTLP_ENDPOINT:-} ]]; then
    otlp_receiver_install
    otlp_receiver_start "$run_dir"
    export OTEL_EXPORTER_OTLP_ENDPOINT=$OTLP_RECEIVER_HTTP_ENDPOINT
fi
export OTEL_BSP_SCHEDULE_DELAY=${OTEL_BSP_SCHEDULE_DELAY:-1000}

platform_start "$run_dir"
platform_print_table
log "all ${#PLATFORM_SERVICES[@]} services ready; Ctrl-C stops everything"
platform_watch
