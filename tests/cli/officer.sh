#!/usr/bin/env bash
# CLI tests for issue 15: an officer who edits rules is never misled.
# usage: tests/cli/officer.sh BUILD_DIR   (run from the repository root)
# Each numbered block is one item of the issue; each check can fail.
set -u
bin="$(cd "$1" && pwd)/cfpcheck"
root="$(cd "$(dirname "$0")/../.." && pwd)"
cd "$root"
tmp="$(mktemp -d)"; trap 'rm -rf "$tmp"' EXIT
pass=0; fail=0
ok()  { pass=$((pass+1)); }
bad() { fail=$((fail+1)); echo "FAIL: $*"; }
# expect CODE DESCRIPTION -- command...: runs it, checks the exit code
expect() {
  local code="$1" what="$2"; shift 3
  "$@" >"$tmp/out" 2>"$tmp/err"; local rc=$?
  if [ "$rc" = "$code" ]; then ok; else bad "$what: exit $rc, wanted $code"; sed 's/^/    /' "$tmp/err" "$tmp/out" | head -8; fi
}
has() {  # has FILE PATTERN DESCRIPTION
  if grep -qE -- "$2" "$1"; then ok; else bad "$3: no /$2/ in $1"; sed 's/^/    /' "$1" | head -8; fi
}
hasnt() {  # hasnt FILE PATTERN DESCRIPTION
  if grep -qE -- "$2" "$1"; then bad "$3: /$2/ found in $1"; grep -E -- "$2" "$1" | head -3 | sed 's/^/    /'; else ok; fi
}
# fresh copy of the rules folder in $tmp/r (an officer's working copy)
fresh() { rm -rf "$tmp/r"; mkdir -p "$tmp/r"; cp -r rules "$tmp/r/"; }
smelter=data/examples/smelter-ingot-initial.json
caster=data/examples/caster-billet-gla.json

# ---- 1. a pack folder is tested with its own fixtures ----------------------------------
fresh
cat >"$tmp/r/rules/NTE-GLA/fixtures/zz-officer.json" <<'EOF'
[ { "name": "deliberately wrong expectation", "base": "caster-billet-gla.json",
    "expect": { "verdict": "fail" } } ]
EOF
expect 1 "1: test PATH/pack runs the copy's new fixture" -- "$bin" test "$tmp/r/rules/NTE-GLA"
has "$tmp/out" "zz-officer.json #1 deliberately wrong expectation" "1: the new fixture ran"
rm "$tmp/r/rules/NTE-GLA/fixtures/zz-officer.json"
expect 0 "1: the copy passes without it" -- "$bin" test "$tmp/r/rules/NTE-GLA"

# ---- 2. unknown keys: rule{}, result, manifest, fixture --------------------------------
fresh
f="$tmp/r/rules/NTE-GLA/ch6_grade.lua"
line=$(grep -n 'slug     = "grade"' "$f" | cut -d: -f1)
sed -i 's/  severity = "serious",/  severty = "serious",/' "$f"
expect 3 "2: misspelt rule key" -- "$bin" eval "$caster" -s NTE-GLA --rules "$tmp/r/rules" -f json
has "$tmp/err" 'unknown key `severty` \(did you mean `severity`\?\)' "2: rule key hint"
has "$tmp/err" "$tmp/r/rules/NTE-GLA/ch6_grade.lua:$((line - 1))" "2: rule key file and line"

fresh
f="$tmp/r/rules/NTE-GLA/ch6_grade.lua"
sed -i 's/evidence = { "\/gla\/other_primary_t" },/evidance = { "\/gla\/other_primary_t" },/' "$f"
expect 3 "2: misspelt result key" -- "$bin" eval "$caster" -s NTE-GLA --rules "$tmp/r/rules" -f json
has "$tmp/err" 'pass\{\}: unknown key `evidance` \(did you mean `evidence`\?\)' "2: result key hint"
line=$(grep -oE "ch6_grade.lua:[0-9]+" "$tmp/err" | head -1 | cut -d: -f2)
sed -n "${line:-0}p" "$f" | grep -q 'return pass {' && ok || bad "2: result key error at the line of the pass{} call (got line ${line:-none})"

fresh
sed -i 's/^  modules /  modlues /; s/^  modules=/  modlues=/' "$tmp/r/rules/NTE-GLA/pack.lua"
grep -q modlues "$tmp/r/rules/NTE-GLA/pack.lua" || sed -i 's/modules/modlues/' "$tmp/r/rules/NTE-GLA/pack.lua"
expect 3 "2: misspelt manifest key" -- "$bin" schemes --rules "$tmp/r/rules"
has "$tmp/err" 'unknown key `modlues`.*did you mean `modules`' "2: manifest key hint"
has "$tmp/err" "$tmp/r/rules/NTE-GLA/pack.lua:[0-9]+" "2: manifest key file and line"

fresh
python3 - "$tmp/r/rules/NTE-GLA/pack.lua" <<'PY'
import re, sys
p = sys.argv[1]; s = open(p).read()
s = re.sub(r'doc\s*=', 'dco =', s, count=1)
open(p, "w").write(s)
PY
expect 3 "2: misspelt parameter key" -- "$bin" schemes --rules "$tmp/r/rules"
has "$tmp/err" 'unknown key `dco` in parameter .*did you mean `doc`' "2: parameter key hint"

