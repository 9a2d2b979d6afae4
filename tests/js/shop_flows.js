// A buyer's journeys through the demo shop in headless Chromium, against the sandbox's hosted
// pages. One flow per run; prints JSON and screenshots every step.
// stdin: {"shop": "http://127.0.0.1:PORT", "outDir": "...", "flow": "purchase" | "change-address" |
//         "decline-then-pay" | "cancel" | "signin" | "subscription" | "save-payment-method" |
//         "subscription-decline-then-pay" | "member" (the member page at 390 and 1280 px) |
//         "change-payment-method" (from the member page, with "instrument") |
//         "subscription-address" | "cart-address" (with "member": the address the member
//         registers) | "strict-purchase" | "button-errors" (the strict-page test's own site),
//         "name": "screenshot prefix",
//         "buyer": "amzn1.account…", "instrument": "jp-visa", "address": "jp-home" (optional),
//         "newAddress": "jp-office" (change-address), "retryInstrument": "us-visa" (decline-then-pay),
//         "reload": true (purchase: reload the result page), "screenshots": true (optional),
//         "storageState": "file" (start with this browser profile), "saveState": "file" (keep it)}
// stdout: {"steps": [...], "review": {...}, "payAmount": "...", "result": {...}, "results": [...],
//          "reloaded": {...}, "cancel": {...}, "signin": {...}, "sessionIds": [...], "purchaseMs": N,
//          "titles": {...}, "plan": "...", "planResult": "...", "cartBefore": N, "errors": {...},
//          "checkoutJsScripts": N (the cart page's <script> elements of checkout.js),
//          "checkoutJsByScriptTag": true when the widget's script tag started each of them (it
//          does so from the /v1/config answer's Link header, before the wasm runs),
//          "widgetDownloads": {"script": N, "wasm": N} (the cart page's downloads of each),
//          "console": [errors and warnings the pages wrote], "pageErrors": [...], "error"?: "..."}
'use strict';
const path = require('path');
const { chromium } = require(path.resolve(__dirname, '../../node_modules/playwright-core'));

const TIMEOUT = 20000;

// The widget's stable hooks.
const SEL = {
  buttonHost: '[data-amazon-pay-button]',
  amazonButton: '[data-testid="amazonpay-button"]',
  review: '[data-amazon-pay-widget="review"]',
  field: (name) => `[data-amazon-pay-field="${name}"]`,
  changeAddress: '[data-amazon-pay-action="change-address"]',
  changePayment: '[data-amazon-pay-action="change-payment"]',
  placeOrder: '[data-amazon-pay-action="place-order"]',
  result: '[data-amazon-pay-widget="result"]',
  settledResult: '[data-amazon-pay-widget="result"][data-amazon-pay-outcome]',
  backToCart: 'a[data-amazon-pay-action="back-to-cart"]',
  signin: '[data-amazon-pay-widget="signin"][data-amazon-pay-outcome]',
};

function sessionIdOf(url) {
  return new URL(url).searchParams.get('amazonCheckoutSessionId');
}

class Journey {
  constructor(page, input, out) {
    this.page = page;
    this.input = input;
    this.out = out;
  }

  async shot(step) {
    const { outDir, name, screenshots = true } = this.input;
    if (screenshots) {
      await this.page.screenshot({ path: path.join(outDir, `shop-${name}-${step}.png`), fullPage: true });
    }
    this.out.steps.push(step);
  }

  // Two teas and a cup, then the cart page with its Amazon Pay button.
  async fillCart() {
    const { page, input } = this;
    await page.goto(input.shop + '/index.html');
    await page.click('button[data-sku="TEA-1"]');
    await page.click('button[data-sku="TEA-1"]');
    await page.click('button[data-sku="CUP-2"]');
    await page.goto(input.shop + '/cart.html');
    await page.waitForSelector(`${SEL.buttonHost} ${SEL.amazonButton}`, { timeout: TIMEOUT });
    this.out.checkoutJsScripts = await this.checkoutJsScripts();
    this.out.checkoutJsByScriptTag = await this.checkoutJsByScriptTag();
    this.out.widgetDownloads = await this.widgetDownloads();
    await this.shot('cart');
  }

