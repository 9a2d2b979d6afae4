// Opens the React example (built with Vite, served with the signer and the sandbox) in headless
// Chromium under StrictMode and navigates away from the cart and back a few times without
// reloading. Counts the Amazon Pay buttons on the page and the live event listeners on
// long-lived targets (window, document, media queries: anything but elements) after each visit
// of the cart, so a mount that is not destroyed shows as an extra button or listener.
// stdin: {"url": "http://127.0.0.1:PORT/", "outDir": "...", "visits": 3}
// stdout: {"visits": [{"buttons": N, "listeners": N}], "away": [{"buttons": N, "listeners": N}],
//          "pageErrors": [...], "consoleErrors": [...], "alerts": [...], "error"?}
'use strict';
const path = require('path');
const { chromium } = require(path.resolve(__dirname, '../../node_modules/playwright-core'));

let input = '';
process.stdin.on('data', (c) => { input += c; });
process.stdin.on('end', () => { run(JSON.parse(input)); });

// Runs before the page's scripts: keeps the set of listeners added and not removed on targets
// that outlive a component (elements are left out: removing an element drops its listeners).
const COUNT_LISTENERS = `(() => {
  const ids = new WeakMap();
  let next = 0;
  const id = (o) => { if (!ids.has(o)) ids.set(o, ++next); return ids.get(o); };
  const live = new Set();
  const key = (target, type, fn, options) => {
    const capture = typeof options === 'boolean' ? options : !!(options && options.capture);
    return id(target) + '|' + type + '|' + id(fn) + '|' + capture;
  };
  const add = EventTarget.prototype.addEventListener;
  const remove = EventTarget.prototype.removeEventListener;
  EventTarget.prototype.addEventListener = function (type, fn, options) {
    if (fn && !(this instanceof Element)) live.add(key(this, type, fn, options));
    return add.call(this, type, fn, options);
  };
  EventTarget.prototype.removeEventListener = function (type, fn, options) {
    if (fn && !(this instanceof Element)) live.delete(key(this, type, fn, options));
    return remove.call(this, type, fn, options);
  };
  window.__liveListeners = () => live.size;
})();`;

async function run({ url, outDir, visits }) {
  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM || '/usr/bin/chromium', headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update'],
  });
  const page = await browser.newPage({ viewport: { width: 900, height: 700 } });
  await page.addInitScript(COUNT_LISTENERS);
  const out = { visits: [], away: [], pageErrors: [], consoleErrors: [], alerts: [] };
  page.on('pageerror', (e) => out.pageErrors.push(String(e)));
  page.on('console', (m) => { if (m.type() === 'error') out.consoleErrors.push(m.text()); });
  page.on('response', (r) => { if (r.status() >= 400) out.consoleErrors.push(`${r.status()} ${r.url()}`); });
  const button = '#cart [data-testid="amazonpay-button"]';
  const state = async () => ({
    buttons: await page.locator('[data-testid="amazonpay-button"]').count(),
    listeners: await page.evaluate(() => window.__liveListeners()),
  });
  try {
    await page.goto(url);
    for (let visit = 0; visit < visits; visit += 1) {
      if (visit > 0) await page.click('#to-cart');
      await page.waitForSelector(`${button}, [role="alert"]`, { timeout: 20000 });
      // Let every pending load settle (the StrictMode remount included) before counting.
      await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => setTimeout(r, 0))));
      await page.waitForLoadState('networkidle');
      out.visits.push(await state());
      if (visit === 0) await page.screenshot({ path: path.join(outDir, 'react-example-cart.png') });
      await page.click('#to-about');
      await page.waitForSelector('#about');
      await page.waitForLoadState('networkidle');
      out.away.push(await state());
    }
    out.alerts = await page.locator('[role="alert"]').allTextContents();
  } catch (e) {
    out.error = String(e);
    try { await page.screenshot({ path: path.join(outDir, 'react-example-failure.png') }); } catch (_) { /* ignore */ }
  }
  await browser.close();
  process.stdout.write(JSON.stringify(out));
}
