#!/usr/bin/env bash
# 60 s of open-loop load on `cfpcheck serve` (2 workers, smelter case), with
# a SIGHUP carrying a broken pack at 20 s (must be refused, the old packs keep
# serving) and a SIGHUP with the pack repaired at 40 s (must load).
#
#   bench/serve_reload.sh [BUILD_DIR] [RATE] [SECONDS]     (defaults: build 500 60)
#
# Works on a copy of rules/ in a temporary folder; prints the load client's
# JSON line (sent, answered, errors, status counts, p50/p90/p99/max), the
# /healthz generation after each SIGHUP, RSS and the reload log lines.
set -euo pipefail
SRC=$(cd "$(dirname "$0")/.." && pwd)
B=${1:-$SRC/build}
RATE=${2:-500}
SECS=${3:-60}
T=$(mktemp -d)
pid=
trap '[ -n "$pid" ] && kill "$pid" 2>/dev/null; rm -rf "$T"' EXIT  # never leave the server running
cp -r "$SRC/rules" "$T/rules"
"$B/cfpcheck" serve --rules "$T/rules" --data "$SRC/data" --port 0 --workers 2 --queue 256 --log-level info >"$T/serve.log" 2>&1 &
pid=$!
port=
for _ in $(seq 1 100); do
  port=$(ss -ltnp 2>/dev/null | grep "pid=$pid," | sed -n 's/.*127.0.0.1:\([0-9]*\).*/\1/p' | head -1 || true)
  [ -n "$port" ] && curl -s -m 2 "http://127.0.0.1:$port/healthz" >/dev/null && break
  sleep 0.1
done
gen() { curl -s "http://127.0.0.1:$port/healthz" | python3 -c 'import json,sys; print(json.load(sys.stdin)["generation"])'; }
echo "rss idle: $(awk '/VmRSS/{print $2}' /proc/$pid/status) kB, generation $(gen)"
"$B/bench/cfpload" 127.0.0.1 "$port" "/v1/evaluate?only_problems=1" "$SRC/data/examples/smelter-ingot-initial.json" \
  "$RATE" "$SECS" 16 >"$T/load.json" &
lp=$!
victim=$(ls "$T"/rules/NTE-GLA/*.lua | grep -v '/pack.lua$' | head -1)
cp "$victim" "$T/victim.bak"
sleep $((SECS / 3))
echo 'rule { this is not lua' >>"$victim"
kill -HUP $pid
sleep 1
echo "after SIGHUP with a broken pack: generation $(gen)"
sleep $((SECS / 3))
cp "$T/victim.bak" "$victim"
kill -HUP $pid
sleep 1
echo "after SIGHUP with the pack repaired: generation $(gen)"
wait $lp
echo "load: $(cat "$T/load.json")"
echo "rss after: $(awk '/VmRSS/{print $2}' /proc/$pid/status) kB"
curl -s "http://127.0.0.1:$port/metrics" | grep -E '^cfpcheck_(reloads_total|pack_generation)' || true
kill -TERM $pid
wait $pid || true
pid=
grep -E 'SIGHUP|reload' "$T/serve.log" || true