  // How many times the page downloaded the widget's script and its .wasm: the cart page
  // preloads the .wasm ahead of the tag, and the widget's request of it uses that preload.
  async widgetDownloads() {
    return this.page.evaluate(() => {
      const count = (re) => performance.getEntriesByType('resource').filter((e) => re.test(new URL(e.name).pathname)).length;
      return { script: count(/\/amazon-pay-widget\.js$/), wasm: count(/\/amazon-pay-widget\.wasm$/) };
    });
  }

  // How many <script> elements load checkout.js on the page (the widget's bootstrap and its
  // wasm must share one).
  async checkoutJsScripts() {
    return this.page.evaluate(() => [...document.scripts].filter((s) => /\/checkout\.js$/.test(s.src)).length);
  }

  // True when every checkout.js <script> was started by the widget's script tag (only it hangs
  // the promise of the load on the element as `amazonPayLoad`; the wasm adds a plain one).
  async checkoutJsByScriptTag() {
    return this.page.evaluate(() => {
      const tags = [...document.scripts].filter((s) => /\/checkout\.js$/.test(s.src));
      return tags.length > 0 && tags.every((s) => s.amazonPayLoad instanceof Promise);
    });
  }

  // Amazon's page of a one-step checkout: sign in as the buyer, note what it shows of the
  // address (the address book's choices, the shop's address), choose the instrument and
  // continue straight to the result page; `payPage` counts a payment page in between.
  async payInOneStep() {
    const { page, input, out } = this;
    await page.click(`[data-testid="buyer-${input.buyer}"]`);
    await page.waitForSelector(`[data-testid="instrument-${input.instrument}"]`, { timeout: TIMEOUT });
    out.addressChoices = await page.locator('[data-testid^="address-"]').count();
    const shopAddress = page.locator('[data-testid="shop-address"]');
    out.shopAddress = (await shopAddress.count()) ? ((await shopAddress.textContent()) || '').trim() : null;
    await page.check(`[data-testid="instrument-${input.instrument}"]`);
    await this.shot('amazon-choose');
    await page.click('[data-testid="continue"]');
    await page.waitForSelector(`${SEL.settledResult}, [data-testid="pay"]`, { timeout: TIMEOUT });
    out.payPage = await page.locator('[data-testid="pay"]').count();
    out.result = await this.readResult();
  }

  // The member registration page: `input.member`'s address, kept by the shop (this browser).
  async registerMember() {
    const { page, input } = this;
    const member = input.member;
    await page.goto(input.shop + '/signin.html');
    await page.fill('#member-name', member.name);
    await page.fill('#member-email', member.email);
    await page.fill('#member-postal', member.postalCode);
    await page.selectOption('#member-pref', member.stateOrRegion);
    await page.fill('#member-city', member.city);
    await page.fill('#member-line1', member.addressLine1);
    await page.fill('#member-line2', member.addressLine2);
    await page.fill('#member-phone', member.phoneNumber);
    await page.click('#member button[type="submit"]');
    await page.waitForSelector('#member-done:not(:empty)', { timeout: TIMEOUT });
    await this.shot('member-registered');
  }

  // Clicks the Amazon Pay button inside `scope` and waits for the sandbox's sign-in page.
  async clickAmazonPay(scope) {
    const selector = `${scope} ${SEL.amazonButton}`;
    await this.page.waitForSelector(selector, { timeout: TIMEOUT });
    await this.page.click(selector);
    await this.page.waitForSelector('[data-testid^="buyer-"]', { timeout: TIMEOUT });
    this.out.sessionIds.push(sessionIdOf(this.page.url()));
  }

  // The binding secret this tab keeps (read on the shop's origin).
  async binding() {
    return this.page.evaluate(() => sessionStorage.getItem('amazonPayBinding'));
  }

  // A second browser (another context: no sessionStorage) opens `url`: what its page shows.
  async otherBrowserOpens(url, selector, step) {
    const context = await this.page.context().browser().newContext({ viewport: { width: 1000, height: 800 } });
    const other = await context.newPage();
    await other.goto(url);
    await other.waitForSelector(`${selector}[data-amazon-pay-outcome], ${selector} [data-amazon-pay-message]:not(:empty), ${selector} [role="alert"]:not(:empty)`, { timeout: TIMEOUT }).catch(() => {});
    await other.waitForTimeout(500);
    const seen = {
      text: ((await other.textContent('body')) || '').trim(),
      outcome: await other.getAttribute(selector, 'data-amazon-pay-outcome').catch(() => null),
    };
    const { outDir, name, screenshots = true } = this.input;
    if (screenshots) await other.screenshot({ path: path.join(outDir, `shop-${name}-${step}.png`), fullPage: true });
    await context.close();
    return seen;
  }

