#!/usr/bin/env bash
# Lint the hand-curated OpenAPI documents in spec/.
# Assumes the dev dependencies are installed:
#   pip install -r requirements-dev.txt
#   npm ci
set -euo pipefail

cd "$(dirname "${BASH_SOURCE[0]}")/.."

shopt -s nullglob
specs=(spec/*.yaml)
if [ "${#specs[@]}" -eq 0 ]; then
  echo "lint-specs: no spec/*.yaml found" >&2
  exit 1
fi

echo "== openapi-spec-validator =="
python3 -m openapi_spec_validator "${specs[@]}"

echo "== spectral lint (spectral:oas, fail on error) =="
npx --no-install spectral lint --fail-severity=error "${specs[@]}"
