#!/usr/bin/env bash
# Issue 10: the coverage gate can fail. `cfpcheck test rules --coverage` exits 4
# when a case-schema field is neither read by a rule (while the fixtures run)
# nor marked "x-cfp-informational"; this runs it on copies of data/ whose
# schema (a) adds a field no rule reads, (b) drops an informational mark,
# (c) says a field is decisive at one use (x-cfp-decisive) that no rule reads
# there, and (d) misuses x-cfp-decisive (a schema error, exit 3).
# usage: test_coverage_gate.sh CFPCHECK SOURCE_DIR
set -u
bin=$1; src=$2
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
pass=0; fail=0
ok() { pass=$((pass + 1)); }
bad() { fail=$((fail + 1)); echo "FAIL: $1"; }

# run NAME EXPECTED_RC DATA_DIR [grep pattern that must be in the output]
run() {
  local name=$1 want=$2 data=$3 pat=${4:-}
  "$bin" test "$src/rules" --coverage --data "$data" >"$tmp/out" 2>&1
  local rc=$?
  if [ "$rc" != "$want" ]; then bad "$name: exit $rc, expected $want"; tail -5 "$tmp/out"; return; fi
  if [ -n "$pat" ] && ! grep -q -- "$pat" "$tmp/out"; then bad "$name: output lacks '$pat'"; tail -5 "$tmp/out"; return; fi
  ok
}

# edit DIR PYTHON: copy data/ to DIR and apply PYTHON to the schema `s`
edit() {
  rm -rf "$1"; cp -r "$src/data" "$1"
  python3 - "$1/schema/cfpcase-1.schema.json" "$2" <<'PY'
import json, sys
p, code = sys.argv[1], sys.argv[2]
s = json.load(open(p))
exec(code)
json.dump(s, open(p, "w"), ensure_ascii=False, indent=2)
PY
}

run "the repository's schema: every field read or informational" 0 "$src/data" "coverage: "

edit "$tmp/a" 's["properties"]["product"]["properties"]["zz_probe"] = {"type": ["string", "null"], "description": "a field no rule reads"}'
run "a new field no rule reads" 4 "$tmp/a" "UNREAD product.zz_probe"

edit "$tmp/b" 'del s["$defs"]["Document"]["properties"]["note"]["x-cfp-informational"]'
run "an informational mark removed" 4 "$tmp/b" "UNREAD documents.application_form.note"

edit "$tmp/c" 's["properties"]["documents"]["properties"]["bom"]["x-cfp-decisive"] = ["issuer_cma"]'
run "a field made decisive where no rule reads it" 4 "$tmp/c" "UNREAD documents.bom.issuer_cma"

edit "$tmp/d" 's["properties"]["documents"]["properties"]["bom"]["x-cfp-decisive"] = ["provided"]'
run "x-cfp-decisive naming a field that is not informational" 3 "$tmp/d" "x-cfp-decisive"

echo "coverage gate: $pass passed, $fail failed"
[ "$fail" = 0 ]
