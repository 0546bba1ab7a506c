#!/usr/bin/env bash
# CLI tests: the issue-2 promises, checked on the real program and packs.
# usage: tests/cli/run.sh BUILD_DIR   (run from the repository root)
set -u
bin="$1/cfpcheck"
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
  if [ "$rc" = "$code" ]; then ok; else bad "$what: exit $rc, wanted $code"; sed 's/^/    /' "$tmp/err" | head -5; fi
}
has() {  # has FILE PATTERN DESCRIPTION
  if grep -qE -- "$2" "$1"; then ok; else bad "$3: no /$2/ in $1"; sed 's/^/    /' "$1" | head -8; fi
}
shared=../shared/examples
[ -d "$shared" ] || shared=data/examples

# every shared example validates (schema + loader)
for f in "$shared"/*.json; do
  expect 0 "validate $f" -- "$bin" validate "$f"
done

# NTE-GLA grades on the examples (hand-derived in ../shared/README.md)
"$bin" eval "$shared/caster-billet-gla.json" -s NTE-GLA -f json >"$tmp/caster.json"
has "$tmp/caster.json" '"grade": "N-GLA40.48"' "caster NTE grade"
has "$tmp/caster.json" '"omega_c_pct": 12' "caster omega_c"
"$bin" eval "$shared/hydro-smelter-application.json" -s NTE-GLA -f json >"$tmp/hydro.json"
has "$tmp/hydro.json" '"grade": "U-GLA0.100"' "hydro NTE grade"

# the smelter example: 11.37 t CO2e/t for CNCA and WPRZ, pass / certify_after_correction
"$bin" eval "$shared/smelter-ingot-initial.json" -s CNCA-CFP-15 -s WPRZ-CFP-01 -f json >"$tmp/smelter.json"
has "$tmp/smelter.json" '"footprint_tco2e_per_t": 11.36[78]' "smelter footprint"
[ "$(grep -c '"action": "certify_after_correction"' "$tmp/smelter.json")" = 2 ] && ok || bad "smelter: both packs certify_after_correction"

# deterministic: two runs, identical bytes
"$bin" eval "$shared/smelter-ingot-initial.json" -f json >"$tmp/a.json" 2>/dev/null
"$bin" eval "$shared/smelter-ingot-initial.json" -f json >"$tmp/b.json" 2>/dev/null
cmp -s "$tmp/a.json" "$tmp/b.json" && ok || bad "eval twice differs"

# a syntax error: exit 2, line and column, nothing on stdout
printf '{\n  "format": "cfpcase/1",\n  "case_id": "X",\n  "stage": "application"\n  "as_of": "2026-01-01"\n}\n' >"$tmp/syntax.json"
expect 2 "syntax error" -- "$bin" eval "$tmp/syntax.json" -f table
has "$tmp/err" 'line 5, column 3' "syntax error position"
[ -s "$tmp/out" ] && bad "syntax error printed a result" || ok

# a string where a number belongs: exit 2 naming the JSON Pointer
python3 - "$shared/caster-billet-gla.json" "$tmp/type.json" <<'PY'
import json, sys
d = json.load(open(sys.argv[1])); d["footprint"]["inventory"][2]["amount"] = "12000"
json.dump(d, open(sys.argv[2], "w"), ensure_ascii=False)
PY
expect 2 "type error" -- "$bin" eval "$tmp/type.json" -f table
has "$tmp/err" '/footprint/inventory/2/amount' "type error pointer"
has "$tmp/err" 'expected number' "type error expected type"
[ -s "$tmp/out" ] && bad "type error printed a result" || ok

# wrong format header
sed 's#"cfpcase/1"#"cfpcase/9"#' "$shared/caster-billet-gla.json" >"$tmp/fmt.json"
expect 2 "wrong format" -- "$bin" validate "$tmp/fmt.json"
has "$tmp/err" '/format' "wrong format pointer"

# hostile packs: exit 3, a clear message naming the rule, within a second or two
for p in LOOP ALLOC OSEXEC IOOPEN REQUIRE; do
  mkdir -p "$tmp/rules-$p"; cp -r rules/lib "$tmp/rules-$p/"; cp -r tests/cli/packs/$p "$tmp/rules-$p/"
  start=$(date +%s%N)
  expect 3 "hostile pack $p" -- "$bin" eval "$shared/caster-billet-gla.json" --rules "$tmp/rules-$p" -f json
  ms=$(( ($(date +%s%N) - start) / 1000000 ))
  [ "$ms" -lt 2500 ] && ok || bad "hostile pack $p took ${ms} ms"
  has "$tmp/err" "rule: $p/1/bad" "hostile pack $p names the rule"
  has "$tmp/err" "$p/rules.lua:[0-9]+" "hostile pack $p names file and line"
done
has "$tmp/err" "not available to rule code" "require is refused by the sandbox"
[ -e /tmp/cfp-pwned ] && bad "os.execute ran" || ok

# explain and schemes
expect 0 "explain" -- "$bin" explain NTE-GLA/6.2/grade
has "$tmp/out" 'omega_c_max_pct' "explain lists parameters"
expect 0 "schemes" -- "$bin" schemes
[ "$(wc -l <"$tmp/out")" -ge 5 ] && ok || bad "schemes lists five packs"
expect 2 "unknown command" -- "$bin" frobnicate

# eval --profile names every step: one line per rule that ran (each finding of
# the result) and per decision, under the rule's own id
"$bin" eval data/examples/smelter-ingot-initial.json -f json --fail-on never >"$tmp/prof.json"
"$bin" eval data/examples/smelter-ingot-initial.json -f json --fail-on never --profile 2 >/dev/null 2>"$tmp/prof.txt"
python3 - "$tmp/prof.json" "$tmp/prof.txt" <<'PY' && ok || bad "eval --profile: one line per rule and decision, named by id"
import json, re, sys
res = json.load(open(sys.argv[1]))["results"]
want = {f["rule"] for r in res for f in r["findings"]} | {r["scheme"] + "/decide" for r in res if r["applicable"]}
got = {m.group(1) for m in (re.match(r"(.*\S)\s+[0-9.]+\s+[0-9.]+%\s+[0-9]+$", l) for l in open(sys.argv[2])) if m}
got = {g for g in got if not g.startswith(("engine/", "lib/"))}
assert want == got, (sorted(want - got)[:5], sorted(got - want)[:5])
assert "lib/facts.build" in open(sys.argv[2]).read()
PY

echo "cli: $pass passed, $fail failed"
[ "$fail" = 0 ]
