#!/usr/bin/env bash
# Rewrites samples/<name>.expected.json from the current build. Golden files are read by a person
# before they are committed: run this, then read `git diff samples/` line by line.
set -euo pipefail
cd "$(dirname "$0")/.."
npm run build >/dev/null
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
node dist/cli.js extract samples --out "$out" --quiet >/dev/null
for f in samples/*.pdf samples/*.txt; do
  name=$(basename "${f%.*}")
  cp "$out/$name.json" "samples/$name.expected.json"
done
git diff --stat -- samples/ || true
