#!/usr/bin/env bash
# The repository stands alone (issue 15, item 16): a user's clone has no
# ../shared. Fails on
#   * a mention of ../shared, shared/spec, shared/seeds or spec/<name>.md in
#     README.md, docs/, rules/ or data/;
#   * a Markdown link in README.md or docs/ whose target is not a file or
#     folder inside the repository (http(s) and mailto links and #anchors are
#     not checked);
#   * a pack parameter named in docs/interpretations.md (`PACK.param`) that
#     the pack does not define.
# usage: tests/test_links.sh [REPO_ROOT]
set -u
root="$(cd "${1:-$(dirname "$0")/..}" && pwd)"
cd "$root"
fail=0; checked=0
bad() { fail=$((fail+1)); echo "FAIL: $*"; }

# 1. no reference to the shared folder
while IFS= read -r hit; do bad "reference outside the repository: $hit"; done < <(
  grep -rnE '\.\./shared|shared/(spec|seeds|reviews|examples)|(^|[^a-z/])spec/[a-z-]+\.md' README.md docs rules data 2>/dev/null)

# 2. Markdown links stay inside the repository
for f in README.md docs/*.md; do
  while IFS= read -r target; do
    t="${target%%#*}"
    case "$target" in http://*|https://*|mailto:*|'#'*) continue ;; esac
    [ -z "$t" ] && continue
    checked=$((checked+1))
    dir="$(dirname "$f")"
    resolved="$(cd "$dir" && realpath -m -- "$t")"
    case "$resolved" in
      "$root"/*) [ -e "$resolved" ] || bad "$f: link to a missing file: $target" ;;
      *) bad "$f: link leaves the repository: $target" ;;
    esac
  done < <(grep -oE '\]\([^) ]+\)' "$f" | sed -E 's/^\]\(//; s/\)$//')
done

# 3. parameters named in docs/interpretations.md exist
if [ -f docs/interpretations.md ]; then
  while IFS=. read -r pack param; do
    checked=$((checked+1))
    if [ "$pack" = "*" ]; then
      n=$(grep -lE "^\s*$param\s*=" rules/*/pack.lua | wc -l)
      [ "$n" -ge 2 ] || bad "docs/interpretations.md: \`*.$param\` is a parameter of $n packs"
    elif [ -f "rules/$pack/pack.lua" ]; then
      grep -qE "^\s*$param\s*=" "rules/$pack/pack.lua" || bad "docs/interpretations.md: $pack has no parameter $param"
    fi
  done < <(grep -oE '`([A-Z][A-Z0-9-]+|\*)\.[a-z_0-9]+`' docs/interpretations.md | tr -d '`' | sort -u)
else
  bad "docs/interpretations.md is missing"
fi

echo "links: $checked links and parameters checked, $fail problems"
[ "$fail" = 0 ]
