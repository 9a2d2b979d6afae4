#!/usr/bin/env bash
# Builds the widget's two deliverables into target/widget/:
#   npm/     the npm package (ES module + .wasm + .d.ts + README + package.json); `npm pack` it
#   script/  the script-tag bundle: amazon-pay-widget.js (classic script, auto-initialises from
#            data-* attributes) and amazon-pay-widget.wasm next to it, the button alone; on a
#            return page it loads amazon-pay-widget-pages.js (+ .wasm), which has everything
# and prints sizes (raw and gzip -9) and the SRI hash of the script-tag bundle.
# Needs wasm-bindgen-cli equal to the wasm-bindgen crate (0.2.130) and binaryen's wasm-opt from
# node_modules (Debian's is too old). Note: `strip = true` in the profile breaks wasm-opt.
set -euo pipefail

ROOT=$(cd "$(dirname "$0")/.." && pwd)
OUT="$ROOT/target/widget"
JS="$ROOT/widget/js"
export PATH="$ROOT/node_modules/.bin:$HOME/.cargo/bin:$PATH"

want=$(awk '$0=="name = \"wasm-bindgen\""{getline; gsub(/"/,"",$3); print $3}' "$ROOT/Cargo.lock")
have=$(wasm-bindgen --version | awk '{print $2}')
if [ "$want" != "$have" ]; then
  echo "wasm-bindgen-cli $have does not match the crate ($want): cargo install wasm-bindgen-cli --version $want" >&2
  exit 1
fi
# The workspace's version ([workspace.package] of Cargo.toml) goes into the npm package's
# package.json and the script-tag bundle's licence line. The package names no repository: the
# project has none in public, and `cargo xtask release --repository URL` adds one to the
# package it packs when there is one.
workspace_field() {
  awk -F'"' -v key="$1" '/^\[/{in_ws=($0=="[workspace.package]")} in_ws && $1 ~ "^"key" *= *$" {print $2; exit}' \
    "$ROOT/Cargo.toml"
}
VERSION=$(workspace_field version)
if [ -z "$VERSION" ]; then
  echo "Cargo.toml: [workspace.package] needs a version" >&2
  exit 1
fi

