#!/usr/bin/env bash
# Helpers the bench scripts share (sourced, not run): load average, elapsed seconds, medians
# and comparisons (in awk, so they need nothing beyond the base system), the scratch folder and
# the manifest of a scratch crate.

load() { cut -d" " -f1-3 /proc/loadavg; }
seconds_since() { awk -v start="$1" -v end="$EPOCHREALTIME" 'BEGIN { printf "%.3f", end - start }'; }
median() { printf '%s\n' "$@" | sort -g | awk '{ v[NR] = $1 } END { if (NR % 2) printf "%.3f", v[(NR + 1) / 2]; else printf "%.3f", (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }
below() { awk -v a="$1" -v b="$2" 'BEGIN { exit !(a < b) }'; }
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { if (b > 0) printf "%.2f", a / b; else print "-" }'; }
percent() { awk -v a="$1" -v b="$2" 'BEGIN { if (b > 0) printf "%.0f%%", 100 * a / b; else print "-" }'; }
# bench_scratch NAME: sets TARGET ($CARGO_TARGET_DIR, else target/ in the repository at $ROOT,
# made absolute), SCRATCH (<target>/NAME, created) and LOG (an empty cargo.log in it).
bench_scratch() {
  TARGET=${CARGO_TARGET_DIR:-$ROOT/target}
  case $TARGET in /*) ;; *) TARGET=$ROOT/$TARGET ;; esac
  SCRATCH=$TARGET/$1
  LOG=$SCRATCH/cargo.log
  mkdir -p "$SCRATCH"
  : >"$LOG"
}

# write_manifest DIR NAME RUNTIME [ATTRIBUTES]: a scratch crate's Cargo.toml (package
# oagen-bench-NAME), depending on the runtime in RUNTIME with its default features (what a
# generated crate gets) unless ATTRIBUTES say otherwise, and the workspace's lock ($ROOT's).
write_manifest() {
  local attributes=${4:+, $4}
  cat >"$1/Cargo.toml" <<TOML
[package]
name = "oagen-bench-$2"
version = "0.0.0"
edition = "2021"
publish = false

[dependencies]
oagen-runtime = { path = "$3"$attributes }

# Not a member of the oagen workspace that encloses target/.
[workspace]
TOML
  cp "$ROOT/Cargo.lock" "$1/Cargo.lock"
}
