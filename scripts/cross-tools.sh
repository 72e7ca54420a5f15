# Sourced by scripts/cross-check.sh and scripts/release.sh: the Rust targets named in
# CROSS_TARGETS, and zig (the C toolchain and linker that ring and the final link need) with
# cargo-zigbuild, from PyPI into a throwaway venv under target/. Idempotent: a second run only
# checks. Puts cargo-zigbuild on PATH.
ziglang_version=0.17.1
zigbuild_version=0.24.1

missing_targets=()
installed_targets=$(rustup target list --installed)
for t in "${CROSS_TARGETS[@]}"; do
  grep -qx "$t" <<< "$installed_targets" || missing_targets+=("$t")
done
if [ "${#missing_targets[@]}" -gt 0 ]; then
  echo "== rustup target add ${missing_targets[*]}" >&2
  rustup target add "${missing_targets[@]}" >&2
fi

cross_venv="${CARGO_TARGET_DIR:-target}/cross-tools/venv"
if ! "$cross_venv/bin/cargo-zigbuild" --version 2>/dev/null | grep -qx "cargo-zigbuild $zigbuild_version" \
   || ! "$cross_venv/bin/python" -m ziglang version 2>/dev/null | grep -qx "$ziglang_version"; then
  echo "== installing ziglang $ziglang_version and cargo-zigbuild $zigbuild_version into $cross_venv" >&2
  rm -rf "$cross_venv"
  python3 -m venv "$cross_venv"
  "$cross_venv/bin/pip" install --quiet --disable-pip-version-check \
    "ziglang==$ziglang_version" "cargo-zigbuild==$zigbuild_version" >&2
fi
PATH="$(cd "$cross_venv/bin" && pwd):$PATH"
export PATH
