#!/usr/bin/env bash
# Where the `cargo check` time of a generated crate goes: per generated line, per type and per
# field, for nexus and the largest 3.1 corpus specs, with and without serde's derives.
#
#   scripts/bench-check-cost.sh             # RUNS=3 timed runs of each measurement (median)
#   RUNS=5 SPECS_31="openai.yaml" scripts/bench-check-cost.sh
#
# For corpus/openapi-3.0/progenitor-nexus.json and each of SPECS_31 (file names in
# corpus/openapi-3.1/), generates the module with the release oagen CLI into a scratch crate
# under <target>/bench-check-cost/ (on the workspace's runtime by path, the workspace's
# Cargo.lock copied in, all crates sharing one target directory), and a second crate holding the
# same module passed through scripts/strip-serde-derives.py: serde's derives and attributes taken
# out, each type given an impl that returns an error. Dependencies are built once; then, RUNS
# times each, the module is touched and `cargo check` of the crate alone is timed, as
# scripts/bench-build.sh does (an incremental re-check, the default dev profile).
#
# Prints lines, types (`pub struct` / `pub enum` at the top level), fields (`pub` fields of those
# structs), check medians, seconds per 1,000 lines, milliseconds per type and per field, and each
# spec's seconds per 1,000 lines as a multiple of nexus's, with serde's derives and without.
# Needs python3. <target> is $CARGO_TARGET_DIR, or target/ in the repository; cargo's output
# goes to <target>/bench-check-cost/cargo.log.
set -euo pipefail
export LC_ALL=C
cd "$(dirname "${BASH_SOURCE[0]}")/.."
ROOT=$PWD
# shellcheck source=scripts/bench-common.sh
. "$ROOT/scripts/bench-common.sh"
bench_scratch bench-check-cost
RUNS=${RUNS:-3}
SPECS_31=${SPECS_31-openai.yaml discord.json kong-admin-ee-3.15.yaml}

echo "machine: $(nproc) cores, $(rustc --version); runs per measurement: $RUNS (median); load average: $(load)"
cargo build --release --quiet -p oagen --bin oagen
OAGEN=$TARGET/release/oagen

# new_crate DIR: an empty scratch crate on the workspace's runtime whose module is src/api.rs.
new_crate() {
  rm -rf "$1"
  mkdir -p "$1/src"
  write_manifest "$1" "check-cost-$(basename "$1")" "$ROOT/runtime"
  echo "pub mod api;" >"$1/src/lib.rs"
}

# check_median DIR: median seconds of `cargo check` of the crate in DIR after touching its module.
check_median() {
  local times=() start
  (cd "$1" && CARGO_TARGET_DIR="$SCRATCH/target" cargo check >>"$LOG" 2>&1)
  for _ in $(seq "$RUNS"); do
    touch "$1/src/api.rs"
    start=$EPOCHREALTIME
    (cd "$1" && CARGO_TARGET_DIR="$SCRATCH/target" cargo check >>"$LOG" 2>&1)
    times+=("$(seconds_since "$start")")
  done
  echo "  $(basename "$1"): ${times[*]}" >&2
  median "${times[@]}"
}

per() { awk -v a="$1" -v b="$2" -v scale="$3" 'BEGIN { if (b > 0) printf "%.3f", scale * a / b; else print "-" }'; }

rows=()
NEXUS_PER_KLINE='' NEXUS_FLOOR_PER_KLINE=''
for entry in 3.0/progenitor-nexus.json $(for f in $SPECS_31; do echo "3.1/$f"; done); do
  spec=$ROOT/corpus/openapi-${entry%%/*}/${entry#*/}
  name=$(basename "${entry%.*}" | tr -c 'A-Za-z0-9\n' '-')
  echo
  echo "== $entry (load average: $(load)) =="
  new_crate "$SCRATCH/$name"
  "$OAGEN" generate "$spec" -o "$SCRATCH/$name/src/api.rs" 2>>"$LOG"
  new_crate "$SCRATCH/$name-no-serde"
  echo "serde derives replaced: $(python3 "$ROOT/scripts/strip-serde-derives.py" "$SCRATCH/$name/src/api.rs" "$SCRATCH/$name-no-serde/src/api.rs")"
  module=$SCRATCH/$name/src/api.rs
  lines=$(wc -l <"$module")
  types=$(grep -cE '^pub (struct|enum) ' "$module" || true)
  fields=$(grep -cE '^    pub (r#)?[a-z_][a-z0-9_]*: ' "$module" || true)
  check=$(check_median "$SCRATCH/$name")
  floor=$(check_median "$SCRATCH/$name-no-serde")
  per_kline=$(per "$check" "$lines" 1000)
  floor_per_kline=$(per "$floor" "$lines" 1000)
  if [ -z "$NEXUS_PER_KLINE" ]; then NEXUS_PER_KLINE=$per_kline NEXUS_FLOOR_PER_KLINE=$floor_per_kline; fi
  echo "lines $lines, types $types, fields $fields; cargo check median $check s, without serde derives $floor s"
  rows+=("$(printf '%-32s %7s %6s %6s %8s %7s %7s %7s %7s | %8s %7s %7s' "$entry" "$lines" "$types" "$fields" \
    "$check" "$per_kline" "$(per "$check" "$types" 1000)" "$(per "$check" "$fields" 1000)" \
    "$(ratio "$per_kline" "$NEXUS_PER_KLINE")" "$floor" "$floor_per_kline" \
    "$(ratio "$floor_per_kline" "$NEXUS_FLOOR_PER_KLINE")")")
done

echo
echo "== cargo check of the crate alone, median of $RUNS (load average: $(load)) =="
printf '%-32s %7s %6s %6s %8s %7s %7s %7s %7s | %8s %7s %7s\n' spec lines types fields "check s" \
  "s/kl" "ms/typ" "ms/fld" "x nexus" "no serde" "s/kl" "x nexus"
printf '%s\n' "${rows[@]}"
echo "(s/kl: seconds per 1,000 generated lines; x nexus: s/kl as a multiple of nexus's in this run;"
echo " 'no serde': the same module with serde's derives replaced by scripts/strip-serde-derives.py)"
