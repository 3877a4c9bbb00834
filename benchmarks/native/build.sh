#!/usr/bin/env bash
# Builds the libwbxml baseline harness: benchmarks/native/build/libwbxml_bench (or into $1 if given).
# Needs gcc, pkg-config and Debian's libwbxml2-dev (apt-get install -y libwbxml2-dev pkg-config gcc).
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
out="${1:-$here/build}"
mkdir -p "$out"
if ! pkg-config --exists libwbxml2; then
  echo "build.sh: pkg-config cannot find libwbxml2: apt-get install -y libwbxml2-dev pkg-config" >&2
  exit 3
fi
# Debian's libwbxml2.pc carries a broken -L (relative "lib/x86_64-linux-gnu"); the library is on the default
# search path anyway, so only -l flags are taken from it.
cflags="$(pkg-config --cflags libwbxml2)"
libs="$(pkg-config --libs-only-l libwbxml2)"
# -O2 as Debian builds libwbxml itself; the deprecated conv wrappers are not used, their warning is noise.
# shellcheck disable=SC2086
${CC:-gcc} -O2 -std=c11 -Wall -Wextra -Wno-deprecated-declarations $cflags \
  -o "$out/libwbxml_bench" "$here/libwbxml_bench.c" $libs
echo "$out/libwbxml_bench"
