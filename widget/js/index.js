// The npm entry: one async factory. The wasm next to this file is loaded on first use.
import init, { loadAmazonPay as load, version as wasmVersion } from './amazon-pay-widget.js';

let ready = null;

/** Loads the wasm (once). Optional: pass another URL of amazon-pay-widget_bg.wasm. */
export function initWidget(wasmUrl) {
  if (!ready) {
    ready = init(wasmUrl === undefined ? undefined : { module_or_path: wasmUrl });
  }
  return ready;
}

/** Loads the widget for a signer (its /v1/config and the region's checkout.js). */
export async function loadAmazonPay(signer) {
  await initWidget();
  return load(signer);
}

/** The widget's version. */
export async function version() {
  await initWidget();
  return wasmVersion();
}
