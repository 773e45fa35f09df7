#!/usr/bin/env bash
# Runs the `generate` fuzz target (cargo-fuzz, libFuzzer) for SECONDS (default 600).
#
#   generator/fuzz/run.sh [SECONDS] [more libFuzzer flags...]
#
# The corpus starts from our spec/*.yaml and a few public specs from the project's corpus/openapi-3.0/;
# both are copied into the git-ignored corpus/generate/ at each start. Crashes land in artifacts/generate/; replay one with
#   RUSTC_BOOTSTRAP=1 cargo fuzz run --fuzz-dir generator/fuzz generate artifacts/generate/crash-...
#
# cargo-fuzz passes nightly-only `-Z` flags to rustc; RUSTC_BOOTSTRAP=1 lets the stable
# toolchain accept them. SANITIZER=none skips AddressSanitizer (faster; the code under test is
# safe Rust, so a panic is what we look for).
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/../.." && pwd)"
seconds="${1:-600}"
shift || true

corpus="$here/corpus/generate"
mkdir -p "$corpus" "$here/artifacts/generate"
cp "$root"/spec/*.yaml "$corpus/"
shared="$root/corpus/openapi-3.0"
for name in oai-petstore.yaml oai-petstore-expanded.yaml oai-link-example.yaml \
  oai-callback-example.yaml progenitor-keeper.json progenitor-buildomat.json; do
  if [ -f "$shared/$name" ]; then
    cp "$shared/$name" "$corpus/"
  else
    echo "run.sh: $shared/$name not found; fuzzing without it" >&2
  fi
done

if ! command -v cargo-fuzz >/dev/null; then
  cargo install cargo-fuzz --locked
fi

cd "$root/generator"
export RUSTC_BOOTSTRAP=1
exec cargo fuzz run --fuzz-dir "$here" --sanitizer "${SANITIZER:-address}" generate \
  "$corpus" -- \
  -max_total_time="$seconds" \
  -dict="$here/openapi.dict" \
  -max_len=65536 \
  -timeout=30 \
  -rss_limit_mb=4096 \
  -artifact_prefix="$here/artifacts/generate/" \
  -print_final_stats=1 \
  "$@"
