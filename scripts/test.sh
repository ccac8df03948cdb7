#!/usr/bin/env bash
# The project's one test command (CI runs it through .ci/run):
#
#   bash scripts/test.sh [SWIFT TEST ARGUMENTS...]   e.g. bash scripts/test.sh --filter TelemetryCoreTests
#   bash scripts/test.sh --receiver-only             set up and self-check the OTLP receiver only
#
# 1. Installs what the tests need when missing: Debian's prometheus (promtool, prometheus), wrk,
#    libpython3.11 and golang-go (apt, through sudo when not root; go tool pprof reads CPU profiles back),
#    and PyPI's rotel (pip), a real OTLP receiver.
# 2. Starts rotel on two free loopback ports, recording every received span and log record to a JSONL
#    file each (formats: scripts/otlp-receiver/record_spans.py, record_logs.py), and proves it works with
#    real OTLP requests.
# 3. Builds with `swift build --build-tests`, runs `swift test` with these variables exported:
#      OTLP_RECEIVER_GRPC_ENDPOINT  http://127.0.0.1:PORT  OTLP/gRPC
#      OTLP_RECEIVER_HTTP_ENDPOINT  http://127.0.0.1:PORT  OTLP/HTTP (append /v1/traces, /v1/logs)
#      OTLP_RECEIVED_SPANS          JSONL file of received spans
#      OTLP_RECEIVED_LOGS           JSONL file of received log records
#      PROMTOOL, PROMETHEUS_BIN     paths of promtool and prometheus
#      GO_PPROF                     path of `go` (Debian's golang-go), for `go tool pprof`
#      POSTGRES_TEST_URL            postgres://... of a throwaway PostgreSQL (scripts/lib/postgres.sh)
#      CHROMIUM_BIN                 headless Chromium, when installed (scripts/lib/chromium.sh)
# 4. Ends with one line "N passed, N failed, N skipped", counted over Swift Testing and XCTest results,
#    and exits non-zero when the build failed, a test failed, or no test ran.
#
# Everything it starts is stopped on exit, including on failure and Ctrl-C. Logs (build, tests,
# receiver, received spans) stay in a temporary directory, printed when the run fails; set
# KEEP_TEST_RUN=1 to keep it after a passing run too.
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$ROOT"
# shellcheck source-path=SCRIPTDIR/..
source scripts/lib/common.sh
source scripts/otlp-receiver/run.sh
source scripts/lib/pprof.sh
source scripts/lib/postgres.sh
source scripts/lib/ops.sh
source scripts/lib/chromium.sh

receiver_only=false
swift_test_args=()
for argument in "$@"; do
    case $argument in
    --receiver-only) receiver_only=true ;;
    -h | --help)
        sed -n '2,/^set -euo/p' "$0" | sed '$d; s/^# \{0,1\}//'
        exit 0
        ;;
    *) swift_test_args+=("$argument") ;;
    esac
done

RUN_DIR=$(mktemp -d "${TMPDIR:-/tmp}/swift-test.XXXXXX")
keep_run_dir=${KEEP_TEST_RUN:-}

