# Shared helpers for the scripts in scripts/. Source it; it defines functions only.
# shellcheck shell=bash

# Prints a progress line on stderr, so it never mixes with output meant for parsing.
log() {
    printf '==> %s\n' "$*" >&2
}

# Prints an error line on stderr.
warn() {
    printf 'error: %s\n' "$*" >&2
}

# Runs a command as root: directly when we are root, through sudo otherwise.
as_root() {
    if [[ $(id -u) -eq 0 ]]; then
        "$@"
    elif command -v sudo >/dev/null 2>&1; then
        sudo "$@"
    else
        warn "need root to run '$*' and sudo is not installed"
        return 1
    fi
}

# True when the Debian package is installed.
deb_installed() {
    dpkg-query -W -f='${Status}' "$1" 2>/dev/null | grep -q 'install ok installed'
}

_apt_updated=false

# Installs the Debian packages that are missing, running `apt-get update` at most once per script run.
apt_ensure() {
    local missing=() package
    for package in "$@"; do
        deb_installed "$package" || missing+=("$package")
    done
    [[ ${#missing[@]} -eq 0 ]] && return 0
    if ! command -v apt-get >/dev/null 2>&1; then
        warn "missing packages ${missing[*]} and apt-get is not available: install them by hand"
        return 1
    fi
    if [[ $_apt_updated == false ]]; then
        log "apt-get update"
        as_root env DEBIAN_FRONTEND=noninteractive apt-get update -qq >&2
        _apt_updated=true
    fi
    log "apt-get install ${missing[*]}"
    as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq -o Dpkg::Use-Pty=0 --no-install-recommends "${missing[@]}" >&2
}

# Prints N distinct TCP ports (one per line) that are free on 127.0.0.1 right now, picked at random
# from 20000-32000: below the kernel's ephemeral range (32768+), so outgoing connections never take them.
free_ports() {
    python3 - "$1" <<'PY'
import random, socket, sys
wanted, found = int(sys.argv[1]), []
candidates = random.sample(range(20000, 32000), 500)
for port in candidates:
    if len(found) == wanted:
        break
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        try:
            s.bind(("127.0.0.1", port))
        except OSError:
            continue
    found.append(port)
if len(found) < wanted:
    sys.exit("no free ports found")
print("\n".join(map(str, found)))
PY
}

# True when something accepts TCP connections on 127.0.0.1:PORT.
port_open() {
    (: </dev/tcp/127.0.0.1/"$1") 2>/dev/null
}

# Stops a process we started: SIGTERM, then SIGKILL after TIMEOUT seconds (default 5).
stop_pid() {
    local pid=$1 timeout=${2:-5} waited=0
    [[ -n $pid ]] || return 0
    kill -0 "$pid" 2>/dev/null || return 0
    kill -TERM "$pid" 2>/dev/null || return 0
    while kill -0 "$pid" 2>/dev/null; do
        if ((waited >= timeout * 10)); then
            kill -KILL "$pid" 2>/dev/null || true
            break
        fi
        sleep 0.1
        waited=$((waited + 1))
    done
    wait "$pid" 2>/dev/null || true
}
