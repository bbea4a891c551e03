#!/usr/bin/env bash
# Build the web page's wasm package into www/pkg/:
#   cargo build (release, wasm32) -> wasm-bindgen --target web -> wasm-opt -O3 (npm binaryen).
#
# Usage: scripts/build.sh [--no-install] [--no-opt]
#   --no-install  don't check/install tools (the caller already did; serve.sh and test.sh do)
#   --no-opt      skip wasm-opt (also: TUNELAB_WASM_OPT=0)
set -euo pipefail
# shellcheck source=scripts/lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

install=1
opt="${TUNELAB_WASM_OPT:-1}"
for arg in "$@"; do
  case "$arg" in
    --no-install) install=0 ;;
    --no-opt) opt=0 ;;
    -h|--help) sed -n '2,8p' "$0"; exit 0 ;;
    *) die "unknown argument: $arg (see --help)" ;;
  esac
done

if (( install )); then
  ensure_wasm_target
  ensure_wasm_bindgen
  if (( opt )); then ensure_npm_deps; fi
fi

OUT=www/pkg
# Features the optimizer may keep/use. Everything here is supported by current Chromium,
# Firefox and Safari; the crate itself is built with +simd128 (.cargo/config.toml).
WASM_OPT_FEATURES=(
  --enable-simd --enable-bulk-memory --enable-nontrapping-float-to-int --enable-sign-ext
  --enable-mutable-globals --enable-reference-types --enable-multivalue
)

have wasm-bindgen || die "wasm-bindgen not found (run without --no-install, or: cargo install wasm-bindgen-cli --version $(wasm_bindgen_locked_version))"
WASM_OPT="$ROOT/node_modules/.bin/wasm-opt"
if (( opt )); then
  [[ -x "$WASM_OPT" ]] || die "$WASM_OPT not found: run 'npm ci' (never use Debian's binaryen: its wasm-opt 108 emits wasm that fails to load)"
fi
target_dir="$(cargo_target_dir)"
[[ -n "$target_dir" ]] || target_dir="$ROOT/target"

# build_package OUT_DIR CARGO_TARGET_DIR [cargo feature flags…]: cargo → wasm-bindgen → wasm-opt.
build_package() {
  local out=$1 tdir=$2; shift 2
  local t0 t1 t2 t3 wasm_in raw_size size
  t0=$(now)
  log "cargo build --lib --release --target $WASM_TARGET $* → $out"
  CARGO_TARGET_DIR="$tdir" cargo build --lib --release --target "$WASM_TARGET" "$@" \
    || die "cargo build for $WASM_TARGET failed (see the compiler errors above)"
  wasm_in="$tdir/$WASM_TARGET/release/tunelab.wasm"
  [[ -f "$wasm_in" ]] || die "$wasm_in was not produced (is [lib] crate-type = [\"cdylib\", ...] set?)"
  t1=$(now)
  rm -rf "$out"
  wasm-bindgen --target web --out-dir "$out" --no-typescript "$wasm_in" \
    || die "wasm-bindgen failed (is the CLI version equal to the wasm-bindgen crate version in Cargo.lock?)"
  raw_size=$(stat -c %s "$out/tunelab_bg.wasm")
  t2=$(now)
  if (( opt )); then
    "$WASM_OPT" -O3 "${WASM_OPT_FEATURES[@]}" "$out/tunelab_bg.wasm" -o "$out/tunelab_bg.opt.wasm" \
      || die "wasm-opt failed"
    mv "$out/tunelab_bg.opt.wasm" "$out/tunelab_bg.wasm"
  fi
  # Cheap sanity check that the module is still valid wasm (the e2e tests load it in Chromium).
  if have node; then
    node -e '
      const b = require("fs").readFileSync(process.argv[1]);
      if (!WebAssembly.validate(b)) { console.error("invalid wasm: " + process.argv[1]); process.exit(1); }
    ' "$out/tunelab_bg.wasm" || die "the built $out/tunelab_bg.wasm does not validate"
  fi
  t3=$(now)
  size=$(stat -c %s "$out/tunelab_bg.wasm")
  ok "$out/tunelab_bg.wasm: $((size / 1024)) KiB (before wasm-opt: $((raw_size / 1024)) KiB); cargo $((t1 - t0))s, wasm-bindgen $((t2 - t1))s, wasm-opt $((t3 - t2))s"
}

(( opt )) && log "wasm-opt: $("$WASM_OPT" --version)"
# Every view (pkg/), and the first view alone (pkg-first/: what a first visit to panda loads;
# built in its own target directory so the two feature sets do not rebuild each other).
build_package "$OUT" "$target_dir"
build_package www/pkg-first "$target_dir/first" --no-default-features

# The offline manifest (www/pkg/precache.js, imported by www/sw.js): every file the page needs
# and a version that changes with any of them.
if have node; then
  node scripts/precache.mjs || die "could not write www/pkg/precache.js"
fi

