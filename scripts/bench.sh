#!/usr/bin/env bash
# Benchmarks, one command. Builds the page, then:
#   1. native:  cargo run --release --example bench -- --json target/bench/native.json
#               (the reference workload of src/bench.rs: variants A, B, C; median of 9 runs)
#   2. browser: node tests/e2e/bench.mjs -> www/bench.html in headless Chromium: TuneLab's wasm
#               engine (median of 7 runs) and, in the same session, TensorFlow.js 4.22 (cpu and
#               wasm backends; pinned in bench/package.json, installed into bench/node_modules by
#               this script only, copied into the git-ignored www/vendor/) on the same workload
#               -> target/bench/web.json
#   3. page:    node tests/e2e/pageperf.mjs -> size of the shipped page code (raw, gzip -9),
#               first interactive frame (median of 5 loads), the default grid-vs-random race
#               end to end and its "Repeat 200 times" (15,000 real trainings; target ≤ 10 s on
#               2 workers) -> target/bench/page.json
#   4. caviar:  node tests/e2e/caviarperf.mjs -> the caviar view of 24 and of 64 models, and the
#               batch-norm lab's sensitivity maps at their defaults:
#               trainings per second and the frame rate of the curve view while training
#               -> target/bench/caviar.json
#   5. report:  node scripts/bench-report.mjs -> one table with the TuneLab/TF.js and
#               TuneLab/JAX ratios, printed and written to target/bench/summary.md
# The load average at each stage goes into the report: the machine may be shared.
#
# Usage: scripts/bench.sh [--native-only | --web-only] [--no-build] [--quick] [-- ARGS for the native example]
#   --native-only  only step 1 (and the report)        --web-only  steps 2-4 (and the report)
#   --no-build     use the www/pkg already built        --quick     fewer runs (3), fewer TF.js steps
#   BENCH_QUERY='runs=7&tfSteps=500&engines=tunelab,tfjs-cpu,tfjs-wasm&tfStyle=loop,layers'
#   overrides the browser bench's options (see www/js/bench.js).
#   BENCH_OUT=DIR writes the figures there instead of target/bench.
set -euo pipefail
# shellcheck source=scripts/lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

native=1 web=1 build=1 quick=0 extra=()
while (( $# )); do
  case "$1" in
    --native-only) web=0 ;;
    --web-only) native=0 ;;
    --no-build) build=0 ;;
    --quick) quick=1 ;;
    --) shift; extra=("$@"); break ;;
    -h|--help) sed -n '2,26p' "$0"; exit 0 ;;
    *) die "unknown argument: $1 (see --help)" ;;
  esac
  shift
done

OUT="${BENCH_OUT:-target/bench}"
mkdir -p "$OUT"
rm -f "$OUT/native.json" "$OUT/web.json" "$OUT/page.json" "$OUT/caviar.json" "$OUT/summary.md"
: > "$OUT/load.tsv"
stamp() { printf '%s\t%s\t%s\n' "$1" "$2" "$(cut -d' ' -f1-3 /proc/loadavg)" >> "$OUT/load.tsv"; }

if (( quick )); then
  native_runs=(--runs 3)
  export BENCH_QUERY="${BENCH_QUERY:-runs=3&tfSteps=200}"
  page_args=(--loads 3 --races 1)
  caviar_args=(--runs 1)
else
  native_runs=()
  page_args=(--loads 5 --races 3)
  caviar_args=(--runs 3)
fi

status=0
if (( web )); then
  ensure_wasm_target
  ensure_wasm_bindgen
  ensure_npm_deps
  ensure_bench_npm_deps
  ensure_chromium
  if (( build )); then bash scripts/build.sh --no-install; fi
  [[ -f www/pkg/tunelab_bg.wasm ]] || die "www/pkg is not built (run scripts/build.sh, or drop --no-build)"
fi

if (( native )); then
  ensure_rust
  log "native: cargo run --release --example bench -- --json $OUT/native.json ${native_runs[*]:-} ${extra[*]:-}"
  cargo build --release --example bench --quiet || die "building the native bench failed"
  stamp native start
  t0=$(now)
  if cargo run --release --quiet --example bench -- --json "$OUT/native.json" "${native_runs[@]}" "${extra[@]}"; then
    ok "native bench done in $(( $(now) - t0 ))s"
  else
    warn "native bench failed"; status=1
  fi
  stamp native end
fi

if (( web )); then
  log "browser: node tests/e2e/bench.mjs (TuneLab wasm + TF.js cpu/wasm in headless Chromium)"
  stamp browser start
  t0=$(now)
  if node tests/e2e/bench.mjs --out "$OUT/web.json" > "$OUT/web.log"; then
    ok "browser bench done in $(( $(now) - t0 ))s"
  else
    warn "browser bench failed (see above; its output is in $OUT/web.log)"; status=1
  fi
  stamp browser end

  log "page: node tests/e2e/pageperf.mjs (sizes, first interactive frame, default race)"
  stamp page start
  t0=$(now)
  if node tests/e2e/pageperf.mjs --out "$OUT/page.json" "${page_args[@]}" > "$OUT/page.log"; then
    ok "page figures done in $(( $(now) - t0 ))s"
  else
    warn "page figures failed (see above; $OUT/page.log)"; status=1
  fi
  stamp page end

  log "caviar: node tests/e2e/caviarperf.mjs (24 and 64 models: trainings/s, frame rate)"
  stamp caviar start
  t0=$(now)
  if node tests/e2e/caviarperf.mjs --out "$OUT/caviar.json" "${caviar_args[@]}" > "$OUT/caviar.log"; then
    ok "caviar figures done in $(( $(now) - t0 ))s"
  else
    warn "caviar figures failed (see above; $OUT/caviar.log)"; status=1
  fi
  stamp caviar end
fi

echo
node scripts/bench-report.mjs --dir "$OUT" || status=1
exit "$status"
