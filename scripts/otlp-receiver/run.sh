#!/usr/bin/env bash
# A real OTLP receiver for the integration tests: rotel (PyPI package `rotel`, binary `rotel-agent`)
# listening for OTLP/gRPC and OTLP/HTTP on loopback, with record_spans.py appending every received span
# and record_logs.py every received log record as one JSON line to a file each (formats documented at the
# top of those files).
#
# Sourced by scripts/test.sh, which calls otlp_receiver_install, otlp_receiver_start and
# otlp_receiver_stop. Run directly:
#   scripts/otlp-receiver/run.sh               install, start, self-check, print the environment for
#                                              `swift test`, and keep running until Ctrl-C
#   scripts/otlp-receiver/run.sh --self-check  install, start, prove real OTLP/HTTP requests land in
#                                              the JSONL files, stop (exit status tells)
#
# otlp_receiver_start exports (and OTLP_RECEIVER_AGENT, OTLP_RECEIVER_PROCESSOR for tests that start their own):
#   OTLP_RECEIVER_GRPC_ENDPOINT  http://127.0.0.1:PORT   (OTLP/gRPC)
#   OTLP_RECEIVER_HTTP_ENDPOINT  http://127.0.0.1:PORT   (OTLP/HTTP; /v1/traces and /v1/logs, protobuf or JSON)
#   OTLP_RECEIVED_SPANS          path of the JSONL file the receiver appends spans to
#   OTLP_RECEIVED_LOGS           path of the JSONL file the receiver appends log records to
# shellcheck shell=bash

OTLP_RECEIVER_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
# shellcheck source-path=SCRIPTDIR source=../lib/common.sh
source "$OTLP_RECEIVER_DIR/../lib/common.sh"

# The processor API (rotel_sdk) is alpha and changes between releases: record_spans.py is written
# against this one.
ROTEL_VERSION=${ROTEL_VERSION:-0.0.1a15}
OTLP_RECEIVER_PID=""
OTLP_RECEIVER_LOG=""

# Prints the path of the rotel-agent binary shipped in the installed `rotel` package, if any.
_rotel_agent_path() {
    python3 - "$ROTEL_VERSION" 2>/dev/null <<'PY'
import importlib.metadata, importlib.util, os, sys
if importlib.metadata.version("rotel") != sys.argv[1]:
    sys.exit(1)
spec = importlib.util.find_spec("rotel")
path = os.path.join(os.path.dirname(spec.origin), "rotel-agent")
if not os.access(path, os.X_OK):
    sys.exit(1)
print(path)
PY
}

# Installs rotel and the system Python library it embeds, when missing.
otlp_receiver_install() {
    # rotel-agent links the system libpython3.11 (Debian 12's) and runs record_spans.py in it.
    apt_ensure libpython3.11
    command -v python3 >/dev/null 2>&1 || apt_ensure python3
    if ROTEL_AGENT=$(_rotel_agent_path); then
        return 0
    fi
    python3 -m pip --version >/dev/null 2>&1 || apt_ensure python3-pip
    log "pip install rotel==$ROTEL_VERSION (OTLP receiver)"
    local pip=(python3 -m pip install --quiet --disable-pip-version-check "rotel==$ROTEL_VERSION")
    if ! PIP_ROOT_USER_ACTION=ignore "${pip[@]}" >&2; then
        # Debian's own python3 refuses global installs (PEP 668); rotel is a standalone binary.
        log "retrying pip install with --break-system-packages"
        PIP_ROOT_USER_ACTION=ignore "${pip[@]}" --break-system-packages >&2
    fi
    if ! ROTEL_AGENT=$(_rotel_agent_path); then
        warn "rotel $ROTEL_VERSION installed but its rotel-agent binary was not found"
        return 1
    fi
}

