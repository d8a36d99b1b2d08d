#!/usr/bin/env bash
# Builds the release site into dist/ and prints the wasm size, raw and gzipped.
# The wasm is built with the pinned nightly (see use_release_toolchain in lib.sh).
# Expects the tools of `scripts/setup.sh build`.
set -euo pipefail
# shellcheck source=scripts/lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
cd "$ROOT"

say "Building the release site into dist/ (trunk build --release, Rust $RELEASE_TOOLCHAIN)"
use_release_toolchain
trunk build --release

shopt -s nullglob
wasm=(dist/*.wasm)
((${#wasm[@]} == 1)) || die "expected one .wasm file in dist/, found ${#wasm[@]}"
raw_bytes="$(stat -c %s "${wasm[0]}")"
gzip_bytes="$(gzip -9 -c "${wasm[0]}" | wc -c)"
say "wasm size: ${raw_bytes} bytes raw, ${gzip_bytes} bytes gzipped (gzip -9) - ${wasm[0]}"
