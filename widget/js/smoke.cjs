// Smoke test of the built script-tag bundle in headless Chromium (playwright-core):
//   widget/build.sh && node widget/js/smoke.cjs
// Serves target/widget/script/ and the sandbox's checkout.js stand-in from one local origin,
// under a strict CSP (script-src 'self' 'wasm-unsafe-eval', no inline scripts) with the SRI
// hash on the tag; fakes the signer's /v1/config and a failing /v1/button. Checks: buttons
// auto-mount from data-* attributes, a slot below the minimum total is hidden, a bad slot
// gets its error code, the size stays fixed after checkout.js's resize observer ran, a failed
// click shows the calm message with the signer's code, and /v1/config, the .wasm and checkout.js
// are requested once each (the bootstrap starts them side by side; the widget uses those
// answers). Then a result page: the button bundle hands over to the pages bundle (SRI-pinned,
// under the same CSP), which uses the /v1/config request already started and never fetches the
// button's .wasm, and the outcome shows. Exit code 0 on success.
'use strict';
const http = require('http');
const fs = require('fs');
const path = require('path');
const crypto = require('crypto');
const root = path.resolve(__dirname, '..', '..');
const { chromium } = require(path.join(root, 'node_modules', 'playwright-core'));

const dir = path.join(root, 'target', 'widget', 'script');
const bundle = fs.readFileSync(path.join(dir, 'amazon-pay-widget.js'));
const sri = 'sha384-' + crypto.createHash('sha384').update(bundle).digest('base64');
const port = Number(process.env.SMOKE_PORT || 8765);
const origin = `http://127.0.0.1:${port}`;
const page = `<!doctype html><html><head><meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; connect-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self'">
<script src="/amazon-pay-widget.js" integrity="${sri}" crossorigin="anonymous" data-signer="${origin}" defer></script>
</head><body>
<div id="a" data-amazon-pay-button data-placement="Cart" data-product-type="PayAndShip" data-color="Gold"
     data-size="medium" data-cart='[{"sku":"TEA-1","quantity":1}]' data-amount="1200" data-currency-code="JPY"></div>
<div id="b" data-amazon-pay-button data-color="DarkGray" data-size="large" data-amount="500" data-currency-code="JPY"></div>
<div id="c" data-amazon-pay-button data-color="Pink"></div>
</body></html>`;
const config = {
  version: 'v1', merchantId: 'A2TESTMERCHANT', region: 'jp', ledgerCurrency: 'JPY', sandbox: true,
  publicKeyId: 'SANDBOX-AEXAMPLEKEY', checkoutLanguage: 'ja_JP', checkoutJsUrl: `${origin}/checkout.js`,
  button: { productType: 'PayAndShip', placement: 'Cart', buttonColor: 'Gold' },
  displayLimits: { minTotal: { amount: '1000', currencyCode: 'JPY' }, maxTotal: { amount: '1000000', currencyCode: 'JPY' } },
};
const resultPage = page.replace(/<body>[\s\S]*<\/body>/,
  '<body><div id="r" data-amazon-pay-result data-checkout-session-id="ok-smoke-1" data-cart-url="/cart"></div></body>');
const files = {
  '/amazon-pay-widget.js': [bundle, 'text/javascript'],
  '/amazon-pay-widget.wasm': [fs.readFileSync(path.join(dir, 'amazon-pay-widget.wasm')), 'application/wasm'],
  '/amazon-pay-widget-pages.js': [fs.readFileSync(path.join(dir, 'amazon-pay-widget-pages.js')), 'text/javascript'],
  '/amazon-pay-widget-pages.wasm': [fs.readFileSync(path.join(dir, 'amazon-pay-widget-pages.wasm')), 'application/wasm'],
  '/result': [Buffer.from(resultPage), 'text/html'],
  '/checkout.js': [fs.readFileSync(path.join(root, 'sandbox', 'assets', 'checkout.js')), 'text/javascript'],
  '/': [Buffer.from(page), 'text/html'],
};

function check(ok, what) {
  if (!ok) { throw new Error('smoke: ' + what); }
  console.log('ok  ' + what);
}

const server = http.createServer((req, res) => {
  const json = (status, body) => { res.writeHead(status, { 'content-type': 'application/json' }); res.end(JSON.stringify(body)); };
  if (req.url === '/v1/config') { return json(200, config); }
  if (req.url === '/v1/button') { return json(400, { error: { code: 'SKU_UNKNOWN', message: 'unknown SKU' } }); }
  if (req.url === '/v1/checkout-sessions/ok-smoke-1/complete' && req.method === 'POST') {
    return json(200, { outcome: 'Completed', state: 'Completed', chargeId: 'S01-0000000-0000000-C000001', chargePermissionId: 'P01-0000000-0000000' });
  }
  const file = files[req.url];
  if (!file) { res.writeHead(404); return res.end(); }
  res.writeHead(200, { 'content-type': file[1] });
  res.end(file[0]);
});

