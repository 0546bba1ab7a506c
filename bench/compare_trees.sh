#!/usr/bin/env bash
# One-thread batch throughput of two built trees, in the same run, rounds
# alternating between them (how docs/performance.md compares main with an
# older commit, e.g. issue 10's 87de3b6).
#
#   bench/compare_trees.sh OLD_TREE NEW_TREE [ROUNDS] [OUT_DIR]
#
# A tree is a checkout with its build in TREE/build (cfpcheck built). Each
# tree runs its own rules and data. Inputs, made once in OUT_DIR (default
# /tmp/cfpcompare; delete it to regenerate):
#   same.jsonl          2 000 copies of NEW_TREE's smelter example (both trees run the same bytes)
#   own-old/new.jsonl   what bench/run.sh calls "smelter": each tree's gen_cases.py,
#                       -n 2000 --seed 2 --base smelter-ingot, from its own example
# Command: cfpcheck batch FILE --jobs 1 --only-problems -o /dev/null (cases/s
# from its summary line). Prints every run, then the medians and NEW vs OLD.
set -euo pipefail
[ $# -ge 2 ] || { sed -n 2,16p "$0"; exit 2; }
OLD=$(cd "$1" && pwd)
NEW=$(cd "$2" && pwd)
ROUNDS=${3:-7}
O=${4:-/tmp/cfpcompare}
mkdir -p "$O"
for t in "$OLD" "$NEW"; do
  [ -x "$t/build/cfpcheck" ] || { echo "no $t/build/cfpcheck: build that tree first" >&2; exit 2; }
done
[ -s "$O/same.jsonl" ] || python3 - "$NEW/data/examples/smelter-ingot-initial.json" "$O/same.jsonl" <<'EOF'
import json, sys
line = json.dumps(json.load(open(sys.argv[1], encoding="utf-8")), ensure_ascii=False)
open(sys.argv[2], "w", encoding="utf-8").write((line + "\n") * 2000)
EOF
[ -s "$O/own-old.jsonl" ] || python3 "$OLD/bench/gen_cases.py" -n 2000 --seed 2 --base smelter-ingot -o "$O/own-old.jsonl"
[ -s "$O/own-new.jsonl" ] || python3 "$NEW/bench/gen_cases.py" -n 2000 --seed 2 --base smelter-ingot -o "$O/own-new.jsonl"

rate() {  # tree input -> cases/s
  "$1/build/cfpcheck" batch "$2" --rules "$1/rules" --data "$1/data" --jobs 1 --only-problems -o /dev/null \
    2>&1 >/dev/null | sed -n 's/.*(\([0-9]*\) cases\/s.*/\1/p'
}
echo "# load $(cut -d' ' -f1-3 /proc/loadavg); old $OLD; new $NEW; $ROUNDS rounds"
for r in $(seq 1 "$ROUNDS"); do
  echo "same old $(rate "$OLD" "$O/same.jsonl")"
  echo "same new $(rate "$NEW" "$O/same.jsonl")"
  echo "own old $(rate "$OLD" "$O/own-old.jsonl")"
  echo "own new $(rate "$NEW" "$O/own-new.jsonl")"
done | tee "$O/runs.txt"
python3 - "$O/runs.txt" <<'EOF'
import collections, statistics, sys
runs = collections.defaultdict(list)
for line in open(sys.argv[1]):
    inp, tree, n = line.split()
    runs[(inp, tree)].append(int(n))
for inp in ("same", "own"):
    old, new = statistics.median(runs[(inp, "old")]), statistics.median(runs[(inp, "new")])
    print(f"{inp:5} old median {old:7.1f} {sorted(runs[(inp, 'old')])}")
    print(f"{inp:5} new median {new:7.1f} {sorted(runs[(inp, 'new')])}  new vs old {100 * (new / old - 1):+.1f} %")
EOF
