// Drives headless Chromium through the sandbox's checkout.js and hosted pages.
//
// Input (JSON on stdin): { scenario, shop, sandbox, merchantId, artifacts, configs: {name: {payloadJSON,
// signature, publicKeyId, algorithm?}}, buyer: {id, addressId, otherAddressId, instrumentId} }
// Output (JSON on stdout): what the scenario observed, or { error, trace }.
'use strict';

const fs = require('fs');
const path = require('path');
const { chromium } = require('playwright-core');

const STEP_TIMEOUT = 10000;

function readStdin() {
  return new Promise((resolve, reject) => {
    let data = '';
    process.stdin.setEncoding('utf8');
    process.stdin.on('data', (c) => (data += c));
    process.stdin.on('end', () => resolve(data));
    process.stdin.on('error', reject);
  });
}

/** Calls amazon.Pay.renderButton in the page and reports the return value or the thrown value. */
async function render(page, selector, options) {
  return page.evaluate(
    ({ selector, options }) => {
      try {
        const r = window.amazon.Pay.renderButton(selector, options);
        return { ok: true, returned: r === undefined ? 'undefined' : Object.keys(r).sort() };
      } catch (e) {
        return { ok: false, type: typeof e, thrown: String(e) };
      }
    },
    { selector, options }
  );
}

async function call(page, fn, args) {
  return page.evaluate(
    ({ fn, args }) => {
      try {
        const parts = fn.split('.');
        let target = window;
        for (let i = 0; i < parts.length - 1; i++) target = target[parts[i]];
        target[parts[parts.length - 1]](...args);
        return { ok: true };
      } catch (e) {
        return { ok: false, type: typeof e, thrown: String(e) };
      }
    },
    { fn, args }
  );
}

function baseOptions(input, extra) {
  return Object.assign(
    { merchantId: input.merchantId, ledgerCurrency: 'USD', placement: 'Cart', checkoutLanguage: 'en_US' },
    extra
  );
}

async function hostInfo(page, selector) {
  return page.evaluate((selector) => {
    const host = document.querySelector(selector);
    if (!host) return null;
    const root = host.shadowRoot;
    const button = root && root.querySelector('[data-testid="amazonpay-button"]');
    const rect = host.getBoundingClientRect();
    const badge = root && root.querySelector('[data-testid="amazonpay-sandbox-badge"]');
    return {
      shadowRoot: !!root,
      shadowMode: root ? root.mode : null,
      containers: root ? root.querySelectorAll('.amazonpay-button-container').length : 0,
      role: host.getAttribute('role'),
      ariaLabel: host.getAttribute('aria-label'),
      title: host.getAttribute('title'),
      className: host.className,
      width: rect.width,
      height: rect.height,
      visible: rect.width > 0 && rect.height > 0 && getComputedStyle(host).visibility !== 'hidden',
      color: button ? button.getAttribute('data-color') : null,
      sandbox: button ? button.getAttribute('data-sandbox') : null,
      badge: badge ? badge.textContent : null,
      text: button ? button.textContent : null,
      background: button ? getComputedStyle(button).backgroundImage : null,
    };
  }, selector);
}

async function text(page, testid) {
  const loc = page.locator(`[data-testid="${testid}"]`);
  if ((await loc.count()) === 0) return null;
  return (await loc.first().textContent()).trim();
}

async function shot(page, input, name, locator) {
  fs.mkdirSync(input.artifacts, { recursive: true });
  const file = path.join(input.artifacts, name + '.png');
  if (locator) await locator.screenshot({ path: file });
  else await page.screenshot({ path: file, fullPage: true });
  return file;
}

async function openShop(page, input) {
  await page.goto(input.shop + '/shop');
  await page.waitForFunction(() => window.amazon && window.amazon.Pay);
}

// ---------------------------------------------------------------------------------------------

