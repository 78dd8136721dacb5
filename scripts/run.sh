#!/usr/bin/env bash
# Builds CoResearch (release) and starts it on SQLite with the demo data loaded.
# Prints the address and the demo logins. Safe to run again: the demo data is not duplicated.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh --release
source scripts/env.sh

echo
echo "==> Building CoResearch (the first build takes several minutes)"
cargo leptos build --release

export CORESEARCH_SITE_ROOT="${CORESEARCH_SITE_ROOT:-$CARGO_TARGET_DIR/site}"
exec "$CARGO_TARGET_DIR/release/server" --demo
