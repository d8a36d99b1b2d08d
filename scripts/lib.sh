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