async function scenarioRender(page, input, out) {
  const c = input.configs;
  await openShop(page, input);
  out.coupled = await render(page, '#AmazonPayButton', baseOptions(input, { createCheckoutSessionConfig: c.good }));
  out.unsized = await hostInfo(page, '#AmazonPayButton');
  out.renderTwice = await render(page, '#AmazonPayButton', baseOptions(input, { createCheckoutSessionConfig: c.good }));
  out.afterTwice = await hostInfo(page, '#AmazonPayButton');
  out.sizedGold = await render(page, '#sized', baseOptions(input, { createCheckoutSessionConfig: c.good, buttonColor: 'Gold' }));
  out.sized = await hostInfo(page, '#sized');
  out.dark = await render(page, '#dark', baseOptions(input, { createCheckoutSessionConfig: c.good, buttonColor: 'DarkGray' }));
  out.darkInfo = await hostInfo(page, '#dark');
  out.unknownColor = await render(page, '#light', baseOptions(input, { createCheckoutSessionConfig: c.good, buttonColor: 'Purple' }));
  out.unknownColorInfo = await hostInfo(page, '#light');
  out.signIn = await render(page, '#signin', baseOptions(input, { productType: 'SignIn', placement: 'Other', signInConfig: c.signin }));
  out.signInInfo = await hostInfo(page, '#signin');
  out.decoupled = await render(page, '#scratch', baseOptions(input, { publicKeyId: c.good.publicKeyId, placement: 'Product' }));

  const errors = {};
  const bad = async (name, selector, options) => {
    errors[name] = await render(page, selector, options);
  };
  const noMerchant = baseOptions(input, { createCheckoutSessionConfig: c.good });
  delete noMerchant.merchantId;
  await bad('missingMerchantId', '#scratch', noMerchant);
  await bad('invalidPlacement', '#scratch', baseOptions(input, { placement: 'Footer', createCheckoutSessionConfig: c.good }));
  await bad('invalidLedger', '#scratch', baseOptions(input, { ledgerCurrency: 'CHF', createCheckoutSessionConfig: c.good }));
  await bad('sandboxMismatch', '#scratch', baseOptions(input, { sandbox: false, createCheckoutSessionConfig: c.good }));
  const noSignature = Object.assign({}, c.good);
  delete noSignature.signature;
  await bad('missingSignature', '#scratch', baseOptions(input, { createCheckoutSessionConfig: noSignature }));
  await bad('missingSelector', '', baseOptions(input, { createCheckoutSessionConfig: c.good }));
  await bad('elementNotFound', '#nope', baseOptions(input, { createCheckoutSessionConfig: c.good }));
  await bad('signInWithoutSignInConfig', '#scratch', baseOptions(input, { productType: 'SignIn', createCheckoutSessionConfig: c.good }));
  errors.initCheckoutNoOptions = await call(page, 'amazon.Pay.initCheckout', []);
  errors.changeActionInvalid = await call(page, 'amazon.Pay.bindChangeAction', ['#scratch', { amazonCheckoutSessionId: 'x', changeAction: 'changeEverything' }]);
  errors.changeActionMissing = await call(page, 'amazon.Pay.bindChangeAction', ['#scratch', { changeAction: 'changeAddress' }]);
  out.errors = errors;

  // An invalid estimatedOrderAmount is dropped with a console error, not thrown.
  out.consoleBefore = out.console.length;
  out.badEstimate = await render(page, '#scratch', baseOptions(input, {
    createCheckoutSessionConfig: c.good,
    estimatedOrderAmount: { amount: '12.345', currencyCode: 'USD' },
  }));
  out.badEstimateConsole = out.console.slice(out.consoleBefore);

  out.screenshots = [
    await shot(page, input, 'checkout-js-buttons'),
    await shot(page, input, 'checkout-js-gold-button', page.locator('#sized')),
  ];
}

async function clickButtonAndWait(page, selector, urlPart) {
  const response = page.waitForResponse((r) => r.url().includes(urlPart), { timeout: STEP_TIMEOUT });
  await page.locator(selector + ' [data-testid="amazonpay-button"]').click();
  return response;
}

async function scenarioBadSignature(page, input, out) {
  const c = input.configs;
  for (const name of ['badSignature', 'salt20AsV2']) {
    await openShop(page, input);
    const r = await render(page, '#sized', baseOptions(input, { createCheckoutSessionConfig: c[name] }));
    if (!r.ok) throw new Error(name + ' did not render: ' + r.thrown);
    const response = await clickButtonAndWait(page, '#sized', '/checkout/initiate');
    await page.waitForLoadState('domcontentloaded');
    out[name] = {
      status: response.status(),
      method: response.request().method(),
      posted: response.request().postDataJSON ? Object.keys(response.request().postDataJSON() || {}).sort() : null,
      errorCode: await text(page, 'error-code'),
      errorMessage: await text(page, 'error-message'),
      stringToSign: await page.locator('[data-testid="string-to-sign"]').evaluate((e) => e.textContent),
      hint: await text(page, 'signature-hint'),
    };
    out.screenshots = (out.screenshots || []).concat([await shot(page, input, 'sandbox-error-' + name)]);
  }
  // The V1 default: algorithm left out, payload signed with salt 20 → accepted (redirect to sign-in).
  await openShop(page, input);
  await render(page, '#sized', baseOptions(input, { createCheckoutSessionConfig: c.goodV1Default }));
  const response = await clickButtonAndWait(page, '#sized', '/checkout/initiate');
  out.v1Default = { status: response.status(), location: (await response.headerValue('location')) || null };
}

async function signInAs(page, input) {
  await page.waitForURL(/\/checkout\/signin\?/, { timeout: STEP_TIMEOUT });
  await page.locator(`[data-testid="buyer-${input.buyer.id}"]`).click();
  await page.waitForURL(/\/checkout\/choose\?/, { timeout: STEP_TIMEOUT });
}