# shellcheck disable=SC2317 # invoked through the EXIT trap
cleanup() {
    local status=$?
    otlp_receiver_stop
    postgres_stop
    if [[ $status -ne 0 || -n $keep_run_dir ]]; then
        log "logs kept in $RUN_DIR"
    else
        rm -rf "$RUN_DIR"
    fi
    exit "$status"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

# --- 1. dependencies ---------------------------------------------------------------------------
log "checking test dependencies"
missing=()
command -v promtool >/dev/null 2>&1 && command -v prometheus >/dev/null 2>&1 || missing+=(prometheus)
command -v wrk >/dev/null 2>&1 || missing+=(wrk)
apt_ensure "${missing[@]}" libpython3.11 librdkafka-dev protobuf-compiler sqlite3
otlp_receiver_install
pprof_install
postgres_install
ops_tools_install
if ! command -v swift >/dev/null 2>&1; then
    warn "swift not found on PATH: install the Swift toolchain (swift.org) first"
    exit 1
fi
PROMTOOL=$(command -v promtool)
PROMETHEUS_BIN=$(command -v prometheus)
export PROMTOOL PROMETHEUS_BIN
chromium_export

# --- 2. OTLP receiver --------------------------------------------------------------------------
otlp_receiver_start "$RUN_DIR"
otlp_receiver_self_check
if [[ $receiver_only == true ]]; then
    log "OTLP receiver harness works (receiver-only mode: not building or testing)"
    exit 0
fi
log "OTLP_RECEIVER_GRPC_ENDPOINT=$OTLP_RECEIVER_GRPC_ENDPOINT OTLP_RECEIVER_HTTP_ENDPOINT=$OTLP_RECEIVER_HTTP_ENDPOINT"
log "OTLP_RECEIVED_SPANS=$OTLP_RECEIVED_SPANS OTLP_RECEIVED_LOGS=$OTLP_RECEIVED_LOGS"
postgres_start

# --- 3. build and test -------------------------------------------------------------------------
log "swift build --build-tests (a first build takes a few minutes)"
set +e
swift build --build-tests 2>&1 | tee "$RUN_DIR/build.log"
build_status=${PIPESTATUS[0]}
set -e
if [[ $build_status -ne 0 ]]; then
    warn "swift build --build-tests failed (exit $build_status); no test ran"
    exit "$build_status"
fi
# Warnings are errors in our own code (dependencies' warnings are theirs). An incremental build only
# shows warnings of the files it recompiled; CI builds from a fresh clone, so it sees them all.
own_warnings=$(grep -E "^$PWD/(Sources|Tests)/[^:]+:[0-9]+:[0-9]+: warning:" "$RUN_DIR/build.log" | sort -u || true)
if [[ -n $own_warnings ]]; then
    printf '%s\n' "$own_warnings" >&2
    warn "the build has warnings in Sources/ or Tests/ (warnings are errors here); no test ran"
    exit 1
fi

# The committed protobuf/gRPC code must be what the .proto files give.
scripts/generate-protos.sh --check || { warn "generated gRPC code is stale; no test ran"; exit 1; }

log "swift test ${swift_test_args[*]:-}"
set +e
swift test --skip-build ${swift_test_args[@]+"${swift_test_args[@]}"} 2>&1 | tee "$RUN_DIR/test.log"
test_status=${PIPESTATUS[0]}
set -e
if [[ $test_status -eq 130 || $test_status -eq 143 ]]; then
    warn "swift test interrupted"
    exit "$test_status"
fi

# --- 4. closing line ---------------------------------------------------------------------------
otlp_receiver_stop
postgres_stop
read -r passed failed skipped st_passed st_failed st_skipped st_declared _ _ _ \
    < <(awk -f scripts/lib/count_tests.awk "$RUN_DIR/test.log")
st_counted=$((st_passed + st_failed + st_skipped))
if [[ $st_declared -ge 0 && $st_declared -ne $st_counted ]]; then
    log "note: Swift Testing declared $st_declared tests but $st_counted results were printed"
fi
status=0
if [[ $test_status -ne 0 && $failed -eq 0 ]]; then
    log "swift test exited $test_status without a failed test in its output (crash?): counted as 1 failure"
    failed=1
fi
if [[ $failed -gt 0 ]]; then
    status=1
elif [[ $((passed + failed)) -eq 0 ]]; then
    warn "no test ran"
    status=1
fi
if [[ $status -ne 0 || -n $keep_run_dir ]]; then
    log "logs kept in $RUN_DIR (build.log, test.log, rotel.log, received-spans.jsonl)"
    keep_run_dir=1
else
    rm -rf "$RUN_DIR"
fi
trap - EXIT
echo "$passed passed, $failed failed, $skipped skipped"
exit "$status"
