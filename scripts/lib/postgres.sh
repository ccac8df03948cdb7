# A throwaway PostgreSQL server for the tests. Source it; it defines functions only.
# shellcheck shell=bash
#
#   postgres_install        apt-get install postgresql when its server binaries are missing
#   postgres_start          initdb + start on 127.0.0.1 (free port < 32768, fsync=off) in a temp dir,
#                           create database commerce_test, export POSTGRES_TEST_URL
#   postgres_stop           stop the server and remove its directory (safe to call twice)
#
# initdb refuses to run as root, so as root the server runs as the `postgres` user (runuser).

_postgres_dir=""
_postgres_bin=""

# Prints the newest installed PostgreSQL server bin directory, or nothing.
postgres_bin_dir() {
    local dir
    dir=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)
    [[ -n $dir && -x $dir/initdb ]] && printf '%s\n' "$dir"
}

postgres_install() {
    [[ -n $(postgres_bin_dir) ]] || apt_ensure postgresql
}

# Runs a PostgreSQL tool as the server's owner.
_postgres_as_owner() {
    if [[ $(id -u) -eq 0 ]]; then
        runuser -u postgres -- "$@"
    else
        "$@"
    fi
}

postgres_start() {
    _postgres_bin=$(postgres_bin_dir)
    if [[ -z $_postgres_bin ]]; then
        warn "PostgreSQL server binaries not found under /usr/lib/postgresql (apt-get install postgresql)"
        return 1
    fi
    _postgres_dir=$(mktemp -d "${TMPDIR:-/tmp}/postgres-test.XXXXXX")
    chmod 755 "$_postgres_dir"
    [[ $(id -u) -eq 0 ]] && chown postgres: "$_postgres_dir"
    log "PostgreSQL: initdb in $_postgres_dir"
    if ! _postgres_as_owner "$_postgres_bin/initdb" -D "$_postgres_dir/data" -U postgres -A trust -E UTF8 --no-sync \
        >"$_postgres_dir/initdb.log" 2>&1; then
        cat "$_postgres_dir/initdb.log" >&2
        warn "PostgreSQL initdb failed"
        return 1
    fi
    local attempt port
    for attempt in 1 2 3; do
        port=$(free_ports 1)
        if _postgres_as_owner "$_postgres_bin/pg_ctl" -D "$_postgres_dir/data" -l "$_postgres_dir/postgres.log" -w -t 30 \
            -o "-c listen_addresses=127.0.0.1 -p $port -k $_postgres_dir -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=300" \
            start >/dev/null 2>&1; then
            break
        fi
        log "PostgreSQL did not start on port $port (attempt $attempt)"
        port=""
    done
    if [[ -z $port ]]; then
        tail -n 20 "$_postgres_dir/postgres.log" >&2 || true
        warn "PostgreSQL did not start"
        return 1
    fi
    _postgres_as_owner "$_postgres_bin/createdb" -h 127.0.0.1 -p "$port" -U postgres commerce_test
    POSTGRES_TEST_URL="postgres://postgres@127.0.0.1:$port/commerce_test?sslmode=disable"
    export POSTGRES_TEST_URL
    log "POSTGRES_TEST_URL=$POSTGRES_TEST_URL"
}

postgres_stop() {
    [[ -n $_postgres_dir ]] || return 0
    if [[ -f $_postgres_dir/data/postmaster.pid ]]; then
        _postgres_as_owner "$_postgres_bin/pg_ctl" -D "$_postgres_dir/data" -m immediate -w -t 10 stop >/dev/null 2>&1 || true
    fi
    rm -rf "$_postgres_dir"
    _postgres_dir=""
}
