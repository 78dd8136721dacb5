#!/usr/bin/env bash
# Benchmark (not a test; scripts/test.sh does not run it): how the main signed-in pages
# answer under load, beside an axum hello-world on the same machine in the same run, on the
# demo data and again after `server seed-scale` has added bulk data.
#
#   scripts/bench.sh                 a release build, precompressed, as scripts/run.sh serves it
#   BENCH_QUICK=1 scripts/bench.sh   a debug build, 3 seconds a page, a tenth of the data: checks the script
#
# For each page it prints: requests a second at 64 connections (wrk, 2 threads, BENCH_SECONDS
# each), that as a share of the hello-world's, p50 and p99 latency, the page's size as sent
# (raw and compressed), and how many database statements one request runs (counted from
# sqlx's statement log, in a separate run of the server with that log on, one request a
# page). Then the server's peak memory (VmHWM) in each part, and the browser bundle's raw,
# gzip and brotli sizes.
#
# Settings (environment): BENCH_SECONDS (10; 3 quick), BENCH_CONNECTIONS (64), BENCH_SCALE
# (seed-scale options, default "--organisations 20000 --briefs 10000 --people 5000 --cohorts 200"),
# BENCH_PORT (3222; the hello-world uses the next port), BENCH_ENCODING (the Accept-Encoding
# sent, default "gzip, deflate, br" as browsers send it; set it empty for uncompressed answers),
# BENCH_POSTGRES_URL (a PostgreSQL server to measure on instead of SQLite, e.g.
# postgres://postgres@127.0.0.1:5432/postgres: the benchmark creates its own database there
# and drops it at the end).
# Installs wrk from apt when it is missing. Stops everything it started and removes its
# database when it ends, however it ends.
set -euo pipefail
cd "$(dirname "$0")/.."

quick="${BENCH_QUICK:-0}"
if [[ $quick == 1 ]]; then
  seconds="${BENCH_SECONDS:-3}"
  scale="${BENCH_SCALE:---organisations 2000 --briefs 1000 --people 500 --cohorts 20}"
else
  seconds="${BENCH_SECONDS:-10}"
  scale="${BENCH_SCALE:---organisations 20000 --briefs 10000 --people 5000 --cohorts 200}"
fi
connections="${BENCH_CONNECTIONS:-64}"
encoding="${BENCH_ENCODING-gzip, deflate, br}"
port="${BENCH_PORT:-3222}"
hello_port=$((port + 1))
base="http://127.0.0.1:$port"

as_root() { if [ "$(id -u)" = 0 ]; then "$@"; else sudo "$@"; fi; }
if ! command -v wrk >/dev/null 2>&1; then
  echo "==> Installing wrk (the load generator) from apt"
  as_root apt-get update -qq
  DEBIAN_FRONTEND=noninteractive as_root apt-get install -y -qq wrk
fi

if [[ $quick == 1 ]]; then
  source scripts/env.sh
  echo "==> Quick mode: a debug build of the server"
  cargo build -p server
  server_bin="$CARGO_TARGET_DIR/debug/server"
  site_root="$debug_site"
  build="debug"
else
  scripts/setup.sh --release
  source scripts/env.sh
  echo "==> Building a release into the release site folder, as scripts/run.sh does"
  LEPTOS_SITE_ROOT="$release_site" cargo leptos build --release --precompress
  server_bin="$CARGO_TARGET_DIR/release/server"
  site_root="$release_site"
  build="release"
fi
echo "==> Building the hello-world yardstick (scripts/bench-hello)"
cargo build --release --locked --manifest-path scripts/bench-hello/Cargo.toml
hello_bin="$CARGO_TARGET_DIR/release/bench-hello"

work="$(mktemp -d)"
server_pid=""
hello_pid=""
stop() {
  local pid="$1"
  if [[ -n $pid ]]; then
    kill "$pid" 2>/dev/null || true
    wait "$pid" 2>/dev/null || true
  fi
}
stop_server() { stop "$server_pid"; server_pid=""; }
stop_hello() { stop "$hello_pid"; hello_pid=""; }
postgres_url="${BENCH_POSTGRES_URL:-}"
bench_database="coresearch_bench_$$"
drop_database() {
  if [[ -n $postgres_url ]]; then
    psql "$postgres_url" -qc "DROP DATABASE IF EXISTS $bench_database" >/dev/null 2>&1 || true
  fi
}
trap 'stop_server; stop_hello; drop_database; rm -rf "$work"' EXIT

if [[ -n $postgres_url ]]; then
  backend="PostgreSQL"
  psql "$postgres_url" -qc "CREATE DATABASE $bench_database" >/dev/null
  export CORESEARCH_DATABASE_URL="${postgres_url%/*}/$bench_database"
