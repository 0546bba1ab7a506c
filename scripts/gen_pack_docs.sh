#!/usr/bin/env bash
# Regenerates docs/packs/<SCHEME>.md (each pack's rule table) from the packs:
#   scripts/gen_pack_docs.sh [BUILD_DIR]        (default: build)
# Run it after changing a pack's rules; tests/test_pack_docs.sh fails while a
# committed table differs from what this script writes.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
bin="$(cd "${1:-$root/build}" && pwd)/cfpcheck"
cd "$root"
mkdir -p docs/packs
for d in rules/*/pack.lua; do
  id="$(basename "$(dirname "$d")")"
  "$bin" rules "$id" --format markdown --rules rules --data data >"docs/packs/$id.md"
  echo "docs/packs/$id.md"
done
