#!/usr/bin/env bash
# `cfpcheck serve` end to end: starts the service on a free loopback port with a
# private copy of the packs (lib, MINI, a pack that raises, and NTE-GLA),
# exercises every endpoint and error status, reloads with SIGHUP (a broken pack
# is rejected, a good one is taken), and stops it. Bounded: every curl has a
# timeout, and CTest stops the script after 120 s (TIMEOUT).
#   tests/test_serve.sh BUILD/cfpcheck SOURCE_DIR
set -euo pipefail
BIN=${1:?cfpcheck binary}
SRC=${2:?source dir}
command -v curl >/dev/null || { echo "SKIP: curl not installed"; exit 77; }  # ctest: skipped, not passed
T=$(mktemp -d)
PID=
cleanup() { [ -n "$PID" ] && kill "$PID" 2>/dev/null; wait 2>/dev/null || true; rm -rf "$T"; }
trap cleanup EXIT

mkdir -p "$T/rules"
cp -r "$SRC/rules/lib" "$SRC/rules/NTE-GLA" "$SRC/tests/packs/MINI" "$T/rules/"
mkdir -p "$T/rules/BOOM"
cat > "$T/rules/BOOM/pack.lua" <<'EOF'
return { id = "BOOM", document = { zh = "炸", en = "boom" }, issuer = { zh = "测", en = "test" },
         version = "1", effective = "2026-01-01", modules = { "r.lua" }, params = {} }
EOF
cat > "$T/rules/BOOM/r.lua" <<'EOF'
rule { slug = "boom", clause = "1", title = { zh = "炸", en = "boom" },
       check = function(c) error("boom on purpose") end }
EOF
CASE="$SRC/data/examples/smelter-ingot-initial.json"

# a free port: let the kernel choose, read it from the log
"$BIN" serve --rules "$T/rules" --data "$SRC/data" --port 0 --workers 1 --queue 2 --max-body-bytes 200000 \
  --read-timeout-ms 2000 >"$T/log" 2>&1 &
PID=$!
PORT=
for _ in $(seq 1 100); do
  PORT=$(sed -n 's/.*listening on http:\/\/127.0.0.1:\([0-9]*\).*/\1/p' "$T/log" | head -1)
  [ -n "$PORT" ] && break
  sleep 0.1
done
[ -n "$PORT" ] || { cat "$T/log"; echo "FAIL: serve did not start"; exit 1; }
U="http://127.0.0.1:$PORT"
fails=0
check() {  # name expected_status actual_status [body-grep body]
  local name=$1 want=$2 got=$3
  if [ "$want" != "$got" ]; then echo "FAIL $name: status $got, expected $want"; fails=$((fails + 1)); else echo "ok   $name ($got)"; fi
}
req() {  # method path [curl args...] -> prints "status" and leaves the body in $T/body
  local m=$1 p=$2; shift 2
  curl -s -m 20 -o "$T/body" -w '%{http_code}' -X "$m" "$@" "$U$p"
}
J=(-H 'Content-Type: application/json')

check healthz 200 "$(req GET /healthz)"
grep -q '"generation":1' "$T/body" || { echo "FAIL healthz body"; fails=$((fails + 1)); }
check schemes 200 "$(req GET /v1/schemes)"
grep -q '"NTE-GLA"' "$T/body" || { echo "FAIL schemes body"; fails=$((fails + 1)); }
check rule 200 "$(req GET /v1/rules/NTE-GLA/6.2/claimed-code)"
grep -q '"clause":"6.2"' "$T/body" || { echo "FAIL rule body"; fails=$((fails + 1)); }
check rule-encoded 200 "$(req GET /v1/rules/NTE-GLA%2F6.2%2Fclaimed-code)"
check rule-missing 404 "$(req GET /v1/rules/NOPE/1/x)"
check unknown-path 404 "$(req GET /v2/nothing)"
check wrong-method 405 "$(req GET /v1/evaluate -D "$T/hdr")"
grep -qi '^allow: POST' "$T/hdr" || { echo "FAIL 405 without Allow: POST"; fails=$((fails + 1)); }
check wrong-method-get 405 "$(req POST /healthz -D "$T/hdr")"
grep -qi '^allow: GET, HEAD' "$T/hdr" || { echo "FAIL 405 without Allow: GET, HEAD"; fails=$((fails + 1)); }
# HEAD on every GET route: the GET's status and Content-Length, no body
for p in /healthz /metrics /v1/schemes /v1/rules/NTE-GLA/6.2/claimed-code /v1/schemes/NTE-GLA/rules /openapi.json; do
  check "head $p" 200 "$(curl -s -m 20 -I -o "$T/hdr" -w '%{http_code}' "$U$p")"
  len=$(tr -d '\r' <"$T/hdr" | sed -n 's/^[Cc]ontent-[Ll]ength: //p')
  [ -n "$len" ] && [ "$len" -gt 0 ] || { echo "FAIL HEAD $p: Content-Length '$len'"; fails=$((fails + 1)); }