else
  backend="SQLite"
  export CORESEARCH_DATABASE_URL="sqlite://$work/bench.db"
fi
export CORESEARCH_LISTEN_ADDR="127.0.0.1:$port"
export CORESEARCH_PUBLIC_URL="$base"
export CORESEARCH_OUTBOX_DIR="$work/outbox"
export CORESEARCH_SITE_ROOT="$site_root"
# The background sweep stays out of the measured seconds (it also runs once at start).
export CORESEARCH_LONE_WORKING_SWEEP_SECONDS=3600
export NO_COLOR=1

wait_for() {
  local url="$1" log="$2"
  for _ in $(seq 1 240); do
    if curl -fs -o /dev/null "$url" 2>/dev/null; then
      return 0
    fi
    sleep 0.5
  done
  echo "Nothing answered at $url; the log:" >&2
  cat "$log" >&2
  exit 1
}

# start_server LOG RUST_LOG [server arguments]
start_server() {
  local log="$1" filter="$2"
  shift 2
  RUST_LOG="$filter" "$server_bin" "$@" >"$log" 2>&1 &
  server_pid=$!
  wait_for "$base/healthz" "$log"
}

# The server's most resident memory so far, in MB.
peak_mb() {
  awk '/^VmHWM:/ { printf "%.0f", $2 / 1024 }' "/proc/$server_pid/status"
}

# Signs in as a demo person and prints the session cookie, as name=value.
session_cookie() {
  local email="$1" jar="$work/jar"
  rm -f "$jar"
  curl -s -o /dev/null -c "$jar" \
    -H "Origin: $base" -H "Referer: $base/sign-in" -H "Accept: text/html" \
    --data-urlencode "email=$email" --data-urlencode "password=coresearch-demo" --data-urlencode "next=" \
    "$base/api/sign-in"
  awk '$6 == "coresearch_session" { print $6 "=" $7 }' "$jar" | grep . || { echo "Could not sign in as $email" >&2; exit 1; }
}

sql_value() {
  if [[ -n $postgres_url ]]; then
    psql "$CORESEARCH_DATABASE_URL" -tAc "$1" | head -n 1
    return
  fi
  python3 -c 'import sqlite3, sys; print(sqlite3.connect(sys.argv[1]).execute(sys.argv[2]).fetchone()[0])' "$work/bench.db" "$1"
}

# "requests_a_second p50_ms p99_ms" for one address under load.
load() {
  local url="$1" cookie="$2" out="$work/wrk.txt"
  local args=(-t2 -c"$connections" -d"${seconds}s" --latency)
  [[ -n $encoding ]] && args+=(-H "Accept-Encoding: $encoding")
  [[ -n $cookie ]] && args+=(-H "Cookie: $cookie")
  wrk "${args[@]}" "$url" >"$out"
  if grep -q "Non-2xx or 3xx responses" "$out"; then
    echo "Some answers from $url were errors:" >&2
    cat "$out" >&2
    exit 1
  fi
  awk '
    function ms(v) { if (v ~ /us$/) return v / 1000; if (v ~ /ms$/) return v + 0; if (v ~ /s$/) return v * 1000; return v }
    $1 == "50%" { p50 = ms($2) }
    $1 == "99%" { p99 = ms($2) }
    $1 == "Requests/sec:" { rps = $2 }
    END { printf "%.0f %.2f %.2f\n", rps, p50, p99 }' "$out"
}

# The hello-world's "requests_a_second p50_ms p99_ms", measured now.
hello() {
  "$hello_bin" "127.0.0.1:$hello_port" >"$work/hello.log" 2>&1 &
  hello_pid=$!
  wait_for "http://127.0.0.1:$hello_port/" "$work/hello.log"
  load "http://127.0.0.1:$hello_port/" ""
  stop_hello
}

# The pages measured: "name path who" (who: a demo e-mail address, or - for signed out).
pages() {
  local cohort brief project
  cohort="$(sql_value "SELECT id FROM cohorts WHERE name = 'Chelmsford, autumn'")"
  brief="$(sql_value "SELECT MIN(id) FROM briefs WHERE state = 'published'")"
  project="$(sql_value "SELECT MIN(p.id) FROM projects p JOIN organisations o ON o.id = p.organisation_id WHERE o.slug = 'whynot'")"
  cat <<EOF
dashboard /dashboard margaret@whynot.example
cohort /training/cohorts/$cohort ruth.palmer@aru.example
brief /briefs/$brief margaret@whynot.example
briefs /briefs margaret@whynot.example
project /projects/$project margaret@whynot.example
home-signed-out / -
EOF
}

