#!/usr/bin/env bash
# `cfpcheck batch` end to end, on a private copy of the finished packs:
# one output line per input in input order, error lines naming their line,
# --unordered, stdin and folder input, --only-problems, exit statuses, and the
# results equal to `cfpcheck eval`.
#   tests/test_batch.sh BUILD/cfpcheck SOURCE_DIR
set -euo pipefail
BIN=${1:?cfpcheck binary}
SRC=${2:?source dir}
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT
mkdir -p "$T/rules"
cp -r "$SRC/rules/lib" "$SRC/rules/NTE-GLA" "$SRC/tests/packs/MINI" "$T/rules/"
R=(--rules "$T/rules" --data "$SRC/data")
fails=0
fail() { echo "FAIL $*"; fails=$((fails + 1)); }

python3 "$SRC/bench/gen_cases.py" -n 60 --corrupt-pct 5 --corrupt-list "$T/bad.txt" --seed 7 -o "$T/in.jsonl"
# a blank and a whitespace-only line are input lines too: each gets an error line
sed -i '10a\\' "$T/in.jsonl"
sed -i '30a\   \t ' "$T/in.jsonl"
# a line that parses but is rejected by the format keeps its case id
printf '%s\n' '{"format":"cfpcase/1","case_id":"KEEP-ID-1","stage":"nonsense"}' >>"$T/in.jsonl"
[ "$(wc -l <"$T/in.jsonl")" = 63 ] || fail "test input has $(wc -l <"$T/in.jsonl") lines, expected 63"
rc=0
"$BIN" batch "$T/in.jsonl" "${R[@]}" --jobs 2 --quiet -o "$T/out.jsonl" || rc=$?
[ $rc = 2 ] || fail "exit status $rc with rejected lines, expected 2"
[ "$(wc -l <"$T/out.jsonl")" = 63 ] || fail "$(wc -l <"$T/out.jsonl") output lines for 63 input lines"
python3 - "$T/in.jsonl" "$T/out.jsonl" "$T/bad.txt" <<'EOF' || fails=$((fails + 1))
import json, sys
inp = open(sys.argv[1], encoding="utf-8").read().split("\n")
out = [json.loads(l) for l in open(sys.argv[2], encoding="utf-8")]
if inp and inp[-1] == "":
    inp.pop()  # the file's final newline ends the last line; it is not another line
# generator line k (1-based) is file line k, k+1 after the blank line inserted
# after line 10, k+2 after the whitespace line inserted after file line 30
def shift(k):
    k = k if k <= 10 else k + 1
    return k if k <= 30 else k + 1
bad = {shift(int(x)) for x in open(sys.argv[3]).read().split()}
blank = {11, 31}
assert inp[10] == "" and inp[30].strip() == "", "test input not as built"
bad |= blank | {len(inp)}  # the last line is the format-rejected one
inputs = [(i + 1, l) for i, l in enumerate(inp)]
assert len(inputs) == len(out), (len(inputs), len(out))
errs = 0
for (lineno, text), o in zip(inputs, out):
    assert o["case"]["line"] == lineno, (o["case"], lineno)
    if "error" in o:
        errs += 1
        assert lineno in bad, f"line {lineno} rejected but not corrupt: {o['error']}"
        assert o["error"]["kind"] == "case"
        if lineno in blank:
            assert "empty" in json.dumps(o["error"]), o["error"]
            assert "id" not in o["case"]
        if lineno == len(inp):
            assert o["case"]["id"] == "KEEP-ID-1", o["case"]
    else:
        assert lineno not in bad, f"corrupt line {lineno} was accepted"
        assert o["format"] == "cfpresult/1"
        assert o["case"]["id"] == json.loads(text)["case_id"], "output out of order"
assert errs == len(bad), (errs, len(bad))
print(f"ok   {len(out)} lines for {len(inp)} input lines, in order, each naming its line; {errs} error lines")
EOF

# --unordered: the same lines, any order
"$BIN" batch "$T/in.jsonl" "${R[@]}" --jobs 2 --quiet --unordered -o "$T/unord.jsonl" || true
cmp -s <(sort "$T/out.jsonl") <(sort "$T/unord.jsonl") || fail "--unordered gives different lines"

# stdin, one job: identical bytes
"$BIN" batch "${R[@]}" --jobs 1 --quiet <"$T/in.jsonl" >"$T/stdin.jsonl" || true
cmp -s "$T/out.jsonl" "$T/stdin.jsonl" || fail "stdin/--jobs 1 output differs from --jobs 2"

# streaming: a pipeline that sends one line and waits for its answer before
# sending the next gets each answer promptly (the reader hands on a line as soon
# as it is in, the writer flushes before it waits), with one and two jobs; the
# answers are the file run's bytes. Every wait is bounded: a regression fails,
# it never hangs.
for j in 1 2; do
  python3 - "$BIN" "$T/in.jsonl" "$T/out.jsonl" "$j" "${R[@]}" <<'EOF' || fail "streaming through a pipe, --jobs $j"
import os, select, subprocess, sys, time
exe, inp, ref, jobs, rest = sys.argv[1], sys.argv[2], sys.argv[3], sys.argv[4], sys.argv[5:]
lines = open(inp, "rb").read().split(b"\n")[:12]
want = open(ref, "rb").read().split(b"\n")[:12]
p = subprocess.Popen([exe, "batch", "-", "--jobs", jobs, "--quiet", *rest],
                     stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL)
