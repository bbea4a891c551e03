# shellcheck shell=bash
# Shared helpers for scripts/*.sh. Source it; do not run it.
#
# Every ensure_* function is idempotent: it checks first and returns at once when the tool is
# already there, so the scripts stay fast on a warm machine and still work on a fresh one.

# Repo root = parent of this file's directory; every script works from there.
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT" || exit 1

# cargo install puts binaries here; make sure they win over anything else on PATH.
export CARGO_HOME="${CARGO_HOME:-$HOME/.cargo}"
export PATH="$CARGO_HOME/bin:$ROOT/node_modules/.bin:$PATH"

# Pinned tool versions (the npm ones are pinned in package.json / package-lock.json).
WASM_TARGET=wasm32-unknown-unknown
WASM_PACK_VERSION="${WASM_PACK_VERSION:-0.15.1}"
CHROMIUM_BIN=/usr/bin/chromium
CHROMEDRIVER_BIN=/usr/bin/chromedriver
FIREFOX_BIN=/usr/bin/firefox-esr
GECKODRIVER_VERSION="${GECKODRIVER_VERSION:-0.37.1}"

if [[ -t 1 ]]; then
  _B=$'\e[1m' _G=$'\e[32m' _R=$'\e[31m' _Y=$'\e[33m' _N=$'\e[0m'
else
  _B='' _G='' _R='' _Y='' _N=''
fi

log()  { printf '%s==>%s %s\n' "$_B" "$_N" "$*" >&2; }
ok()   { printf '%s  ok%s %s\n' "$_G" "$_N" "$*" >&2; }
warn() { printf '%swarning:%s %s\n' "$_Y" "$_N" "$*" >&2; }
die()  { printf '%serror:%s %s\n' "$_R" "$_N" "$*" >&2; exit 1; }

have() { command -v "$1" >/dev/null 2>&1; }

# Run as root, or through sudo when available.
as_root() {
  if [[ $(id -u) -eq 0 ]]; then "$@"
  elif have sudo; then sudo "$@"
  else die "need root (or sudo) to run: $*"
  fi
}

now() { date +%s; }

ensure_rust() {
  have cargo || die "cargo not found. Install Rust with rustup (https://rustup.rs), then re-run."
  have rustup || die "rustup not found; it is needed to add the $WASM_TARGET target."
}

ensure_wasm_target() {
  ensure_rust
  if rustup target list --installed 2>/dev/null | grep -qx "$WASM_TARGET"; then
    ok "rust target $WASM_TARGET"
  else
    log "rustup target add $WASM_TARGET"
    rustup target add "$WASM_TARGET" || die "could not add the $WASM_TARGET target"
  fi
}