  // At Amazon: sign in as the buyer, choose address and instrument, continue to the review page.
  async chooseAtAmazon(instrument, step) {
    const { page, input } = this;
    await page.click(`[data-testid="buyer-${input.buyer}"]`);
    await page.waitForSelector(`[data-testid="instrument-${instrument}"]`, { timeout: TIMEOUT });
    if (input.address) await page.check(`[data-testid="address-${input.address}"]`);
    await page.check(`[data-testid="instrument-${instrument}"]`);
    await this.shot(step);
    await page.click('[data-testid="continue"]');
    await this.waitForReview();
  }

  async waitForReview() {
    await this.page.waitForSelector(`${SEL.review} ${SEL.placeOrder}:not([disabled])`, { timeout: TIMEOUT });
  }

  async readReview() {
    const review = {};
    for (const name of ['buyer', 'email', 'address', 'payment', 'subtotal', 'shipping', 'tax', 'total']) {
      review[name] = ((await this.page.textContent(`${SEL.review} ${SEL.field(name)}`)) || '').trim();
    }
    review.text = (await this.page.textContent(SEL.review)) || '';
    return review;
  }

  // Places the order, pays on the sandbox's amazonPayRedirectUrl page and waits for the result.
  async placeOrderAndPay(step) {
    const { page } = this;
    await page.click(SEL.placeOrder);
    await page.waitForSelector('[data-testid="pay"]', { timeout: TIMEOUT });
    this.out.payAmount = ((await page.textContent('[data-testid="pay-amount"]')) || '').trim();
    await this.shot(step);
    await page.click('[data-testid="pay"]');
    return this.readResult();
  }

  // The page's heading and the shop's own note about a subscription or a saved payment method.
  async readPlan(step) {
    const { page } = this;
    this.out.titles[step] = ((await page.textContent('h1')) || '').trim();
    for (const [key, selector] of [['plan', '#plan'], ['planResult', '#plan-result']]) {
      const note = page.locator(`${selector}:not([hidden])`);
      if (await note.count()) this.out[key] = ((await note.textContent()) || '').trim();
    }
  }

  // The shop's cart count in the page header.
  async cartCount() {
    return Number(((await this.page.textContent('#cart-count')) || '').trim());
  }

  async readResult() {
    const { page } = this;
    await page.waitForSelector(SEL.settledResult, { timeout: TIMEOUT });
    const result = {
      outcome: await page.getAttribute(SEL.result, 'data-amazon-pay-outcome'),
      text: ((await page.textContent(SEL.result)) || '').trim(),
      sessionId: sessionIdOf(page.url()),
      url: page.url(),
      // The binding secret this tab keeps for the checkout it started.
      binding: await page.evaluate(() => sessionStorage.getItem('amazonPayBinding')),
    };
    const reference = page.locator(`${SEL.result} ${SEL.field('order-reference')}`);
    if (await reference.count()) result.orderReference = ((await reference.first().textContent()) || '').trim();
    result.backToCart = await page.locator(`${SEL.result} ${SEL.backToCart}`).count();
    result.cartCount = await this.cartCount();
    this.out.results.push(result);
    return result;
  }
}

