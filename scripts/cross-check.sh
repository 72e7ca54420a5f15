#!/usr/bin/env bash
# Lints the code of the platforms this machine cannot run: clippy with -D warnings for macOS
# (Intel and Apple silicon) and Windows, on the binaries and the library, then on the library's
# unit tests (the platform tests: Keychain and Credential Manager naming, the Windows ACL). macOS
# cannot be linked here (no Apple SDK), so it is checked, not built; scripts/release.sh builds
# Windows. Extra args name the targets to check instead of all three.
set -euo pipefail
cd "$(dirname "$0")/.."

if [ "$#" -gt 0 ]; then
  CROSS_TARGETS=("$@")
else
  CROSS_TARGETS=(x86_64-apple-darwin aarch64-apple-darwin x86_64-pc-windows-gnu)
fi
# shellcheck source=scripts/cross-tools.sh
source scripts/cross-tools.sh

for target in "${CROSS_TARGETS[@]}"; do
  echo "== clippy --target $target" >&2
  cargo-zigbuild clippy --quiet --locked --target "$target" --workspace --bins --lib -- -D warnings
  cargo-zigbuild clippy --quiet --locked --target "$target" -p stytch-m2m --lib --profile test -- -D warnings
done
