#!/usr/bin/env bash
# `make serve`: installs what is missing, then serves the playground at
# http://127.0.0.1:8080 with a debug build that rebuilds on every change.
set -euo pipefail
# shellcheck source=scripts/lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

"$ROOT/scripts/setup.sh" serve
cd "$ROOT"
say "Serving the playground at http://127.0.0.1:8080 (Ctrl-C stops)"
exec trunk serve
