#!/usr/bin/env bash
# The project's test command (README, CI): installs the pinned spec tooling on first use
# (npm: spectral, prism; PyPI: openapi-spec-validator; Debian: pkg-config and libssl-dev when
# OpenSSL is not found, see scripts/system-deps.sh), lints the specs, then runs every
# Rust test in the workspace, the `#[ignore]`d ones too: those need what this script installs
# (Prism), and fail here if it is missing. Snapshots are never accepted here: review with
# `cargo insta review`. Extra arguments go to the test binaries (e.g. a name filter).
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

scripts/system-deps.sh
if [ ! -x node_modules/.bin/prism ] || [ ! -x node_modules/.bin/spectral ]; then
  npm ci --no-audit --no-fund
fi
if [ ! -x .venv/bin/openapi-spec-validator ]; then
  python3 -m venv .venv
  .venv/bin/pip install --quiet -r requirements-dev.txt
fi

PATH="$PWD/.venv/bin:$PATH" scripts/lint-specs.sh
INSTA_UPDATE=no cargo test --workspace --no-fail-fast -- --include-ignored "$@"
