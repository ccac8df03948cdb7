# `scripts/bench.sh image`: each service's image as deploy/Dockerfile builds it (no container engine here):
# a release build with the static Swift standard library, its root filesystem assembled by
# deploy/tools/image_rootfs.sh (the `FROM scratch` image's whole content), measured, and the service started
# in it (chroot with /proc and /dev bound, as a container runtime gives them) until /readyz answers 200.
# Baselines from the same run: two one-line Swift programs built and assembled the same way, one with
# `import Foundation` (the floor every service using Foundation pays) and one without.
# Source it after common.sh; it defines functions only.
# shellcheck shell=bash

IMAGE_SERVICES=(catalog pricing inventory payment order checkout)

# Bytes of a file or folder.
_image_bytes() {
    du -sb "$1" | cut -f1
}

_image_mb() {
    awk -v b="$1" 'BEGIN { printf "%.1f", b / 1e6 }'
}

# Builds a one-line program with the static stdlib and assembles its rootfs; prints the rootfs bytes.
_image_baseline() {
    local name=$1 source=$2 dir=$3
    printf '%s\n' "$source" >"$dir/$name.swift"
    swiftc -O -static-stdlib "$dir/$name.swift" -o "$dir/$name" >&2
    bash deploy/tools/image_rootfs.sh "$dir/$name" "$dir/rootfs-$name" >&2
    _image_bytes "$dir/rootfs-$name"
}

# Starts SERVICE inside ROOTFS (chroot) with embedded defaults; true when /readyz answered 200 within 60 s.
_image_starts() {
    local service=$1 rootfs=$2 ports pid ready=false waited=0
    read -r -a ports < <(free_ports 4 | tr '\n' ' ')
    mkdir -p "$rootfs/proc" "$rootfs/dev"
    mount --bind /proc "$rootfs/proc" && mount --bind /dev "$rootfs/dev" || { warn "cannot bind /proc and /dev into $rootfs"; return 1; }
    env -i PATH=/usr/sbin:/usr/bin:/sbin:/bin HTTP_PORT="${ports[0]}" GRPC_PORT="${ports[1]}" METRICS_PORT="${ports[2]}" ADMIN_PORT="${ports[3]}" \
        DATA_DIR=/tmp/data FLIGHT_RECORDER_DIR=/tmp/flightrecorder OTEL_TRACES_EXPORTER=none LOG_LEVEL=warning \
        chroot --userspec=65532:65532 "$rootfs" /usr/local/bin/service >"$rootfs.log" 2>&1 &
    pid=$!
    while ((waited++ < 300)) && kill -0 "$pid" 2>/dev/null; do
        if curl -fsS -o /dev/null --max-time 2 "http://127.0.0.1:${ports[2]}/readyz" 2>/dev/null; then ready=true; break; fi
        sleep 0.2
    done
    stop_pid "$pid"
    umount "$rootfs/proc" "$rootfs/dev"
    [[ $ready == true ]] || { warn "$service did not become ready in its image; its output:"; tail -n 5 "$rootfs.log" >&2; }
    [[ $ready == true ]]
}

image_figure() {
    local scratch=$PWD/.build-static dir=$1 bin service rootfs binary total icu libraries foundation plain started
    apt_ensure binutils ca-certificates curl
    log "building the services in release with the static Swift standard library in $scratch (a first build takes ~10 minutes)"
    for service in "${IMAGE_SERVICES[@]}"; do
        swift build -c release --static-swift-stdlib --scratch-path "$scratch" --product "$service" >&2 || return 1
    done
    bin=$(swift build -c release --static-swift-stdlib --scratch-path "$scratch" --show-bin-path)
    foundation=$(_image_baseline with-foundation 'import Foundation; print(Date())' "$dir")
    plain=$(_image_baseline without-foundation 'print("ready")' "$dir")
    echo "== image size per service (FROM scratch: static binary + the shared libraries it loads + CA certificates)"
    for service in "${IMAGE_SERVICES[@]}"; do
        rootfs=$dir/rootfs-$service
        bash deploy/tools/image_rootfs.sh "$bin/$service" "$rootfs" || return 1
        binary=$(_image_bytes "$rootfs/usr/local/bin/service")
        total=$(_image_bytes "$rootfs")
        icu=$(nm --print-size --size-sort --radix=d "$bin/$service" 2>/dev/null | awk '$4 ~ /^icudt[0-9]+_dat$/ { print $2 }' | tail -n1)
        libraries=$(find "$rootfs/lib" "$rootfs/lib64" "$rootfs/usr/lib" -type f 2>/dev/null -printf '%f ' || true)
        _image_starts "$service" "$rootfs" && started="started in its image: /readyz 200" || started="DID NOT START in its image"
        printf 'image.%s: %s MB (target: <= 50 MB) ratio vs baseline (a one-line program with import Foundation, %s MB): %.2fx  %s\n' \
            "$service" "$(_image_mb "$total")" "$(_image_mb "$foundation")" "$(awk -v a="$total" -v b="$foundation" 'BEGIN { print a / b }')" \
            "$([[ $total -le 50000000 ]] && echo MET || echo NOT MET)"
        printf '    stripped binary %s MB (Foundation ICU data %s MB of it); shared libraries and certificates %s MB: %s; %s\n' \
            "$(_image_mb "$binary")" "$(_image_mb "${icu:-0}")" "$(_image_mb $((total - binary)))" "$libraries" "$started"
    done
    printf '    floors: a one-line program with import Foundation %s MB, without Foundation %s MB (same assembly)\n' \
        "$(_image_mb "$foundation")" "$(_image_mb "$plain")"
}
