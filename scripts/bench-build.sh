#!/usr/bin/env bash
# Build cost of what oagen emits, side by side with progenitor where it is installed, and proof
# that build.rs does not rerun when no spec changed.
#
#   scripts/bench-build.sh            # RUNS=3 timed runs of each measurement (median reported)
#   RUNS=5 scripts/bench-build.sh
#   PROGENITOR=/path/to/cargo-progenitor scripts/bench-build.sh
#
# 1. For spec/ (lineworks + rocketchat) and for corpus/openapi-3.0/progenitor-nexus.json, generates
#    the code with the oagen CLI into a scratch crate under <target>/bench-build/ (its only
#    dependency is oagen-runtime, by path, with its default features and the workspace's
#    Cargo.lock copied in), builds the dependencies once, then touches the generated files and
#    times `cargo check` and `cargo build` (dev profile) of that crate alone. Also prints generated
#    lines, operations and lines per operation, and how much transport logic the generated code
#    carries itself.
# 2. progenitor (cargo-progenitor: $PROGENITOR, else on PATH; the script says so when it is
#    absent and skips its measurements) on nexus: generated lines and `cargo check` of its crate
#    alone, measured the same way.
# 3. Clean debug build of the nexus crate, dependencies included (`cargo build` into an empty
#    target directory; sources fetched beforehand), CLEAN_RUNS times each (default RUNS; 0 skips
#    this part, the longest), the
#    contestants interleaved so all see the same load: oagen's crate with the runtime's default
#    features, the same without TLS (as progenitor's crate comes: it turns on no TLS feature of
#    reqwest), progenitor's; and each crate's dependency count. COMPARE_RUNTIME=DIR adds the
#    oagen crate on the runtime in DIR (e.g. a copy with an older Cargo.toml), for before/after
#    figures from one run.
# 4. The largest corpus specs, SPECS_30 from corpus/openapi-3.0/ and SPECS_31 from
#    corpus/openapi-3.1/ (file names, space-separated; defaults below; empty for none): oagen's generation time
#    (the CLI's whole process), generated lines and `cargo check` of each crate alone,
#    dependencies built first; then progenitor on the same specs, and a table side by side with
#    the ratios. A spec progenitor cannot generate is listed with its error.
# 5. In the repository, runs `cargo build` (which may rebuild), then a second `cargo build`,
#    timed, and a third with -vv, whose output must show `Fresh status-apis` and no
#    `Running .../build-script-build`.
#
# <target> is $CARGO_TARGET_DIR, or target/ in the repository. Timings go to stdout; cargo's own
# output goes to <target>/bench-build/cargo.log. The load average is printed with each section:
# on a shared machine the figures are only as good as the load they were taken under.
set -euo pipefail
export LC_ALL=C
cd "$(dirname "${BASH_SOURCE[0]}")/.."
ROOT=$PWD
# shellcheck source=scripts/bench-common.sh
. "$ROOT/scripts/bench-common.sh"
bench_scratch bench-build
RUNS=${RUNS:-3}
CLEAN_RUNS=${CLEAN_RUNS:-$RUNS}
CORPUS=$ROOT/corpus/openapi-3.0
CORPUS_31=$ROOT/corpus/openapi-3.1
# The largest specs of each folder by size (nexus, the third largest 3.0 spec, is part 1's).
SPECS_30=${SPECS_30-openai-3.0.yaml twilio-verify-v2.json}
SPECS_31=${SPECS_31-openai.yaml discord.json kong-admin-ee-3.15.yaml}
RUNTIME_DIR=$ROOT/runtime
PROGENITOR=${PROGENITOR:-$(command -v cargo-progenitor || true)}
NEXUS_MAX_LINES=10000
NEXUS_MAX_CHECK_S=5

