#!/usr/bin/env bash
# shellcheck disable=SC2317  # the stage functions run through `stage`
# `make test`: installs what is missing, then runs every check, one stage after
# another, and ends with one summary line. Exits non-zero if any stage fails.
set -euo pipefail
# shellcheck source=scripts/lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
cd "$ROOT"

results=()
failed=0
started=$SECONDS

# stage NAME COMMAND...: runs COMMAND and records pass or FAIL for NAME.
stage() {
  local name="$1" start=$SECONDS
  shift
  say "[$name] starting"
  if "$@"; then
    results+=("$name=pass")
    say "[$name] passed in $((SECONDS - start))s"
  else
    results+=("$name=FAIL")
    failed=1
    say "[$name] FAILED after $((SECONDS - start))s"
  fi
}

skip() {
  results+=("$1=skip")
  failed=1
  say "[$1] skipped: $2"
}

summary() {
  local verdict=PASS
  ((failed == 0)) || verdict=FAIL
  echo "make test: $verdict in $((SECONDS - started))s: ${results[*]}"
  exit "$failed"
}

# Stages of more than one command chain them with &&: errexit does not apply
# inside a command that `if` tests.
clippy_all() {
  cargo clippy --all-targets -- -D warnings &&
    cargo clippy --target wasm32-unknown-unknown --lib --bin kafka-playground -- -D warnings
}

native_tests() {
  cargo test --all-targets && cargo test --doc
}

kplay_help() {
  cargo run --quiet --bin kplay -- --help
}

stage setup scripts/setup.sh test
if [[ "${results[-1]}" != setup=pass ]]; then
  for name in fmt clippy test kplay build e2e; do
    skip "$name" "setup failed"
  done
  summary
fi
stage fmt cargo fmt --all -- --check
stage clippy clippy_all
stage test native_tests
stage kplay kplay_help
stage build scripts/build.sh
if [[ "${results[-1]}" == build=pass ]]; then
  stage e2e scripts/e2e.sh
else
  skip e2e "the site did not build"
fi
summary
