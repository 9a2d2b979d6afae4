// Buys through the demo shop in headless Chromium: cart → Amazon Pay button → the sandbox's
// hosted pages → review → place order → pay → result. Prints JSON; screenshots each step.
// stdin: {"shop": "http://127.0.0.1:PORT", "outDir": "...", "name": "...", "buyer": "amzn1.account…", "instrument": "jp-visa",
//         "screenshots": true (optional; `cargo xtask bench` turns them off)}
// stdout also has purchaseMs: from the click on the Amazon Pay button to the result page.
'use strict';
const path = require('path');
const { chromium } = require(path.resolve(__dirname, '../../node_modules/playwright-core'));

let input = '';
process.stdin.on('data', (c) => { input += c; });
process.stdin.on('end', () => { run(JSON.parse(input)); });

async function run({ shop, outDir, name, buyer, instrument, screenshots = true }) {
  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM || '/usr/bin/chromium', headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update'],
  });
  const page = await browser.newPage({ viewport: { width: 1000, height: 800 } });
  const out = { steps: [] };
  const shot = async (step) => { if (screenshots) await page.screenshot({ path: path.join(outDir, `shop-${name}-${step}.png`), fullPage: true }); out.steps.push(step); };
  try {
    await page.goto(shop + '/index.html');
    await page.click('button[data-sku="TEA-1"]');
    await page.click('button[data-sku="TEA-1"]');
    await page.click('button[data-sku="CUP-2"]');
    await page.goto(shop + '/cart.html');
    await page.waitForSelector('#amazon-pay-button [data-testid="amazonpay-button"]', { timeout: 15000 });
    await shot('cart');
    const clickedAt = performance.now();
    await page.click('#amazon-pay-button [data-testid="amazonpay-button"]');
    await page.waitForSelector('[data-testid^="buyer-"]', { timeout: 15000 });
    await page.click(`[data-testid="buyer-${buyer}"]`);
    await page.waitForSelector(`[data-testid="instrument-${instrument}"]`, { timeout: 15000 });
    await page.click(`[data-testid="instrument-${instrument}"]`);
    await shot('amazon-choose');
    await page.click('[data-testid="continue"]');
    await page.waitForSelector('#place-order:not([disabled])', { timeout: 15000 });
    out.review = await page.textContent('#review');
    await shot('review');
    await page.click('#place-order');
    await page.waitForSelector('[data-testid="pay"]', { timeout: 15000 });
    await shot('amazon-pay');
    await page.click('[data-testid="pay"]');
    await page.waitForSelector('#result .ok, #result .error', { timeout: 15000 });
    out.purchaseMs = performance.now() - clickedAt;
    out.result = await page.textContent('#result');
    await shot('result');
  } catch (e) {
    out.error = String(e);
    try { await shot('failure'); } catch (_) { /* ignore */ }
  }
  await browser.close();
  process.stdout.write(JSON.stringify(out));
}