const FLOWS = {
  // A page under a strict Content Security Policy, with the widget's tag pinned by SRI (the
  // test's own site): cart.html → Amazon → review → place order → pay → result.
  async 'strict-purchase'(j) {
    const { page, input } = j;
    await page.goto(input.shop + '/cart.html');
    await page.waitForSelector(`${SEL.buttonHost} ${SEL.amazonButton}`, { timeout: TIMEOUT });
    j.out.checkoutJsScripts = await j.checkoutJsScripts();
    j.out.checkoutJsByScriptTag = await j.checkoutJsByScriptTag();
    await j.shot('cart');
    await j.clickAmazonPay(SEL.buttonHost);
    await j.chooseAtAmazon(input.instrument, 'amazon-choose');
    j.out.review = await j.readReview();
    await j.shot('review');
    j.out.result = await j.placeOrderAndPay('amazon-pay');
    await j.shot('result');
  },

  // errors.html (the test's own site): one slot whose cart names a SKU the catalog does not
  // have, one whose click cannot reach the signer (the request is refused by the network).
  // For each: what the host's aria-busy and the button's opacity were while signing, the line
  // shown, where the focus went, the error event's detail and what the console said.
  async 'button-errors'(j) {
    const { page, input } = j;
    await page.goto(input.shop + '/errors.html');
    for (const id of ['unknown-sku', 'offline']) {
      await page.waitForSelector(`#${id} ${SEL.amazonButton}`, { timeout: TIMEOUT });
    }
    await j.shot('errors');
    await page.evaluate(() => {
      window.__seen = {};
      for (const host of document.querySelectorAll('[data-amazon-pay-button]')) {
        const seen = (window.__seen[host.id] = { busy: [], events: [] });
        new MutationObserver(() => {
          const button = host.querySelector('[id^="amazon-pay-button"]');
          seen.busy.push({ ariaBusy: host.getAttribute('aria-busy'), opacity: getComputedStyle(button).opacity });
        }).observe(host, { attributes: true, attributeFilter: ['aria-busy'] });
        host.addEventListener('amazonpay:error', (e) => seen.events.push({
          code: e.detail.error.code, signerCode: e.detail.error.signerCode,
          retryable: e.detail.error.retryable, detailRetryable: e.detail.retryable,
        }));
      }
    });
    j.out.errors = {};
    for (const id of ['unknown-sku', 'offline']) {
      if (id === 'offline') await page.route('**/v1/button', (route) => route.abort('connectionrefused'));
      const consoleFrom = j.out.console.length;
      await page.click(`#${id} ${SEL.amazonButton}`);
      await page.waitForSelector(`#${id} [data-amazon-pay-message][data-code]`, { timeout: TIMEOUT });
      await page.waitForFunction((id) => window.__seen[id].events.length > 0, id, { timeout: TIMEOUT });
      j.out.errors[id] = await page.evaluate((id) => {
        const host = document.getElementById(id);
        const message = host.querySelector('[data-amazon-pay-message]');
        return {
          ...window.__seen[id],
          text: message.textContent,
          retryableAttribute: message.getAttribute('data-retryable'),
          focused: document.activeElement === message,
          liveRegion: message.getAttribute('role') + ' ' + message.getAttribute('aria-live'),
          busyAfter: host.getAttribute('aria-busy'),
          opacityAfter: getComputedStyle(host.querySelector('[id^="amazon-pay-button"]')).opacity,
        };
      }, id);
      j.out.errors[id].console = j.out.console.slice(consoleFrom);
      await j.shot(id);
    }
  },


  // Cart → Amazon → review → place order → pay → result.
  async purchase(j) {
    await j.fillCart();
    const clickedAt = performance.now();
    await j.clickAmazonPay(SEL.buttonHost);
    await j.chooseAtAmazon(j.input.instrument, 'amazon-choose');
    j.out.review = await j.readReview();
    await j.shot('review');
    j.out.reviewUrl = j.page.url();
    j.out.binding = await j.binding();
    if (j.input.otherBrowser) {
      // Someone else opens the review address: nothing of the buyer.
      j.out.otherReview = await j.otherBrowserOpens(j.out.reviewUrl, SEL.review, 'other-browser-review');
    }
    j.out.result = await j.placeOrderAndPay('amazon-pay');
    if (j.input.otherBrowser) {
      j.out.otherResult = await j.otherBrowserOpens(j.out.result.url, SEL.result, 'other-browser-result');
    }
    j.out.purchaseMs = performance.now() - clickedAt;
    await j.shot('result');
    if (j.input.reload) {
      // The buyer reloads the result page: the same outcome, nothing completed twice.
      await j.page.reload();
      j.out.reloaded = await j.readResult();
      await j.shot('result-reloaded');
    }
  },

  // On the review page the buyer changes the shipping address at Amazon and comes back.
  async 'change-address'(j) {
    const { page, input } = j;
    await j.fillCart();
    await j.clickAmazonPay(SEL.buttonHost);
    await j.chooseAtAmazon(input.instrument, 'amazon-choose');
    j.out.reviewBefore = await j.readReview();
    await j.shot('review-before');
    await page.click(SEL.changeAddress);
    await page.waitForSelector(`[data-testid="address-${input.newAddress}"]`, { timeout: TIMEOUT });
    j.out.changeTitle = ((await page.textContent('h1')) || '').trim();
    await page.check(`[data-testid="address-${input.newAddress}"]`);
    await j.shot('amazon-change-address');
    await page.click('[data-testid="continue"]');
    await j.waitForReview();
    j.out.review = await j.readReview();
    await j.shot('review-after');
    j.out.result = await j.placeOrderAndPay('amazon-pay');
    await j.shot('result');
  },

  // A declined instrument; the result page offers a fresh button; another instrument pays.
  async 'decline-then-pay'(j) {
    const { input } = j;
    await j.fillCart();
    await j.clickAmazonPay(SEL.buttonHost);
    await j.chooseAtAmazon(input.instrument, 'amazon-choose');
    await j.shot('review');
    const declined = await j.placeOrderAndPay('amazon-pay');
    if (declined.outcome !== 'declined') return;
    // The fresh button is rendered inside the result after the outcome.
    const fresh = `${SEL.result} ${SEL.amazonButton}`;
    await j.page.waitForSelector(fresh, { timeout: TIMEOUT });
    declined.freshButton = await j.page.locator(fresh).count();
    await j.shot('declined');
    await j.clickAmazonPay(SEL.result);
    await j.chooseAtAmazon(input.retryInstrument, 'amazon-choose-again');
    j.out.review = await j.readReview();
    await j.shot('review-again');
    j.out.result = await j.placeOrderAndPay('amazon-pay-again');
    await j.shot('result');
  },

  // The buyer cancels on Amazon's page and lands back on the cart.
  async cancel(j) {
    const { page } = j;
    await j.fillCart();
    await j.clickAmazonPay(SEL.buttonHost);
    await j.shot('amazon-signin');
    await page.click('[data-testid="cancel"]');
    await page.waitForURL((url) => url.pathname.endsWith('/cart.html'), { timeout: TIMEOUT });
    await page.waitForSelector('[data-amazon-pay-outcome="canceled"]', { timeout: TIMEOUT });
    j.out.cancel = {
      url: page.url(),
      text: ((await page.textContent('[data-amazon-pay-outcome="canceled"]')) || '').trim(),
      button: await page.locator(`${SEL.buttonHost} ${SEL.amazonButton}`).count(),
      cartCount: await j.cartCount(),
    };
    await j.shot('cart-after-cancel');
  },

  // The monthly sencha (定期便) from the home page: its Recurring button → Amazon → review →
  // place order → pay → result. The cart (one cup) is left as it was.
  async subscription(j) {
    const { page, input } = j;
    await page.goto(input.shop + '/index.html');
    await page.click('button[data-sku="CUP-2"]');
    j.out.cartBefore = await j.cartCount();
    await j.shot('home');
    await page.click('#subscription-offer a');
    await page.waitForSelector(`#amazon-pay-subscribe ${SEL.amazonButton}`, { timeout: TIMEOUT });
    await j.shot('subscription');
    await j.clickAmazonPay('#amazon-pay-subscribe');
    await j.chooseAtAmazon(input.instrument, 'amazon-choose');
    j.out.review = await j.readReview();
    await j.readPlan('review');
    await j.shot('review');
    j.out.result = await j.placeOrderAndPay('amazon-pay');
    await page.waitForSelector('#plan-result:not([hidden])', { timeout: TIMEOUT });
    await j.readPlan('result');
    // With the signer's ledger the result page keeps the subscription and links the member page.
    j.out.memberLink = await page.locator('#member-link:not([hidden]) a[href="member.html"]').count();
    await j.shot('result');
  },

  // The 定期便 with a card Amazon declines: the result page's fresh button is the same
  // subscription, and another instrument starts it.
  async 'subscription-decline-then-pay'(j) {
    const { page, input } = j;
    await page.goto(input.shop + '/subscription.html');
    await page.waitForSelector(`#amazon-pay-subscribe ${SEL.amazonButton}`, { timeout: TIMEOUT });
    await j.clickAmazonPay('#amazon-pay-subscribe');
    await j.chooseAtAmazon(input.instrument, 'amazon-choose');
    await j.shot('review');
    const declined = await j.placeOrderAndPay('amazon-pay');
    if (declined.outcome !== 'declined') return;
    const fresh = `${SEL.result} ${SEL.amazonButton}`;
    await page.waitForSelector(fresh, { timeout: TIMEOUT });
    declined.freshButton = await page.locator(fresh).count();
    await j.shot('declined');
    await j.clickAmazonPay(SEL.result);
    await j.chooseAtAmazon(input.retryInstrument, 'amazon-choose-again');
    j.out.review = await j.readReview();
    await j.readPlan('review');
    await j.shot('review-again');
    j.out.result = await j.placeOrderAndPay('amazon-pay-again');
    await page.waitForSelector('#plan-result:not([hidden])', { timeout: TIMEOUT });
    await j.readPlan('result');
    await j.shot('result');
  },

  // A member registers an address, fills the cart and pays this one order with the Additional
  // Payment Button (OneTime): the shop sends its address, the buyer only chooses how to pay, in
  // one step (no review page, no payment page).
  async 'cart-address'(j) {
    const { page } = j;
    await j.registerMember();
    await j.fillCart();
    await page.waitForSelector(`#amazon-pay-member ${SEL.amazonButton}`, { timeout: TIMEOUT });
    j.out.memberAddress = ((await page.textContent('#member-address')) || '').trim();
    await j.shot('cart-member');
    await j.clickAmazonPay('#amazon-pay-member');
    await j.payInOneStep();
    await j.shot('result');
  },

  // A member registers an address, then takes the 定期便 with the Additional Payment Button: the
  // shop sends its address, the buyer only chooses how to pay, and the first month is paid in
  // one step (no review page, no payment page).
  async 'subscription-address'(j) {
    const { page, input } = j;
    await j.registerMember();
    await page.goto(input.shop + '/subscription.html');
    await page.waitForSelector(`#amazon-pay-subscribe-address ${SEL.amazonButton}`, { timeout: TIMEOUT });
    j.out.memberAddress = ((await page.textContent('#member-address')) || '').trim();
    await j.shot('subscription');
    await j.clickAmazonPay('#amazon-pay-subscribe-address');
    await j.payInOneStep();
    await page.waitForSelector('#plan-result:not([hidden])', { timeout: TIMEOUT });
    await j.readPlan('result');
    await j.shot('result');
  },

  // Amazon Payを登録 on the member page: setup only, one step at Amazon (no review page, no
  // payment page), back on the result page with nothing charged.
  async 'save-payment-method'(j) {
    const { page, input } = j;
    await page.goto(input.shop + '/signin.html');
    await page.waitForSelector(`#amazon-pay-save ${SEL.amazonButton}`, { timeout: TIMEOUT });
    await j.shot('member');
    await j.clickAmazonPay('#amazon-pay-save');
    await j.payInOneStep();
    await page.waitForSelector('#plan-result:not([hidden])', { timeout: TIMEOUT });
    await j.readPlan('result');
    await j.shot('result');
  },

  // The member page (マイページ) with the 定期便 this browser keeps: what each subscription shows,
  // at 390 px (and 1280 px), screenshots `member-<name>-<width>.png`.
  async member(j) {
    const { page, input, out } = j;
    out.member = {};
    for (const width of [390, 1280]) {
      await page.setViewportSize({ width, height: 844 });
      await page.goto(input.shop + '/member.html');
      await page.waitForSelector('body[data-subscriptions-loaded]', { timeout: TIMEOUT });
      out.member[width] = await page.evaluate(() => {
        const text = (el) => (el ? (el.textContent || '').trim().replace(/\s+/g, ' ') : null);
        const shown = (el) => !!el && !el.closest('[hidden]') && el.getBoundingClientRect().height > 0;
        return {
          subscriptions: Array.from(document.querySelectorAll('.subscription')).map((card) => ({
            status: card.dataset.status,
            label: text(card.querySelector('.status')),
            nextCharge: text(card.querySelector('.next-charge')),
            pastDue: text(card.querySelector('.past-due')),
            updateUrl: card.querySelector('a.update-payment') ? card.querySelector('a.update-payment').href : null,
            charges: Array.from(card.querySelectorAll('table.charges tbody tr')).map((row) =>
              Array.from(row.cells).map((cell) => text(cell))),
            text: text(card),
          })),
          empty: shown(document.getElementById('subscriptions-empty')),
          error: shown(document.getElementById('subscriptions-error')),
          overflow: document.documentElement.scrollWidth > window.innerWidth,
          stored: JSON.parse(localStorage.getItem('edge-tea-subscriptions') || '[]'),
        };
      });
      if (input.screenshots !== false) {
        await page.screenshot({ path: path.join(input.outDir, `member-${input.name}-${width}.png`), fullPage: true });
      }
      out.steps.push(`member-${width}`);
    }
  },

  // On the member page, a past-due 定期便's "お支払い方法を変更する" leads to the page where the
  // buyer changes the payment method (offline: the sandbox's stand-in for Amazon's page), at
  // 390 px; the buyer chooses `input.instrument` there.
  async 'change-payment-method'(j) {
    const { page, input, out } = j;
    await page.setViewportSize({ width: 390, height: 844 });
    await page.goto(input.shop + '/member.html');
    await page.waitForSelector('body[data-subscriptions-loaded]', { timeout: TIMEOUT });
    await page.click('a.update-payment');
    await page.waitForSelector(`[data-testid="instrument-${input.instrument}"]`, { timeout: TIMEOUT });
    out.changePage = {
      url: page.url(),
      permission: ((await page.textContent('[data-testid="charge-permission-id"]')) || '').trim(),
      state: ((await page.textContent('[data-testid="permission-state"]')) || '').trim(),
    };
    await page.check(`[data-testid="instrument-${input.instrument}"]`);
    await page.screenshot({ path: path.join(input.outDir, `member-${input.name}-amazon-page-390.png`), fullPage: true });
    await page.click('[data-testid="continue"]');
    await page.waitForSelector('[data-testid="updated"]', { timeout: TIMEOUT });
    out.changePage.updatedState = ((await page.textContent('[data-testid="permission-state"]')) || '').trim();
    out.steps.push('changed');
  },

  // Sign in with Amazon on the registration page fills the form.
  async signin(j) {
    const { page, input } = j;
    await page.goto(input.shop + '/signin.html');
    await page.waitForSelector(`${SEL.buttonHost} ${SEL.amazonButton}`, { timeout: TIMEOUT });
    await j.shot('signin');
    await page.click(`${SEL.buttonHost} ${SEL.amazonButton}`);
    await page.waitForSelector(`[data-testid="buyer-${input.buyer}"]`, { timeout: TIMEOUT });
    j.out.scopes = ((await page.textContent('[data-testid="scopes"]')) || '').trim();
    await j.shot('amazon-signin');
    await page.click(`[data-testid="buyer-${input.buyer}"]`);
    await page.waitForSelector(SEL.signin, { timeout: TIMEOUT });
    j.out.signin = {
      outcome: await page.getAttribute(SEL.signin, 'data-amazon-pay-outcome'),
      url: page.url(),
      fields: await page.$$eval('form [name]', (inputs) =>
        Object.fromEntries(inputs.map((i) => [i.name, i.value]))),
    };
    await j.shot('registration-filled');
  },
};