async function scenarioReviewFlow(page, input, out) {
  const c = input.configs;
  await openShop(page, input);
  const r = await render(page, '#sized', baseOptions(input, { createCheckoutSessionConfig: c.good, estimatedOrderAmount: { amount: '12.99', currencyCode: 'USD' } }));
  if (!r.ok) throw new Error('render: ' + r.thrown);
  await page.locator('#sized [data-testid="amazonpay-button"]').click();
  await page.waitForURL(/\/checkout\/signin\?/, { timeout: STEP_TIMEOUT });
  out.signinUrl = page.url();
  out.screenshots = [await shot(page, input, 'sandbox-signin')];
  await page.locator(`[data-testid="buyer-${input.buyer.id}"]`).click();
  await page.waitForURL(/\/checkout\/choose\?/, { timeout: STEP_TIMEOUT });
  await page.locator(`[data-testid="address-${input.buyer.otherAddressId}"]`).check();
  await page.locator(`[data-testid="instrument-${input.buyer.instrumentId}"]`).check();
  out.screenshots.push(await shot(page, input, 'sandbox-choose'));
  await page.locator('[data-testid="continue"]').click();
  await page.waitForURL((u) => u.href.startsWith(input.shop + '/review?'), { timeout: STEP_TIMEOUT });
  out.reviewUrl = page.url();
  out.reviewAddress = await text(page, 'review-address');
  out.reviewPayment = await text(page, 'review-payment');

  // bindChangeAction → the chooser → back to the review page with the new address.
  await page.waitForFunction(() => window.amazon && window.amazon.Pay);
  await page.locator('#change-address').click();
  await page.waitForURL(/\/checkout\/initiate_auth\?/, { timeout: STEP_TIMEOUT });
  out.changeUrl = page.url();
  out.changeTitle = (await page.locator('h1').textContent()).trim();
  await page.locator(`[data-testid="address-${input.buyer.addressId}"]`).check();
  await page.locator('[data-testid="continue"]').click();
  await page.waitForURL((u) => u.href.startsWith(input.shop + '/review?'), { timeout: STEP_TIMEOUT });
  out.reviewAddressAfterChange = await text(page, 'review-address');

  // Place order: the shop calls Update Checkout Session and redirects to amazonPayRedirectUrl.
  await page.locator('#place-order').click();
  await page.waitForURL(/\/checkout\/pay\?/, { timeout: STEP_TIMEOUT });
  out.payUrl = page.url();
  out.payAmount = await text(page, 'pay-amount');
  out.screenshots.push(await shot(page, input, 'sandbox-pay'));
  await page.locator('[data-testid="pay"]').click();
  await page.waitForURL((u) => u.href.startsWith(input.shop + '/result?'), { timeout: STEP_TIMEOUT });
  out.resultUrl = page.url();
  out.resultState = await text(page, 'result-state');
  out.resultDetail = await text(page, 'result-detail');
  out.screenshots.push(await shot(page, input, 'shop-result'));
}

async function scenarioCancel(page, input, out) {
  await openShop(page, input);
  await render(page, '#sized', baseOptions(input, { createCheckoutSessionConfig: input.configs.good }));
  await page.locator('#sized [data-testid="amazonpay-button"]').click();
  await signInAs(page, input);
  out.sessionId = new URL(page.url()).searchParams.get('amazonCheckoutSessionId');
  await page.locator('[data-testid="cancel"]').click();
  await page.waitForURL((u) => u.href.startsWith(input.shop + '/cancel'), { timeout: STEP_TIMEOUT });
  out.cancelUrl = page.url();
  out.cancelState = await text(page, 'cancel-state');
  // The canceled session can no longer be used on the hosted pages: a clear error page.
  const again = await page.goto(input.sandbox + '/checkout/signin?amazonCheckoutSessionId=' + encodeURIComponent(out.sessionId));
  out.reuse = { status: again.status(), errorCode: await text(page, 'error-code'), errorMessage: await text(page, 'error-message') };
  const unknown = await page.goto(input.sandbox + '/checkout/pay?amazonCheckoutSessionId=00000000-0000-0000-0000-000000000000');
  out.unknown = { status: unknown.status(), errorCode: await text(page, 'error-code') };
  out.screenshots = [await shot(page, input, 'sandbox-error-unknown-session')];
}

