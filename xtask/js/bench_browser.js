// `cargo xtask bench`: time from navigation to the Amazon Pay button on screen, in headless
// Chromium. An init script (the same for every page) watches the DOM; in the animation frame after
// checkout.js's button element ([data-testid="amazonpay-button"], in a shadow root) is in the page it puts
// `performance.mark('apay-visible')`, whose startTime is milliseconds since navigation start.
// Each run is a fresh browser context (empty HTTP cache) with the same cart in localStorage; one
// warm-up run per page is not counted. The same init script sums Chromium's `layout-shift`
// entries without recent input (what Cumulative Layout Shift counts) until two frames after the
// button is on screen: how far the page moved while the button loaded.
// stdin: {"pages": [{"name": "reference", "url": "http://…/cart.html"}], "runs": N, "cart": [...]}
// stdout: {"pages": {"reference": {"visibleMs": [...], "renderedMs": [...], "layoutShift": [...]}},
//          "chromium": "…"}
'use strict';
const path = require('path');
const { chromium } = require(path.resolve(__dirname, '../../node_modules/playwright-core'));

let input = '';
process.stdin.on('data', (c) => { input += c; });
process.stdin.on('end', () => {
  run(JSON.parse(input)).catch((e) => {
    process.stdout.write(JSON.stringify({ error: String(e) }));
  });
});

function initScript(cart) {
  localStorage.setItem('edge-tea-cart', JSON.stringify(cart));
  // checkout.js draws the button in a shadow root of its host: search open shadow roots too.
  const find = (root) => {
    if (root.querySelector('[data-testid="amazonpay-button"]')) return true;
    for (const el of root.querySelectorAll('*')) if (el.shadowRoot && find(el.shadowRoot)) return true;
    return false;
  };
  window.__layoutShift = 0;
  new PerformanceObserver((list) => {
    for (const e of list.getEntries()) if (!e.hadRecentInput) window.__layoutShift += e.value;
  }).observe({ type: 'layout-shift', buffered: true });
  const seen = () => find(document);
  const observer = new MutationObserver(() => {
    if (seen()) {
      observer.disconnect();
      requestAnimationFrame(() => performance.mark('apay-visible'));
    }
  });
  // The host's attributes change in the same task as its shadow root is filled.
  observer.observe(document, { childList: true, subtree: true, attributes: true });
}

async function measure(browser, url, cart) {
  const context = await browser.newContext({ viewport: { width: 1000, height: 800 } });
  try {
    const page = await context.newPage();
    await page.addInitScript(initScript, cart);
    await page.goto(url);
    await page.waitForFunction(() => performance.getEntriesByName('apay-visible').length > 0, null, { timeout: 15000 });
    return await page.evaluate(async () => {
      const at = (name) => { const e = performance.getEntriesByName(name)[0]; return e ? e.startTime : null; };
      // Two frames after the button is on screen, so a shift it caused is reported.
      await new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r)));
      return { visible: at('apay-visible'), rendered: at('apay-rendered'), shift: window.__layoutShift };
    });
  } finally {
    await context.close();
  }
}

async function run({ pages, runs, cart }) {
  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM || '/usr/bin/chromium', headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update'],
  });
  const out = { pages: {}, chromium: browser.version() };
  try {
    for (const { name, url } of pages) {
      await measure(browser, url, cart);
      const result = { visibleMs: [], renderedMs: [], layoutShift: [] };
      for (let i = 0; i < runs; i++) {
        const m = await measure(browser, url, cart);
        result.visibleMs.push(m.visible);
        result.layoutShift.push(m.shift);
        if (m.rendered !== null) result.renderedMs.push(m.rendered);
      }
      out.pages[name] = result;
    }
  } catch (e) {
    out.error = String(e);
  }
  await browser.close();
  process.stdout.write(JSON.stringify(out));
}
