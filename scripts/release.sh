#!/usr/bin/env bash
# Release binaries into dist/: static Linux binaries (musl) of the CLI and the local Stytch for
# x86_64 and aarch64, and the Windows CLI (.exe), with SHA256SUMS; then the x86_64 CLI and mock
# run the README demo (scripts/demo.sh), and so do the aarch64 ones under qemu-user where it is
# installed (Debian: apt-get install qemu-user-static). Extra args name the targets to build
# instead of all.
set -euo pipefail
cd "$(dirname "$0")/.."

if [ "$#" -gt 0 ]; then
  CROSS_TARGETS=("$@")
else
  CROSS_TARGETS=(x86_64-unknown-linux-musl aarch64-unknown-linux-musl x86_64-pc-windows-gnu)
fi
# shellcheck source=scripts/cross-tools.sh
source scripts/cross-tools.sh

out="${CARGO_TARGET_DIR:-target}"
rm -rf dist
mkdir -p dist
for target in "${CROSS_TARGETS[@]}"; do
  case "$target" in
    *-windows-*) packages=(-p stytch-m2m) ext=.exe ;;
    *) packages=(-p stytch-m2m -p stytch-m2m-mock) ext= ;;
  esac
  echo "== cargo zigbuild --release --target $target" >&2
  start=$SECONDS
  cargo zigbuild --quiet --locked --release --target "$target" "${packages[@]}" --bins
  echo "   built in $((SECONDS - start)) s" >&2
  for bin in stytch-m2m stytch-m2m-mock; do
    [ -z "$ext" ] || [ "$bin" = stytch-m2m ] || continue
    cp "$out/$target/release/$bin$ext" "dist/$bin-$target$ext"
  done
done

# A static binary has no program interpreter and needs no shared library.
for f in dist/*-linux-musl; do
  [ -e "$f" ] || continue
  if readelf --program-headers --dynamic "$f" | grep -Eq 'INTERP|\(NEEDED\)'; then
    echo "error: $f is not statically linked" >&2
    readelf --program-headers --dynamic "$f" | grep -E 'INTERP|NEEDED' >&2
    exit 1
  fi
done

# The test-only switches (panic and pause points, src/inflight.rs) are compiled into debug builds
# only: a release binary that names one is refused.
for f in dist/*; do
  if grep -qa 'STYTCH_M2M_TEST_' "$f"; then
    echo "error: $f contains a test-only switch (STYTCH_M2M_TEST_*): it was not built as a release" >&2
    exit 1
  fi
done

(cd dist && sha256sum -- * > SHA256SUMS && sha256sum --check --quiet SHA256SUMS)
ls -l dist >&2

if [ -e dist/stytch-m2m-x86_64-unknown-linux-musl ]; then
  echo "== README demo with the static x86_64 binaries" >&2
  dist/stytch-m2m-x86_64-unknown-linux-musl --version
  STYTCH_M2M_BIN=dist/stytch-m2m-x86_64-unknown-linux-musl \
    STYTCH_M2M_MOCK_BIN=dist/stytch-m2m-mock-x86_64-unknown-linux-musl \
    bash scripts/demo.sh
fi

qemu=$(command -v qemu-aarch64-static || command -v qemu-aarch64 || true)
if [ -e dist/stytch-m2m-aarch64-unknown-linux-musl ]; then
  if [ -z "$qemu" ]; then
    echo "== aarch64 demo skipped: no qemu-aarch64 (Debian: apt-get install qemu-user-static)" >&2
  else
    echo "== README demo with the static aarch64 binaries, under $qemu" >&2
    wrap=$(mktemp -d)
    trap 'rm -rf "$wrap"' EXIT
    for bin in stytch-m2m stytch-m2m-mock; do
      printf '#!/bin/sh\nexec %q %q "$@"\n' "$qemu" "$PWD/dist/$bin-aarch64-unknown-linux-musl" > "$wrap/$bin"
      chmod +x "$wrap/$bin"
    done
    "$wrap/stytch-m2m" --version
    STYTCH_M2M_BIN="$wrap/stytch-m2m" STYTCH_M2M_MOCK_BIN="$wrap/stytch-m2m-mock" bash scripts/demo.sh
  fi
fi