# The exact wasm-bindgen version the crate resolves to (the CLI must match it exactly).
wasm_bindgen_locked_version() {
  if [[ ! -f Cargo.lock ]]; then
    log "no Cargo.lock yet: cargo generate-lockfile" >&2
    cargo generate-lockfile --quiet || die "cargo generate-lockfile failed"
  fi
  local v
  v="$(awk '$0 == "name = \"wasm-bindgen\"" { getline; gsub(/"/, "", $3); print $3; exit }' Cargo.lock)"
  [[ -n "$v" ]] || die "no wasm-bindgen entry in Cargo.lock (is wasm-bindgen a dependency in Cargo.toml?)"
  printf '%s\n' "$v"
}

ensure_wasm_bindgen() {
  ensure_rust
  local want have_v=""
  want="$(wasm_bindgen_locked_version)"
  if have wasm-bindgen; then have_v="$(wasm-bindgen --version 2>/dev/null | awk '{print $2}')"; fi
  if [[ "$have_v" == "$want" ]] && have wasm-bindgen-test-runner; then
    ok "wasm-bindgen-cli $want"
    return
  fi
  log "cargo install wasm-bindgen-cli --version $want (have: ${have_v:-none}; takes 2-3 min)"
  # No --locked: 0.2.130's own lockfile pins a crate version the registry lacks.
  cargo install wasm-bindgen-cli --version "$want" --force --quiet \
    || die "cargo install wasm-bindgen-cli --version $want failed"
  have_v="$(wasm-bindgen --version | awk '{print $2}')"
  [[ "$have_v" == "$want" ]] || die "wasm-bindgen on PATH is $have_v, expected $want ($(command -v wasm-bindgen))"
}

ensure_wasm_pack() {
  ensure_rust
  if have wasm-pack; then
    ok "$(wasm-pack --version)"
    return
  fi
  log "cargo install wasm-pack --version $WASM_PACK_VERSION --locked (takes ~2 min)"
  cargo install wasm-pack --version "$WASM_PACK_VERSION" --locked --quiet \
    || die "cargo install wasm-pack failed"
}

ensure_node() {
  if have node && have npm; then
    local major
    major="$(node -p 'process.versions.node.split(".")[0]')"
    if (( major >= 20 )); then ok "node $(node --version), npm $(npm --version)"; return; fi
    die "node $(node --version) is too old: playwright-core needs Node >= 20"
  fi
  log "apt-get install nodejs npm"
  apt_install nodejs npm
  { have node && have npm; } || die "node/npm still missing after apt-get install"
  local major
  major="$(node -p 'process.versions.node.split(".")[0]')"
  (( major >= 20 )) || die "node $(node --version) is too old: playwright-core needs Node >= 20"
}

# DIR/node_modules matches DIR/package-lock.json? (npm writes node_modules/.package-lock.json on
# install.) Every package the lockfile lists must be installed at its locked version, except an
# optional one that npm left out (a platform-specific build for another OS or CPU).
npm_deps_current() {
  local dir=${1:-.}
  [[ -f $dir/node_modules/.package-lock.json ]] || return 1
  (cd "$dir" && node -e '
    const fs = require("fs");
    const want = JSON.parse(fs.readFileSync("package-lock.json", "utf8")).packages;
    for (const [p, meta] of Object.entries(want)) {
      if (!p) continue;
      let got;
      try { got = JSON.parse(fs.readFileSync(p + "/package.json", "utf8")).version; } catch {
        if (meta.optional) continue;
        process.exit(1);
      }
      if (got !== meta.version) process.exit(1);
    }' 2>/dev/null)
}

# npm ci in DIR unless its node_modules already matches its lockfile.
npm_ci_in() {
  local dir=$1
  [[ -f $dir/package-lock.json ]] || die "$dir/package-lock.json missing (run: npm install --prefix $dir)"
  if npm_deps_current "$dir"; then
    ok "npm deps in $dir/ (node_modules matches package-lock.json)"
  else
    log "npm ci in $dir/"
    (cd "$dir" && npm ci --no-audit --no-fund --loglevel=error) || die "npm ci in $dir/ failed"
  fi
}

# The build's and the tests' npm tools (package.json): binaryen's wasm-opt, playwright-core.
ensure_npm_deps() {
  ensure_node
  npm_ci_in .
  [[ -x node_modules/.bin/wasm-opt ]] || die "node_modules/.bin/wasm-opt missing after npm ci"
}

# The benchmark's own npm tools (bench/package.json: TensorFlow.js, wabt; about 100 MB), kept
# out of the test install. Only scripts/bench.sh calls this.
ensure_bench_npm_deps() {
  ensure_node
  npm_ci_in bench
  [[ -f bench/node_modules/@tensorflow/tfjs-core/package.json ]] \
    || die "bench/node_modules/@tensorflow/tfjs-core missing after npm ci"
}

APT_UPDATED=0
apt_install() {
  have apt-get || die "apt-get not found: install these by hand: $*"
  if (( APT_UPDATED == 0 )); then
    log "apt-get update"
    as_root env DEBIAN_FRONTEND=noninteractive apt-get update -qq || die "apt-get update failed"
    APT_UPDATED=1
  fi
  log "apt-get install -y $*"
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "$@" >/dev/null \
    || die "apt-get install $* failed"
}

pkg_installed() { dpkg-query -W -f='${Status}' "$1" 2>/dev/null | grep -q 'install ok installed'; }

ensure_chromium() {
  local missing=()
  [[ -x $CHROMIUM_BIN ]] || missing+=(chromium)
  [[ -x $CHROMEDRIVER_BIN ]] || missing+=(chromium-driver)
  if have dpkg-query; then
    pkg_installed fonts-dejavu-core || missing+=(fonts-dejavu-core)
    # Chinese on the page and its canvases needs a CJK font (1.6 MB; fonts-noto-cjk is 57 MB).
    pkg_installed fonts-wqy-microhei || missing+=(fonts-wqy-microhei)
  fi
  if (( ${#missing[@]} )); then
    apt_install "${missing[@]}"
  fi
  [[ -x $CHROMIUM_BIN ]] || die "$CHROMIUM_BIN missing"
  [[ -x $CHROMEDRIVER_BIN ]] || die "$CHROMEDRIVER_BIN missing"
  ok "$("$CHROMIUM_BIN" --version 2>/dev/null | head -n1), chromedriver $("$CHROMEDRIVER_BIN" --version | awk '{print $2}')"
}

# The second browser engine for the tests: Debian's firefox-esr and geckodriver (built from
# crates.io: its npm package downloads a binary, which this machine cannot).
ensure_firefox() {
  ensure_rust
  if [[ ! -x $FIREFOX_BIN ]]; then
    apt_install firefox-esr
  fi
  [[ -x $FIREFOX_BIN ]] || die "$FIREFOX_BIN missing after apt-get install firefox-esr"
  local have_v=""
  if have geckodriver; then have_v="$(geckodriver --version 2>/dev/null | awk 'NR==1 {print $2}')"; fi
  if [[ "$have_v" != "$GECKODRIVER_VERSION" ]]; then
    log "cargo install geckodriver --version $GECKODRIVER_VERSION --locked (about 2 min)"
    cargo install geckodriver --version "$GECKODRIVER_VERSION" --locked --force --quiet \
      || die "cargo install geckodriver failed"
  fi
  ok "$("$FIREFOX_BIN" --version 2>/dev/null | head -n1), geckodriver $GECKODRIVER_VERSION"
}

# Where cargo puts build output (honours CARGO_TARGET_DIR and config).
cargo_target_dir() {
  cargo metadata --format-version 1 --no-deps 2>/dev/null \
    | sed -n 's/.*"target_directory":"\([^"]*\)".*/\1/p'
}
