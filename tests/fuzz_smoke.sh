#!/usr/bin/env bash
# Short fuzzing run for CI: each libFuzzer target for SECONDS (default 30).
# Skips (exit 0, says so) when clang's libFuzzer runtime is not installed.
set -euo pipefail
cd "$(dirname "$0")/.."
secs="${1:-30}"
if ! ls /usr/lib/llvm-*/lib/clang/*/lib/linux/libclang_rt.fuzzer-x86_64.a >/dev/null 2>&1; then
  echo "fuzz_smoke: skipped (no libFuzzer runtime; CFPCHECK_WITH_CLANG=1 .ci/deps installs it)"
  exit 0
fi
exec bench/fuzz.sh "$secs" fuzz_case fuzz_eval
