#!/usr/bin/env bash
# Isolation end to end (issue 11, docs/security.md), on eval, batch and serve:
#  1. a pack that rewrites what pass() returns cannot change another pack's
#     result (eval, batch, serve);
#  2. a batch with one hostile line among good ones gives the good lines
#     byte-identical to the same batch without it (the hostile line tries to
#     poison the constructors and leave its case_id in a global table);
#  3. serve: the same, request after request on one worker;
#  4. serve: a worker stuck on one request makes /healthz answer 503
#     "wedged", and SIGTERM then stops the process within the grace time.
#   tests/test_isolation.sh BUILD/cfpcheck SOURCE_DIR
set -euo pipefail
BIN=${1:?cfpcheck binary}
SRC=${2:?source dir}
T=$(mktemp -d)
PID=
cleanup() { [ -n "$PID" ] && kill -9 "$PID" 2>/dev/null; wait 2>/dev/null || true; rm -rf "$T"; }
trap cleanup EXIT
fails=0
ok() { echo "ok   $1"; }
bad() { echo "FAIL $1"; fails=$((fails + 1)); }

mkdir -p "$T/rules/AAA-POISON" "$T/rules/SPIN"
cp -r "$SRC/rules/lib" "$SRC/tests/packs/MINI" "$T/rules/"
cat > "$T/rules/AAA-POISON/pack.lua" <<'EOF'
return { id = "AAA-POISON", document = { zh = "毒", en = "poison" }, issuer = { zh = "测", en = "test" },
         version = "1", effective = "2026-01-01", modules = { "r.lua" } }
