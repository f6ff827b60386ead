#!/bin/bash
# run_all.sh BUILD_DIR [unit|probe|e2e]: runs the test suites and prints one
# closing line "N passed, N failed". Unit tests are cmocka binaries; probe and
# e2e tests are Python scripts (stdlib only) that print their own summary line.
set -u
O=${1:-build}
only=${2:-}
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/.." && pwd)
export WTF_BUILD=$(cd "$root/$O" && pwd)
export WTF_ROOT=$root
passed=0 failed=0 failed_names=()

count() { # name rc output-file
	local p f
	p=$(grep -Eo '^([A-Za-z]+: )?[0-9]+ passed, [0-9]+ failed' "$3" | tail -1 | grep -Eo '[0-9]+ passed' | grep -Eo '[0-9]+')
	f=$(grep -Eo '^([A-Za-z]+: )?[0-9]+ passed, [0-9]+ failed' "$3" | tail -1 | grep -Eo '[0-9]+ failed' | grep -Eo '[0-9]+')
	if [ -z "$p" ]; then # cmocka: [  PASSED  ] N test(s).  [  FAILED  ] N test(s)
		p=$(grep -Eo '^\[  PASSED  \] [0-9]+' "$3" | grep -Eo '[0-9]+$' | tail -1)
		f=$(grep -Eo '^\[  FAILED  \] [0-9]+' "$3" | grep -Eo '[0-9]+$' | tail -1)
	fi
	p=${p:-0} f=${f:-0}
	if [ "$2" -ne 0 ] && [ "$f" -eq 0 ]; then f=1; fi
	passed=$((passed + p)) failed=$((failed + f))
	if [ "$f" -ne 0 ]; then failed_names+=("$1"); fi
}

run() { # name cmd...
	local name=$1 out rc
	shift
	out=$(mktemp)
	echo "=== $name"
	"$@" >"$out" 2>&1
	rc=$?
	cat "$out"
	count "$name" $rc "$out"
	rm -f "$out"
}

if [ -z "$only" ] || [ "$only" = unit ]; then
	for t in "$WTF_BUILD"/tests/test_*; do
		[ -x "$t" ] && run "unit/$(basename "$t")" "$t"
	done
fi
for suite in probe e2e; do
	if [ -z "$only" ] || [ "$only" = $suite ]; then
		for t in "$root"/tests/$suite/test_*.py; do
			[ -e "$t" ] && run "$suite/$(basename "$t")" python3 "$t"
		done
	fi
done
echo
if [ ${#failed_names[@]} -gt 0 ]; then echo "failing suites: ${failed_names[*]}"; fi
echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