fresh
cat >"$tmp/r/rules/NTE-GLA/fixtures/zz-officer.json" <<'EOF'
[ { "name": "misspelt expectation",
    "base": "caster-billet-gla.json",
    "expect": { "verdcit": "pass", "findings": { "grade": { "stauts": "pass" } } } } ]
EOF
expect 1 "2: misspelt fixture key fails the fixture" -- "$bin" test "$tmp/r/rules/NTE-GLA"
has "$tmp/out" 'zz-officer.json:3: unknown key `verdcit` in expect \(did you mean `verdict`\?\)' "2: fixture expect key"
has "$tmp/out" 'unknown key `stauts` in expect.findings.grade \(did you mean `status`\?\)' "2: fixture finding key"

# ---- 3. a case field the schema does not define ----------------------------------------
fresh
f="$tmp/r/rules/NTE-GLA/ch7_procedure.lua"
sed -i '0,/inc\.level == nil/s//inc.levle == nil/' "$f"
line=$(grep -n 'inc.levle' "$f" | head -1 | cut -d: -f1)
python3 - "$caster" "$tmp/incident.json" <<'PY'
import json, sys
d = json.load(open(sys.argv[1]))
d.setdefault("eligibility", {})["incidents"] = [{"kind": "safety", "level": "general", "date": "2025-01-01"}]
json.dump(d, open(sys.argv[2], "w"), ensure_ascii=False)
PY
expect 3 "3: misspelt case field" -- "$bin" eval "$tmp/incident.json" -s NTE-GLA --rules "$tmp/r/rules" -f json
has "$tmp/err" 'case field `eligibility.incidents\[\].levle` is not in the case schema' "3: field named"
has "$tmp/err" 'did you mean `level`' "3: nearest field"
has "$tmp/err" "ch7_procedure.lua:$line" "3: file and line inside an ipairs loop"
has "$tmp/err" 'rule: NTE-GLA/' "3: rule named"

fresh
f="$tmp/r/rules/NTE-GLA/ch6_grade.lua"
sed -i '0,/local g = GLA(c, f)/s//local g = GLA(c, f); local _ = c.footprint.inventroy/' "$f"
expect 3 "3: misspelt top-level path" -- "$bin" eval "$caster" -s NTE-GLA --rules "$tmp/r/rules" -f json
has "$tmp/err" 'did you mean `inventory`' "3: inventory hint"

# ---- 4. evidence pointers --------------------------------------------------------------
fresh
f="$tmp/r/rules/NTE-GLA/ch6_grade.lua"
sed -i 's/evidence = { "\/gla\/other_primary_t" },/evidence = { "not a pointer" },/' "$f"
expect 3 "4: evidence that is not a pointer" -- "$bin" eval "$caster" -s NTE-GLA --rules "$tmp/r/rules" -f json
has "$tmp/err" 'evidence pointer "not a pointer": not a JSON Pointer' "4: not a pointer"
fresh
f="$tmp/r/rules/NTE-GLA/ch6_grade.lua"
sed -i 's/evidence = { "\/gla\/other_primary_t" },/evidence = { "\/gla\/other_primray_t" },/' "$f"
expect 3 "4: evidence pointer outside the schema" -- "$bin" eval "$caster" -s NTE-GLA --rules "$tmp/r/rules" -f json
has "$tmp/err" 'other_primray_t.*not a field of `gla`.*did you mean `other_primary_t`' "4: pointer field hint"
expect 0 "4: pointers to absent values are fine" -- "$bin" eval "$caster" -s NTE-GLA -f json

# ---- 5. error locations name the edited file -------------------------------------------
fresh
f="$tmp/r/rules/NTE-GLA/ch6_grade.lua"
sed -i 's/omega_c_exact_pct = g.omega_c_exact, limit_pct = P.omega_c_max_pct } }/omega_c_exact_pct = g.omega_c_exact, limit_pct = P.omega_c_max_pcnt } }/' "$f"
line=$(grep -n 'omega_c_max_pcnt' "$f" | head -1 | cut -d: -f1)
expect 3 "5: unknown parameter" -- "$bin" eval "$caster" -s NTE-GLA --rules "$tmp/r/rules" -f json
has "$tmp/err" "at: +$tmp/r/rules/NTE-GLA/ch6_grade.lua:$line" "5: parameter error names the edited file and line"
hasnt "$tmp/err" "prelude.lua" "5: not the engine's prelude"
expect 0 "5: explain names the copy" -- "$bin" explain NTE-GLA/6.2/grade --rules "$tmp/r/rules"
has "$tmp/out" "defined: +$tmp/r/rules/NTE-GLA/ch6_grade.lua:[0-9]+" "5: explain file"
(cd "$tmp/r" && "$bin" explain NTE-GLA/6.2/grade --rules rules >"$tmp/out2" 2>&1)
has "$tmp/out2" "defined: +rules/NTE-GLA/ch6_grade.lua:[0-9]+" "5: relative to the working folder when below it"

echo "officer: $pass passed, $fail failed"
[ "$fail" = 0 ]
