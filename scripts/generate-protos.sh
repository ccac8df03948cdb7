#!/usr/bin/env bash
# Regenerates Sources/CommerceAPI/Generated from Sources/CommerceAPI/Protos with Debian's protoc and the
# swift-protobuf / grpc-swift-protobuf plugins of this package's own dependency graph.
#
#   scripts/generate-protos.sh           rewrite Generated/
#   scripts/generate-protos.sh --check   exit 1 (with a diff) when Generated/ is not what the protos give
set -euo pipefail
cd "$(dirname "$0")/.."

check=false
[[ "${1:-}" == "--check" ]] && check=true

source scripts/lib/common.sh
apt_ensure protobuf-compiler

scratch="${PROTOC_PLUGINS_SCRATCH:-.build}"
echo "==> building protoc-gen-swift and protoc-gen-grpc-swift-2 (in $scratch)"
log="$(mktemp)"
for plugin in protoc-gen-swift protoc-gen-grpc-swift-2; do
    swift build --scratch-path "$scratch" --product "$plugin" >"$log" 2>&1 || { cat "$log" >&2; exit 1; }
done
rm -f "$log"
bin="$(swift build --scratch-path "$scratch" --show-bin-path)"

protos=Sources/CommerceAPI/Protos
target=Sources/CommerceAPI/Generated
out="$(mktemp -d)"
trap 'rm -rf "$out"' EXIT

mapfile -t files < <(cd "$protos" && find . -name '*.proto' | sed 's|^\./||' | sort)
protoc --proto_path="$protos" \
    --plugin=protoc-gen-swift="$bin/protoc-gen-swift" \
    --plugin=protoc-gen-grpc-swift="$bin/protoc-gen-grpc-swift-2" \
    --swift_opt=Visibility=Public,FileNaming=PathToUnderscores,UseAccessLevelOnImports=true \
    --grpc-swift_opt=Visibility=Public,FileNaming=PathToUnderscores,UseAccessLevelOnImports=true \
    --swift_out="$out" --grpc-swift_out="$out" \
    "${files[@]}"

if $check; then
    if ! diff -ru "$target" "$out"; then
        echo "error: $target is not current; run scripts/generate-protos.sh and commit the result" >&2
        exit 1
    fi
    echo "==> $target is current (${#files[@]} protos)"
else
    rm -rf "$target" && mkdir -p "$target" && cp "$out"/*.swift "$target"/
    echo "==> wrote $(ls "$target" | wc -l) files to $target"
fi
