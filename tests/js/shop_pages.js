// Looks at every page of the demo shop in headless Chromium, as a guest and as a registered
// member, at a smartphone width and a desktop width: what is visible, whether the page is wider
// than the screen, and the layout shifts Chromium reported (PerformanceObserver `layout-shift`,
// shifts without recent input, as Cumulative Layout Shift counts them). Screenshots every page.
// stdin: {"shop": "http://127.0.0.1:PORT", "outDir": "...", "pages": ["index.html", …],
//         "widths": [390, 1280], "cart": [{sku, quantity}], "member": {addressDetails},
//         "memberSubscriptions": [{id, token, name}] (the member's kept 定期便, optional),
//         "selectors": ["#member-delivery", …], "screenshots": true (optional)}
// stdout: {"views": {"<guest|member>-<width>-<page>": {"visible": {selector: bool},
//          "texts": {selector: text}, "shift": N, "shifts": [{value, sources}], "overflow": bool,
//          "buttons": N, "slotErrors": [...]}}, "pageErrors": [...], "error"?}
'use strict';
const path = require('path');
const { chromium } = require(path.resolve(__dirname, '../../node_modules/playwright-core'));

const TIMEOUT = 20000;

// Runs in every page before its own scripts: records each layout shift with what moved.
function observeShifts() {
  window.__shifts = [];
  const name = (node) => {
    if (!node || !node.nodeName) return '?';
    if (node.nodeType !== 1) return node.nodeName;
    return node.nodeName.toLowerCase() + (node.id ? '#' + node.id : '') +
      (node.className && typeof node.className === 'string' ? '.' + node.className.trim().split(/\s+/).join('.') : '');
  };
  new PerformanceObserver((list) => {
    for (const entry of list.getEntries()) {
      if (entry.hadRecentInput) continue;
      window.__shifts.push({
        value: entry.value,
        at: Math.round(entry.startTime),
        sources: (entry.sources || []).map((s) => name(s.node) + ' ' +
          JSON.stringify([s.previousRect.y, s.previousRect.height, s.currentRect.y, s.currentRect.height])),
      });
    }
  }).observe({ type: 'layout-shift', buffered: true });
}

// Waits until the widget has mounted what it will: every button slot rendered (or refused, or
// hidden by the cart total) and every return-page slot settled with a message or an outcome.
async function settle(page) {
  await page.waitForFunction(() => !!(window.AmazonPayWidget && window.AmazonPayWidget.ready) ||
    !document.querySelector('[data-amazon-pay-button],[data-amazon-pay-review],[data-amazon-pay-result],[data-amazon-pay-signin]'),
  null, { timeout: TIMEOUT });
  await page.evaluate(() => window.AmazonPayWidget && window.AmazonPayWidget.ready.catch(() => null));
  await page.waitForFunction(() => {
    const done = (slot) => slot.hasAttribute('data-amazon-pay-error') ||
      !!slot.querySelector('[data-amazon-pay-widget="button"][data-amazon-pay-hidden]') ||
      !!Array.from(slot.querySelectorAll('[id^="amazon-pay-button"]')).some((b) => b.shadowRoot);
    const buttons = Array.from(document.querySelectorAll('[data-amazon-pay-button]')).every(done);
    const pages = Array.from(document.querySelectorAll('[data-amazon-pay-review],[data-amazon-pay-result]')).every((slot) =>
      !!slot.querySelector('[data-amazon-pay-outcome],[data-amazon-pay-message]:not(:empty)'));
    // The member page reads the kept 定期便 from the signer.
    const member = !document.getElementById('subscriptions') || document.body.hasAttribute('data-subscriptions-loaded');
    return buttons && pages && member;
  }, null, { timeout: TIMEOUT });
  // Two frames, so a shift caused by the last change is reported.
  await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r))));
}

async function look(page, selectors) {
  return page.evaluate((selectors) => {
    const shown = (el) => {
      if (!el) return false;
      for (let e = el; e && e.nodeType === 1; e = e.parentElement) {
        const style = getComputedStyle(e);
        if (style.display === 'none' || style.visibility === 'hidden') return false;
      }
      const r = el.getBoundingClientRect();
      return r.width > 0 && r.height > 0;
    };
    const visible = {};
    const texts = {};
    for (const s of selectors) {
      const el = document.querySelector(s);
      visible[s] = shown(el);
      if (el) texts[s] = (el.textContent || '').trim().replace(/\s+/g, ' ');
    }
    const hosts = Array.from(document.querySelectorAll('[id^="amazon-pay-button"]')).filter((b) => b.shadowRoot && shown(b));
    return {
      visible,
      texts,
      buttons: hosts.length,
      slotErrors: Array.from(document.querySelectorAll('[data-amazon-pay-error]')).map((e) => (e.id || e.nodeName) + ': ' + e.getAttribute('data-amazon-pay-error')),
      overflow: document.documentElement.scrollWidth > window.innerWidth,
      shifts: window.__shifts,
      shift: window.__shifts.reduce((sum, s) => sum + s.value, 0),
    };
  }, selectors);
}

async function run(input) {
  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM || '/usr/bin/chromium', headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update'],
  });
  const out = { views: {}, pageErrors: [] };
  try {
    for (const width of input.widths) {
      for (const persona of ['guest', 'member']) {
        const context = await browser.newContext({ viewport: { width, height: 860 } });
        const state = {
          cart: input.cart, member: persona === 'member' ? input.member : null,
          subscriptions: persona === 'member' ? (input.memberSubscriptions || []) : [],
        };
        await context.addInitScript((state) => {
          localStorage.setItem('edge-tea-cart', JSON.stringify(state.cart));
          if (state.member) localStorage.setItem('edge-tea-member', JSON.stringify(state.member));
          else localStorage.removeItem('edge-tea-member');
          localStorage.setItem('edge-tea-subscriptions', JSON.stringify(state.subscriptions));
        }, state);
        await context.addInitScript(observeShifts);
        for (const name of input.pages) {
          const page = await context.newPage();
          const key = `${persona}-${width}-${name.replace(/\.html$/, '')}`;
          page.on('pageerror', (e) => out.pageErrors.push(key + ': ' + String(e)));
          await page.goto(input.shop + '/' + name);
          await settle(page);
          out.views[key] = await look(page, input.selectors);
          if (input.screenshots !== false) {
            await page.screenshot({ path: path.join(input.outDir, `shop-pages-${key}.png`), fullPage: true });
          }
          await page.close();
        }
        await context.close();
      }
    }
  } catch (e) {
    out.error = String(e && e.stack || e);
  }
  await browser.close();
  return out;
}

module.exports = { run, observeShifts, settle };

if (require.main === module) {
  let input = '';
  process.stdin.on('data', (c) => { input += c; });
  process.stdin.on('end', async () => { process.stdout.write(JSON.stringify(await run(JSON.parse(input)))); });
}