# Two builds of the crate with the size-first `widget-size` profile (its artefacts live in
# target/widget-size, apart from the deliverables in target/widget): everything (npm, and the
# script-tag bundle of the return pages), and the button alone (the script-tag bundle every
# page loads first; a return page hands over to the other one).
CARGO_TARGET="${CARGO_TARGET_DIR:-$ROOT/target}"
case "$CARGO_TARGET" in /*) ;; *) CARGO_TARGET="$ROOT/$CARGO_TARGET" ;; esac
WASM="$CARGO_TARGET/wasm32-unknown-unknown/widget-size/amazon_pay_widget.wasm"

rm -rf "$OUT"
mkdir -p "$OUT/npm" "$OUT/script" "$OUT/tmp"

cargo build --profile widget-size --target wasm32-unknown-unknown -p amazon-pay-widget
cp "$WASM" "$OUT/tmp/full.wasm"
cargo build --profile widget-size --target wasm32-unknown-unknown -p amazon-pay-widget --no-default-features
cp "$WASM" "$OUT/tmp/button.wasm"

# wasm-opt: size first, passes repeated until nothing shrinks, and without the "producers"
# section (tool names and versions; browsers ignore it).
WASM_OPT_FLAGS="-Oz --converge --strip-producers"

# npm: ES module glue (--target web) for bundlers such as Vite.
wasm-bindgen "$OUT/tmp/full.wasm" --out-dir "$OUT/tmp/web" --target web --out-name amazon-pay-widget
wasm-opt $WASM_OPT_FLAGS "$OUT/tmp/web/amazon-pay-widget_bg.wasm" -o "$OUT/npm/amazon-pay-widget_bg.wasm"
cp "$OUT/tmp/web/amazon-pay-widget.js" "$OUT/tmp/web/amazon-pay-widget.d.ts" "$OUT/npm/"
cp "$JS/index.js" "$JS/index.d.ts" "$ROOT/widget/README.md" "$ROOT/LICENSE-MIT" "$ROOT/LICENSE-APACHE" "$OUT/npm/"
sed -e "s/__VERSION__/$VERSION/" "$JS/package.json" >"$OUT/npm/package.json"

sri() { echo "sha384-$(openssl dgst -sha384 -binary "$1" | openssl base64 -A)"; }

# script tag: classic-script glue (--target no-modules) and the bootstrap in one function scope
# (no global `wasm_bindgen` left behind); the .wasm sits next to it. The glue goes in at the
# bootstrap's `// __WASM_BINDGEN_GLUE__` line: what the bootstrap requests first (the signer's
# /v1/config) is on its way before the glue is evaluated.
#   bundle <wasm> <name> <sri of the pages bundle, or empty>
bundle() {
  local wasm=$1 name=$2 pages=$3
  wasm-bindgen "$wasm" --out-dir "$OUT/tmp/$name" --target no-modules --out-name "$name"
  wasm-opt $WASM_OPT_FLAGS "$OUT/tmp/$name/${name}_bg.wasm" -o "$OUT/script/$name.wasm"
  local wasm_sri
  wasm_sri=$(sri "$OUT/script/$name.wasm")
  {
    echo "/*! amazon-pay-widget $VERSION | MIT OR Apache-2.0 */"
    echo "(function () {"
    echo "'use strict';"
    sed -e "s#__WASM_INTEGRITY__#$wasm_sri#" -e "s#__PAGES_INTEGRITY__#$pages#" \
      -e "s/__WASM_FILE__/$name.wasm/" -e "s/__VERSION__/$VERSION/" "$JS/script-tag.js" |
      awk -v glue="$OUT/tmp/$name/$name.js" '
        /^ *\/\/ __WASM_BINDGEN_GLUE__$/ { while ((getline line < glue) > 0) print line; found = 1; next }
        { print }
        END { if (!found) { print "script-tag.js has no // __WASM_BINDGEN_GLUE__ line" > "/dev/stderr"; exit 1 } }'
    echo "})();"
  } >"$OUT/tmp/$name.js"
  # Minified with the esbuild that comes with wrangler (comments kept: the licence line).
  esbuild "$OUT/tmp/$name.js" --minify --target=es2020 --legal-comments=inline \
    --log-level=warning --outfile="$OUT/tmp/$name.min.js"
  # V8's compile hint (Chrome 136+; a plain comment elsewhere), which must open the file: every
  # function of the bundle runs while the button loads, so compile them all with the script
  # instead of one by one on the main thread at their first call.
  { echo "//# allFunctionsCalledOnLoad"; cat "$OUT/tmp/$name.min.js"; } >"$OUT/script/$name.js"
}
bundle "$OUT/tmp/full.wasm" amazon-pay-widget-pages ""
bundle "$OUT/tmp/button.wasm" amazon-pay-widget "$(sri "$OUT/script/amazon-pay-widget-pages.js")"
rm -rf "$OUT/tmp"

size() { printf '%-46s %8d B  gzip %7d B\n' "$(basename "$(dirname "$1")")/$(basename "$1")" "$(wc -c <"$1")" "$(gzip -9c "$1" | wc -c)"; }
echo
size "$OUT/npm/amazon-pay-widget.js"
size "$OUT/npm/amazon-pay-widget_bg.wasm"
size "$OUT/script/amazon-pay-widget.js"
size "$OUT/script/amazon-pay-widget.wasm"
size "$OUT/script/amazon-pay-widget-pages.js"
size "$OUT/script/amazon-pay-widget-pages.wasm"
gz() { gzip -9c "$1" | wc -c; }
total=$(( $(gz "$OUT/script/amazon-pay-widget.js") + $(gz "$OUT/script/amazon-pay-widget.wasm") ))
pages=$(( $(gz "$OUT/script/amazon-pay-widget.js") + $(gz "$OUT/script/amazon-pay-widget-pages.js") \
  + $(gz "$OUT/script/amazon-pay-widget-pages.wasm") ))
echo "button page, script tag total (js + wasm, gzip): $total B (budget 60000 B)"
echo "return page (js, then pages js + wasm, gzip):    $pages B"
echo
echo "SRI of script/amazon-pay-widget.js (it carries the hashes of the rest):"
echo "  integrity=\"$(sri "$OUT/script/amazon-pay-widget.js")\""
if [ "$total" -gt 60000 ]; then
  echo "over the 60,000 B budget" >&2
  exit 1
fi
