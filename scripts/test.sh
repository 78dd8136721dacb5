#!/usr/bin/env bash
# Runs the whole test suite:
#   1. unit, data-layer and HTTP tests (cargo test): data-layer tests run on SQLite, and
#      on PostgreSQL too whenever one answers at CORESEARCH_TEST_POSTGRES_URL
#      (default postgres://postgres@127.0.0.1:5432/postgres); the output says which;
#   2. the browser journeys (Playwright, Debian's Chromium, axe) against the real server,
#      built as a release (as scripts/run.sh serves it: optimised, precompressed), once with
#      JavaScript on and once more with it off, each pass on fresh databases.
# Installs missing tools first (pinned versions); safe to run any number of times.
#
# While working on one feature: `scripts/test.sh --only-browser tests/training.spec.ts`
# skips step 1, runs the journeys (JavaScript on; E2E_WITHOUT_JS=1 for off) against a debug
# build (minutes quicker to build), and hands the remaining arguments to Playwright.
# `--only-browser --release` uses a release.
set -euo pipefail
cd "$(dirname "$0")/.."
only_browser=0
release=1
if [[ "${1:-}" == "--only-browser" ]]; then
  only_browser=1
  release=0
  shift
  if [[ "${1:-}" == "--release" ]]; then
    release=1
    shift
  fi
fi
if [[ $release == 1 ]]; then scripts/setup.sh --browser --release; else scripts/setup.sh --browser; fi
source scripts/env.sh

cargo_log="$(mktemp)"
results="$(mktemp -d)"
trap 'rm -rf "$cargo_log" "$results"' EXIT

echo
echo "==> Unit, data-layer and HTTP tests"
if [[ $only_browser == 1 ]]; then
  echo "(skipped: --only-browser)"
else
  cargo test --workspace --features app/ssr --exclude server 2>&1 | tee "$cargo_log"
  # The HTTP tests run in parallel in one process. They once stalled doing so: each test's
  # router read the page routes, which switches data loading off process-wide for a moment
  # (see server::page_routes), so they are now read once per process. They mostly wait on
  # the database, so more threads than cores help (4: about 2 minutes instead of 3).
  cargo test -p server --features app/ssr -- --test-threads=4 2>&1 | tee -a "$cargo_log"
fi

echo
if [[ $release == 1 ]]; then
  echo "==> Building a release for the browser journeys, as scripts/run.sh does"
  LEPTOS_SITE_ROOT="$release_site" cargo leptos build --release --precompress
  site_root="$release_site"
  server_bin="$CARGO_TARGET_DIR/release/server"
else
  echo "==> Building the app (debug) for the browser journeys"
  LEPTOS_SITE_ROOT="$debug_site" cargo leptos build
  site_root="$debug_site"
  server_bin="$CARGO_TARGET_DIR/debug/server"
fi

echo
echo "==> Browser journeys (Playwright in Chromium, with axe accessibility checks)"
e2e_tmp="$PWD/end2end/.tmp"
export E2E_PORT="${E2E_PORT:-3111}"
export CORESEARCH_LISTEN_ADDR="127.0.0.1:$E2E_PORT"
export CORESEARCH_PUBLIC_URL="http://127.0.0.1:$E2E_PORT"
export CORESEARCH_DATABASE_URL="sqlite://$e2e_tmp/e2e.db"
export CORESEARCH_OUTBOX_DIR="$e2e_tmp/outbox"
export CORESEARCH_SITE_ROOT="$site_root"
export E2E_SERVER_COMMAND="$server_bin --demo"
# A second server over the demo data plus bulk data, for journeys through long lists.
export E2E_SCALE_PORT="${E2E_SCALE_PORT:-3112}"
export E2E_SCALE_COMMAND="env CORESEARCH_LISTEN_ADDR=127.0.0.1:$E2E_SCALE_PORT \
CORESEARCH_PUBLIC_URL=http://127.0.0.1:$E2E_SCALE_PORT \
CORESEARCH_DATABASE_URL=sqlite://$e2e_tmp/e2e-scale.db CORESEARCH_OUTBOX_DIR=$e2e_tmp/outbox-scale \
sh -c '$server_bin seed-scale --organisations 80 --briefs 80 --people 600 --cohorts 2 && exec $server_bin'"
# A third server whose sessions end after one idle minute, for the journey of a form sent
# after its session ended.
export E2E_SHORT_PORT="${E2E_SHORT_PORT:-3113}"
export E2E_SHORT_COMMAND="env CORESEARCH_LISTEN_ADDR=127.0.0.1:$E2E_SHORT_PORT \
CORESEARCH_PUBLIC_URL=http://127.0.0.1:$E2E_SHORT_PORT CORESEARCH_SESSION_IDLE_MINUTES=1 \
CORESEARCH_DATABASE_URL=sqlite://$e2e_tmp/e2e-short.db CORESEARCH_OUTBOX_DIR=$e2e_tmp/outbox-short \
$server_bin --demo"
export RUST_LOG="${RUST_LOG:-warn}"
e2e_status=0
# journeys PASS: one pass of the journeys on fresh databases, its results in $results/PASS.json.
journeys() {
  rm -rf "$e2e_tmp"
  mkdir -p "$e2e_tmp"
  (cd end2end && E2E_RESULTS="$results/$1.json" npx playwright test "${@:2}") || e2e_status=$?
}
if [[ $only_browser == 1 ]]; then
  if [[ ${E2E_WITHOUT_JS:-0} == 1 ]]; then journeys without-js "$@"; else journeys with-js "$@"; fi
else
  E2E_WITHOUT_JS=0 journeys with-js "$@"
  echo
  echo "==> The same journeys with JavaScript turned off"
  E2E_WITHOUT_JS=1 journeys without-js "$@"
fi

# One closing line for the whole run.
read -r cargo_passed cargo_failed < <(awk '/^test result:/ { for (i = 1; i <= NF; i++) { if ($(i+1) ~ /^passed/) p += $i; if ($(i+1) ~ /^failed/) f += $i } } END { print p + 0, f + 0 }' "$cargo_log")
read -r e2e_passed e2e_failed < <(node -e '
  const fs = require("fs");
  let passed = 0, failed = 0;
  for (const file of fs.readdirSync(process.argv[1])) {
    try {
      const s = JSON.parse(fs.readFileSync(`${process.argv[1]}/${file}`, "utf8")).stats;
      passed += s.expected + s.flaky;
      failed += s.unexpected;
    } catch { failed += 1; }
  }
  console.log(`${passed} ${failed}`);' "$results")
echo
echo "Rust tests: $cargo_passed passed, $cargo_failed failed"
echo "Browser journeys: $e2e_passed passed, $e2e_failed failed"
echo "$((cargo_passed + e2e_passed)) passed, $((cargo_failed + e2e_failed)) failed"
exit "$e2e_status"
