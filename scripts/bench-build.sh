#!/usr/bin/env bash
# Build cost of what oagen emits, and proof that build.rs does not rerun when no spec changed.
#
#   scripts/bench-build.sh            # RUNS=5 timed runs of each measurement (median reported)
#   RUNS=3 scripts/bench-build.sh
#
# 1. For spec/ (lineworks + rocketchat) and for corpus/openapi-3.0/progenitor-nexus.json, generates
#    the code with the oagen CLI into a scratch crate under <target>/bench-build/ (its only
#    dependency is oagen-runtime, by path, with the workspace's Cargo.lock copied in), builds the
#    dependencies once, then touches the generated files and times `cargo check` and `cargo build`
#    (dev profile) of that crate alone. Also prints generated lines, operations and lines per
#    operation, and how much transport logic the generated code carries itself.
# 2. In the repository, runs `cargo build` (which may rebuild), then a second `cargo build`,
#    timed, and a third with -vv, whose output must show `Fresh status-apis` and no
#    `Running .../build-script-build`.
#
# <target> is $CARGO_TARGET_DIR, or target/ in the repository. Timings go to stdout; cargo's own
# output goes to <target>/bench-build/cargo.log.
set -euo pipefail
export LC_ALL=C
cd "$(dirname "${BASH_SOURCE[0]}")/.."
ROOT=$PWD
RUNS=${RUNS:-5}
TARGET=${CARGO_TARGET_DIR:-$ROOT/target}
case $TARGET in /*) ;; *) TARGET=$ROOT/$TARGET ;; esac
SCRATCH=$TARGET/bench-build
CORPUS=$ROOT/corpus/openapi-3.0
LOG=$SCRATCH/cargo.log
NEXUS_MAX_LINES=10000
NEXUS_MAX_CHECK_S=5
mkdir -p "$SCRATCH"
: >"$LOG"

seconds_since() { awk -v start="$1" -v end="$EPOCHREALTIME" 'BEGIN { printf "%.3f", end - start }'; }
median() { printf '%s\n' "$@" | sort -g | awk '{ v[NR] = $1 } END { if (NR % 2) printf "%.3f", v[(NR + 1) / 2]; else printf "%.3f", (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }
below() { awk -v a="$1" -v b="$2" 'BEGIN { exit !(a < b) }'; }

echo "machine: $(nproc) cores, $(lscpu | sed -n 's/^Model name: *//p' | head -n1), $(rustc --version)"
echo "runs per measurement: $RUNS (median reported); load average: $(cut -d" " -f1-3 /proc/loadavg)"

echo "== building the oagen CLI (release) =="
cargo build --release --quiet -p oagen --bin oagen
OAGEN=$TARGET/release/oagen

# in_crate DIR ARGS...: cargo ARGS in the scratch crate DIR; all scratch crates share one target
# directory, so the dependencies are built once.
in_crate() {
  local dir=$1
  shift
  (cd "$dir" && CARGO_TARGET_DIR="$SCRATCH/target" cargo "$@")
}

