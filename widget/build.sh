#!/usr/bin/env bash
# Builds the widget's two deliverables into target/widget/:
#   npm/     the npm package (ES module + .wasm + .d.ts + README + package.json); `npm pack` it
#   script/  the script-tag bundle: amazon-pay-widget.js (classic script, auto-initialises from
#            data-* attributes) and amazon-pay-widget.wasm next to it
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
VERSION=$(awk -F'"' '/^version *=/{print $2; exit}' "$ROOT/Cargo.toml")

cargo build --release --target wasm32-unknown-unknown -p amazon-pay-widget
CARGO_TARGET="${CARGO_TARGET_DIR:-$ROOT/target}"
case "$CARGO_TARGET" in /*) ;; *) CARGO_TARGET="$ROOT/$CARGO_TARGET" ;; esac
WASM="$CARGO_TARGET/wasm32-unknown-unknown/release/amazon_pay_widget.wasm"

rm -rf "$OUT"
mkdir -p "$OUT/npm" "$OUT/script" "$OUT/tmp"

# npm: ES module glue (--target web) for bundlers such as Vite.
wasm-bindgen "$WASM" --out-dir "$OUT/tmp/web" --target web --out-name amazon-pay-widget
wasm-opt -Oz "$OUT/tmp/web/amazon-pay-widget_bg.wasm" -o "$OUT/npm/amazon-pay-widget_bg.wasm"
cp "$OUT/tmp/web/amazon-pay-widget.js" "$OUT/tmp/web/amazon-pay-widget.d.ts" "$OUT/npm/"
cp "$JS/index.js" "$JS/index.d.ts" "$ROOT/widget/README.md" "$OUT/npm/"
sed "s/__VERSION__/$VERSION/" "$JS/package.json" >"$OUT/npm/package.json"

# script tag: classic-script glue (--target no-modules) wrapped in one function scope (no
# global `wasm_bindgen` left behind), plus the bootstrap; the .wasm sits next to it.
wasm-bindgen "$WASM" --out-dir "$OUT/tmp/classic" --target no-modules --out-name amazon-pay-widget
wasm-opt -Oz "$OUT/tmp/classic/amazon-pay-widget_bg.wasm" -o "$OUT/script/amazon-pay-widget.wasm"
sri() { echo "sha384-$(openssl dgst -sha384 -binary "$1" | openssl base64 -A)"; }
WASM_SRI=$(sri "$OUT/script/amazon-pay-widget.wasm")
{
  echo "/*! amazon-pay-widget $VERSION | MIT OR Apache-2.0 */"
  echo "(function () {"
  echo "'use strict';"
  cat "$OUT/tmp/classic/amazon-pay-widget.js"
  sed -e "s#__WASM_INTEGRITY__#$WASM_SRI#" -e "s/__VERSION__/$VERSION/" "$JS/script-tag.js"
  echo "})();"
} >"$OUT/tmp/amazon-pay-widget.js"
# Minified with the esbuild that comes with wrangler (comments kept: the licence line).
esbuild "$OUT/tmp/amazon-pay-widget.js" --minify --target=es2020 --legal-comments=inline \
  --log-level=warning --outfile="$OUT/script/amazon-pay-widget.js"
rm -rf "$OUT/tmp"

size() { printf '%-46s %8d B  gzip %7d B\n' "$(basename "$(dirname "$1")")/$(basename "$1")" "$(stat -c%s "$1")" "$(gzip -9c "$1" | wc -c)"; }
echo
size "$OUT/npm/amazon-pay-widget.js"
size "$OUT/npm/amazon-pay-widget_bg.wasm"
size "$OUT/script/amazon-pay-widget.js"
size "$OUT/script/amazon-pay-widget.wasm"
total=$(( $(gzip -9c "$OUT/script/amazon-pay-widget.js" | wc -c) + $(gzip -9c "$OUT/script/amazon-pay-widget.wasm" | wc -c) ))
echo "script tag total (js + wasm, gzip): $total B (budget 61440 B)"
echo
echo "SRI of script/amazon-pay-widget.js:"
echo "  integrity=\"$(sri "$OUT/script/amazon-pay-widget.js")\""
echo "  (the bundle fetches its .wasm with integrity=\"$WASM_SRI\")"
if [ "$total" -gt 61440 ]; then
  echo "over the 60 KB budget" >&2
  exit 1
fi
