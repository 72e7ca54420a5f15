#!/usr/bin/env bash
# Benchmark: stytch-m2m against curl and Stytch's official Python and Node SDKs, side by side,
# interleaved, against the local Stytch on loopback (http, and https for the TLS row); and many
# clients at once: 1,000 clients with 20 ms latency, and 1,000 reads at 100 requests a second.
#
#   bash bench/run.sh              # 30 rounds (3 for the 1,000-client rows)
#   ROUNDS=50 FLEET_ROUNDS=5 bash bench/run.sh
#   CLEAN_BUILD=1 bash bench/run.sh   # also time a clean release build
#
# Needs python3 (with venv), node and npm, curl, openssl and GNU time (/usr/bin/time); installs the SDKs into a throwaway
# folder. Prints a Markdown table for the README.
set -euo pipefail
cd "$(dirname "$0")/.."
root=$(pwd)
work=$(mktemp -d)
trap 'kill $(jobs -p) 2>/dev/null || true; rm -rf "$work"' EXIT

build_seconds=""
if [ -n "${CLEAN_BUILD:-}" ]; then
  echo "== clean release build of stytch-m2m (nproc=$(nproc))" >&2
  start=$(date +%s.%N)
  CARGO_TARGET_DIR="$work/target" cargo build --quiet --release --locked -p stytch-m2m --bin stytch-m2m
  build_seconds=$(python3 -c "print(round($(date +%s.%N) - $start, 1))")
  cp "$work/target/release/stytch-m2m" "$work/stytch-m2m-clean"
fi
echo "== building release binaries" >&2
cargo build --quiet --release --locked --workspace --bins
target="${CARGO_TARGET_DIR:-$root/target}/release"

echo "== installing the official SDKs into $work" >&2
python3 -m venv "$work/py" > /dev/null
"$work/py/bin/pip" install --quiet --disable-pip-version-check stytch > /dev/null
(cd "$work" && npm init -y > /dev/null && npm install --silent --no-audit --no-fund stytch > /dev/null)

echo "== a throwaway CA and certificate for the https row" >&2
openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -days 2 -subj "/CN=bench CA" \
  -keyout "$work/ca.key" -out "$work/ca.pem" 2> /dev/null
openssl req -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -subj "/CN=localhost" \
  -keyout "$work/server.key" -out "$work/server.csr" 2> /dev/null
printf 'subjectAltName=DNS:localhost\n' > "$work/san.ext"
openssl x509 -req -in "$work/server.csr" -CA "$work/ca.pem" -CAkey "$work/ca.key" -CAcreateserial \
  -days 2 -extfile "$work/san.ext" -out "$work/server.pem" 2> /dev/null

export STYTCH_PROJECT_ID=project-test-00000000-0000-4000-8000-0000000bench
STYTCH_SECRET="secret-test-$(od -An -N18 -tx1 /dev/urandom | tr -d ' \n')"
export STYTCH_SECRET
"$target/stytch-m2m-mock" --listen 127.0.0.1:0 --client m2m-client-test-bench > "$work/http.out" &
"$target/stytch-m2m-mock" --listen 127.0.0.1:0 --client m2m-client-test-bench \
  --tls-cert "$work/server.pem" --tls-key "$work/server.key" > "$work/https.out" &
"$target/stytch-m2m-mock" --listen 127.0.0.1:0 --generate-clients 1000 --latency 20 > "$work/fleet.out" &
"$target/stytch-m2m-mock" --listen 127.0.0.1:0 --generate-clients 1000 --rate-limit 100 > "$work/limited.out" &
for _ in $(seq 100); do
  ready=1
  for out in http https fleet limited; do grep -q '^listening' "$work/$out.out" 2>/dev/null || ready=""; done
  [ -n "$ready" ] && break
  sleep 0.05
done
export STYTCH_M2M_STATE_DIR="$work/state"

python3 "$root/bench/measure.py" \
  --cli "$target/stytch-m2m" --clean-cli "${work}/stytch-m2m-clean" --build-seconds "$build_seconds" \
  --http "$(sed -n 's/^listening on //p' "$work/http.out")" \
  --https "$(sed -n 's/^listening on https:\/\/127.0.0.1:/https:\/\/localhost:/p' "$work/https.out")" \
  --ca "$work/ca.pem" --python "$work/py/bin/python" --node-dir "$work" --rounds "${ROUNDS:-30}" \
  --fleet "$(sed -n 's/^listening on //p' "$work/fleet.out")" \
  --limited "$(sed -n 's/^listening on //p' "$work/limited.out")" --fleet-rounds "${FLEET_ROUNDS:-3}"
