#!/usr/bin/env bash
# Builds the libFuzzer targets (clang 14, CMake option CFPCHECK_FUZZ) and runs
# each for SECONDS (default 60), seeded with data/examples/ and the JSON
# dictionary tests/fuzz/json.dict. Corpora grow in build-fuzz/corpus/<target>,
# crash/timeout reproducers land in build-fuzz/artifacts/<target>/.
#   bench/fuzz.sh [SECONDS] [TARGET...]      targets: fuzz_case fuzz_eval
# Exit status 1 when a target found a crash, leak, sanitizer report or hang.
# Needs clang and libclang-rt-14-dev: CFPCHECK_WITH_CLANG=1 .ci/deps
set -euo pipefail
cd "$(dirname "$0")/.."
secs="${1:-60}"; shift || true
targets=("$@"); [ ${#targets[@]} -eq 0 ] && targets=(fuzz_case fuzz_eval)
dir="${CFPCHECK_FUZZ_DIR:-build-fuzz}"
cxx="${CXX_FUZZ:-$(command -v clang++-14 || command -v clang++)}"
cmake -S . -B "$dir" -DCMAKE_BUILD_TYPE=RelWithDebInfo -DCMAKE_CXX_COMPILER="$cxx" -DCFPCHECK_FUZZ=ON >/dev/null
cmake --build "$dir" -j"$(nproc)" --target "${targets[@]}"
status=0
for t in "${targets[@]}"; do
  corpus="$dir/corpus/$t"; art="$dir/artifacts/$t"
  mkdir -p "$corpus" "$art"
  cp -n data/examples/*.json "$corpus/" 2>/dev/null || true
  echo "== $t: ${secs}s"
  if ! "$dir/$t" -max_total_time="$secs" -timeout=30 -rss_limit_mb=4096 -max_len=65536 \
        -dict=tests/fuzz/json.dict -artifact_prefix="$art/" -print_final_stats=1 "$corpus" \
        >"$dir/$t.log" 2>&1; then
    status=1
    echo "$t: FAILED (see $dir/$t.log and $art/)"
    grep -E "ERROR|SUMMARY" "$dir/$t.log" | head -5 || true
  fi
  grep -E "^#[0-9]+ +DONE" "$dir/$t.log" | tail -1 || true
  grep -E "stat::number_of_executed_units|PACK ERROR" "$dir/$t.log" | head -5 || true
done
exit $status
