#!/usr/bin/env bash
# Installs the tools CoResearch needs, at pinned versions, only when missing.
# Safe to run any number of times. Needs only the Rust toolchain (rustup), Node/npm and apt.
#   scripts/setup.sh            tools to build and run a debug build
#   scripts/setup.sh --release  also wasm-opt, for optimised release builds
#   scripts/setup.sh --browser  also the browser-test tools (npm packages, Chromium)
set -euo pipefail
cd "$(dirname "$0")/.."

WASM_BINDGEN_VERSION=0.2.130   # must equal the wasm-bindgen pinned in Cargo.toml
CARGO_LEPTOS_VERSION=0.3.10    # 0.3.11 needs a newer rustc than 1.95
BINARYEN_VERSION=132.0.0       # wasm-opt, from npm (Debian's binaryen 108 broke hydration)

want_release=false
want_browser=false
for arg in "$@"; do
  case "$arg" in
    --release) want_release=true ;;
    --browser) want_browser=true ;;
    *) echo "setup.sh: unknown option $arg" >&2; exit 2 ;;
  esac
done

say() { printf '\n==> %s\n' "$*"; }
as_root() { if [ "$(id -u)" = 0 ]; then "$@"; else sudo "$@"; fi; }
# Keep in step with scripts/env.sh.
export PATH="$HOME/.cache/coresearch/tools/binaryen/node_modules/.bin:$HOME/.cargo/bin:$PATH"

if ! rustup target list --installed | grep -qx wasm32-unknown-unknown; then
  say "Adding the wasm32 target to Rust"
  rustup target add wasm32-unknown-unknown
fi

if [ "$(wasm-bindgen --version 2>/dev/null || true)" != "wasm-bindgen $WASM_BINDGEN_VERSION" ]; then
  say "Installing wasm-bindgen-cli $WASM_BINDGEN_VERSION (about 4 minutes)"
  # No --locked: its lock file names a crate version the registry no longer serves.
  cargo install wasm-bindgen-cli --version "$WASM_BINDGEN_VERSION" --force
fi

if [ "$(cargo leptos --version 2>/dev/null || true)" != "cargo-leptos $CARGO_LEPTOS_VERSION" ]; then
  say "Installing cargo-leptos $CARGO_LEPTOS_VERSION (about 20 minutes on 2 cores, once)"
  # no_downloads: fail at once if a tool is missing rather than try to fetch it.
  cargo install cargo-leptos --locked --version "$CARGO_LEPTOS_VERSION" --features no_downloads --force
fi

if $want_release && [ "$(wasm-opt --version 2>/dev/null || true)" != "wasm-opt version ${BINARYEN_VERSION%%.*} (version_${BINARYEN_VERSION%%.*})" ]; then
  # npm's binaryen is binaryen built to WebAssembly, run by Node: seconds to install,
  # where building wasm-opt from crates.io took 14 minutes.
  say "Installing wasm-opt (binaryen $BINARYEN_VERSION from npm)"
  mkdir -p "$HOME/.cache/coresearch/tools/binaryen"
  npm install --prefix "$HOME/.cache/coresearch/tools/binaryen" --no-audit --no-fund "binaryen@$BINARYEN_VERSION"
fi

if $want_browser; then
  if [ ! -x /usr/bin/chromium ]; then
    say "Installing Chromium from Debian for the browser tests"
    as_root apt-get update -qq
    DEBIAN_FRONTEND=noninteractive as_root apt-get install -y -qq chromium
  fi
  stamp=end2end/node_modules/.installed-lock
  if [ ! -f "$stamp" ] || ! cmp -s end2end/package-lock.json "$stamp"; then
    say "Installing the browser-test packages (Playwright, axe)"
    # Playwright must not download its own browser: Debian's Chromium is used instead.
    (cd end2end && PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1 npm ci --no-audit --no-fund)
    cp end2end/package-lock.json "$stamp"
  fi
fi