# A corpus file name as a Rust module and package name part: `kong-admin-ee-3.15.yaml` -> `kong_admin_ee_3_15`.
ident_of() { local base=${1%.*}; base=${base//[^A-Za-z0-9]/_}; printf '%s' "${base,,}"; }
# Distinct packages in the normal and build dependency graph of the crate in DIR, itself left out.
dep_count() {
  (cd "$1" && CARGO_TARGET_DIR="$SCRATCH/target" cargo tree -e normal,build --prefix none 2>>"$LOG") |
    sed 's/ (\*)$//' | sort -u | awk 'END { print NR - 1 }'
}

echo "machine: $(nproc) cores, $(lscpu | sed -n 's/^Model name: *//p' | head -n1), $(rustc --version)"
echo "runs per measurement: $RUNS (median reported); load average: $(load)"
if [ -n "${COMPARE_RUNTIME:-}" ]; then
  COMPARE_RUNTIME=$(cd "$COMPARE_RUNTIME" && pwd)
fi

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

# scratch_crate NAME MODULE=SPEC... : generates each SPEC into src/MODULE.rs and measures
# `cargo check` and, unless KINDS=check, `cargo build`. Leaves the crate's line count in
# CRATE_LINES, its median check time in CRATE_CHECK_S and the CLI's median generation time in
# CRATE_GENERATE_S; CRATE_LINES is empty when oagen could not generate a spec.
scratch_crate() {
  local name=$1
  shift
  local dir=$SCRATCH/$name
  rm -rf "$dir/src"
  mkdir -p "$dir/src"
  write_manifest "$dir" "$name" "$RUNTIME_DIR"
  local lib=$dir/src/lib.rs files=() lines=0 operations=0
  echo "//! Scratch crate: oagen output only, for scripts/bench-build.sh." >"$lib"
  local pair module spec count start generate_times=()
  CRATE_LINES='' CRATE_CHECK_S='' CRATE_GENERATE_S=''
  # The whole CLI process per run: reading the spec, generating, formatting, writing the file.
  for _ in $(seq "$RUNS"); do
    start=$EPOCHREALTIME
    for pair in "$@"; do
      if ! "$OAGEN" generate "${pair#*=}" -o "$dir/src/${pair%%=*}.rs" 2>>"$LOG"; then
        echo "FAILED: oagen could not generate ${pair#*=}; see $LOG" >&2
        return 0
      fi
    done
    generate_times+=("$(seconds_since "$start")")
  done
  CRATE_GENERATE_S=$(median "${generate_times[@]}")
  for pair in "$@"; do
    module=${pair%%=*}
    spec=${pair#*=}
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
  echo "oagen generate (CLI, whole process): median $CRATE_GENERATE_S s  (runs: ${generate_times[*]})"
  echo "generated: $lines lines ($docs of them comments), $operations operations, $per_op lines per operation"
  echo "shared helpers: $sends calls to oagen_runtime's Transport::send (URL, auth, sending, decoding live there);"
  echo "  $reqwest_uses code lines name reqwest (each client's builder takes a reqwest::Client)"

  # Dependencies (and this crate) built once for each profile, so the timed runs rebuild this crate only.
  local kind times
  for kind in $KINDS; do
    if ! in_crate "$dir" "$kind" >>"$LOG" 2>&1; then
      echo "FAILED: the generated code does not build; see $LOG" >&2
      return 1
    fi
  done
  for kind in $KINDS; do
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

# progenitor_crate ENTRY SPEC: generates SPEC with progenitor into <scratch>/progenitor/<ident>
# and measures its crate as scratch_crate does oagen's (`cargo check` only). A spec it cannot
# generate, or whose crate does not build, is recorded in PROG_FAILED.
progenitor_crate() {
  local entry=$1 spec=$2
  local ident dir output lines times start
  ident=$(ident_of "${entry#*/}")
  dir=$SCRATCH/progenitor/$ident
  rm -rf "$dir"
  echo
  echo "== progenitor: $entry =="
  # It reports some failures on stdout (`gen fail: ...`), others on stderr.
  if ! output=$(RUST_BACKTRACE=0 "$PROGENITOR" progenitor -i "$spec" -o "$dir" -n "progenitor-bench-$ident" -v 0.0.0 2>&1); then
    # Its first two lines: the cause and its summary, or a panic's location and message.
    PROG_FAILED[$entry]=$(printf '%s\n' "$output" | grep -v '^\s*$' | head -n2 | paste -sd' ')
    echo "could not generate: ${PROG_FAILED[$entry]}"
    printf '%s\n' "$output" >>"$LOG"
    return 0
  fi
  printf '%s\n' "$output" >>"$LOG"
  # Its crate is not a member of the oagen workspace that may enclose the target directory.
  printf '\n[workspace]\n' >>"$dir/Cargo.toml"
  lines=$(cat "$dir"/src/*.rs | wc -l)
  echo "generated: $lines lines"
  if ! (cd "$dir" && cargo fetch >>"$LOG" 2>&1 && CARGO_TARGET_DIR="$SCRATCH/progenitor-target" cargo check >>"$LOG" 2>&1); then
    PROG_FAILED[$entry]="generated, but its crate does not build (see $LOG)"
    echo "${PROG_FAILED[$entry]}"
    return 0
  fi
  times=()
  for _ in $(seq "$RUNS"); do
    touch "$dir"/src/*.rs
    start=$EPOCHREALTIME
    (cd "$dir" && CARGO_TARGET_DIR="$SCRATCH/progenitor-target" cargo check >>"$LOG" 2>&1)
    times+=("$(seconds_since "$start")")
  done
  PROG_LINES[$entry]=$lines
  PROG_CHECK[$entry]=$(median "${times[@]}")
  printf 'cargo check of the crate alone: median %s s  (runs: %s)\n' "${PROG_CHECK[$entry]}" "${times[*]}"
}

# clean_build DIR: seconds of `cargo build` of the crate in DIR into an empty target directory.
clean_build() {
  local target=$SCRATCH/clean-target start
  rm -rf "$target"
  start=$EPOCHREALTIME
  (cd "$1" && CARGO_TARGET_DIR="$target" cargo build >>"$LOG" 2>&1)
  seconds_since "$start"
  rm -rf "$target"
}

# copy_crate FROM TO RUNTIME [ATTRIBUTES]: the scratch crate FROM's code in a crate TO whose
# runtime is RUNTIME, with ATTRIBUTES (e.g. `default-features = false`) on that dependency.
copy_crate() {
  rm -rf "$2"
  mkdir -p "$2"
  cp -r "$1/src" "$2/src"
  write_manifest "$2" "$(basename "$2")" "$3" "${4:-}"
}

KINDS="check build"
scratch_crate spec lineworks="$ROOT/spec/lineworks.yaml" rocketchat="$ROOT/spec/rocketchat.yaml"
# Per spec of the side-by-side table: oagen's and progenitor's lines and check medians.
declare -A OAGEN_LINES OAGEN_CHECK OAGEN_GENERATE PROG_LINES PROG_CHECK PROG_FAILED CLEAN CLEAN_MEDIAN
TABLE=()
if [ -n "$PROGENITOR" ] && [ -x "$PROGENITOR" ]; then
  # cargo-progenitor has no version flag; `cargo install --root` records what it installed.
  version=$(sed -n 's/^"\(cargo-progenitor [^ ]*\).*/\1/p' "$(dirname "$PROGENITOR")/../.crates.toml" 2>/dev/null | head -n1)
  PROGENITOR_NAME="${version:-cargo-progenitor (version unknown)} at $PROGENITOR"
else
  PROGENITOR=
fi
if [ -f "$CORPUS/progenitor-nexus.json" ]; then
  scratch_crate nexus nexus="$CORPUS/progenitor-nexus.json"
  echo
  if [ "$CRATE_LINES" -le "$NEXUS_MAX_LINES" ]; then verdict=met; else verdict="NOT met"; fi
  echo "budget: nexus at most $NEXUS_MAX_LINES lines: $CRATE_LINES lines: $verdict"
  if below "$CRATE_CHECK_S" "$NEXUS_MAX_CHECK_S"; then verdict=met; else verdict="NOT met"; fi
  echo "budget: nexus cargo check under $NEXUS_MAX_CHECK_S s: median $CRATE_CHECK_S s: $verdict"
  TABLE+=("3.0/progenitor-nexus.json")
  OAGEN_LINES[3.0/progenitor-nexus.json]=$CRATE_LINES
  OAGEN_CHECK[3.0/progenitor-nexus.json]=$CRATE_CHECK_S
  OAGEN_GENERATE[3.0/progenitor-nexus.json]=$CRATE_GENERATE_S
  if [ -n "$PROGENITOR" ]; then
    progenitor_crate 3.0/progenitor-nexus.json "$CORPUS/progenitor-nexus.json"
  fi
else
  echo "skipping nexus: $CORPUS/progenitor-nexus.json not found"
fi
if [ -f "$CORPUS/progenitor-nexus.json" ] && [ "$CLEAN_RUNS" -gt 0 ]; then
  echo
  echo "== clean debug build of the nexus crate, dependencies included (load average: $(load)) =="
  # oagen's crate as a generated crate comes (runtime defaults: native-tls), and without TLS,
  # as progenitor's comes (its crate enables no TLS feature of reqwest).
  contestants=("oagen:$SCRATCH/nexus")
  copy_crate "$SCRATCH/nexus" "$SCRATCH/nexus-no-tls" "$RUNTIME_DIR" "default-features = false"
  contestants+=("oagen-without-tls:$SCRATCH/nexus-no-tls")
  if [ -n "${COMPARE_RUNTIME:-}" ]; then
    copy_crate "$SCRATCH/nexus" "$SCRATCH/nexus-compare" "$COMPARE_RUNTIME"
    contestants+=("oagen-on-$COMPARE_RUNTIME:$SCRATCH/nexus-compare")
  fi
  if [ -n "${PROG_LINES[3.0/progenitor-nexus.json]:-}" ]; then
    contestants+=("progenitor:$SCRATCH/progenitor/$(ident_of progenitor-nexus.json)")
  fi
  for contestant in "${contestants[@]}"; do
    dir=${contestant#*:}
    (cd "$dir" && cargo fetch >>"$LOG" 2>&1)
    echo "${contestant%%:*}: $(dep_count "$dir") dependencies (distinct packages under cargo tree -e normal,build)"
  done
  # Interleaved, so a burst of load from elsewhere falls on every contestant alike.
  for run in $(seq "$CLEAN_RUNS"); do
    for contestant in "${contestants[@]}"; do
      CLEAN[${contestant%%:*}]+="$(clean_build "${contestant#*:}") "
    done
    echo "run $run of $CLEAN_RUNS done (load average: $(load))"
  done
  for contestant in "${contestants[@]}"; do
    name=${contestant%%:*}
    # shellcheck disable=SC2086 # the runs are a space-separated list of numbers
    CLEAN_MEDIAN[$name]=$(median ${CLEAN[$name]})
    printf '%s: median %s s  (runs: %s)\n' "$name" "${CLEAN_MEDIAN[$name]}" "${CLEAN[$name]% }"
  done
  if [ -n "${CLEAN_MEDIAN[progenitor]:-}" ]; then
    for name in oagen oagen-without-tls; do
      clean_ratio=$(ratio "${CLEAN_MEDIAN[$name]}" "${CLEAN_MEDIAN[progenitor]}")
      if below "$clean_ratio" 1.005; then verdict=met; else verdict="NOT met"; fi
      echo "budget: clean build of nexus ($name) at most 1.0x progenitor's: ${clean_ratio}x: $verdict"
    done
  fi
fi

echo
echo "== the largest corpus specs: oagen (load average: $(load)) =="
KINDS=check
entries=()
for file in $SPECS_30; do entries+=("3.0/$file"); done
for file in $SPECS_31; do entries+=("3.1/$file"); done
for entry in "${entries[@]}"; do
  version=${entry%%/*}
  file=${entry#*/}
  if [ "$version" = 3.0 ]; then folder=$CORPUS; else folder=$CORPUS_31; fi
  if [ ! -f "$folder/$file" ]; then
    echo "skipping $entry: $folder/$file not found"
    continue
  fi
  ident=$(ident_of "$file")
  TABLE+=("$entry")
  # A spec whose crate does not build is reported, and the other specs still measured.
  scratch_crate "corpus-${version/./}-$ident" "$ident=$folder/$file" || true
  OAGEN_LINES[$entry]=$CRATE_LINES
  OAGEN_CHECK[$entry]=${CRATE_CHECK_S:--}
  OAGEN_GENERATE[$entry]=$CRATE_GENERATE_S
done

echo
if [ -n "$PROGENITOR" ]; then
  echo "== progenitor on the corpus specs: $PROGENITOR_NAME (load average: $(load)) =="
  for entry in "${entries[@]}"; do
    if [ "${entry%%/*}" = 3.0 ]; then folder=$CORPUS; else folder=$CORPUS_31; fi
    if [ -f "$folder/${entry#*/}" ]; then
      progenitor_crate "$entry" "$folder/${entry#*/}"
    fi
  done
else
  echo "== progenitor: NOT FOUND, not measured =="
  echo "   install: cargo install cargo-progenitor --version 0.15.1 --root DIR"
  echo "   then:    PROGENITOR=DIR/bin/cargo-progenitor scripts/bench-build.sh"
fi

echo
echo "== side by side: cargo check of the generated crate alone, dependencies built, median of $RUNS (load average: $(load)) =="
printf '%-34s %10s %9s %9s %12s %12s %8s %8s\n' spec "oagen gen" "oagen" "progen." "oagen check" "progen. ch." "lines x" "check x"
for entry in "${TABLE[@]}"; do
  if [ -z "${OAGEN_LINES[$entry]:-}" ]; then
    printf '%-34s oagen could not generate it (see %s)\n' "$entry" "$LOG"
    continue
  fi
  if [ -n "${PROG_LINES[$entry]:-}" ]; then
    printf '%-34s %9ss %9s %9s %11ss %11ss %8s %8s\n' "$entry" "${OAGEN_GENERATE[$entry]}" "${OAGEN_LINES[$entry]}" \
      "${PROG_LINES[$entry]}" "${OAGEN_CHECK[$entry]}" "${PROG_CHECK[$entry]}" \
      "$(ratio "${OAGEN_LINES[$entry]}" "${PROG_LINES[$entry]}")" "$(ratio "${OAGEN_CHECK[$entry]}" "${PROG_CHECK[$entry]}")"
  else
    printf '%-34s %9ss %9s %9s %11ss %12s %8s %8s\n' "$entry" "${OAGEN_GENERATE[$entry]}" "${OAGEN_LINES[$entry]}" \
      - "${OAGEN_CHECK[$entry]}" - - -
  fi
done
echo "(x = oagen / progenitor; 'oagen gen' is the oagen CLI's whole process, median of $RUNS)"
if [ -n "$PROGENITOR" ]; then
  for entry in "${TABLE[@]}"; do
    if [ -n "${PROG_FAILED[$entry]:-}" ]; then
      echo "progenitor could not generate $entry: ${PROG_FAILED[$entry]}"
    fi
  done
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
