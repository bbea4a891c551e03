#!/usr/bin/env bash
# Benchmarks, native and in the browser (skeleton: the bench programs are written separately).
#   1. native:  cargo run --release --example bench      (examples/bench.rs)
#   2. browser: scripts/build.sh, then node tests/e2e/bench.mjs  (opens www/bench.html and waits
#               for window.benchResults; writes target/bench/web.json)
#
# Usage: scripts/bench.sh [--native-only | --web-only] [-- ARGS for the native example]
set -euo pipefail
# shellcheck source=scripts/lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

native=1 web=1 extra=()
while (( $# )); do
  case "$1" in
    --native-only) web=0 ;;
    --web-only) native=0 ;;
    --) shift; extra=("$@"); break ;;
    -h|--help) sed -n '2,7p' "$0"; exit 0 ;;
    *) die "unknown argument: $1 (see --help)" ;;
  esac
  shift
done

status=0
if (( native )); then
  [[ -f examples/bench.rs || -f examples/bench/main.rs ]] \
    || die "examples/bench.rs does not exist yet: the native benchmark is missing"
  log "native: cargo run --release --example bench ${extra[*]:-}"
  t0=$(now)
  if cargo run --release --example bench -- "${extra[@]}"; then
    ok "native bench done in $(( $(now) - t0 ))s"
  else
    warn "native bench failed"; status=1
  fi
fi

if (( web )); then
  [[ -f www/bench.html ]] || die "www/bench.html does not exist yet: the browser benchmark page is missing"
  [[ -f tests/e2e/bench.mjs ]] || die "tests/e2e/bench.mjs is missing"
  ensure_wasm_target
  ensure_wasm_bindgen
  ensure_npm_deps
  ensure_chromium
  bash scripts/build.sh --no-install
  log "browser: node tests/e2e/bench.mjs"
  t0=$(now)
  if node tests/e2e/bench.mjs; then
    ok "browser bench done in $(( $(now) - t0 ))s"
  else
    warn "browser bench failed"; status=1
  fi
fi
exit "$status"
