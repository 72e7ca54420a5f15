#!/usr/bin/env bash
# Mutation testing: cargo-mutants changes the code that decides where a secret goes, whether a
# rotation is cancelled, and which exit code and recovery are printed, one mutant at a time, and
# runs the test suite against each, inside the same private keyring session as scripts/test.sh.
# A mutant the suite does not catch ("missed") is a behaviour no test pins down.
#
#   bash scripts/mutants.sh                          # every file in FILES below (slow: hours)
#   MUTANTS_FILES="src/store/file.rs" bash scripts/mutants.sh
#   bash scripts/mutants.sh -- --lib --test faults   # after --: the test targets to build and run
#   bash scripts/mutants.sh --in-diff d.diff -- …    # before --: arguments for cargo mutants
#   MUTANTS_JOBS=2 MUTANTS_OUT=target/mutants/rotate bash scripts/mutants.sh ...
#
# MUTANTS_JOBS (default 1) runs that many mutants at once, each in its own copy of the tree (the
# first build in each copy takes minutes). On 2 cores, 2 jobs took 16.8 s a mutant over the
# rotation commands with 7 test targets; 1 job had taken 21 s a mutant with 5. On 2026-12-03,
# 2 jobs took 32 s a mutant over the rotation core with 8 targets (kills, recovery and faults
# among them) and 22 s over the network files with 9; 3 jobs took 20 s over `clients create`
# with its one target: most tests wait on the local Stytch and their deadlines, not the CPU.
# `--re` picks mutants by name (e.g. one function's) for a run after tests were added.
# MUTANTS_OUT (default target/mutants) is where the results go, so runs over different files can
# be kept side by side.
#
# Not part of CI (too slow for two cores). Results: target/mutants/mutants.out/ (caught.txt,
# missed.txt, unviable.txt, timeout.txt, outcomes.json).
set -euo pipefail
cd "$(dirname "$0")/.."

# The files to mutate: where a secret goes, whether a rotation is cancelled, which exit code and
# recovery are printed.
FILES=(
  src/commands/rotate/start.rs
  src/commands/rotate/complete.rs
  src/commands/rotate/cancel.rs
  src/commands/rotate/mod.rs
  src/rotation/mod.rs
  src/rotation/start.rs
  src/rotation/complete.rs
  src/rotation/cancel.rs
  src/rotation/mint.rs
  src/rotation/run/steps.rs
  src/rotation/run/resume.rs
  src/fleet/finish.rs
  src/commands/clients/create.rs
  src/commands/clients/settle.rs
  src/commands/clients/delete.rs
  src/error/recovery.rs
  src/commands/secret.rs
  src/inflight.rs
  src/store/mod.rs
  src/store/keyring.rs
  src/store/file.rs
  src/stytch/client.rs
  src/stytch/failure.rs
  src/stytch/proxy.rs
  src/error/mod.rs
  src/exit_codes.rs
  src/signals.rs
)
if [ -n "${MUTANTS_FILES:-}" ]; then
  read -r -a FILES <<< "$MUTANTS_FILES"
fi

if ! cargo mutants --version >/dev/null 2>&1; then
  echo "cargo-mutants is not installed: installing it (cargo install --locked cargo-mutants)" >&2
  cargo install --locked cargo-mutants
fi

args=()
for f in "${FILES[@]}"; do
  [ -f "$f" ] || { echo "error: $f does not exist: update FILES in $0" >&2; exit 1; }
  args+=(--file "$f")
done

jobs="${MUTANTS_JOBS:-1}"
out_dir="${MUTANTS_OUT:-target/mutants}"
mkdir -p "$out_dir"
# With one job, every mutant builds in one target directory of its own: the dependencies are built
# once (the first run takes minutes for that), then only this crate is rebuilt per mutant. With
# more, each job's copy of the tree needs its own target directory: one shared would let one job's
# tests run the other job's freshly linked binary.
if [ "$jobs" = 1 ]; then
  export CARGO_TARGET_DIR="$PWD/target/mutants/build"
else
  unset CARGO_TARGET_DIR
fi
started=$(date +%s)
status=0
# In a session of its own, and whatever is left in it at the end is killed: after one long run,
# the lib test binary of a mutant that loops forever (in a scratch copy of the tree) was found
# still busy on a core an hour later, slowing everything run after it.
# What follows `--` names the test targets: given to cargo for the build as well as the tests
# (`--cargo-arg`), so each mutant links only those test binaries, not all of them.
own=() targets=()
while [ $# -gt 0 ] && [ "$1" != "--" ]; do own+=("$1"); shift; done
[ $# -gt 0 ] && shift
while [ $# -gt 0 ]; do
  case "$1" in
    --test) targets+=("--cargo-arg=--test=$2"); shift 2 ;;
    *) targets+=("--cargo-arg=$1"); shift ;;
  esac
done
setsid bash scripts/keyring-session.sh \
  cargo mutants --package stytch-m2m --jobs "$jobs" --output "$out_dir" "${args[@]}" \
  ${own[@]+"${own[@]}"} ${targets[@]+"${targets[@]}"} &
leader=$!
end_session() { pkill -KILL -s "$leader" 2>/dev/null || true; }
trap 'end_session; exit 130' INT TERM
wait "$leader" || status=$?
end_session
trap - INT TERM
out="$out_dir/mutants.out"
count() { if [ -s "$out/$1.txt" ]; then grep -c . "$out/$1.txt"; else echo 0; fi; }
echo "$(date -u +%Y-%m-%d): $(count caught) caught, $(count missed) missed, $(count unviable) unviable, $(count timeout) timeouts; $(( $(date +%s) - started )) s over ${FILES[*]}"
# cargo-mutants exits 2 when mutants were missed, 3 on timeouts: that is a result, not a crash.
case "$status" in 0|2|3) exit 0 ;; *) exit "$status" ;; esac
