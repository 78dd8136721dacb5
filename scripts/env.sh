# Sourced by run.sh and test.sh: where tools and the shared build cache live.
# wasm-opt comes from npm (scripts/setup.sh --release) and goes first.
export PATH="$HOME/.cache/coresearch/tools/binaryen/node_modules/.bin:$HOME/.cargo/bin:$PATH"
# A build cache shared by every checkout on this machine (set CARGO_TARGET_DIR to change it).
export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-$HOME/.cache/coresearch/target}"
# Incremental state only helps repeated builds of one checkout; CI builds a fresh clone each time.
export CARGO_INCREMENTAL=0
# Each kind of build has its own site folder (browser code and stylesheet; the names of
# their hashed files are in hash.txt beside the server program of the same build), so a
# debug build for the tests never replaces the bundle a release server is serving.
debug_site="$CARGO_TARGET_DIR/site"
release_site="$CARGO_TARGET_DIR/site-release"
scripts/trim-cache.sh "$CARGO_TARGET_DIR"
