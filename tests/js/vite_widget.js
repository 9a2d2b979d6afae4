// Opens a page built with Vite from the widget's npm package in headless Chromium, waits for the
// Amazon Pay button that checkout.js renders inside the mount, clicks it and follows it to the
// sandbox's hosted page. Prints JSON; screenshots both pages.
// stdin: {"url": "http://127.0.0.1:PORT/", "outDir": "...", "mount": "#amazon-pay"}
// stdout: {"steps": [...], "wasm": [{url, status, contentType}], "pageErrors": [...],
//          "widgetError": "CODE" | null, "hostedUrl": "...", "merchant": "...", "buyers": N, "error"?}
'use strict';
const path = require('path');
const { chromium } = require(path.resolve(__dirname, '../../node_modules/playwright-core'));

let input = '';
process.stdin.on('data', (c) => { input += c; });
process.stdin.on('end', () => { run(JSON.parse(input)); });

async function run({ url, outDir, mount }) {
  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM || '/usr/bin/chromium', headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update'],
  });
  const page = await browser.newPage({ viewport: { width: 900, height: 700 } });
  const out = { steps: [], wasm: [], pageErrors: [] };
  page.on('pageerror', (e) => out.pageErrors.push(String(e)));
  page.on('response', (r) => {
    if (r.url().endsWith('.wasm')) {
      out.wasm.push({ url: r.url(), status: r.status(), contentType: r.headers()['content-type'] || '' });
    }
  });
  const shot = async (step) => {
    await page.screenshot({ path: path.join(outDir, `vite-widget-${step}.png`), fullPage: true });
    out.steps.push(step);
  };
  try {
    await page.goto(url);
    const button = `${mount} [data-testid="amazonpay-button"]`;
    // Either the button appears or the page reports the widget's error code.
    await page.waitForSelector(`${button}, body[data-widget-error]`, { timeout: 20000 });
    out.widgetError = await page.getAttribute('body', 'data-widget-error');
    if (out.widgetError) throw new Error('the widget failed: ' + out.widgetError);
    await shot('button');
    await page.click(button);
    await page.waitForSelector('[data-testid^="buyer-"]', { timeout: 20000 });
    out.hostedUrl = page.url();
    out.merchant = await page.textContent('[data-testid="merchant"]');
    out.buyers = await page.locator('[data-testid^="buyer-"]').count();
    await shot('amazon-signin');
  } catch (e) {
    out.error = String(e);
    try { await shot('failure'); } catch (_) { /* ignore */ }
  }
  await browser.close();
  process.stdout.write(JSON.stringify(out));
}
