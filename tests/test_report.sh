#!/usr/bin/env bash
# `cfpcheck report`: one self-contained, deterministic HTML file whose data is
# the engine's result; hostile case strings stay data. (What the page shows is
# checked in a real browser: tests/browser/.)
# usage: tests/test_report.sh CFPCHECK SOURCE_DIR
set -u
bin="$1"; root="$2"
cd "$root"
tmp="$(mktemp -d)"; trap 'rm -rf "$tmp"' EXIT
pass=0; fail=0
ok()  { pass=$((pass+1)); }
bad() { fail=$((fail+1)); echo "FAIL: $*"; }
check() { if eval "$2"; then ok; else bad "$1"; fi; }

# the embedded data block of a report, as JSON
data_of() { python3 - "$1" <<'PY'
import json, re, sys
html = open(sys.argv[1], encoding="utf-8").read()
m = re.search(r'<script type="application/json" id="cfp-data">(.*?)</script>', html, re.S)
print(json.dumps(json.loads(m.group(1)), ensure_ascii=False, sort_keys=True))
PY
}

for f in data/examples/*.json; do
  n=$(basename "$f" .json)
  "$bin" report "$f" -o "$tmp/$n.html"; rc=$?
  check "$n: exit 0 (got $rc)" '[ $rc = 0 ]'
  check "$n: an HTML document" 'head -c 15 "$tmp/$n.html" | grep -q "<!DOCTYPE html>"'
  check "$n: a Content-Security-Policy" 'grep -q "http-equiv=\"Content-Security-Policy\" content=\"default-src '"'"'none'"'"'" "$tmp/$n.html"'
  # self-contained: no src= at all, the only link is the empty data: icon
  check "$n: no src attribute" '! grep -qiE "<[a-z]+[^>]* src=" "$tmp/$n.html"'
  check "$n: no link but the data: icon" '[ "$(grep -ciE "<link" "$tmp/$n.html")" = 1 ] && grep -q "<link rel=\"icon\" href=\"data:,\">" "$tmp/$n.html"'
  check "$n: exactly two script blocks" '[ "$(grep -o "<script" "$tmp/$n.html" | wc -l)" = 2 ] && [ "$(grep -o "</script>" "$tmp/$n.html" | wc -l)" = 2 ]'
  # deterministic: same bytes twice
  "$bin" report "$f" -o "$tmp/$n.2.html"
  check "$n: same bytes twice" 'cmp -s "$tmp/$n.html" "$tmp/$n.2.html"'
  # the data is the engine's own result and the case as parsed
  "$bin" eval "$f" -f json --fail-on never >"$tmp/$n.result.json"
  python3 - "$tmp/$n.html" "$tmp/$n.result.json" "$f" >"$tmp/$n.cmp" 2>&1 <<'PY'
import json, re, sys
html = open(sys.argv[1], encoding="utf-8").read()
d = json.loads(re.search(r'<script type="application/json" id="cfp-data">(.*?)</script>', html, re.S).group(1))
res = json.load(open(sys.argv[2], encoding="utf-8"))
case = json.load(open(sys.argv[3], encoding="utf-8"))
r = dict(d["result"]); r.pop("comparison")
assert r == res, "embedded result differs from eval's"
assert d["case"] == case, "embedded case differs from the file"
assert d["format"] == "cfpreport/1" and d["lang"] == "zh"
assert [p["id"] for p in d["packs"]] == [x["scheme"] for x in res["results"]]
assert all(p["sha256"] == x["pack"]["sha256"] for p, x in zip(d["packs"], res["results"]))
assert "disagreements" in d["result"]["comparison"]
print("same")
PY
  check "$n: embedded data = eval's result + the case ($(tail -1 "$tmp/$n.cmp"))" 'grep -qx same "$tmp/$n.cmp"'
done

# --lang en opens in English; -s narrows the schemes; no -o writes to stdout
"$bin" report data/examples/caster-billet-gla.json --lang en -s NTE-GLA >"$tmp/en.html"; rc=$?
check "stdout report: exit 0" '[ $rc = 0 ]'
check "--lang en: html lang" 'grep -q "<html lang=\"en\">" "$tmp/en.html"'
data_of "$tmp/en.html" >"$tmp/en.json"
check "--lang en: data lang" 'grep -q "\"lang\": \"en\"" "$tmp/en.json"'
check "-s NTE-GLA: only that scheme" 'python3 -c "import json,sys; d=json.load(open(sys.argv[1])); assert [r[\"scheme\"] for r in d[\"result\"][\"results\"]]==[\"NTE-GLA\"]" "$tmp/en.json"'
check "--lang xx refused" '! "$bin" report data/examples/caster-billet-gla.json --lang xx -o "$tmp/xx.html" 2>/dev/null && [ ! -e "$tmp/xx.html" ]'

# hostile strings (tests/web/hostile-strings.json): markup in the case stays text
"$bin" report tests/web/hostile-strings.json -o "$tmp/h.html"; rc=$?
check "hostile: exit 0" '[ $rc = 0 ]'
check "hostile: still two script blocks" '[ "$(grep -o "<script" "$tmp/h.html" | wc -l)" = 2 ]'
check "hostile: no raw markup from the case" '! grep -qE "<img src=x|<svg onload|</title><script>|<script>window.__pwned" "$tmp/h.html"'
check "hostile: title escaped" 'grep -q "<title>X&lt;/title&gt;&lt;script&gt;window.__pwned=1&lt;/script&gt; — cfpcheck</title>" "$tmp/h.html"'

# a rejected case: exit 2, problems with line and column, no file
printf '{\n  "format": "cfpcase/1",\n  "case_id": "BROKEN" oops\n}\n' >"$tmp/broken.json"
"$bin" report "$tmp/broken.json" -o "$tmp/broken.html" 2>"$tmp/broken.err"; rc=$?
check "broken case: exit 2 (got $rc)" '[ $rc = 2 ]'
check "broken case: no file" '[ ! -e "$tmp/broken.html" ] && [ ! -e "$tmp/broken.html.tmp" ]'
check "broken case: line 3, column 23 named" 'grep -q "line 3, column 23" "$tmp/broken.err"'
check "no case: exit 2" '! "$bin" report 2>/dev/null'

# serve's page routes (cli/serve_web.cpp), without a browser
if command -v curl >/dev/null; then
  "$bin" serve --port 0 --workers 1 --rules rules --data data >"$tmp/serve.log" 2>&1 &
  spid=$!
  port=
  for _ in $(seq 1 100); do
    port=$(sed -n 's/.*listening on http:\/\/127.0.0.1:\([0-9]*\).*/\1/p' "$tmp/serve.log" | head -1)
    [ -n "$port" ] && break
    sleep 0.1
  done
  u="http://127.0.0.1:$port"
  c() { curl -s -m 20 "$@"; }
  check "serve: GET / is the page" '[ "$(c -o "$tmp/page.html" -w "%{http_code} %{content_type}" "$u/")" = "200 text/html; charset=utf-8" ] && grep -q "CfpApp.boot()" "$tmp/page.html"'
  check "serve: the page has a CSP that allows only its own server" 'grep -q "connect-src '"'"'self'"'"'" "$tmp/page.html" && ! grep -qiE "<[a-z]+[^>]* src=" "$tmp/page.html"'
  check "serve: POST / refused" '[ "$(c -o /dev/null -w "%{http_code}" -X POST "$u/")" = 405 ]'
  check "serve: examples listed" '[ "$(c "$u/v1/examples")" = "[\"caster-billet-gla.json\",\"hydro-smelter-application.json\",\"smelter-ingot-initial.json\"]" ]'
  check "serve: an example as stored" 'c "$u/v1/examples/caster-billet-gla.json" | cmp -s - data/examples/caster-billet-gla.json'
  check "serve: no path outside the examples" '[ "$(c -o /dev/null -w "%{http_code}" "$u/v1/examples/..%2F..%2FCMakeLists.txt")" = 404 ] && [ "$(c -o /dev/null -w "%{http_code}" --path-as-is "$u/v1/examples/../schema/cfpcase-1.schema.json")" = 404 ]'
  c "$u/v1/catalog" >"$tmp/catalog.json"
  "$bin" schemes --format json >"$tmp/schemes.json"
  check "serve: the catalogue has every pack's rules" 'python3 -c "import json,sys; c=json.load(open(sys.argv[1])); s=json.load(open(sys.argv[2])); assert [(p[\"id\"],len(p[\"rules\"])) for p in c]==[(p[\"id\"],p[\"rules\"]) for p in s]; assert all(\"clause\" in r and \"file\" in r for p in c for r in p[\"rules\"])" "$tmp/catalog.json" "$tmp/schemes.json"'
  c -o "$tmp/served.html" -H "Content-Type: application/json" --data-binary @data/examples/smelter-ingot-initial.json "$u/v1/report?lang=en&scheme=NTE-GLA"
  "$bin" report data/examples/smelter-ingot-initial.json --lang en -s NTE-GLA -o "$tmp/cli.html"
  check "serve: POST /v1/report = cfpcheck report, byte for byte" 'cmp -s "$tmp/served.html" "$tmp/cli.html"'
  c -o "$tmp/data.json" -H "Content-Type: application/json" --data-binary @data/examples/caster-billet-gla.json "$u/v1/report?format=json"
  check "serve: format=json gives the renderer's data" 'python3 -c "import json,sys; d=json.load(open(sys.argv[1])); assert d[\"format\"]==\"cfpreport/1\" and d[\"case\"][\"case_id\"]==\"EX-CASTER-2026-003\" and len(d[\"packs\"])==5" "$tmp/data.json"'
  check "serve: a broken case is 400 with line and column" '[ "$(c -o "$tmp/bad.json" -w "%{http_code}" -H "Content-Type: application/json" --data-binary @"$tmp/broken.json" "$u/v1/report?format=json")" = 400 ] && grep -q "\"line\":3,\"column\":23" "$tmp/bad.json"'
  check "serve: lang=xx refused" '[ "$(c -o /dev/null -w "%{http_code}" -H "Content-Type: application/json" --data-binary @data/examples/caster-billet-gla.json "$u/v1/report?lang=xx")" = 400 ]'
  kill "$spid"; wait "$spid" 2>/dev/null
else
  echo "report: curl not installed, serve's page routes not checked"
fi

echo "report: $pass passed, $fail failed"
[ "$fail" = 0 ]
