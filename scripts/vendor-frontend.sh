#!/usr/bin/env bash
# Refreshes the vendored front-end files from the npm registry. Only needed
# when upgrading: the files are committed, so building and running Loket
# never needs npm.
#
#   scripts/vendor-frontend.sh            # the pinned versions below
#   HTMX=2.0.12 scripts/vendor-frontend.sh
set -euo pipefail

UTRECHT_CSS="${UTRECHT_CSS:-9.0.4}"     # @utrecht/component-library-css
UTRECHT_TOKENS="${UTRECHT_TOKENS:-5.0.1}" # @utrecht/design-tokens
HTMX="${HTMX:-2.0.11}"                  # htmx.org, major version 2
AXE="${AXE:-4.14.1}"                    # axe-core (tests only)

root="$(cd "$(dirname "$0")/.." && pwd)"
static="$root/internal/web/static/vendor"
testdata="$root/internal/web/testdata/vendor"
tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT

fetch() { # name version -> unpacked dir
	local dir="$tmp/$(echo "$1" | tr '/@' '__')"
	mkdir -p "$dir"
	(cd "$dir" && npm pack --silent "$1@$2" >/dev/null && tar -xzf ./*.tgz)
	echo "$dir/package"
}

css="$(fetch @utrecht/component-library-css "$UTRECHT_CSS")"
tokens="$(fetch @utrecht/design-tokens "$UTRECHT_TOKENS")"
htmx="$(fetch htmx.org "$HTMX")"
axe="$(fetch axe-core "$AXE")"

mkdir -p "$static" "$testdata"
cp "$css/dist/index.css" "$static/utrecht-component-library.css"
cp "$tokens/dist/index.css" "$static/utrecht-design-tokens.css"
cp "$htmx/dist/htmx.min.js" "$static/htmx.min.js"
cp "$axe/axe.min.js" "$testdata/axe.min.js"
cp "$css/LICENSE.md" "$static/LICENSE.utrecht.md" 2>/dev/null || cp "$css/LICENSE" "$static/LICENSE.utrecht" 2>/dev/null || true
cp "$htmx/LICENSE" "$static/LICENSE.htmx" 2>/dev/null || true
cp "$axe/LICENSE" "$testdata/LICENSE.axe-core" 2>/dev/null || true

cat > "$static/VERSIONS" <<VERSIONS
# Vendored by scripts/vendor-frontend.sh from the npm registry; do not edit by hand.
@utrecht/component-library-css $UTRECHT_CSS  -> utrecht-component-library.css (dist/index.css)
@utrecht/design-tokens $UTRECHT_TOKENS  -> utrecht-design-tokens.css (dist/index.css)
htmx.org $HTMX  -> htmx.min.js (dist/htmx.min.js)
axe-core $AXE  -> ../../testdata/vendor/axe.min.js (tests only, not served)
VERSIONS
echo "vendored into $static and $testdata:"
ls -l "$static" "$testdata"
