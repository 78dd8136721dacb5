#!/usr/bin/env bash
# Builds CoResearch (release) and starts it on SQLite with the demo data loaded.
# Prints the address and the demo logins. Safe to run again: the demo data is not duplicated.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh --release
source scripts/env.sh

echo
echo "==> Building CoResearch (the first build takes several minutes)"
# Into the release site folder; each browser file also written brotli- and gzip-compressed.
LEPTOS_SITE_ROOT="$release_site" cargo leptos build --release --precompress

export CORESEARCH_SITE_ROOT="${CORESEARCH_SITE_ROOT:-$release_site}"
exec "$CARGO_TARGET_DIR/release/server" --demo
