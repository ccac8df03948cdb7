# The real pprof reader for the profiling tests: `go tool pprof` from Debian's golang-go (works offline).
# Source it after common.sh; `pprof_install` installs golang-go when missing and exports GO_PPROF (the
# path of `go`; the tests run `$GO_PPROF tool pprof ...`).
# shellcheck shell=bash

pprof_install() {
    if ! command -v go >/dev/null 2>&1 && [[ ! -x /usr/lib/go/bin/go ]]; then
        apt_ensure golang-go
    fi
    GO_PPROF=$(command -v go || echo /usr/lib/go/bin/go)
    if [[ ! -x $GO_PPROF ]]; then
        warn "go not found after installing golang-go"
        return 1
    fi
    export GO_PPROF
}
