#!/usr/bin/env bash
# docs/packs/<SCHEME>.md equal what `cfpcheck rules SCHEME --format markdown`
# writes for the packs as they are (regenerate with scripts/gen_pack_docs.sh).
# usage: tests/test_pack_docs.sh BUILD_DIR   (run from the repository root)
set -u
bin="$(cd "$1" && pwd)/cfpcheck"
root="$(cd "$(dirname "$0")/.." && pwd)"
cd "$root"
fail=0; n=0
for d in rules/*/pack.lua; do
  id="$(basename "$(dirname "$d")")"
  n=$((n+1))
  if [ ! -f "docs/packs/$id.md" ]; then
    echo "FAIL: docs/packs/$id.md is missing (run scripts/gen_pack_docs.sh)"; fail=$((fail+1)); continue
  fi
  if ! "$bin" rules "$id" --format markdown --rules rules --data data | diff -u "docs/packs/$id.md" - >/tmp/pack_docs_diff.$$; then
    echo "FAIL: docs/packs/$id.md differs from the pack (run scripts/gen_pack_docs.sh):"; head -20 /tmp/pack_docs_diff.$$
    fail=$((fail+1))
  fi
done
for f in docs/packs/*.md; do
  [ -f "rules/$(basename "$f" .md)/pack.lua" ] || { echo "FAIL: $f has no pack"; fail=$((fail+1)); }
done
rm -f /tmp/pack_docs_diff.$$
echo "pack docs: $n packs, $fail differ"
[ "$fail" = 0 ]
