#!/usr/bin/env bash
# Runs every test: the Swift unit tests (XCTest), then the end-to-end tests (pytest: the real
# binaries in tmux, against the emulator, judged by botocore). Prints one combined summary line.
set -uo pipefail
cd "$(dirname "$0")/.."
export AWS_SSO_TUI_BIN_DIR="$(swift build --show-bin-path)"
log=$(mktemp)

echo "== swift test"
swift test 2>&1 | tee "$log" | grep -E "error:|failed|Executed|passed at|failed at" | grep -v "^Test Case .* passed" | tail -40
swift_rc=${PIPESTATUS[0]}
s_total=$(grep -Eo "Executed [0-9]+ tests?, with [0-9]+ failures?" "$log" | tail -1)
s_run=$(echo "$s_total" | grep -Eo "Executed [0-9]+" | grep -Eo "[0-9]+" || echo 0)
s_fail=$(echo "$s_total" | grep -Eo "with [0-9]+" | grep -Eo "[0-9]+" || echo 0)
[ -z "$s_run" ] && s_run=0
[ -z "$s_fail" ] && s_fail=0
if [ "$swift_rc" -ne 0 ] && [ "$s_fail" -eq 0 ]; then
  echo "swift test failed before running tests:"; grep -E "error" "$log" | head -20; s_fail=1
fi

echo "== pytest tests/e2e"
python3 -m pytest -q -p no:cacheprovider tests/e2e "$@" 2>&1 | tee "$log"
py_rc=${PIPESTATUS[0]}
p_pass=$(grep -Eo "[0-9]+ passed" "$log" | tail -1 | grep -Eo "[0-9]+" || echo 0)
p_fail=$(grep -Eo "[0-9]+ (failed|error)" "$log" | awk '{s+=$1} END {print s+0}')
[ -z "$p_pass" ] && p_pass=0
if [ "$py_rc" -ne 0 ] && [ "$p_fail" -eq 0 ]; then p_fail=1; fi
rm -f "$log"

passed=$(( s_run - s_fail + p_pass ))
failed=$(( s_fail + p_fail ))
echo
echo "swift: $((s_run - s_fail)) passed, $s_fail failed; e2e: $p_pass passed, $p_fail failed"
echo "tests: $passed passed, $failed failed"
[ "$failed" -eq 0 ] && [ "$passed" -gt 0 ]