done
# request ids: a sane client id is echoed, a bad one replaced; error bodies repeat it
req GET /healthz -H 'X-Request-Id: pipeline-42.a' -D "$T/hdr" >/dev/null
grep -qi '^x-request-id: pipeline-42.a' "$T/hdr" || { echo "FAIL X-Request-Id not echoed"; fails=$((fails + 1)); }
req GET /healthz -H 'X-Request-Id: bad id <script>' -D "$T/hdr" >/dev/null
rid=$(tr -d '\r' <"$T/hdr" | sed -n 's/^[Xx]-[Rr]equest-[Ii]d: //p')
[ -n "$rid" ] && [ "$rid" != "bad id <script>" ] || { echo "FAIL insane X-Request-Id kept: '$rid'"; fails=$((fails + 1)); }
check rid-in-error 404 "$(req GET /v2/nothing -H 'X-Request-Id: err-7')"
grep -q '"request_id":"err-7"' "$T/body" || { echo "FAIL error body lacks request_id"; fails=$((fails + 1)); }
# query parameters are checked
check unknown-param 400 "$(req POST '/v1/evaluate?schem=NTE-GLA' "${J[@]}" --data-binary @"$CASE")"
grep -q "did you mean 'scheme'" "$T/body" || { echo "FAIL unknown parameter: $(cat "$T/body")"; fails=$((fails + 1)); }
grep -q '"kind":"query"' "$T/body" || { echo "FAIL unknown parameter kind"; fails=$((fails + 1)); }
check bad-only-problems 400 "$(req POST '/v1/evaluate?only_problems=yes' "${J[@]}" --data-binary @"$CASE")"
check get-with-query 400 "$(req GET '/healthz?verbose=1')"
# one pack's rules; OpenAPI lists every route answered here
check scheme-rules 200 "$(req GET /v1/schemes/NTE-GLA/rules)"
python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); assert d["scheme"]=="NTE-GLA" and len(d["rules"])>10 and all(r["id"].startswith("NTE-GLA/") for r in d["rules"])' "$T/body" \
  || { echo "FAIL scheme rules body"; fails=$((fails + 1)); }
check scheme-rules-missing 404 "$(req GET /v1/schemes/NOPE/rules)"
check openapi 200 "$(req GET /openapi.json)"
python3 - "$T/body" <<'EOF' || { echo "FAIL openapi"; fails=$((fails + 1)); }
import json, sys
d = json.load(open(sys.argv[1]))
assert d["openapi"].startswith("3."), d["openapi"]
want = {"/v1/evaluate": "post", "/v1/compare": "post", "/v1/validate": "post", "/v1/schemes": "get",
        "/v1/schemes/{id}/rules": "get", "/v1/rules/{id}": "get", "/healthz": "get", "/metrics": "get",
        "/openapi.json": "get"}
for path, m in want.items():
    assert m in d["paths"].get(path, {}), f"openapi lacks {m.upper()} {path}"
assert set(d["paths"]) == set(want), set(d["paths"]) ^ set(want)
def refs(o):
    if isinstance(o, dict):
        for k, v in o.items():
            if k == "$ref": yield v
            else: yield from refs(v)
    elif isinstance(o, list):
        for v in o: yield from refs(v)
for r in refs(d):
    node = d
    for part in r[2:].split("/"): node = node[part]
