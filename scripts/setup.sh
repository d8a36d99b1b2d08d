#!/usr/bin/env bash
# Installs whatever is missing for a goal, skipping each tool that is already
# there in the right version, so a second run costs a few seconds.
#
#   scripts/setup.sh serve   wasm32 target, trunk, wasm-bindgen CLI   (make serve)
#   scripts/setup.sh build   + the pinned nightly with rust-src, std's
#                              crates, binaryen's wasm-opt from npm  (release build)
#   scripts/setup.sh test    + rustfmt, clippy, Debian's chromium and
#                              chromium-driver, Playwright from npm   (make test)
set -euo pipefail
# shellcheck source=scripts/lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

# The newest Trunk that builds with our rustc (0.22 needs a newer one).
TRUNK_VERSION=0.21.14

goal="${1:-}"
case "$goal" in
  serve | build | test) ;;
  *) die "usage: $0 serve|build|test" ;;
esac

require_rust() {
  if ! command -v rustup >/dev/null 2>&1 || ! command -v cargo >/dev/null 2>&1; then
    die "Rust is missing: install it with rustup, then run this again"
  fi
}

require_node() {
  if ! command -v node >/dev/null 2>&1 || ! command -v npm >/dev/null 2>&1; then
    die "Node.js 20+ with npm is missing (Trunk's build hook and the browser tests use it)"
  fi
  local major
  major="$(node -p 'process.versions.node.split(".")[0]')"
  ((major >= 20)) || die "Node.js 20+ is needed, found $(node --version)"
}

ensure_wasm_target() {
  if rustup target list --installed | grep -qx wasm32-unknown-unknown; then
    say "wasm32-unknown-unknown target: present"
  else
    say "Adding the wasm32-unknown-unknown target (rustup)"
    rustup target add wasm32-unknown-unknown
  fi
}

ensure_components() {
  local installed missing=() component
  installed="$(rustup component list --installed)"
  for component in rustfmt clippy; do
    grep -q "^$component" <<<"$installed" || missing+=("$component")
  done
  if ((${#missing[@]} == 0)); then
    say "rustfmt, clippy: present"
  else
    say "Adding rustup components: ${missing[*]}"
    rustup component add "${missing[@]}"
  fi
}

# ensure_cargo_tool BIN VERSION MINUTES CARGO-INSTALL-ARGS...
ensure_cargo_tool() {
  local bin="$1" version="$2" minutes="$3"
  shift 3
  local found
  found="$(tool_version "$bin" || true)"
  if [[ "$found" == "$version" ]]; then
    say "$bin $version: present"
    return
  fi
  say "Installing $bin $version with cargo install${found:+ (found $found)}; about $minutes minutes on 2 cores"
  # A plain optimised build is plenty for a build tool and much faster than LTO.
  CARGO_PROFILE_RELEASE_LTO=false CARGO_PROFILE_RELEASE_CODEGEN_UNITS=16 \
    cargo install "$@" --version "$version"
  found="$(tool_version "$bin" || true)"
  [[ "$found" == "$version" ]] ||
    die "$bin on PATH ($(command -v "$bin")) is ${found:-unusable}, expected $version"
}

ensure_wasm_bindgen() {
  local version
  version="$(wasm_bindgen_version)"
  [[ -n "$version" ]] || die "no wasm-bindgen in Cargo.lock"
  grep -q "^wasm_bindgen = \"$version\"" "$ROOT/Trunk.toml" ||
    die "Trunk.toml [tools] wasm_bindgen must be \"$version\", the version in Cargo.lock"
  # Without --locked: the combination known to build with our rustc.
  ensure_cargo_tool wasm-bindgen "$version" 8 wasm-bindgen-cli
}

# The release wasm's toolchain (RELEASE_TOOLCHAIN in lib.sh), and every crate its
# build needs, std's own included: Trunk builds offline.
ensure_release_toolchain() {
  local components=""
  if grep -q "^$RELEASE_TOOLCHAIN-" <<<"$(rustup toolchain list)"; then
    components="$(rustup component list --installed --toolchain "$RELEASE_TOOLCHAIN")"
  fi
  if grep -q '^rust-src' <<<"$components"; then
    say "$RELEASE_TOOLCHAIN with rust-src: present"
  else
    say "Installing Rust $RELEASE_TOOLCHAIN with rust-src (rustup); about a minute"
    rustup toolchain install "$RELEASE_TOOLCHAIN" --profile minimal --component rust-src
  fi
  say "Fetching the crates of the release wasm, std's included (cargo fetch)"
  (
    use_release_toolchain
    cd "$ROOT"
    cargo fetch --quiet --target wasm32-unknown-unknown
  )
}

# ensure_npm DIR: the packages of DIR/package-lock.json, installed with `npm ci`.
ensure_npm() {
  local dir="$ROOT/$1" want
  want="$(cat "$dir/package.json" "$dir/package-lock.json" | sha256sum | cut -d' ' -f1)"
  if [[ "$(cat "$dir/node_modules/.setup-stamp" 2>/dev/null)" == "$want" ]]; then
    say "npm packages in $1/: present"
    return
  fi
  say "Installing the npm packages of $1/ (npm ci)"
  # Playwright drives Debian's chromium; it must not fetch a browser of its own.
  (cd "$dir" && PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1 npm ci --no-audit --no-fund)
  echo "$want" >"$dir/node_modules/.setup-stamp"
}

ensure_chromium() {
  local missing=() package
  for package in chromium chromium-driver; do
    dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed" ||
      missing+=("$package")
  done
  if ((${#missing[@]} == 0)); then
    say "chromium, chromium-driver: present"
    return
  fi
  command -v apt-get >/dev/null 2>&1 || die "apt-get is needed to install ${missing[*]}"
  local sudo=()
  if [[ "$(id -u)" != 0 ]]; then
    sudo=(sudo)
  fi
  say "Installing ${missing[*]} with apt-get; a few minutes"
  "${sudo[@]}" env DEBIAN_FRONTEND=noninteractive apt-get update
  "${sudo[@]}" env DEBIAN_FRONTEND=noninteractive apt-get install -y "${missing[@]}"
}

say "Checking the tools for '$goal'"
require_rust
require_node
ensure_wasm_target
ensure_cargo_tool trunk "$TRUNK_VERSION" 10 --locked trunk
ensure_wasm_bindgen
if [[ "$goal" == build || "$goal" == test ]]; then
  ensure_release_toolchain
  ensure_npm scripts
fi
if [[ "$goal" == test ]]; then
  ensure_components
  ensure_chromium
  ensure_npm e2e
fi
say "Tools for '$goal' are ready"
