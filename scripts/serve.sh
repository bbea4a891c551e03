#!/usr/bin/env bash
# One command from a fresh clone to the running page:
# installs what is missing, builds www/pkg (scripts/build.sh), serves www/ on 127.0.0.1.
#
# Usage: scripts/serve.sh [--no-build]        PORT=8080 scripts/serve.sh
set -euo pipefail
# shellcheck source=scripts/lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

PORT="${PORT:-8000}"
build=1
for arg in "$@"; do
  case "$arg" in
    --no-build) build=0 ;;
    -h|--help) sed -n '2,5p' "$0"; exit 0 ;;
    *) die "unknown argument: $arg (see --help)" ;;
  esac
done
{ [[ "$PORT" =~ ^[0-9]+$ ]] && (( PORT > 0 && PORT < 65536 )); } || die "PORT must be a port number, got '$PORT'"

if (( build )); then
  log "checking tools"
  ensure_wasm_target
  ensure_wasm_bindgen
  ensure_npm_deps
  bash scripts/build.sh --no-install
fi

[[ -f www/index.html ]] || die "www/index.html not found: nothing to serve"
[[ -f www/pkg/tunelab_bg.wasm ]] || die "www/pkg/ is not built (run without --no-build)"

# Fail early and clearly if the port is taken.
port_busy() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }
if port_busy "$PORT"; then
  die "port $PORT on 127.0.0.1 is already in use; pick another: PORT=8081 scripts/serve.sh"
fi

url="http://127.0.0.1:$PORT/"
printf '\n%sTuneLab is served at %s%s   (Ctrl-C stops it)\n\n' "$_B" "$url" "$_N" >&2
if have python3; then
  # python's http.server maps .wasm to application/wasm and .js/.mjs to text/javascript.
  exec python3 -m http.server --bind 127.0.0.1 --directory www "$PORT"
else
  warn "python3 not found; serving with Node instead"
  exec node tests/e2e/serve.mjs --port "$PORT"
fi