EOF
# Runs before MINI (packs run in id order). On every case it rewrites the
# result constructors' tables; on the case EVIL it also tries to keep the
# case_id in a global table for later cases to see.
cat > "$T/rules/AAA-POISON/r.lua" <<'EOF'
SEEN = {}
rule { slug = "h", clause = "1", title = { zh = "毒", en = "poison" }, check = function(c, f)
  local p = pass()
  p.status = "fail"; p.severity = "serious"; p.effect = "refuse"; p.en = "forged"
  na().status = "fail"
  if c.case_id == "EVIL" then SEEN[#SEEN + 1] = c.case_id end
  return info{ values = { seen = table.concat(SEEN, ",") } }
end }
EOF
cat > "$T/rules/SPIN/pack.lua" <<'EOF'
return { id = "SPIN", document = { zh = "转", en = "spin" }, issuer = { zh = "测", en = "test" },
         version = "1", effective = "2026-01-01", modules = { "r.lua" } }
EOF
cat > "$T/rules/SPIN/r.lua" <<'EOF'
rule { slug = "spin", clause = "1", title = { zh = "转", en = "spin" }, check = function(c, f)
  if c.case_id == "SPIN" then while true do end end
  return pass()
end }
EOF

# good cases: the examples without their `schemes` (the packs here are others)
python3 - "$SRC/data/examples" "$T" <<'EOF'
import json, os, sys
src, t = sys.argv[1], sys.argv[2]
good = []
for name in sorted(os.listdir(src)):
    if not name.endswith(".json"): continue
    d = json.load(open(os.path.join(src, name)))
    d.pop("schemes", None)
    good.append(d)
good = good[:4]
evil = dict(good[0]); evil["case_id"] = "EVIL"
spin = dict(good[0]); spin["case_id"] = "SPIN"
line = lambda d: json.dumps(d, ensure_ascii=False, separators=(",", ":"))
# the batch without the hostile line has a neutral case in its place, so
# that every other line keeps its line number (written in each result)
neutral = dict(good[0]); neutral["case_id"] = "NEUTRAL"
open(os.path.join(t, "good.jsonl"), "w").write("".join(line(d) + "\n" for d in good[:2] + [neutral] + good[2:]))
mixed = good[:2] + [evil] + good[2:]
open(os.path.join(t, "mixed.jsonl"), "w").write("".join(line(d) + "\n" for d in mixed))
json.dump(good[0], open(os.path.join(t, "good0.json"), "w"), ensure_ascii=False)
json.dump(evil, open(os.path.join(t, "evil.json"), "w"), ensure_ascii=False)
json.dump(spin, open(os.path.join(t, "spin.json"), "w"), ensure_ascii=False)
EOF
R=(--rules "$T/rules" --data "$SRC/data")

# ---- 1. eval: MINI's result is the same with the poisoning pack beside it
"$BIN" eval "$T/good0.json" "${R[@]}" -s MINI --format json >"$T/mini-alone.json" || true
"$BIN" eval "$T/good0.json" "${R[@]}" -s AAA-POISON -s MINI --format json >"$T/mini-both.json" || true
if python3 - "$T/mini-alone.json" "$T/mini-both.json" <<'EOF'
import json, sys
a = json.load(open(sys.argv[1]))["results"]
b = [r for r in json.load(open(sys.argv[2]))["results"] if r["scheme"] == "MINI"]
sys.exit(0 if a == b and len(a) == 1 else 1)
EOF
then ok "eval: another pack's constructors cannot forge MINI's result"; else bad "eval: MINI's result changed beside AAA-POISON"; fi

# ---- 2. batch: good lines byte-identical with and without the hostile line
"$BIN" batch "$T/good.jsonl" "${R[@]}" -s AAA-POISON -s MINI --jobs 1 -q >"$T/good.out" || true
"$BIN" batch "$T/mixed.jsonl" "${R[@]}" -s AAA-POISON -s MINI --jobs 1 -q >"$T/mixed.out" || true
sed '3d' "$T/mixed.out" >"$T/mixed-without-3.out"
sed '3d' "$T/good.out" >"$T/good-without-3.out"
if [ "$(wc -l <"$T/good.out")" -eq "$(wc -l <"$T/good.jsonl")" ] && [ "$(wc -l <"$T/good.out")" -ge 4 ] &&
   cmp -s "$T/good-without-3.out" "$T/mixed-without-3.out"; then
  ok "batch: the good lines are byte-identical with a hostile line among them"
else
  bad "batch: good lines differ with the hostile line among them"; diff <(cut -c1-300 "$T/good-without-3.out") <(cut -c1-300 "$T/mixed-without-3.out") | head -10
fi
if sed -n 3p "$T/mixed.out" | grep -q '"error"' && sed -n 3p "$T/mixed.out" | grep -q 'read-only'; then
  ok "batch: the hostile line is an error line (read-only data)"
else
  bad "batch: the hostile line is not a read-only error"; sed -n 3p "$T/mixed.out" | cut -c1-300
fi
if grep -q 'forged' "$T/mixed.out" "$T/good.out"; then bad "batch: a forged finding was written"; else ok "batch: no forged finding"; fi

# ---- 3 and 4: serve
command -v curl >/dev/null || { echo "SKIP serve part: curl not installed"; exit $((fails > 0)); }
start() {  # extra args...
  "$BIN" serve "${R[@]}" --port 0 --workers 1 "$@" >"$T/log" 2>&1 &
  PID=$!
  PORT=
  for _ in $(seq 1 200); do
    PORT=$(sed -n 's/.*listening on http:\/\/127.0.0.1:\([0-9]*\).*/\1/p' "$T/log" | head -1)
    [ -n "$PORT" ] && break
    sleep 0.1
  done
  [ -n "$PORT" ] || { cat "$T/log"; echo "FAIL: serve did not start"; exit 1; }
  U="http://127.0.0.1:$PORT"
}
post() {  # file query -> body on stdout
  curl -s -m 20 -H 'Content-Type: application/json' --data-binary @"$1" "$U/v1/evaluate?$2"
}
start
post "$T/good0.json" "scheme=AAA-POISON&scheme=MINI" >"$T/s1.json"
post "$T/evil.json" "scheme=AAA-POISON&scheme=MINI" >"$T/s2.json" || true
post "$T/good0.json" "scheme=AAA-POISON&scheme=MINI" >"$T/s3.json"
if [ -s "$T/s1.json" ] && cmp -s "$T/s1.json" "$T/s3.json" && ! grep -q forged "$T/s1.json" "$T/s3.json"; then
  ok "serve: a later request is byte-identical after a hostile one"
else
  bad "serve: the hostile request changed a later result"; cut -c1-300 "$T/s1.json"; echo; cut -c1-300 "$T/s3.json"; echo
fi
kill "$PID"; wait "$PID" 2>/dev/null || true; PID=

# a worker that does not return (a huge instruction budget, no deadline: the
# operator's own settings) — /healthz must say so, SIGTERM must still end it
start --max-instructions 1000000000000000 --deadline-ms 0 --wedged-ms 300 --shutdown-grace-ms 1000
code=$(curl -s -m 5 -o "$T/h" -w '%{http_code}' "$U/healthz")
[ "$code" = 200 ] && ok "serve: healthz 200 while idle" || bad "serve: healthz $code while idle"
curl -s -m 2 -H 'Content-Type: application/json' --data-binary @"$T/spin.json" "$U/v1/evaluate?scheme=SPIN" >/dev/null 2>&1 || true
sleep 0.5
code=$(curl -s -m 5 -o "$T/h" -w '%{http_code}' "$U/healthz")
if [ "$code" = 503 ] && grep -q '"wedged"' "$T/h"; then ok "serve: healthz reports the wedged worker (503)"; else bad "serve: healthz $code $(cat "$T/h")"; fi
t0=$(date +%s%N)
kill -TERM "$PID"
for _ in $(seq 1 100); do kill -0 "$PID" 2>/dev/null || break; sleep 0.1; done
t1=$(date +%s%N)
if kill -0 "$PID" 2>/dev/null; then
  bad "serve: still running 10 s after SIGTERM"
else
  ms=$(((t1 - t0) / 1000000))
  [ "$ms" -lt 5000 ] && ok "serve: SIGTERM ended it in $ms ms with a wedged worker" || bad "serve: SIGTERM took $ms ms"
  PID=
fi

[ "$fails" -eq 0 ] && echo "all isolation checks passed" || { echo "$fails isolation check(s) failed"; exit 1; }
