#!/usr/bin/env bash
# Runs the browser tests in e2e/ against the built site in dist/.
# Extra arguments go to Playwright, e.g. `scripts/e2e.sh tests/app.spec.ts`.
set -euo pipefail
# shellcheck source=scripts/lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

[[ -f "$ROOT/dist/index.html" ]] || die "no built site in dist/: run 'make build' first"
say "Running the browser tests (Playwright + Debian's chromium) against dist/"
cd "$ROOT/e2e"
exec ./node_modules/.bin/playwright test "$@"
