#!/usr/bin/env bash
# The whole test suite under AddressSanitizer + UndefinedBehaviorSanitizer
# (CMakePresets.json "sanitize"; build folder build-asan/, or $1).
#   tests/sanitize.sh [BUILD_DIR]
# Leaks, memory errors and undefined behaviour stop the run (exit != 0).
set -euo pipefail
cd "$(dirname "$0")/.."
dir="${1:-build-asan}"
start=$(date +%s)
cmake -S . -B "$dir" -DCMAKE_BUILD_TYPE=RelWithDebInfo -DCFPCHECK_SANITIZE=ON >/dev/null
cmake --build "$dir" -j"$(nproc)"
export ASAN_OPTIONS=detect_leaks=1:halt_on_error=1
export UBSAN_OPTIONS=halt_on_error=1:print_stacktrace=1
# serially: some tests (tests/cli/run.sh) bound wall-clock times, which
# sanitizers stretch; parallel runs would add contention on top
ctest --test-dir "$dir" --output-on-failure -j1
echo "sanitize: passed in $(( $(date +%s) - start )) s"
