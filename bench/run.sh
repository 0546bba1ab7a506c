#!/usr/bin/env bash
# Reproduces every figure of docs/performance.md on this machine.
#
#   bench/run.sh [BUILD_DIR] [OUT_DIR]        (defaults: build, /tmp/cfpbench)
#   QUICK=1 bench/run.sh                      smaller inputs, a few minutes
#
# Needs: the Debian packages of .ci/deps (libbenchmark-dev, libsimdjson-dev),
# python3, hyperfine and wrk are optional (apt-get install -y hyperfine).
# Loopback only; every step is bounded in count and time.
set -euo pipefail
SRC=$(cd "$(dirname "$0")/.." && pwd)
B=${1:-$SRC/build}
O=${2:-/tmp/cfpbench}
QUICK=${QUICK:-0}
RULES=${CFPBENCH_RULES:-$SRC/rules}
DATA=$SRC/data
mkdir -p "$O"
if [ "${SKIP_BUILD:-0}" != 1 ]; then
  cmake -S "$SRC" -B "$B" -DCMAKE_BUILD_TYPE=Release >/dev/null
  cmake --build "$B" -j"$(nproc)" --target cfpcheck cfpbench cfpload >/dev/null
fi
CFP="$B/cfpcheck"
set +o pipefail  # cfpcheck exits 1 when some verdict is fail: that is not a failed step
SMELTER=$DATA/examples/smelter-ingot-initial.json
N_MIX=$([ "$QUICK" = 1 ] && echo 500 || echo 2000)
N_BIG=${N_BIG:-$([ "$QUICK" = 1 ] && echo 10000 || echo 100000)}
echo "# machine: $(nproc) cores, $(lscpu | sed -n 's/^Model name: *//p'), load $(cut -d' ' -f1-3 /proc/loadavg)" | tee "$O/machine.txt"
echo "# packs: $("$CFP" schemes --rules "$RULES" --data "$DATA" | cut -d' ' -f1 | tr '\n' ' ')" | tee -a "$O/machine.txt"

# ---- inputs (kept when present: delete OUT_DIR to regenerate)
[ -s "$O/big.jsonl" ] || {
python3 "$SRC/bench/gen_cases.py" -n "$N_MIX" --seed 1 -o "$O/mixed.jsonl"
python3 "$SRC/bench/gen_cases.py" -n "$N_MIX" --seed 2 --base smelter-ingot -o "$O/smelter.jsonl"
for L in 10 100 1000 10000; do
  n=$([ $L -ge 10000 ] && echo 20 || echo 200)
  python3 "$SRC/bench/gen_cases.py" -n $n --seed 3 --base smelter-ingot --inventory-lines $L -o "$O/inv$L.jsonl"
done
python3 "$SRC/bench/gen_cases.py" -n "$N_BIG" --seed 4 --corrupt-pct 1 --corrupt-list "$O/big.bad" -o "$O/big.jsonl"
}

# ---- micro-benchmarks: floors and the hot path (one run, JSON + console); SKIP_MICRO=1 skips
export CFPBENCH_RULES=$RULES CFPBENCH_DATA=$DATA CFPBENCH_CORPUS=$O/mixed.jsonl
if [ "${SKIP_MICRO:-0}" != 1 ]; then
"$B/bench/cfpbench" --benchmark_min_time=2 --benchmark_out="$O/micro.json" --benchmark_out_format=json | tee "$O/micro.txt"
for L in 10 100 1000 10000; do
  CFPBENCH_CORPUS=$O/inv$L.jsonl "$B/bench/cfpbench" --benchmark_filter='corpus' --benchmark_min_time=1 \
    --benchmark_out="$O/inv$L.json" --benchmark_out_format=json | grep -E '^(Parse|Load|Eval)' | sed "s/^/inv$L /" | tee -a "$O/scaling.txt"
done
fi

# ---- batch: cases/s for 1 and 2 jobs, smelter and mixed
for f in smelter mixed; do
  for j in 1 2; do
    /usr/bin/time -f "peak_rss_kb=%M wall_s=%e" "$CFP" batch "$O/$f.jsonl" --rules "$RULES" --data "$DATA" --jobs $j \
      --only-problems -o /dev/null 2>&1 | grep -E 'cases in|peak_rss' | tr '\n' ' ' | sed "s/^/$f jobs=$j: /" | tee -a "$O/batch.txt"
    echo | tee -a "$O/batch.txt"
  done
done
for L in 10 100 1000 10000; do
  /usr/bin/time -f "peak_rss_kb=%M" "$CFP" batch "$O/inv$L.jsonl" --rules "$RULES" --data "$DATA" --jobs 1 --only-problems \
    -o /dev/null 2>&1 | grep -E 'cases in|peak_rss' | tr '\n' ' ' | sed "s/^/inventory=$L jobs=1: /" | tee -a "$O/scaling.txt"
  echo | tee -a "$O/scaling.txt"
done

# ---- the big batch: N lines, 1 % corrupt
/usr/bin/time -f "peak_rss_kb=%M wall_s=%e" "$CFP" batch "$O/big.jsonl" --rules "$RULES" --data "$DATA" --only-problems \
  -o "$O/big.out" 2>"$O/big.summary" || true
cat "$O/big.summary"
python3 - "$O/big.out" "$O/big.bad" <<'EOF' | tee "$O/big.check"
import json, sys
bad = set(int(x) for x in open(sys.argv[2]).read().split())
n = errs = named = 0
for i, line in enumerate(open(sys.argv[1], encoding="utf-8"), 1):
    n += 1
    o = json.loads(line)
    if "error" in o:
        errs += 1
        named += o["case"].get("line") == i and i in bad
print(f"output lines {n}, error lines {errs}, naming their (corrupt) line {named}, corrupt lines {len(bad)}")
EOF

# ---- one-shot process: eval of the smelter case
if command -v hyperfine >/dev/null; then
  hyperfine -N --warmup 3 --runs 30 --export-json "$O/oneshot.json" \
    "$CFP eval $SMELTER --rules $RULES --data $DATA --format json --fail-on never" | tee "$O/oneshot.txt"
fi

# ---- serve: latency under a steady 500 req/s (open loop), RSS per worker
serve_run() {  # workers rate seconds
  "$CFP" serve --rules "$RULES" --data "$DATA" --port 0 --workers "$1" --queue 256 --log-level warn >"$O/serve.log" 2>&1 &
  local pid=$! port=
  for _ in $(seq 1 100); do
    port=$(ss -ltnp 2>/dev/null | grep "pid=$pid," | sed -n 's/.*127.0.0.1:\([0-9]*\).*/\1/p' | head -1)
    [ -n "$port" ] && curl -s -m 2 "http://127.0.0.1:$port/healthz" >/dev/null && break
    sleep 0.1
  done
  local rss0
  rss0=$(awk '/VmRSS/{print $2}' /proc/$pid/status)
  "$B/bench/cfpload" 127.0.0.1 "$port" /v1/evaluate?only_problems=1 "$SMELTER" "$2" "$3" 16
  local rss1
  rss1=$(awk '/VmRSS/{print $2}' /proc/$pid/status)
  echo "workers=$1 rate=$2 rss_idle_kb=$rss0 rss_after_kb=$rss1"
  kill -TERM $pid
  wait $pid || true
}
S=$([ "$QUICK" = 1 ] && echo 5 || echo 20)
{ serve_run 2 500 "$S"; serve_run 2 200 "$S"; serve_run 1 100 "$S"; } | tee "$O/serve.txt"
echo "results in $O"
