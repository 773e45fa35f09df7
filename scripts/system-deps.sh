#!/usr/bin/env bash
# Installs the Debian packages a build of this workspace needs, when they are missing: the
# runtime's default TLS (`native-tls`) links the system's OpenSSL, found with pkg-config.
# Called by scripts/test.sh and .ci/run; does nothing when OpenSSL is already found.
set -euo pipefail
if pkg-config --exists openssl 2>/dev/null; then
  exit 0
fi
if ! command -v apt-get >/dev/null; then
  echo "pkg-config cannot find OpenSSL: install pkg-config and OpenSSL's development package" >&2
  exit 1
fi
as_root=()
[ "$(id -u)" -eq 0 ] || as_root=(sudo)
"${as_root[@]}" apt-get update -qq
"${as_root[@]}" apt-get install -y -qq pkg-config libssl-dev