async function run(input) {
  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM || '/usr/bin/chromium', headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update'],
  });
  // A journey in several runs goes on in the same browser profile: `storageState` (a file of
  // Playwright's storage state: cookies and localStorage) is loaded, `saveState` written at the end.
  const context = await browser.newContext({
    viewport: { width: 1000, height: 800 },
    ...(input.storageState ? { storageState: input.storageState } : {}),
  });
  const page = await context.newPage();
  const out = { steps: [], results: [], sessionIds: [], pageErrors: [], titles: {}, console: [] };
  page.on('pageerror', (e) => out.pageErrors.push(String(e)));
  // Errors and warnings the pages wrote (CSP and SRI refusals are among them).
  page.on('console', (m) => {
    if (m.type() === 'error' || m.type() === 'warning') out.console.push(m.type() + ': ' + m.text());
  });
  const journey = new Journey(page, input, out);
  try {
    const flow = FLOWS[input.flow];
    if (!flow) throw new Error('unknown flow ' + input.flow);
    await flow(journey);
    if (!out.binding) out.binding = await journey.binding();
    if (input.saveState) await context.storageState({ path: input.saveState });
  } catch (e) {
    out.error = String(e);
    out.failedAt = page.url();
    try { await journey.shot('failure'); } catch (_) { /* ignore */ }
  }
  await browser.close();
  return out;
}

module.exports = { run, FLOWS, SEL };

if (require.main === module) {
  let input = '';
  process.stdin.on('data', (c) => { input += c; });
  process.stdin.on('end', async () => { process.stdout.write(JSON.stringify(await run(JSON.parse(input)))); });
}
