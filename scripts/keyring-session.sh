#!/usr/bin/env bash
# Runs a command inside a private D-Bus session with a throwaway, unlocked gnome-keyring (the
# Secret Service) and a throwaway HOME: nothing touches your own keyring. The same session as
# scripts/test.sh sets up, for other tools that run the tests (scripts/mutants.sh).
#   bash scripts/keyring-session.sh COMMAND [ARGS...]
set -euo pipefail

if [ -z "${STYTCH_M2M_PRIVATE_BUS:-}" ]; then
  command -v dbus-run-session >/dev/null || { echo "error: dbus-run-session not found (Debian: apt-get install dbus)" >&2; exit 1; }
  command -v gnome-keyring-daemon >/dev/null || { echo "error: gnome-keyring-daemon not found (Debian: apt-get install gnome-keyring)" >&2; exit 1; }
  export STYTCH_M2M_PRIVATE_BUS=1
  exec dbus-run-session -- bash "$0" "$@"
fi

# cargo and rustup find their homes through HOME: pin them before HOME moves.
export CARGO_HOME="${CARGO_HOME:-$HOME/.cargo}" RUSTUP_HOME="${RUSTUP_HOME:-$HOME/.rustup}"
scratch=$(mktemp -d)
trap 'rm -rf "$scratch"' EXIT
export HOME="$scratch/home" XDG_DATA_HOME="$scratch/data" XDG_CONFIG_HOME="$scratch/config" \
       XDG_CACHE_HOME="$scratch/cache" XDG_RUNTIME_DIR="$scratch/run"
mkdir -p "$HOME" "$XDG_DATA_HOME" "$XDG_CONFIG_HOME" "$XDG_CACHE_HOME" "$XDG_RUNTIME_DIR"
chmod 700 "$XDG_RUNTIME_DIR"

# --unlock takes the keyring password on stdin (a throwaway one) and exits 0 whatever happens,
# so readiness is proven by the bus name, not by its exit code.
printf '%s' "throwaway-test-password" | gnome-keyring-daemon --components=secrets --daemonize --unlock > /dev/null
for _ in $(seq 100); do
  if dbus-send --session --print-reply --dest=org.freedesktop.DBus /org/freedesktop/DBus \
       org.freedesktop.DBus.NameHasOwner string:org.freedesktop.secrets 2>/dev/null | grep -q 'boolean true'; then
    ready=1; break
  fi
  sleep 0.1
done
[ -n "${ready:-}" ] || { echo "error: the Secret Service (org.freedesktop.secrets) never appeared on the bus" >&2; exit 1; }

"$@"
