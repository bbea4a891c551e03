#!/usr/bin/env bash
# Every test, from a fresh clone: installs what the tests need (skipping what is there), then
#   1. native      cargo test --all-targets          (unit, integration, examples/benches build)
#   2. doc         cargo test --doc
#   3. browser     wasm-pack test --headless --chrome (wasm32 tests in headless Chromium)
#      firefox     wasm-pack test --headless --firefox (the same tests in headless Firefox)
#   4. build       scripts/build.sh                   (the page's www/pkg, wasm-opt'd)
#   5. e2e         node --test tests/e2e/*.test.mjs   (the page in Chromium via playwright-core,
#                  and every view in Firefox through geckodriver)
# Runs all steps even when one fails, prints a summary, exits non-zero on any failure.
#
# Usage: scripts/test.sh [--no-install]
# Env:   TUNELAB_WASM_TESTS=cargo   run step 3 as `cargo test --target wasm32-unknown-unknown`
#        WASM_BINDGEN_TEST_TIMEOUT  seconds per browser test binary (default here: 600)
set -euo pipefail
# shellcheck source=scripts/lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

install=1
for arg in "$@"; do
  case "$arg" in
    --no-install) install=0 ;;
    -h|--help) sed -n '2,13p' "$0"; exit 0 ;;
    *) die "unknown argument: $arg (see --help)" ;;
  esac
done

T_START=$(now)
LOG_DIR="$ROOT/target/test-logs"
mkdir -p "$LOG_DIR"

# Browser tests run in Chromium, then in Firefox: with geckodriver on PATH the runner would
# silently pick Firefox, so each step names its driver explicitly and the others are hidden.
export CHROMEDRIVER="$CHROMEDRIVER_BIN"
unset GECKODRIVER SAFARIDRIVER CHROMEDRIVER_REMOTE GECKODRIVER_REMOTE SAFARIDRIVER_REMOTE
export WASM_BINDGEN_TEST_TIMEOUT="${WASM_BINDGEN_TEST_TIMEOUT:-600}"
export CARGO_TERM_COLOR="${CARGO_TERM_COLOR:-never}"
# wasm-pack's update check needs no answer; never prompt.
export CI="${CI:-}"

# ---------------------------------------------------------------------------------- setup ----
if (( install )); then
  log "setup: checking / installing tools"
  t0=$(now)
  ensure_chromium
  ensure_firefox
  ensure_wasm_target
  ensure_wasm_bindgen
  if [[ "${TUNELAB_WASM_TESTS:-wasm-pack}" == wasm-pack ]]; then ensure_wasm_pack; fi
  ensure_npm_deps
  T_SETUP=$(( $(now) - t0 ))
  ok "setup done in ${T_SETUP}s"
else
  T_SETUP=0
fi

# ---------------------------------------------------------------------------------- steps ----
STEP_NAMES=() STEP_STATUS=() STEP_TIME=() STEP_PASS=() STEP_FAIL=() STEP_NOTE=()
TOTAL_PASS=0 TOTAL_FAIL=0 FAILED=0

# Sums of "test result: ... N passed; M failed; ..." lines (cargo's harness and the wasm runner):
# prints "passed failed passed-outside-doctests". The minimum-test check uses the last one, so a
# doctest cannot hide that the real (browser) tests were silently skipped.
cargo_counts() {
  awk '/^ *Doc-tests / { doc = 1 }
       /^ *Running / { doc = 0 }
       /test result: / {
         for (i = 2; i <= NF; i++) {
           if ($(i) ~ /^passed;?$/) { p += $(i-1); if (!doc) n += $(i-1) }
           if ($(i) ~ /^failed;?$/) f += $(i-1);
         }
       } END { printf "%d %d %d\n", p, f, n }' "$1"
}

