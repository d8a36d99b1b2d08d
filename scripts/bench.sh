#!/usr/bin/env bash
# The engine's throughput benchmark, native and wasm: `scripts/bench.sh`.
# Runs benches/load.json (3 brokers, 6 partitions, RF 3, acks=all, one million
# records) natively (`cargo bench --bench throughput`) and compiled to wasm in
# headless Chromium (tests/wasm.rs through wasm-bindgen-test-runner), and prints
# both wall times and their ratio. Timing depends on the machine and its load.
set -euo pipefail
# shellcheck source=scripts/lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
cd "$ROOT"
scripts/setup.sh test >/dev/null

say "native"
native=$(cargo bench --quiet --bench throughput)
echo "$native"
native_s=$(awk '/^wall:/ { print $2 }' <<<"$native")

say "wasm (headless Chromium)"
wasm=$(CHROMEDRIVER="${CHROMEDRIVER:-/usr/bin/chromedriver}" WASM_BINDGEN_TEST_TIMEOUT=600 \
  cargo test --profile bench --target wasm32-unknown-unknown --test wasm -- --nocapture 2>&1)
wasm_ms=$(grep -o 'WASM-BENCH records=[0-9]* wall_ms=[0-9]*' <<<"$wasm" | sed 's/.*wall_ms=//') ||
  die "the wasm benchmark did not report a time: $wasm"
echo "wall: $(awk -v ms="$wasm_ms" 'BEGIN { printf "%.3f", ms / 1000 }') s"

awk -v n="$native_s" -v w="$wasm_ms" \
  'BEGIN { printf "wasm / native wall time: %.2f\n", (w / 1000) / n }'
