#!/usr/bin/env bash
# Assembles the whole filesystem of one service's image in ROOTFS: the stripped binary, exactly the shared
# libraries the dynamic loader resolves for it (ldd: glibc, libstdc++, librdkafka and its compression, SASL
# and TLS libraries) and the loader itself, CA certificates, and passwd/group entries for the non-root user
# 65532 the manifests run as. deploy/Dockerfile copies ROOTFS into a `FROM scratch` image, and
# `scripts/bench.sh image` measures it and starts the service in it (chroot).
#
#   bash deploy/tools/image_rootfs.sh BINARY ROOTFS
set -euo pipefail

[[ $# -eq 2 && -x $1 ]] || { echo "usage: image_rootfs.sh BINARY ROOTFS (BINARY: a release build with --static-swift-stdlib)" >&2; exit 2; }
binary=$1 rootfs=$2
command -v strip >/dev/null && command -v ldd >/dev/null || { echo "image_rootfs.sh needs strip (binutils) and ldd (libc-bin)" >&2; exit 1; }
[[ -f /etc/ssl/certs/ca-certificates.crt ]] || { echo "no /etc/ssl/certs/ca-certificates.crt: install ca-certificates" >&2; exit 1; }

rm -rf "$rootfs"
mkdir -p "$rootfs/usr/local/bin" "$rootfs/etc/ssl/certs" "$rootfs/tmp"
chmod 1777 "$rootfs/tmp"
install -m 0755 "$binary" "$rootfs/usr/local/bin/service"
strip "$rootfs/usr/local/bin/service"

# `libX.so.N => /path (0x...)` for each library, `/lib64/ld-linux-x86-64.so.2 (0x...)` for the loader.
libraries=$(ldd "$binary" | awk '$2 == "=>" && $3 ~ /^\// { print $3 } $1 ~ /^\// { print $1 }')
[[ -n $libraries ]] || { echo "ldd found no shared library in $binary" >&2; exit 1; }
while read -r library; do
    mkdir -p "$rootfs$(dirname "$library")"
    cp -L "$library" "$rootfs$library"
done <<<"$libraries"

cp /etc/ssl/certs/ca-certificates.crt "$rootfs/etc/ssl/certs/"
echo "nonroot:x:65532:65532:nonroot:/nonexistent:/sbin/nologin" >"$rootfs/etc/passwd"
echo "nonroot:x:65532:" >"$rootfs/etc/group"
