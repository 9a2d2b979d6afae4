// `cargo xtask bench`: time from navigation to the Amazon Pay button on screen, in headless
// Chromium. An init script (the same for every page) watches the DOM; in the animation frame after
// checkout.js's button element ([data-testid="amazonpay-button"], in a shadow root) is in the page it puts
// `performance.mark('apay-visible')`, whose startTime is milliseconds since navigation start, and
// says so on the console (nothing is evaluated in the page before).
// Each run is a fresh browser context (empty HTTP cache) with the same cart in localStorage; one
// warm-up run per page is not counted, and the pages take turns (reference, widget, reference,
// …). A second init script (the shop-pages test's `observeShifts`) records Chromium's
// `layout-shift` entries without recent input (what Cumulative Layout Shift counts); their sum
// until two frames after the button is on screen is how far the page moved while the button
// loaded.
// A page with "latencyMs" is loaded under Chromium's network emulation: every answer at least
// that long after its request (a round trip to the shop, the signer and checkout.js).
// stdin: {"pages": [{"name": "reference", "url": "http://…/cart.html", "latencyMs": 0}], "runs": N,
//         "cart": [...]}
// stdout: {"pages": {"reference": {"visibleMs": [...], "renderedMs": [...], "layoutShift": [...],
//          "timelines": [{"requests": [{url, as, start, end}], "document": {…}, "marks": [...],
//          "shifts": [{value, at, sources: ["tag#id.class [y, height before, y, height after]"]}]}]}},
//          "chromium": "…"}
'use strict';
const path = require('path');
const { chromium } = require(path.resolve(__dirname, '../../node_modules/playwright-core'));
// The shop-pages test's recorder: every layout shift without recent input, with what moved.
const { observeShifts } = require(path.resolve(__dirname, '../../tests/js/shop_pages.js'));

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
  const seen = () => find(document);
  const observer = new MutationObserver(() => {
    if (seen()) {
      observer.disconnect();
      requestAnimationFrame(() => {
        performance.mark('apay-visible');
        console.debug('apay-visible');
      });
    }
  });
  // The host's attributes change in the same task as its shadow root is filled.
  observer.observe(document, { childList: true, subtree: true, attributes: true });
}

// BENCH_BROWSER_TRACE=<folder>: one Chromium performance trace per page (of its first counted
// run), `<folder>/<page>.json`, to open in Chrome's DevTools (Performance → Load profile).
const TRACE_DIR = process.env.BENCH_BROWSER_TRACE || '';

async function measure(browser, { url, latencyMs = 0 }, cart, tracePath) {
  const context = await browser.newContext({ viewport: { width: 1000, height: 800 } });
  try {
    const page = await context.newPage();
    await page.addInitScript(initScript, cart);
    await page.addInitScript(observeShifts);
    if (latencyMs > 0) {
      // Every answer at least `latencyMs` after its request, the page's own included.
      const cdp = await context.newCDPSession(page);
      await cdp.send('Network.enable');
      await cdp.send('Network.emulateNetworkConditions', {
        offline: false, latency: latencyMs, downloadThroughput: -1, uploadThroughput: -1,
      });
    }
    if (tracePath) await browser.startTracing(page, { path: tracePath, screenshots: false });
    // The page says when the button is on screen (a console line); nothing is evaluated in it
    // before. A poll (waitForFunction) would compile Playwright's helper script in the page, 15 ms
    // of main thread at a moment that depends on the page's load event, not on the button.
    const visible = page.waitForEvent('console', { predicate: (m) => m.text() === 'apay-visible', timeout: 15000 });
    visible.catch(() => {}); // awaited below, unless goto fails first
    await page.goto(url);
    await visible;
    if (tracePath) await browser.stopTracing();
    return await page.evaluate(async () => {
      const at = (name) => { const e = performance.getEntriesByName(name)[0]; return e ? e.startTime : null; };
      // Two frames after the button is on screen, so a shift it caused is reported.
      await new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r)));
      // Where the time went: each request (start → response end), the document's milestones
      // and the pages' own marks, in ms since navigation.
      const ms = (v) => Math.round(v * 10) / 10;
      const nav = performance.getEntriesByType('navigation')[0];
      const timeline = {
        requests: performance.getEntriesByType('resource').map((e) => ({
          url: e.name.replace(location.origin, ''), as: e.initiatorType, start: ms(e.startTime), end: ms(e.responseEnd),
        })),
        document: nav ? {
          responseEnd: ms(nav.responseEnd), interactive: ms(nav.domInteractive), contentLoaded: ms(nav.domContentLoadedEventEnd),
        } : null,
        marks: performance.getEntriesByType('mark').map((m) => ({ name: m.name, at: ms(m.startTime) })),
        shifts: window.__shifts,
      };
      const shift = window.__shifts.reduce((sum, s) => sum + s.value, 0);
      return { visible: at('apay-visible'), rendered: at('apay-rendered'), shift, timeline };
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
    for (const page of pages) {
      const { name } = page;
      await measure(browser, page, cart);
      out.pages[name] = { visibleMs: [], renderedMs: [], layoutShift: [], timelines: [] };
    }
    // Round by round, one load of each page per round: whatever else the machine does in the
    // meantime falls on every page alike.
    for (let i = 0; i < runs; i++) {
      for (const page of pages) {
        const { name } = page;
        const result = out.pages[name];
        const trace = TRACE_DIR && i === 0 ? path.join(TRACE_DIR, `${name}.json`) : null;
        if (trace) require('fs').mkdirSync(TRACE_DIR, { recursive: true });
        const m = await measure(browser, page, cart, trace);
        result.visibleMs.push(m.visible);
        result.layoutShift.push(m.shift);
        result.timelines.push(m.timeline);
        if (m.rendered !== null) result.renderedMs.push(m.rendered);
      }
    }
  } catch (e) {
    out.error = String(e);
  }
  await browser.close();
  process.stdout.write(JSON.stringify(out));
}