# scratch_crate NAME MODULE=SPEC... : generates each SPEC into src/MODULE.rs and measures.
# Leaves the crate's line count in CRATE_LINES and its median check time in CRATE_CHECK_S.
scratch_crate() {
  local name=$1
  shift
  local dir=$SCRATCH/$name
  rm -rf "$dir/src"
  mkdir -p "$dir/src"
  cat >"$dir/Cargo.toml" <<TOML
[package]
name = "oagen-bench-$name"
version = "0.0.0"
edition = "2021"
publish = false

[dependencies]
oagen-runtime = { path = "$ROOT/runtime" }

# Not a member of the oagen workspace that encloses target/.
[workspace]
TOML
  cp "$ROOT/Cargo.lock" "$dir/Cargo.lock"
  local lib=$dir/src/lib.rs files=() lines=0 operations=0
  echo "//! Scratch crate: oagen output only, for scripts/bench-build.sh." >"$lib"
  local pair module spec count
  for pair in "$@"; do
    module=${pair%%=*}
    spec=${pair#*=}
    "$OAGEN" generate "$spec" -o "$dir/src/$module.rs" 2>>"$LOG"
    echo "pub mod $module;" >>"$lib"
    files+=("$dir/src/$module.rs")
    lines=$((lines + $(wc -l <"$dir/src/$module.rs")))
    count=$("$OAGEN" summary "$spec" 2>>"$LOG" | sed -n 's/^  operations (\([0-9]*\)).*/\1/p' | head -n1)
    if [ -z "$count" ]; then
      count=$(grep -c 'pub async fn ' "$dir/src/$module.rs" || true)
    fi
    operations=$((operations + count))
  done

  echo
  echo "== $name: $* =="
  local per_op docs sends reqwest_uses
  per_op=$(awk -v l="$lines" -v o="$operations" 'BEGIN { if (o) printf "%.1f", l / o; else print "-" }')
  docs=$(cat "${files[@]}" | grep -c '^ *//' || true)
  sends=$(cat "${files[@]}" | grep -c 'transport\.send(' || true)
  # Code lines naming reqwest, leaving out the `use` block at the top (which imports the name).
  reqwest_uses=$(cat "${files[@]}" | grep -v '^ *//' | awk '/^use /{u=1} u{if (/;$/) u=0; next} {print}' | grep -c 'reqwest' || true)
  echo "generated: $lines lines ($docs of them comments), $operations operations, $per_op lines per operation"
  echo "shared helpers: $sends calls to oagen_runtime's Transport::send (URL, auth, sending, decoding live there);"
  echo "  $reqwest_uses code lines name reqwest (each client's builder takes a reqwest::Client)"

  # Dependencies (and this crate) built once for each profile, so the timed runs rebuild this crate only.
  if ! { in_crate "$dir" check >>"$LOG" 2>&1 && in_crate "$dir" build >>"$LOG" 2>&1; }; then
    echo "FAILED: the generated code does not build; see $LOG" >&2
    return 1
  fi
  local kind start times
  for kind in check build; do
    times=()
    for _ in $(seq "$RUNS"); do
      touch "${files[@]}"
      start=$EPOCHREALTIME
      in_crate "$dir" "$kind" >>"$LOG" 2>&1
      times+=("$(seconds_since "$start")")
    done
    printf 'cargo %-5s of the crate alone: median %s s  (runs: %s)\n' "$kind" "$(median "${times[@]}")" "${times[*]}"
    if [ "$kind" = check ]; then CRATE_CHECK_S=$(median "${times[@]}"); fi
  done
  CRATE_LINES=$lines
}

scratch_crate spec lineworks="$ROOT/spec/lineworks.yaml" rocketchat="$ROOT/spec/rocketchat.yaml"
if [ -f "$CORPUS/progenitor-nexus.json" ]; then
  scratch_crate nexus nexus="$CORPUS/progenitor-nexus.json"
  echo
  if [ "$CRATE_LINES" -le "$NEXUS_MAX_LINES" ]; then verdict=met; else verdict="NOT met"; fi
  echo "budget: nexus at most $NEXUS_MAX_LINES lines: $CRATE_LINES lines: $verdict"
  if below "$CRATE_CHECK_S" "$NEXUS_MAX_CHECK_S"; then verdict=met; else verdict="NOT met"; fi
  echo "budget: nexus cargo check under $NEXUS_MAX_CHECK_S s: median $CRATE_CHECK_S s: $verdict"
else
  echo "skipping nexus: $CORPUS/progenitor-nexus.json not found"
fi

echo
echo "== build.rs rerun check (status-apis, in the repository) =="
cargo build -p status-apis >>"$LOG" 2>&1
times=()
for _ in $(seq "$RUNS"); do
  start=$EPOCHREALTIME
  second=$(cargo build -p status-apis 2>&1)
  times+=("$(seconds_since "$start")")
done
echo "second cargo build: median $(median "${times[@]}") s (runs: ${times[*]}); its whole output:"
printf '%s\n' "$second" | sed 's/^/    | /'
verbose=$(cargo build -vv -p status-apis 2>&1)
if printf '%s\n' "$verbose" | grep -q 'Running .*build-script-build'; then
  echo "build script RERAN on an unchanged tree:"
  printf '%s\n' "$verbose" | grep -E 'Running|Dirty|^\[status-apis' | sed 's/^/    | /'
  exit 1
fi
echo "cargo build -vv: no 'Running .../build-script-build'; what it says about status-apis:"
printf '%s\n' "$verbose" | grep -E 'status-apis|^\[' | sed 's/^/    | /'