fd = p.stdout.fileno()
buf = b""
try:
    for i, line in enumerate(lines):
        p.stdin.write(line + b"\n")
        p.stdin.flush()
        deadline = time.monotonic() + 20
        while b"\n" not in buf:
            left = deadline - time.monotonic()
            if left <= 0 or not select.select([fd], [], [], left)[0]:
                sys.exit(f"no answer to line {i + 1} within 20 s while the pipe stays open")
            chunk = os.read(fd, 1 << 20)
            if not chunk:
                sys.exit(f"output ended before the answer to line {i + 1}")
            buf += chunk
        got, buf = buf.split(b"\n", 1)
        if buf:
            sys.exit(f"more than one answer after line {i + 1}")
        if got != want[i]:
            sys.exit(f"answer to line {i + 1} differs from the file run's")
    p.stdin.close()
    if p.stdout.read() != b"" or p.wait(timeout=20) not in (0, 1, 2):
        sys.exit("unexpected output or exit status at the end")
finally:
    if p.poll() is None:
        p.kill()
print(f"ok   streaming, --jobs {jobs}: {len(lines)} answers, each before the next line was sent")
EOF
done

# each result equals `eval --format json` of that case
printf '%s' "$(sed -n 1p "$T/in.jsonl")" >"$T/one.json"  # the line's bytes, as batch hashes them
"$BIN" eval "$T/one.json" "${R[@]}" --format json --fail-on never >"$T/eval.json" || true
python3 -c '
import json,sys
a=json.load(open(sys.argv[1])); b=json.loads(open(sys.argv[2]).readline())
assert b["case"].pop("line") == 1
sys.exit(a!=b)' "$T/eval.json" "$T/out.jsonl" || fail "batch result differs from eval (besides its line)"

# folder input, --only-problems, --fail-on never
mkdir -p "$T/dir"
python3 "$SRC/bench/gen_cases.py" -n 5 --seed 3 --split-dir "$T/dir"
rc=0
"$BIN" batch "$T/dir" "${R[@]}" --quiet --only-problems --fail-on never -o "$T/dir.jsonl" || rc=$?
[ $rc = 0 ] || fail "folder input with --fail-on never: exit $rc"
[ "$(wc -l <"$T/dir.jsonl")" = 5 ] || fail "folder input: $(wc -l <"$T/dir.jsonl") lines for 5 files"
grep -q '"status":"pass"' "$T/dir.jsonl" && fail "--only-problems left passing findings"
# --only-problems also leaves out info findings (never problems), yet counts them:
# the same folder without it has the same counts and the same other findings
"$BIN" batch "$T/dir" "${R[@]}" --quiet --fail-on never -o "$T/dir-all.jsonl" || true
python3 - "$T/dir.jsonl" "$T/dir-all.jsonl" <<'EOF' || fail "--only-problems: info findings written, or counts/findings differ from the full output"
import json, sys
some_info = False
for lp, la in zip(open(sys.argv[1]), open(sys.argv[2])):
    p, a = json.loads(lp), json.loads(la)
    assert len(p["results"]) == len(a["results"])
    for rp, ra in zip(p["results"], a["results"]):
        assert rp["counts"] == ra["counts"], (rp["counts"], ra["counts"])
        assert all(f["status"] not in ("pass", "info") for f in rp["findings"])
        assert rp["findings"] == [f for f in ra["findings"] if f["status"] not in ("pass", "info")]
        n_info = sum(f["status"] == "info" for f in ra["findings"])
        assert rp["counts"]["info"] == n_info, (rp["counts"]["info"], n_info)
        some_info = some_info or n_info > 0
assert some_info, "the test cases gave no info finding"
EOF
python3 - "$T/dir.jsonl" <<'EOF' || fail "folder input: results do not name their files in order"
import json, sys
files = [json.loads(l)["case"]["file"].rsplit("/", 1)[-1] for l in open(sys.argv[1])]
assert files == sorted(files) and len(files) == 5 and all(f.endswith(".json") for f in files), files
EOF

# a pack error is an error line (exit 3), the run goes on
mkdir -p "$T/rules/BOOM"
cat >"$T/rules/BOOM/pack.lua" <<'EOF'
return { id = "BOOM", document = { zh = "炸", en = "boom" }, issuer = { zh = "测", en = "test" },
         version = "1", effective = "2026-01-01", modules = { "r.lua" }, params = {} }
EOF
cat >"$T/rules/BOOM/r.lua" <<'EOF'
rule { slug = "boom", clause = "1", title = { zh = "炸", en = "boom" },
       check = function(c) if c.case_id == "GEN-0000002" then error("boom") end return pass() end }
EOF
for f in "$T"/dir/000000[123].json; do cat "$f"; echo; done >"$T/three.jsonl"
rc=0
"$BIN" batch "$T/three.jsonl" "${R[@]}" --scheme BOOM --quiet -o "$T/three.out" || rc=$?
[ $rc = 3 ] || fail "pack error: exit $rc, expected 3"
[ "$(wc -l <"$T/three.out")" = 3 ] || fail "pack error: not 3 lines"
sed -n 2p "$T/three.out" | grep -q '"kind":"pack"' || fail "pack error line 2"
sed -n 3p "$T/three.out" | grep -q '"cfpresult/1"' || fail "run did not go on after a pack error"

# summary on stderr
"$BIN" batch "$T/in.jsonl" "${R[@]}" --jobs 2 -o /dev/null 2>"$T/summary" || true
grep -q "63 cases" "$T/summary" || fail "summary: $(cat "$T/summary")"
grep -q "NTE-GLA:" "$T/summary" || fail "summary lacks per-scheme verdicts"

[ $fails = 0 ] || { echo "$fails failures"; exit 1; }
echo "all batch checks passed"