# Starts rotel with its files (rotel.log, received-spans.jsonl, received-logs.jsonl) in RUN_DIR, waits
# until both ports accept connections, and exports the OTLP_RECEIVER_* variables, OTLP_RECEIVED_SPANS and
# OTLP_RECEIVED_LOGS (absolute).
otlp_receiver_start() {
    local run_dir attempt grpc_port http_port ports waited
    run_dir=$(mkdir -p "$1" && cd "$1" && pwd) || return 1
    [[ -n ${ROTEL_AGENT:-} ]] || ROTEL_AGENT=$(_rotel_agent_path) || {
        warn "rotel-agent not installed (run otlp_receiver_install)"
        return 1
    }
    export OTLP_RECEIVED_SPANS="$run_dir/received-spans.jsonl"
    : >"$OTLP_RECEIVED_SPANS"
    export OTLP_RECEIVED_LOGS="$run_dir/received-logs.jsonl"
    : >"$OTLP_RECEIVED_LOGS"
    OTLP_RECEIVER_LOG="$run_dir/rotel.log"
    for attempt in 1 2 3 4 5; do
        ports=$(free_ports 2) || return 1
        grpc_port=$(sed -n 1p <<<"$ports")
        http_port=$(sed -n 2p <<<"$ports")
        log "starting OTLP receiver (rotel) on 127.0.0.1:$grpc_port (gRPC) and 127.0.0.1:$http_port (HTTP)"
        "$ROTEL_AGENT" start \
            --otlp-grpc-endpoint "127.0.0.1:$grpc_port" \
            --otlp-http-endpoint "127.0.0.1:$http_port" \
            --exporter blackhole \
            --otlp-with-trace-processor "$OTLP_RECEIVER_DIR/record_spans.py" \
            --otlp-with-logs-processor "$OTLP_RECEIVER_DIR/record_logs.py" \
            --pid-file "$run_dir/rotel.pid" \
            --log-file "$run_dir/rotel-daemon.log" \
            </dev/null >>"$OTLP_RECEIVER_LOG" 2>&1 &
        OTLP_RECEIVER_PID=$!
        waited=0
        while kill -0 "$OTLP_RECEIVER_PID" 2>/dev/null; do
            if port_open "$grpc_port" && port_open "$http_port"; then
                # Tests that need a receiver of their own (collector outage and return) start one the same way.
                export OTLP_RECEIVER_AGENT="$ROTEL_AGENT"
                export OTLP_RECEIVER_PROCESSOR="$OTLP_RECEIVER_DIR/record_spans.py"
                export OTLP_RECEIVER_GRPC_ENDPOINT="http://127.0.0.1:$grpc_port"
                export OTLP_RECEIVER_HTTP_ENDPOINT="http://127.0.0.1:$http_port"
                return 0
            fi
            if ((waited >= 300)); then # 30 s
                warn "OTLP receiver did not open its ports within 30 s"
                break
            fi
            sleep 0.1
            waited=$((waited + 1))
        done
        stop_pid "$OTLP_RECEIVER_PID"
        OTLP_RECEIVER_PID=""
        warn "OTLP receiver failed to start (attempt $attempt); its log:"
        tail -n 5 "$OTLP_RECEIVER_LOG" >&2 || true
    done
    return 1
}

# Stops the receiver if this shell started it.
otlp_receiver_stop() {
    if [[ -n $OTLP_RECEIVER_PID ]]; then
        stop_pid "$OTLP_RECEIVER_PID"
        OTLP_RECEIVER_PID=""
    fi
}

# Sends real OTLP/HTTP (JSON) export requests to the running receiver and checks that the spans land in
# OTLP_RECEIVED_SPANS and the log record in OTLP_RECEIVED_LOGS with the documented fields; then empties
# the files again.
otlp_receiver_self_check() {
    log "self-check: sending a trace and a log record to the OTLP receiver over OTLP/HTTP"
    python3 "$OTLP_RECEIVER_DIR/self_check.py" || {
        warn "OTLP receiver self-check failed; receiver log: $OTLP_RECEIVER_LOG"
        tail -n 20 "$OTLP_RECEIVER_LOG" >&2 || true
        return 1
    }
    : >"$OTLP_RECEIVED_SPANS"
    : >"$OTLP_RECEIVED_LOGS"
}

_otlp_receiver_main() {
    set -euo pipefail
    local mode=${1:-serve} run_dir
    case $mode in
    serve | --self-check) ;;
    *)
        echo "usage: $0 [--self-check]" >&2
        exit 2
        ;;
    esac
    run_dir=$(mktemp -d "${TMPDIR:-/tmp}/otlp-receiver.XXXXXX")
    # shellcheck disable=SC2064
    trap "otlp_receiver_stop; rm -rf '$run_dir'" EXIT
    trap 'exit 130' INT
    trap 'exit 143' TERM
    otlp_receiver_install
    otlp_receiver_start "$run_dir"
    otlp_receiver_self_check
    if [[ $mode == --self-check ]]; then
        log "self-check passed"
        return 0
    fi
    printf 'export OTLP_RECEIVER_GRPC_ENDPOINT=%s\n' "$OTLP_RECEIVER_GRPC_ENDPOINT"
    printf 'export OTLP_RECEIVER_HTTP_ENDPOINT=%s\n' "$OTLP_RECEIVER_HTTP_ENDPOINT"
    printf 'export OTLP_RECEIVED_SPANS=%s\n' "$OTLP_RECEIVED_SPANS"
    printf 'export OTLP_RECEIVED_LOGS=%s\n' "$OTLP_RECEIVED_LOGS"
    log "receiver running (log: $OTLP_RECEIVER_LOG); Ctrl-C stops it"
    wait "$OTLP_RECEIVER_PID" || true
    warn "OTLP receiver exited"
    return 1
}

if [[ ${BASH_SOURCE[0]} == "$0" ]]; then
    _otlp_receiver_main "$@"
fi
