#!/usr/bin/env bash
# A full rotation (start, status, complete) against the local Stytch: no account, no network.
set -euo pipefail
cd "$(dirname "$0")/.."

# STYTCH_M2M_BIN and STYTCH_M2M_MOCK_BIN run given binaries (a release download) instead.
if [ -z "${STYTCH_M2M_BIN:-}" ] || [ -z "${STYTCH_M2M_MOCK_BIN:-}" ]; then
  echo "building stytch-m2m and the local Stytch (a first build takes about a minute)..." >&2
  cargo build --quiet --workspace --bins
fi
cli="${STYTCH_M2M_BIN:-${CARGO_TARGET_DIR:-target}/debug/stytch-m2m}"
mock="${STYTCH_M2M_MOCK_BIN:-${CARGO_TARGET_DIR:-target}/debug/stytch-m2m-mock}"
work=$(mktemp -d)
trap 'kill "$mock_pid" 2>/dev/null || true; rm -rf "$work"' EXIT

# A throwaway journal, lock and profile directory: the demo project never reaches your own
# (`stytch-m2m history` stays as it was) and your profiles do not change the demo.
export STYTCH_M2M_STATE_DIR="$work/state" STYTCH_M2M_LOCK_DIR="$work/locks"
export STYTCH_M2M_CONFIG_DIR="$work/config"
unset STYTCH_M2M_PROFILE STYTCH_M2M_NO_JOURNAL

# Throwaway credentials for the local Stytch; a real project's come from its dashboard.
export STYTCH_PROJECT_ID=project-test-00000000-0000-4000-8000-000000000000
STYTCH_SECRET="secret-test-$(od -An -N18 -tx1 /dev/urandom | tr -d ' \n')"
export STYTCH_SECRET
client=m2m-client-test-demo

"$mock" --listen 127.0.0.1:0 --client "$client" > "$work/mock.out" &
mock_pid=$!
for _ in $(seq 100); do
  grep -q '^listening on ' "$work/mock.out" 2>/dev/null && break
  sleep 0.05
done
STYTCH_BASE_URL=$(sed -n 's/^listening on //p' "$work/mock.out")
export STYTCH_BASE_URL
echo "local Stytch at $STYTCH_BASE_URL" >&2

umask 077
set -x
"$cli" rotate start --client-id "$client" > "$work/next-secret"
"$cli" rotate status --client-id "$client"
"$cli" rotate complete --client-id "$client" --yes --next-secret-stdin < "$work/next-secret"
"$cli" rotate status --client-id "$client"
set +x