# One line per page: "name rps p50 p99 raw_bytes sent_bytes", under load.
measure_pages() {
  local name path who cookie status raw sent
  declare -A cookies=()
  while read -r name path who; do
    cookie=""
    if [[ $who != - ]]; then
      [[ -n ${cookies[$who]:-} ]] || cookies[$who]="$(session_cookie "$who")"
      cookie="${cookies[$who]}"
    fi
    read -r status raw < <(curl -s -o /dev/null -H "Cookie: $cookie" -w '%{http_code} %{size_download}\n' "$base$path")
    if [[ $status != 200 ]]; then
      echo "$path answered $status" >&2
      exit 1
    fi
    sent="$raw"
    if [[ -n $encoding ]]; then
      sent="$(curl -s -o /dev/null -H "Cookie: $cookie" -H "Accept-Encoding: $encoding" -w '%{size_download}' "$base$path")"
    fi
    echo "$name $(load "$base$path" "$cookie") $raw $sent"
  done < <(pages)
}

# One line per page: "name statements", from the statement log of a server started with it.
count_queries() {
  local log="$1" name path who cookie before after
  while read -r name path who; do
    cookie=""
    [[ $who == - ]] || cookie="$(session_cookie "$who")"
    curl -s -o /dev/null -H "Cookie: $cookie" "$base$path"
    sleep 0.5
    before="$(grep -c 'sqlx::query' "$log" || true)"
    curl -s -o /dev/null -H "Cookie: $cookie" "$base$path"
    sleep 0.5
    after="$(grep -c 'sqlx::query' "$log" || true)"
    echo "$name $((after - before))"
  done < <(pages)
}

# measure_part NAME [server arguments]: load, then statements, for the data as it is now.
measure_part() {
  local part="$1"
  shift
  echo "==> $part: the hello-world, then each page for $seconds seconds at $connections connections"
  hello >"$work/$part.hello"
  start_server "$work/$part.log" warn "$@"
  measure_pages >"$work/$part.pages"
  peak_mb >"$work/$part.memory"
  stop_server
  echo "==> $part: database statements per request"
  start_server "$work/$part.queries.log" "warn,sqlx::query=debug"
  count_queries "$work/$part.queries.log" >"$work/$part.queries"
  stop_server
}

report() {
  local part="$1"
  read -r hello_rps hello_p50 hello_p99 <"$work/$part.hello"
  echo
  echo "$part: hello-world $hello_rps requests a second (p50 $hello_p50 ms, p99 $hello_p99 ms); server peak memory $(cat "$work/$part.memory") MB"
  echo
  echo "| page | requests a second | share of hello-world | p50 ms | p99 ms | KB raw | KB sent | statements a request |"
  echo "| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |"
  join <(sort "$work/$part.pages") <(sort "$work/$part.queries") | awk -v hello="$hello_rps" '
    { printf "| %s | %d | %.1f%% | %.1f | %.1f | %.1f | %.1f | %d |\n", $1, $2, (hello > 0 ? 100 * $2 / hello : 0), $3, $4, $5 / 1024, $6 / 1024, $7 }'
}

bundle() {
  local file raw gz br
  echo
  echo "Browser bundle in $site_root/pkg ($build build):"
  echo
  echo "| file | KB raw | KB gzip | KB brotli |"
  echo "| --- | ---: | ---: | ---: |"
  for file in "$site_root"/pkg/*.wasm "$site_root"/pkg/*.js "$site_root"/pkg/*.css; do
    [[ -f $file ]] || continue
    raw="$(stat -c %s "$file")"
    if [[ -f $file.gz ]]; then gz="$(stat -c %s "$file.gz")"; else gz="$(gzip -9c "$file" | wc -c)"; fi
    if [[ -f $file.br ]]; then br="$(stat -c %s "$file.br")"; else br=""; fi
    awk -v f="$(basename "$file")" -v r="$raw" -v g="$gz" -v b="$br" \
      'BEGIN { printf "| %s | %.0f | %.0f | %s |\n", f, r / 1024, g / 1024, (b == "" ? "(not precompressed)" : sprintf("%.0f", b / 1024)) }'
  done
}

echo "==> Loading the demo data"
"$server_bin" demo-data >"$work/demo-data.log" 2>&1
measure_part demo

echo "==> Adding scale data ($scale)"
# shellcheck disable=SC2086 # the options are words on purpose
"$server_bin" seed-scale $scale
measure_part scaled

echo
echo "CoResearch benchmark, $build build, $backend; $(date -u '+%Y-%m-%d %H:%M UTC'); $(nproc) cores ($(awk -F': ' '/model name/ { print $2; exit }' /proc/cpuinfo)),"
echo "wrk -t2 -c$connections -d${seconds}s on the same machine, Accept-Encoding: ${encoding:-(none)}."
echo "Signed in as margaret@whynot.example (the cohort page as its trainer, ruth.palmer@aru.example)."
report demo
report scaled
bundle
