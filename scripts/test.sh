#!/usr/bin/env bash
# Runs every test: the Swift unit tests (XCTest), then the end-to-end tests (pytest: the real
# binaries in tmux, against the emulator, judged by botocore). Prints one combined summary line
# with passed, failed and skipped counts.
#
# A skipped test fails the run: `make test` installs everything the tests need, so a skip means a
# suite that should have run did not. The one exception is a test that needs a power the user
# running it may not have (giving a file to another owner needs root); its reason is allowed below.
set -uo pipefail
cd "$(dirname "$0")/.."
export AWS_SSO_TUI_BIN_DIR="$(swift build --show-bin-path)"
ALLOWED_SKIP='only root can'
log=$(mktemp)
skips=$(mktemp)

echo "== swift test"
swift test 2>&1 | tee "$log" | grep -E "error:|failed|skipped|Executed|passed at|failed at" | grep -v "^Test Case .* passed" | tail -40
swift_rc=${PIPESTATUS[0]}
# corelibs XCTest: "Executed 182 tests, with 0 failures (0 unexpected)" or
# "Executed 182 tests, with 2 tests skipped and 0 failures (0 unexpected)"; the last one is the total.
s_total=$(grep -Eo "Executed [0-9]+ tests?, with ([0-9]+ tests? skipped and )?[0-9]+ failures?" "$log" | tail -1)
s_run=$(echo "$s_total" | sed -nE 's/Executed ([0-9]+).*/\1/p')
s_skip=$(echo "$s_total" | sed -nE 's/.* ([0-9]+) tests? skipped.*/\1/p')
s_fail=$(echo "$s_total" | sed -nE 's/.* ([0-9]+) failures?$/\1/p')
s_run=${s_run:-0}; s_skip=${s_skip:-0}; s_fail=${s_fail:-0}
if [ "$swift_rc" -ne 0 ] && [ "$s_fail" -eq 0 ]; then
  echo "swift test failed before running tests:"; grep -E "error" "$log" | head -20; s_fail=1
fi
# One line per skip with its reason: "<file>:<line>: T.testA : Test skipped - <reason>".
grep -E ": Test skipped( - |$)" "$log" >> "$skips" || true

echo "== pytest tests/e2e"
python3 -m pytest -q -rs -p no:cacheprovider tests/e2e "$@" 2>&1 | tee "$log"
py_rc=${PIPESTATUS[0]}
p_last=$(grep -E "[0-9]+ (passed|failed|error|skipped)" "$log" | tail -1)
p_pass=$(echo "$p_last" | grep -Eo "[0-9]+ passed" | grep -Eo "[0-9]+" || true)
p_skip=$(echo "$p_last" | grep -Eo "[0-9]+ skipped" | grep -Eo "[0-9]+" || true)
p_fail=$(echo "$p_last" | grep -Eo "[0-9]+ (failed|errors?)" | awk '{s+=$1} END {print s+0}')
p_pass=${p_pass:-0}; p_skip=${p_skip:-0}
if [ "$py_rc" -ne 0 ] && [ "$p_fail" -eq 0 ]; then p_fail=1; fi
grep -E "^SKIPPED" "$log" >> "$skips" || true
rm -f "$log"

skipped=$(( s_skip + p_skip ))
allowed=$(grep -c "$ALLOWED_SKIP" "$skips" || true)
bad_skip=0
if [ "$skipped" -gt 0 ]; then
  echo; echo "skipped:"; sed 's/^/  /' "$skips"
  if [ "$skipped" -gt "${allowed:-0}" ]; then
    echo "a suite that should run was skipped (make deps installs what the tests need): the run fails"
    bad_skip=1
  fi
fi
rm -f "$skips"

passed=$(( s_run - s_fail - s_skip + p_pass ))
failed=$(( s_fail + p_fail ))
echo
echo "swift: $((s_run - s_fail - s_skip)) passed, $s_fail failed, $s_skip skipped; e2e: $p_pass passed, $p_fail failed, $p_skip skipped"
echo "tests: $passed passed, $failed failed, $skipped skipped"
[ "$failed" -eq 0 ] && [ "$passed" -gt 0 ] && [ "$bad_skip" -eq 0 ]