server.listen(port, '127.0.0.1', async () => {
  const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', headless: true, args: ['--no-sandbox', '--disable-gpu'] });
  try {
    const tab = await browser.newPage();
    const problems = [];
    tab.on('pageerror', (e) => problems.push(e.message));
    tab.on('console', (m) => { if (/Content Security Policy|Refused|integrity/i.test(m.text())) { problems.push(m.text()); } });
    const requested = [];
    const onRequest = (r) => requested.push(new URL(r.url()).pathname);
    tab.on('request', onRequest);
    const started = Date.now();
    await tab.goto(origin + '/');
    await tab.waitForFunction(() => window.AmazonPayWidget && window.AmazonPayWidget.ready);
    await tab.evaluate(() => window.AmazonPayWidget.ready);
    console.log(`     ready ${Date.now() - started} ms after navigation`);
    const slots = await tab.evaluate(() => ['a', 'b', 'c'].map((id) => {
      const host = document.getElementById(id);
      const button = host.querySelector('[id^=amazon-pay-button]');
      return { children: host.children.length, error: host.getAttribute('data-amazon-pay-error'),
        rendered: !!(button && button.shadowRoot), hidden: !!host.firstElementChild && getComputedStyle(host.firstElementChild).display === 'none' };
    }));
    check(slots[0].children === 1 && slots[0].rendered && !slots[0].hidden, 'slot a: one child, rendered by checkout.js, shown');
    check(slots[1].children === 1 && slots[1].rendered && slots[1].hidden, 'slot b: rendered, hidden below the minimum total');
    check(slots[2].children === 0 && slots[2].error === 'OPTION_INVALID', 'slot c: OPTION_INVALID, nothing rendered');
    tab.off('request', onRequest);
    const once = (p) => requested.filter((r) => r === p).length === 1;
    check(once('/v1/config') && once('/amazon-pay-widget.wasm') && once('/checkout.js'),
      '/v1/config, the .wasm and checkout.js (preloaded, then run) requested once each');
    await tab.waitForTimeout(300);
    const size = await tab.evaluate(() => { const r = document.querySelector('#a [id^=amazon-pay-button]').getBoundingClientRect(); return `${r.width}x${r.height}`; });
    check(size === '200x45', `fixed size after checkout.js's resize observer (${size})`);
    await tab.click('#a [id^=amazon-pay-button]');
    await tab.waitForSelector('#a [data-amazon-pay-message][data-code]');
    const message = await tab.evaluate(() => { const m = document.querySelector('#a [data-amazon-pay-message]'); return [m.dataset.code, m.dataset.signerCode]; });
    check(message[0] === 'SIGNER_ERROR' && message[1] === 'SKU_UNKNOWN', 'a failed click shows SIGNER_ERROR / SKU_UNKNOWN');
    check(problems.length === 0, 'no page errors, CSP or integrity violations' + (problems.length ? ': ' + problems.join(' | ') : ''));

    const fetched = [];
    tab.on('request', (r) => fetched.push(new URL(r.url()).pathname));
    await tab.goto(origin + '/result');
    await tab.waitForSelector('#r [data-amazon-pay-widget="result"][data-amazon-pay-outcome]');
    const result = await tab.evaluate(() => {
      const w = document.querySelector('#r [data-amazon-pay-widget="result"]');
      return [w.dataset.amazonPayOutcome, w.querySelector('[data-amazon-pay-field="order-reference"]').textContent.trim()];
    });
    check(result[0] === 'completed' && result[1] === 'P01-0000000-0000000', 'result page: completed, order reference shown');
    check(fetched.includes('/amazon-pay-widget-pages.wasm') && !fetched.includes('/amazon-pay-widget.wasm'),
      'result page: handed over to the pages bundle, the button .wasm not fetched');
    check(fetched.filter((p) => p === '/v1/config').length === 1,
      'result page: the pages bundle uses the /v1/config request the button bundle started');
    check(problems.length === 0, 'no page errors, CSP or integrity violations' + (problems.length ? ': ' + problems.join(' | ') : ''));
  } catch (e) {
    console.error(e.message || e);
    process.exitCode = 1;
  } finally {
    await browser.close();
    server.close();
  }
});
