#!/bin/bash
# run.sh BUILD_DIR: the benchmarks. Each prints ratios against a baseline
# measured in the same run (interleaved rounds, medians), since these machines
# are noisy.
set -eu
O=${1:-build}
here=$(cd "$(dirname "$0")" && pwd)
export WTF_BUILD=$(cd "$here/../../$O" && pwd)
python3 "$here/bench_pipeline.py"
python3 "$here/bench_rules.py"
python3 "$here/bench_capture.py"
[ -x "$WTF_BUILD/tests/bench_filter" ] || make -s -C "$here/../.." O="$O" "$O/tests/bench_filter"; "$WTF_BUILD/tests/bench_filter"
python3 "$here/bench_containers.py"
python3 "$here/bench_chisel.py"
python3 "$here/bench_ui.py"
