# shellcheck shell=bash
# Shared by the scripts in this folder (sourced, not run).

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"

# Tools that `cargo install` puts here win over any other copy on PATH.
CARGO_BIN="${CARGO_HOME:-$HOME/.cargo}/bin"
case ":$PATH:" in
  *":$CARGO_BIN:"*) ;;
  *) PATH="$CARGO_BIN:$PATH" ;;
esac
export PATH

# Trunk must never reach the network: no version check, no tool downloads
# (Trunk.toml sets `offline = true`; scripts/setup.sh installs the tools).
export TRUNK_SKIP_VERSION_CHECK=true

say() { printf '==> %s\n' "$*"; }
die() {
  printf 'error: %s\n' "$*" >&2
  exit 1
}

# The wasm-bindgen version that Cargo.lock pins; its CLI must match exactly.
wasm_bindgen_version() {
  awk '/^name = "wasm-bindgen"$/ { getline; gsub(/version = |"/, ""); print; exit }' "$ROOT/Cargo.lock"
}

# "tool X.Y.Z" -> "X.Y.Z", or nothing when the tool is not on PATH.
tool_version() {
  command -v "$1" >/dev/null 2>&1 && "$1" --version 2>/dev/null | awk 'NR == 1 { print $2 }'
}

# The release wasm is built with this dated nightly (installed by
# `scripts/setup.sh build`), which can rebuild std for size. Everything else
# (tests, clippy, kplay, `make serve`) uses the stable toolchain that rustup
# selects.
RELEASE_TOOLCHAIN=nightly-2026-05-19

# Makes the calling script's later cargo commands build the release wasm with
# RELEASE_TOOLCHAIN, rebuilding std with the app (build-std, so LTO and
# opt-level "z" reach std too) and:
# - std's `optimize_for_size` feature: smaller sort, integer formatting and
#   float parsing code, with the same results;
# - `-Cpanic=immediate-abort`: a panic traps at once (the page throws
#   `RuntimeError: unreachable`), so no code formats or reports panic messages.
# The flags apply to the wasm32 target only, not to build scripts or proc-macros.
use_release_toolchain() {
  export RUSTUP_TOOLCHAIN="$RELEASE_TOOLCHAIN"
  export CARGO_UNSTABLE_BUILD_STD=std,panic_abort
  export CARGO_UNSTABLE_BUILD_STD_FEATURES=optimize_for_size
  export CARGO_TARGET_WASM32_UNKNOWN_UNKNOWN_RUSTFLAGS="-Zunstable-options -Cpanic=immediate-abort"
}