assert "@VERSION@" not in json.dumps(d)
EOF
# validate: no rule runs; a bad case is 400 with valid:false
check validate 200 "$(req POST /v1/validate "${J[@]}" --data-binary @"$CASE")"
grep -q '"valid":true' "$T/body" || { echo "FAIL validate body"; fails=$((fails + 1)); }
check validate-bad 400 "$(req POST /v1/validate "${J[@]}" --data-binary '{"format": "cfpcase/1", ')"
grep -q '"valid":false' "$T/body" && grep -q '"line":1' "$T/body" || { echo "FAIL validate-bad body: $(cat "$T/body")"; fails=$((fails + 1)); }
check validate-get 405 "$(req GET /v1/validate)"

check evaluate 200 "$(req POST '/v1/evaluate?scheme=NTE-GLA' "${J[@]}" --data-binary @"$CASE")"
grep -q '"format":"cfpresult/1"' "$T/body" || { echo "FAIL evaluate body"; fails=$((fails + 1)); }
# the service answers exactly what `eval --format json` prints (compact)
"$BIN" eval "$CASE" --rules "$T/rules" --data "$SRC/data" --scheme NTE-GLA --format json --fail-on never \
  | python3 -c 'import json,sys; print(json.dumps(json.load(sys.stdin), ensure_ascii=False, separators=(",",":")))' >"$T/eval.json"
python3 -c 'import json,sys; a=json.load(open(sys.argv[1])); b=json.load(open(sys.argv[2])); sys.exit(a!=b)' "$T/body" "$T/eval.json" \
  || { echo "FAIL evaluate differs from eval"; fails=$((fails + 1)); }
check evaluate-two 200 "$(req POST '/v1/evaluate?scheme=NTE-GLA&scheme=MINI&only_problems=1' "${J[@]}" --data-binary @"$CASE")"
[ "$(grep -o '"scheme":"[A-Z-]*"' "$T/body" | wc -l)" = 2 ] || { echo "FAIL two schemes"; fails=$((fails + 1)); }
check compare 200 "$(req POST '/v1/compare?scheme=NTE-GLA&scheme=MINI' "${J[@]}" --data-binary @"$CASE")"
grep -q '"disagreements"' "$T/body" || { echo "FAIL compare body"; fails=$((fails + 1)); }
# /v1/compare answers what `compare --format json` prints
"$BIN" compare "$CASE" --rules "$T/rules" --data "$SRC/data" --scheme NTE-GLA --scheme MINI --format json --fail-on never >"$T/cmp.json" || true
python3 -c 'import json,sys; a=json.load(open(sys.argv[1])); b=json.load(open(sys.argv[2])); sys.exit(a!=b)' "$T/body" "$T/cmp.json" \
  || { echo "FAIL /v1/compare differs from compare --format json"; fails=$((fails + 1)); }
check bad-json 400 "$(req POST /v1/evaluate "${J[@]}" --data-binary '{"format": "cfpcase/1", ')"
grep -q '"kind":"case"' "$T/body" || { echo "FAIL 400 body"; fails=$((fails + 1)); }
check bad-type 400 "$(req POST /v1/evaluate "${J[@]}" --data-binary '{"format":"cfpcase/1","case_id":1}')"
check unknown-scheme 400 "$(req POST '/v1/evaluate?scheme=NTE-GLB' "${J[@]}" --data-binary @"$CASE")"
grep -q '"parameter":"scheme"' "$T/body" && grep -q "did you mean 'NTE-GLA'" "$T/body" \
  || { echo "FAIL unknown scheme is not a query error: $(cat "$T/body")"; fails=$((fails + 1)); }
check content-type 415 "$(req POST /v1/evaluate -H 'Content-Type: text/plain' --data-binary @"$CASE")"
head -c 300000 /dev/zero | tr '\0' ' ' >"$T/big"
check too-large 413 "$(req POST /v1/evaluate "${J[@]}" --data-binary @"$T/big")"
check pack-error 500 "$(req POST '/v1/evaluate?scheme=BOOM' "${J[@]}" --data-binary @"$CASE" -H 'X-Request-Id: boom-1')"
grep -q '"kind":"pack"' "$T/body" && grep -q 'boom on purpose' "$T/body" || { echo "FAIL 500 body"; fails=$((fails + 1)); }
grep -q 'pack error: .*id=boom-1' "$T/log" || { echo "FAIL pack error not logged with its request id"; fails=$((fails + 1)); }
check after-pack-error 200 "$(req POST '/v1/evaluate?scheme=MINI' "${J[@]}" --data-binary @"$CASE")"

