// Imports the widget's npm entry in Node (no DOM), as server-side rendering does, with every
// browser global replaced by a getter that records its use; then checks AmazonPayError.
// stdin: {"entry": "/abs/path/index.js"}
// stdout: {"touched": [...], "exports": [...], "widgetErrorIsInstance": bool,
//          "plainErrorIsInstance": bool, "constructed": {...}}
import { pathToFileURL } from 'node:url';

const BROWSER_GLOBALS = [
  'window', 'document', 'navigator', 'location', 'history', 'sessionStorage', 'localStorage',
  'HTMLElement', 'Element', 'customElements', 'requestAnimationFrame', 'self', 'matchMedia',
  'MutationObserver', 'ResizeObserver', 'IntersectionObserver', 'addEventListener', 'fetch',
  'crypto', 'screen', 'innerWidth',
];

let input = '';
process.stdin.on('data', (c) => { input += c; });
process.stdin.on('end', async () => {
  const { entry } = JSON.parse(input);
  const touched = [];
  for (const name of BROWSER_GLOBALS) {
    Object.defineProperty(globalThis, name, {
      configurable: true,
      get() { touched.push(name); return undefined; },
      set() { touched.push(name); },
    });
  }
  const m = await import(pathToFileURL(entry).href);
  const seen = touched.slice();
  // What the wasm makes: an Error named AmazonPayError with a string code.
  const widgetError = Object.assign(new Error('offline'), { name: 'AmazonPayError', code: 'NETWORK_ERROR' });
  const made = new m.AmazonPayError('SIGNER_ERROR', 'refused', { requestId: 'r-1', retryable: false, status: 400 });
  process.stdout.write(JSON.stringify({
    touched: seen,
    exports: Object.keys(m).sort(),
    widgetErrorIsInstance: widgetError instanceof m.AmazonPayError,
    plainErrorIsInstance: new Error('x') instanceof m.AmazonPayError,
    constructed: {
      isInstance: made instanceof m.AmazonPayError,
      isError: made instanceof Error,
      name: made.name, code: made.code, message: made.message,
      requestId: made.requestId, retryable: made.retryable, status: made.status,
    },
  }));
});
