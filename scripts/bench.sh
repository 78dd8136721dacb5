#!/usr/bin/env bash
# Benchmark (not a test; scripts/test.sh does not run it): how the main pages answer on the
# demo data, and again after `server seed-scale` has added bulk data.
#
#   scripts/bench.sh                 release build, 50 requests a page, the default scale
#   BENCH_QUICK=1 scripts/bench.sh   debug build, 10 requests a page, a small scale: checks the script
#
# Settings (environment): BENCH_REQUESTS (requests a page), BENCH_SCALE (seed-scale options,
# default "--organisations 20000 --briefs 10000 --people 5000 --cohorts 200"), BENCH_PORT (3222).
# It prints a table: each page's median and p99 time and HTML size on the demo data and on
# the scaled data, and the ratio of scaled to demo. It stops the server it started and removes
# its database when it ends, however it ends.
set -euo pipefail
cd "$(dirname "$0")/.."

quick="${BENCH_QUICK:-0}"
if [[ $quick == 1 ]]; then
  requests="${BENCH_REQUESTS:-10}"
  scale="${BENCH_SCALE:---organisations 2000 --briefs 1000 --people 500 --cohorts 20}"
else
  requests="${BENCH_REQUESTS:-50}"
  scale="${BENCH_SCALE:---organisations 20000 --briefs 10000 --people 5000 --cohorts 200}"
fi
port="${BENCH_PORT:-3222}"
base="http://127.0.0.1:$port"

if [[ $quick == 1 ]]; then
  source scripts/env.sh
  echo "==> Quick mode: a debug build of the server"
  cargo build -p server
  server_bin="$CARGO_TARGET_DIR/debug/server"
  site_root="$CARGO_TARGET_DIR/site"
else
  scripts/setup.sh --release
  source scripts/env.sh
  echo "==> Building a release (in its own site folder, so the tests' debug bundle stays)"
  export LEPTOS_SITE_ROOT="$CARGO_TARGET_DIR/bench-site"
  cargo leptos build --release
  server_bin="$CARGO_TARGET_DIR/release/server"
  site_root="$LEPTOS_SITE_ROOT"
fi

work="$(mktemp -d)"
server_pid=""
stop_server() {
  if [[ -n $server_pid ]]; then
    kill "$server_pid" 2>/dev/null || true
    wait "$server_pid" 2>/dev/null || true
    server_pid=""
  fi
}
trap 'stop_server; rm -rf "$work"' EXIT

export CORESEARCH_DATABASE_URL="sqlite://$work/bench.db"
export CORESEARCH_LISTEN_ADDR="127.0.0.1:$port"
export CORESEARCH_PUBLIC_URL="$base"
export CORESEARCH_OUTBOX_DIR="$work/outbox"
export CORESEARCH_SITE_ROOT="$site_root"
export RUST_LOG="${RUST_LOG:-warn}"

start_server() {
  "$server_bin" "$@" >"$work/server.log" 2>&1 &
  server_pid=$!
  for _ in $(seq 1 120); do
    if curl -fs "$base/healthz" >/dev/null 2>&1; then
      return 0
    fi
    sleep 0.5
  done
  echo "The server did not start; its log:" >&2
  cat "$work/server.log" >&2
  exit 1
}

# Signs in as a demo person and leaves the session cookie in a cookie jar file.
sign_in() {
  local email="$1" jar="$2"
  curl -s -o /dev/null -c "$jar" \
    -H "Origin: $base" -H "Referer: $base/sign-in" -H "Accept: text/html" \
    --data-urlencode "email=$email" --data-urlencode "password=coresearch-demo" --data-urlencode "next=" \
    "$base/api/sign-in"
  grep -q coresearch_session "$jar" || { echo "Could not sign in as $email" >&2; exit 1; }
}

# One line per page: "name median_ms p99_ms bytes", over $requests requests after 3 to warm up.
measure() {
  local name="$1" path="$2" jar="$3" times="$work/times"
  for _ in 1 2 3; do curl -s -o /dev/null -b "$jar" "$base$path"; done
  : >"$times"
  local size=0 status
  for _ in $(seq 1 "$requests"); do
    read -r t size status < <(curl -s -o /dev/null -b "$jar" -w '%{time_total} %{size_download} %{http_code}\n' "$base$path")
    if [[ $status != 200 ]]; then
      echo "$path answered $status" >&2
      exit 1
    fi
    echo "$t" >>"$times"
  done
  sort -g "$times" | awk -v name="$name" -v size="$size" '
    { t[NR] = $1 * 1000 }
    END {
      median = (NR % 2) ? t[(NR + 1) / 2] : (t[NR / 2] + t[NR / 2 + 1]) / 2
      p = int(NR * 0.99 + 0.999999); if (p < 1) p = 1; if (p > NR) p = NR
      printf "%s %.1f %.1f %d\n", name, median, t[p], size
    }'
}

cohort_id() {
  python3 -c 'import sqlite3, sys; print(sqlite3.connect(sys.argv[1]).execute("SELECT id FROM cohorts WHERE name = ?", ("Chelmsford, autumn",)).fetchone()[0])' "$work/bench.db"
}

measure_all() {
  local out="$1"
  sign_in margaret@whynot.example "$work/margaret"
  sign_in ruth.palmer@aru.example "$work/ruth"
  local cohort
  cohort="$(cohort_id)"
  {
    measure dashboard /dashboard "$work/margaret"
    measure briefs /briefs "$work/margaret"
    measure organisations /organisations "$work/margaret"
    measure projects /projects "$work/margaret"
    measure training /training "$work/margaret"
    measure cohort "/training/cohorts/$cohort" "$work/ruth"
  } >"$out"
}

echo "==> Demo data: $requests requests a page"
start_server --demo
measure_all "$work/demo.txt"
stop_server

echo "==> Adding scale data ($scale)"
# shellcheck disable=SC2086 # the options are words on purpose
"$server_bin" seed-scale $scale
echo "==> Scaled data: $requests requests a page"
start_server
measure_all "$work/scaled.txt"
stop_server

echo
echo "Pages signed in as margaret@whynot.example (the cohort page as ruth.palmer@aru.example);"
echo "times in milliseconds over $requests requests, sizes in KB of HTML; $(nproc) cores; $(date -u '+%Y-%m-%d')"
echo
paste -d ' ' "$work/demo.txt" "$work/scaled.txt" | awk '
  BEGIN {
    printf "| page | demo median | demo p99 | demo KB | scaled median | scaled p99 | scaled KB | scaled/demo (median) |\n"
    printf "| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |\n"
  }
  { printf "| %s | %.1f | %.1f | %.1f | %.1f | %.1f | %.1f | %.1f× |\n", $1, $2, $3, $4 / 1024, $6, $7, $8 / 1024, ($2 > 0 ? $6 / $2 : 0) }'
