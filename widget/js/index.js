// The npm entry: one async factory and the error class. Importing this module touches no
// browser global (safe during server-side rendering); the wasm next to this file is loaded on
// first use.
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

/**
 * Every error the widget throws, rejects with or emits. The widget's errors are `Error`s named
 * `AmazonPayError` with a string `code`; `instanceof AmazonPayError` recognises them (and
 * instances made with `new`) whichever copy of this module made them.
 */
export class AmazonPayError extends Error {
  constructor(code, message, details = {}) {
    super(message);
    this.name = 'AmazonPayError';
    this.code = code;
    for (const key of ['signerCode', 'status', 'requestId']) {
      if (details[key] !== undefined) this[key] = details[key];
    }
    this.retryable = details.retryable === true;
  }

  static [Symbol.hasInstance](value) {
    return value instanceof Error && value.name === 'AmazonPayError' && typeof value.code === 'string';
  }
}
