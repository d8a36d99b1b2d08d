#!/usr/bin/env bash
# Measures the playground's frame rate in headless Chromium against the built
# site in dist/ (e2e/perf/frame-probe.spec.ts) and prints the wasm size.
# Run `make build` first. The numbers land in e2e/artifacts/perf.json.
set -euo pipefail
# shellcheck source=scripts/lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

[[ -f "$ROOT/dist/index.html" ]] || die "no built site in dist/: run 'make build' first"
for wasm in "$ROOT"/dist/*.wasm; do
  say "wasm size: $(wc -c <"$wasm") bytes raw, $(gzip -9 -c "$wasm" | wc -c) bytes gzipped (gzip -9) - ${wasm#"$ROOT"/}"
done
say "Measuring frame intervals (Playwright + Debian's chromium) against dist/"
cd "$ROOT/e2e"
exec ./node_modules/.bin/playwright test --config playwright.perf.config.ts "$@"