# 503: one worker, a queue of 2, 24 requests at once
got503=0
for round in 1 2 3; do
  seq 1 24 | xargs -P 24 -I{} curl -s -m 30 -o /dev/null -w '%{http_code}\n' "${J[@]}" --data-binary @"$CASE" \
    "$U/v1/evaluate" >"$T/codes" || true
  if grep -q 503 "$T/codes"; then got503=1; break; fi
done
check overloaded 503 "$([ $got503 = 1 ] && echo 503 || sort "$T/codes" | uniq -c | tr '\n' ' ')"
check still-serving 200 "$(req GET /healthz)"

# slow client: a request that never completes is dropped after the read timeout
if command -v python3 >/dev/null; then
  python3 - "$PORT" <<'EOF' && echo "ok   read-timeout" || { echo "FAIL read-timeout"; exit 1; }
import socket, sys, time
s = socket.create_connection(("127.0.0.1", int(sys.argv[1])), timeout=10)
s.sendall(b"POST /v1/evaluate HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 100\r\n\r\n{")
t = time.time()
data = s.recv(100)  # the server closes (b"") after --read-timeout-ms
sys.exit(0 if data == b"" and time.time() - t < 8 else 1)
EOF
fi

# metrics
check metrics 200 "$(req GET /metrics)"
for m in 'cfpcheck_requests_total{route="/v1/evaluate",status="200"}' cfpcheck_request_duration_seconds_bucket \
         'cfpcheck_errors_total{kind="overloaded"}' 'cfpcheck_verdicts_total{scheme="NTE-GLA"' \
         'cfpcheck_verdicts_total{scheme="MINI"' 'cfpcheck_errors_total{kind="pack"}' 'cfpcheck_errors_total{kind="query"}' \
         'cfpcheck_build_info{version="' 'cfpcheck_pack_info{pack="NTE-GLA",version="' \
         '# HELP cfpcheck_queue_depth' '# HELP cfpcheck_workers' '# HELP cfpcheck_pack_generation'; do
  grep -qF "$m" "$T/body" || { echo "FAIL metrics lack $m"; fails=$((fails + 1)); }
done

# SIGHUP with a broken pack: rejected, old packs stay
cp "$T/rules/MINI/rules.lua" "$T/mini.bak"
echo 'rule { slug = ' >>"$T/rules/MINI/rules.lua"
kill -HUP "$PID"
for _ in $(seq 1 50); do grep -q "reload rejected" "$T/log" && break; sleep 0.1; done
grep -q "reload rejected" "$T/log" || { echo "FAIL broken reload not logged"; fails=$((fails + 1)); }
check after-broken-reload 200 "$(req POST '/v1/evaluate?scheme=MINI' "${J[@]}" --data-binary @"$CASE")"
req GET /healthz >/dev/null
grep -q '"generation":1' "$T/body" || { echo "FAIL generation changed on a broken reload"; fails=$((fails + 1)); }
# SIGHUP with a good change: taken
cp "$T/mini.bak" "$T/rules/MINI/rules.lua"
sed -i 's/version = "1"/version = "2"/' "$T/rules/MINI/pack.lua"
kill -HUP "$PID"
for _ in $(seq 1 50); do grep -q "reloaded: generation 2" "$T/log" && break; sleep 0.1; done
check after-reload 200 "$(req POST '/v1/evaluate?scheme=MINI' "${J[@]}" --data-binary @"$CASE")"
grep -q '"version":"2"' "$T/body" || { echo "FAIL new pack version not served"; fails=$((fails + 1)); }

kill -TERM "$PID"
wait "$PID" || { echo "FAIL serve exit status $?"; fails=$((fails + 1)); }
PID=
if [ $fails -ne 0 ]; then echo "--- serve log"; cat "$T/log"; echo "$fails failures"; exit 1; fi
echo "all serve checks passed"
