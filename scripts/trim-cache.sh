#!/usr/bin/env bash
# The shared build cache gains a copy of the project's own crates for every checkout
# path that builds into it (CI builds a fresh clone each time). When it grows past a
# limit, start it afresh rather than fill the disk. Limit in GB: CORESEARCH_CACHE_LIMIT_GB (25).
set -euo pipefail
dir="${1:?usage: trim-cache.sh TARGET_DIR}"
limit_gb="${CORESEARCH_CACHE_LIMIT_GB:-25}"
[ -d "$dir" ] || exit 0
size_kb=$(du -sk "$dir" 2>/dev/null | cut -f1)
if [ "${size_kb:-0}" -gt $((limit_gb * 1024 * 1024)) ]; then
  echo "==> The build cache $dir is over ${limit_gb} GB; clearing it (the next build takes longer)"
  rm -rf "$dir"
fi
