# Sourced by run.sh and test.sh: where tools and the shared build cache live.
export PATH="$HOME/.cargo/bin:$PATH"
# A build cache shared by every checkout on this machine (set CARGO_TARGET_DIR to change it).
export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-$HOME/.cache/coresearch/target}"
# Incremental state only helps repeated builds of one checkout; CI builds a fresh clone each time.
export CARGO_INCREMENTAL=0
scripts/trim-cache.sh "$CARGO_TARGET_DIR"
