#!/usr/bin/env bash
# The whole test suite, with a real Secret Service (gnome-keyring) on a private D-Bus session,
# in a throwaway HOME: nothing touches your own keyring.
set -euo pipefail
cd "$(dirname "$0")/.."

# The private D-Bus session, throwaway keyring and HOME come from scripts/keyring-session.sh.
if [ -z "${STYTCH_M2M_IN_KEYRING_SESSION:-}" ]; then
  export STYTCH_M2M_IN_KEYRING_SESSION=1
  exec bash scripts/keyring-session.sh bash scripts/test.sh "$@"
fi

scratch=$(mktemp -d)
trap 'rm -rf "$scratch"' EXIT
log="$scratch/cargo-test.log"
status=0
cargo test --workspace --no-fail-fast "$@" 2>&1 | tee "$log" || status=$?
# One closing line for the whole suite, summed over every test binary.
awk '/^test result:/ { for (i = 1; i <= NF; i++) { if ($(i+1) ~ /^passed/) p += $i; if ($(i+1) ~ /^failed/) f += $i } }
     END { printf "%d passed, %d failed\n", p, f }' "$log"
exit "$status"
