#!/usr/bin/env bash
# What a program pays to depend on wacht-sync: crates in its normal
# dependency tree, a clean release build of the quickstart, and the size of
# that binary. The quickstart is built as a user would build it, in a
# throwaway project outside this repository, so that the crate's own
# dev-dependencies (httpmock and its async stack, used only by the tests)
# are not counted.
set -euo pipefail
repo="$(cd "$(dirname "$0")/.." && pwd)"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

mkdir -p "$work/app/src/support"
cat > "$work/app/Cargo.toml" <<TOML
[package]
name = "quickstart"
version = "0.0.0"
edition = "2024"
publish = false

[dependencies]
wacht-sync = { path = "$repo" }
serde_json = "1"

[workspace]
TOML
# The quickstart and the fake server it talks to, as they are in the repo.
sed 's|#\[path = "../support/fake_wacht.rs"\]|#[path = "support/fake_wacht.rs"]|' \
    "$repo/examples/quickstart/main.rs" > "$work/app/src/main.rs"
sed "s|include_str!(\"../../tests/fixtures/|include_str!(\"$repo/tests/fixtures/|" \
    "$repo/examples/support/fake_wacht.rs" > "$work/app/src/support/fake_wacht.rs"
cp "$repo/Cargo.lock" "$work/app/Cargo.lock"

cd "$work/app"
export CARGO_TARGET_DIR="$work/target"
cargo fetch --quiet
# --no-dedupe: without it, cargo tree marks a repeated crate with "(*)" and
# that line would count as a second crate.
crates=$(cargo tree -e normal --prefix none --quiet --no-dedupe | sort -u | grep -cv '^quickstart ')
library_crates=$(cd "$repo" && cargo tree -e normal --prefix none --quiet --no-dedupe | sort -u | wc -l)
start=$(date +%s.%N)
cargo build --release --quiet
end=$(date +%s.%N)
binary="$CARGO_TARGET_DIR/release/quickstart"

printf 'crates in the normal dependency tree of wacht-sync (itself included): %s\n' "$library_crates"
printf 'crates the quickstart builds besides itself (serde_json is one of them already): %s\n' "$crates"
printf 'clean release build of the quickstart: %.1f s on %s cores\n' "$(echo "$end - $start" | bc)" "$(nproc)"
printf 'release binary: %.2f MB (%s bytes)\n' "$(echo "$(stat -c %s "$binary") / 1000000" | bc -l)" "$(stat -c %s "$binary")"
stripped="$work/quickstart.stripped"
strip -o "$stripped" "$binary"
printf 'release binary, stripped: %.2f MB\n' "$(echo "$(stat -c %s "$stripped") / 1000000" | bc -l)"
"$binary" > "$work/quickstart.out"
printf 'it runs: %s\n' "$(head -1 "$work/quickstart.out")"
