#!/usr/bin/env bash
# The two commands of the README:
#   ./build.sh run    install what is missing, build, evaluate a bundled example
#   ./build.sh test   install what is missing, build, run the whole test suite
set -euo pipefail
cd "$(dirname "$0")"
what="${1:-run}"
.ci/deps
cmake -S . -B build -DCMAKE_BUILD_TYPE=Release >/dev/null
cmake --build build -j"$(nproc)"
case "$what" in
  run)
    shift || true
    ./build/cfpcheck eval "${1:-data/examples/smelter-ingot-initial.json}" --format table --lang "${LANG_CFP:-zh}" || true
    ;;
  test)
    ctest --test-dir build --output-on-failure -j"$(nproc)"
    ;;
  *) echo "usage: ./build.sh run [CASE] | test" >&2; exit 2 ;;
esac
