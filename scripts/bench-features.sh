#!/usr/bin/env bash
# Compile only what you use: `cargo check` of a crate generated with `--split-by-tag`, with one
# tag's feature against `full`, for the largest corpus specs that have tags.
#
#   scripts/bench-features.sh                 # RUNS=3 timed runs of each measurement (median)
#   RUNS=5 SPECS="corpus/openapi-3.0/openai-3.0.yaml" scripts/bench-features.sh
#
# For each spec in SPECS (paths from the repository root; defaults below), generates the crate
# with the oagen CLI (dev build; generation is not timed) into <target>/bench-features/<name>/,
# on the workspace's runtime by path and with the workspace's Cargo.lock copied in. All crates
# share one target directory. Every measurement turns the default features off and names its
# own, so the runtime is built the same way for all (without TLS: the choice of backend is the
# same whatever the tags, and leaving it out keeps the dependency build short):
#
#   none      the shared part alone: `--no-default-features`
#   smallest  the tag with the fewest operations (the user of a handful of endpoints)
#   largest   the tag with the most operations
#   full      every tag: `--features full`, what the default gives
#
# Dependencies are built once per crate first; then, RUNS times each, src/lib.rs is touched and
# `cargo check` of the crate alone is timed. Prints the median, the share of `full`'s time, the
# number of groups and the operations each measured tag holds, and the load average.
#
# <target> is $CARGO_TARGET_DIR, or target/ in the repository. Cargo's output goes to
# <target>/bench-features/cargo.log.
set -euo pipefail
export LC_ALL=C
cd "$(dirname "${BASH_SOURCE[0]}")/.."
ROOT=$PWD
# shellcheck source=scripts/bench-common.sh
. "$ROOT/scripts/bench-common.sh"
bench_scratch bench-features
RUNS=${RUNS:-3}
# The largest specs with tags: two 3.0 (OpenAI, Spotify) and three 3.1 (OpenAI, Kong, Mistral;
# Discord, larger than Kong, has no tags).
SPECS=${SPECS:-corpus/openapi-3.0/openai-3.0.yaml corpus/openapi-3.0/spotify-official.yaml corpus/openapi-3.1/openai.yaml corpus/openapi-3.1/kong-admin-ee-3.15.yaml corpus/openapi-3.1/mistral.yaml}

echo "machine: $(nproc) cores, $(lscpu | sed -n 's/^Model name: *//p' | head -n1), $(rustc --version)"
echo "revision: working tree on top of $(git rev-parse --short HEAD 2>/dev/null || echo unknown)"
echo "runs per measurement: $RUNS (median reported); load average: $(load)"
cargo build -q -p oagen --bin oagen
OAGEN=$TARGET/debug/oagen

# `cargo check` of the crate in $1 with the feature flags $2..., median of RUNS, in seconds.
timed_check() {
  local dir=$1
  shift
  (cd "$dir" && CARGO_TARGET_DIR="$SCRATCH/target" cargo check "$@" >>"$LOG" 2>&1)
  local times=() start
  for _ in $(seq "$RUNS"); do
    touch "$dir/src/lib.rs"
    start=$EPOCHREALTIME
    (cd "$dir" && CARGO_TARGET_DIR="$SCRATCH/target" cargo check "$@" >>"$LOG" 2>&1)
    times+=("$(seconds_since "$start")")
  done
  median "${times[@]}"
}

printf '\n| spec | lines | tags | none | smallest tag (ops) | largest tag (ops) | full | load |\n'
printf '|---|---:|---:|---:|---:|---:|---:|---|\n'
for spec in $SPECS; do
  name=$(basename "${spec%.*}" | tr -c 'A-Za-z0-9\n' '-' | tr 'A-Z' 'a-z')
  dir=$SCRATCH/$name
  rm -rf "$dir"
  "$OAGEN" generate "$spec" --crate "split-$name" -o "$dir" --split-by-tag \
    --runtime-path "$ROOT/runtime" 2>>"$LOG" >/dev/null
  cp "$ROOT/Cargo.lock" "$dir/Cargo.lock"
  # The README lists each feature with its operation count: "- `pets`: ... (12 operations)".
  features=$(sed -n 's/^- `\([^`]*\)`: .*(\([0-9]*\) operations\{0,1\})$/\2 \1/p' "$dir/README.md" | sort -n -k1,1 -s)
  groups=$(printf '%s\n' "$features" | grep -c .)
  read -r small_ops small <<<"$(printf '%s\n' "$features" | head -n1)"
  read -r large_ops large <<<"$(printf '%s\n' "$features" | tail -n1)"
  lines=$(wc -l <"$dir/src/lib.rs")
  full=$(timed_check "$dir" --no-default-features --features full)
  none=$(timed_check "$dir" --no-default-features)
  small_s=$(timed_check "$dir" --no-default-features --features "$small")
  large_s=$(timed_check "$dir" --no-default-features --features "$large")
  printf '| `%s` | %s | %s | %s s (%s) | %s s (%s), `%s` (%s) | %s s (%s), `%s` (%s) | %s s | %s |\n' \
    "$(basename "$spec")" "$lines" "$groups" "$none" "$(percent "$none" "$full")" \
    "$small_s" "$(percent "$small_s" "$full")" "$small" "$small_ops" \
    "$large_s" "$(percent "$large_s" "$full")" "$large" "$large_ops" "$full" "$(load)"
done