async function scenarioOneStep(page, input, out) {
  // Decoupled button: onClick → initCheckout with a ProcessOrder PayOnly payload.
  await openShop(page, input);
  out.decoupled = await page.evaluate(({ options, config }) => {
    const button = window.amazon.Pay.renderButton('#sized', options);
    button.onClick(() => {
      window.__clicked = true;
      button.initCheckout({ createCheckoutSessionConfig: config });
    });
    return Object.keys(button).sort();
  }, { options: baseOptions(input, { productType: 'PayOnly', placement: 'Checkout', publicKeyId: input.configs.oneStep.publicKeyId }), config: input.configs.oneStep });
  await page.locator('#sized [data-testid="amazonpay-button"]').click();
  await signInAs(page, input);
  out.addressInputs = await page.locator('input[name="addressId"]').count();
  await page.locator(`[data-testid="instrument-${input.buyer.instrumentId}"]`).check();
  await page.locator('[data-testid="continue"]').click();
  await page.waitForURL((u) => u.href.startsWith(input.shop + '/result?'), { timeout: STEP_TIMEOUT });
  out.resultUrl = page.url();
  out.resultState = await text(page, 'result-state');
  out.resultDetail = await text(page, 'result-detail');
}

async function scenarioSignIn(page, input, out) {
  await openShop(page, input);
  out.render = await render(page, '#signin', baseOptions(input, { productType: 'SignIn', placement: 'Other', signInConfig: input.configs.signin }));
  await page.locator('#signin [data-testid="amazonpay-button"]').click();
  await page.waitForURL(/\/checkout\/amazon-signin\?/, { timeout: STEP_TIMEOUT });
  out.scopes = await text(page, 'scopes');
  out.screenshots = [await shot(page, input, 'sandbox-amazon-signin')];
  await page.locator(`[data-testid="buyer-${input.buyer.id}"]`).click();
  await page.waitForURL((u) => u.href.startsWith(input.shop + '/signin-return?'), { timeout: STEP_TIMEOUT });
  out.returnUrl = page.url();
  out.buyerName = await text(page, 'buyer-name');
  // signout: the cookies checkout.js wrote are there, so it calls the sandbox and then the callback.
  await openShop(page, input);
  out.signout = await page.evaluate(() => new Promise((resolve) => {
    const timer = setTimeout(() => resolve('timeout'), 5000);
    window.amazon.Pay.signout(() => { clearTimeout(timer); resolve('callback'); });
  }));
}

async function scenarioLegacy(page, input, out) {
  // Legacy v1 style: checkout.js asks the shop's endpoint for a session created through the API.
  await openShop(page, input);
  out.render = await render(page, '#sized', baseOptions(input, {
    publicKeyId: input.configs.good.publicKeyId,
    createCheckoutSession: { url: input.shop + '/create-session', method: 'POST' },
  }));
  await page.locator('#sized [data-testid="amazonpay-button"]').click();
  await signInAs(page, input);
  await page.locator('[data-testid="continue"]').click();
  await page.waitForURL((u) => u.href.startsWith(input.shop + '/review?'), { timeout: STEP_TIMEOUT });
  out.reviewUrl = page.url();
  out.reviewAddress = await text(page, 'review-address');
}

const SCENARIOS = {
  legacy: scenarioLegacy,
  render: scenarioRender,
  badSignature: scenarioBadSignature,
  reviewFlow: scenarioReviewFlow,
  cancel: scenarioCancel,
  oneStep: scenarioOneStep,
  signIn: scenarioSignIn,
};

async function main() {
  const input = JSON.parse(await readStdin());
  const out = { scenario: input.scenario, console: [], pageErrors: [] };
  const guard = setTimeout(() => {
    process.stdout.write(JSON.stringify(Object.assign(out, { error: 'scenario timed out' })));
    process.exit(3);
  }, 40000);
  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
    headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update'],
  });
  try {
    const context = await browser.newContext({ viewport: { width: 900, height: 700 }, locale: 'en-US' });
    const page = await context.newPage();
    page.setDefaultTimeout(STEP_TIMEOUT);
    page.on('console', (m) => out.console.push({ type: m.type(), text: m.text() }));
    page.on('pageerror', (e) => out.pageErrors.push(String(e.message || e)));
    const run = SCENARIOS[input.scenario];
    if (!run) throw new Error('unknown scenario ' + input.scenario);
    await run(page, input, out);
    out.finalUrl = page.url();
  } catch (e) {
    out.error = String(e && e.message ? e.message : e);
    out.trace = e && e.stack ? String(e.stack).split('\n').slice(0, 6) : null;
    try {
      const pages = browser.contexts().flatMap((c) => c.pages());
      if (pages.length) {
        out.failedUrl = pages[0].url();
        out.failedText = (await pages[0].locator('body').innerText()).slice(0, 1500);
        await shot(pages[0], input, 'failed-' + input.scenario);
      }
    } catch (_) {
      /* best effort */
    }
  } finally {
    await browser.close();
    clearTimeout(guard);
  }
  process.stdout.write(JSON.stringify(out));
}

main().catch((e) => {
  process.stdout.write(JSON.stringify({ error: String(e) }));
  process.exit(2);
});
