#!/usr/bin/env bash
# Runs the already built checkout slice (scripts/lib/platform.sh) for checks_live.py: the embedded Kafka
# broker and the six services on the ports the caller's <SERVICE>_*_PORT variables name, with SQLite
# databases and logs in RUN_DIR. Prints `broker=<host:port>`, one `pid <service> <pid>` line per service
# and `ready` on stdout once every /readyz answers; stops everything when stdin closes or on SIGTERM.
#
#   bash deploy/tools/serve_platform.sh BIN_DIR RUN_DIR
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/../.."
source scripts/lib/common.sh
source scripts/lib/platform.sh

[[ $# -eq 2 ]] || { warn "usage: serve_platform.sh BIN_DIR RUN_DIR"; exit 2; }
PLATFORM_BIN=$1
for name in "${PLATFORM_SERVICES[@]}" kafka-mock-broker; do
    [[ -x $PLATFORM_BIN/$name ]] || { warn "$PLATFORM_BIN/$name is missing: run swift build first"; exit 1; }
done

set -m  # every process in its own group: a signal to this script reaches the services only through platform_stop
trap 'platform_stop' EXIT
trap 'exit 143' TERM INT
platform_start "$2"
echo "broker=$PLATFORM_KAFKA_BROKERS"
for name in "${PLATFORM_SERVICES[@]}"; do echo "pid $name ${PLATFORM_PIDS[$name]}"; done
echo ready
# Until the caller closes stdin (or dies, which closes it too).
while read -r _; do :; done