# run_step NAME MIN_TESTS COUNT_KIND CMD...   (COUNT_KIND: cargo | tap:FILE | none)
run_step() {
  local name=$1 min=$2 kind=$3; shift 3
  local logf="$LOG_DIR/$name.log" t0 rc pass=0 fail=0 counted note=""
  printf '\n%s======== %s: %s%s\n' "$_B" "$name" "$*" "$_N"
  t0=$(now)
  set +e
  "$@" 2>&1 | tee "$logf"
  rc=${PIPESTATUS[0]}
  set -e
  case "$kind" in
    cargo) read -r pass fail counted < <(cargo_counts "$logf") ;;
    tap:*)
      local tap=${kind#tap:}
      if [[ -f $tap ]]; then
        pass=$(awk '/^# pass /{print $3}' "$tap" | tail -n1)
        fail=$(awk '/^# fail /{print $3}' "$tap" | tail -n1)
      fi
      pass=${pass:-0} fail=${fail:-0} ;;
  esac
  counted=${counted:-$pass}
  local status=PASS
  if (( rc != 0 )); then status=FAIL; note="exit code $rc"
  elif (( fail > 0 )); then status=FAIL; note="$fail failed"
  elif (( counted < min )); then status=FAIL; note="ran $counted tests (besides doctests), expected at least $min: silently skipped?"
  fi
  [[ $status == PASS ]] || FAILED=1
  STEP_NAMES+=("$name") STEP_STATUS+=("$status") STEP_TIME+=($(( $(now) - t0 )))
  STEP_PASS+=("$pass") STEP_FAIL+=("$fail") STEP_NOTE+=("$note")
  TOTAL_PASS=$(( TOTAL_PASS + pass )); TOTAL_FAIL=$(( TOTAL_FAIL + fail ))
  if [[ $status == PASS ]]; then ok "$name: $pass passed (${STEP_TIME[-1]}s)"
  else printf '%sFAIL%s %s: %s (log: %s)\n' "$_R" "$_N" "$name" "$note" "${logf#"$ROOT"/}" >&2
  fi
}

skip_step() {
  STEP_NAMES+=("$1") STEP_STATUS+=(SKIP) STEP_TIME+=(0) STEP_PASS+=(0) STEP_FAIL+=(0) STEP_NOTE+=("$2")
  FAILED=1
  warn "$1 skipped: $2"
}

run_step native 1 cargo cargo test --all-targets
run_step doc 0 cargo cargo test --doc   # (min 0: doctests are optional)

if [[ "${TUNELAB_WASM_TESTS:-wasm-pack}" == cargo ]]; then
  run_step browser 1 cargo cargo test --target "$WASM_TARGET"
else
  # Exactly what users type; underneath it is `cargo test --target wasm32-unknown-unknown` with
  # wasm-bindgen-test-runner (.cargo/config.toml) driving /usr/bin/chromedriver.
  run_step browser 1 cargo wasm-pack test --headless --chrome
  # The same browser tests in Gecko: the runner picks the engine from the driver it is given.
  run_step firefox 1 cargo env -u CHROMEDRIVER GECKODRIVER="$(command -v geckodriver)" \
    wasm-pack test --headless --firefox
fi

run_step build 0 none bash scripts/build.sh --no-install
if [[ ${STEP_STATUS[-1]} == PASS ]]; then
  TAP="$LOG_DIR/e2e.tap"
  rm -f "$TAP"
  shopt -s nullglob
  e2e_files=(tests/e2e/*.test.mjs)
  shopt -u nullglob
  if (( ${#e2e_files[@]} == 0 )); then
    skip_step e2e "no tests/e2e/*.test.mjs files"
  else
    run_step e2e 1 "tap:$TAP" node --test --test-concurrency=1 \
      --test-reporter=spec --test-reporter-destination=stdout \
      --test-reporter=tap --test-reporter-destination="$TAP" \
      "${e2e_files[@]}"
  fi
else
  skip_step e2e "the page did not build"
fi

# -------------------------------------------------------------------------------- summary ----
T_TOTAL=$(( $(now) - T_START ))
printf '\n%s======== summary%s (logs in %s/)\n' "$_B" "$_N" "${LOG_DIR#"$ROOT"/}"
printf '  %-8s %-5s %7s %7s %6s  %s\n' step status passed failed time note
if (( install )); then printf '  %-8s %-5s %7s %7s %5ss\n' setup PASS - - "$T_SETUP"; fi
for i in "${!STEP_NAMES[@]}"; do
  printf '  %-8s %-5s %7s %7s %5ss  %s\n' "${STEP_NAMES[$i]}" "${STEP_STATUS[$i]}" \
    "${STEP_PASS[$i]}" "${STEP_FAIL[$i]}" "${STEP_TIME[$i]}" "${STEP_NOTE[$i]}"
done
printf '  total time %ss\n\n' "$T_TOTAL"
if (( FAILED )); then
  printf '%sFAILED%s\n' "$_R" "$_N"
else
  printf '%sALL TESTS PASSED%s\n' "$_G" "$_N"
fi
# The closing line, in the plain form CI reads. A step that failed without a failing test
# (compile error, build failure, too few tests) counts as one failure.
for i in "${!STEP_NAMES[@]}"; do
  if [[ ${STEP_STATUS[$i]} != PASS ]] && (( STEP_FAIL[i] == 0 )); then TOTAL_FAIL=$(( TOTAL_FAIL + 1 )); fi
done
echo "$TOTAL_PASS passed, $TOTAL_FAIL failed"
exit "$FAILED"
