// The merchant console in headless Chromium, as the shop owner uses it: sign in with the
// merchant API token, find the orders, capture part of one, refund part of it twice, change the
// amount of another within the cap and above it, try a forbidden action by re-enabling its
// button, switch the language, use the keyboard, sign out; screenshots at 1280 and 390 px.
// stdin: {"base": "http://127.0.0.1:PORT", "token": "...", "captureOrder": "order-…",
//         "changeOrder": "order-…", "outDir": "..."}
// stdout: {"steps": [...], "observed": {...}, "pageErrors": [...], "error"?: "..."}
'use strict';
const path = require('path');
const { chromium } = require(path.resolve(__dirname, '../../node_modules/playwright-core'));

const TIMEOUT = 20000;

async function main(input) {
  const out = { steps: [], observed: {}, pageErrors: [] };
  const browser = await chromium.launch({ executablePath: process.env.CHROMIUM || '/usr/bin/chromium' });
  try {
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, locale: 'en-US' });
    const page = await context.newPage();
    page.setDefaultTimeout(TIMEOUT);
    page.on('pageerror', (e) => out.pageErrors.push(String(e)));
    const o = out.observed;
    // The whole page, and at 390 px also the first screen a phone shows.
    const shot = async (name) => {
      await page.screenshot({ path: path.join(input.outDir, `console-${name}.png`), fullPage: true });
      if (name.endsWith('-390')) {
        await page.screenshot({ path: path.join(input.outDir, `console-${name}-screen.png`) });
      }
      out.steps.push(name);
    };
    const text = async (sel) => ((await page.locator(sel).first().textContent()) || '').trim();
    const orderUrl = (ref) => `${input.base}/console/orders/${ref}`;

    // Without a session every page leads to the sign-in form.
    await page.goto(`${input.base}/console/orders`);
    o.anonymousPath = new URL(page.url()).pathname;
    // The keyboard reaches the skip link first, and it shows where the focus is.
    await page.keyboard.press('Tab');
    o.firstFocus = await page.evaluate(() => document.activeElement && document.activeElement.className);
    o.focusOutline = await page.evaluate(() => getComputedStyle(document.activeElement).outlineStyle);
    o.tokenLabelled = await page.locator('label[for="token"]').count();
    await page.fill('#token', 'not-the-token-0123456789abcdef0123456789');
    await page.click('button[type="submit"]');
    o.wrongToken = await text('[role="alert"]');
    await shot('sign-in-1280');
    await page.fill('#token', input.token);
    await page.click('main button[type="submit"]');
    await page.waitForURL('**/console/orders');
    o.listHasCaptureOrder = await page.locator(`a[href="/console/orders/${input.captureOrder}"]`).count();
    o.listHasChangeOrder = await page.locator(`a[href="/console/orders/${input.changeOrder}"]`).count();
    o.listText = await text('table');
    await shot('orders-1280');

    // Capture part, with its confirmation step.
    await page.goto(orderUrl(input.captureOrder));
    o.beforeCapture = await text('.badge.status');
    o.refundBeforeCapture = await text('[data-action="refund"] .reason');
    await shot('order-1280');
    await page.fill('#capture-amount', '1000');
    await page.click('[data-action="capture"] button[type="submit"]');
    o.captureConfirm = await text('main .card p');
    await shot('confirm-1280');
    await page.click('main form button[type="submit"]');
    await page.waitForURL('**done=capture');
    o.afterCapture = await text('.badge.status');
    o.captured = await text('dd.captured');

    // Refund part, twice (a pending refund is settled with "Sync now" first).
    for (const amount of ['100', '200']) {
      if (await page.locator('[data-action="refund"] button[disabled]').count()) {
        o.refundPendingReason = await text('[data-action="refund"] .reason');
        await page.goto(`${input.base}/console/settings`);
        await page.click('form[action="/console/sync"] button');
        await page.goto(orderUrl(input.captureOrder));
      }
      await page.fill('#refund-amount', amount);
      await page.click('[data-action="refund"] button[type="submit"]');
      await page.click('main form button[type="submit"]');
      await page.waitForURL('**done=refund');
    }
    await page.goto(`${input.base}/console/settings`);
    await page.click('form[action="/console/sync"] button');
    o.syncPage = await text('main');
    await page.goto(orderUrl(input.captureOrder));
    o.refundsLeft = await text('[data-action="refund"] .refunds-left');
    o.refunded = await text('dd.refunded');
    o.refundRows = await page.locator('table.refunds tbody tr').count();

    // A forbidden action stays forbidden when its button is re-enabled by hand.
    o.cancelReason = await text('[data-action="cancel"] .reason');
    await page.evaluate(() => {
      const form = document.querySelector('[data-action="cancel"] form');
      form.querySelector('input[name="step"]').value = 'submit';
      form.querySelector('button').removeAttribute('disabled');
    });
    await page.click('[data-action="cancel"] button');
    o.craftedCancel = await text('main');
    await page.goto(orderUrl(input.captureOrder));
    o.afterCrafted = await text('.badge.status');

    // Change an authorized amount within the cap, then above it.
    await page.goto(orderUrl(input.changeOrder));
    o.cap = await text('[data-action="change-amount"] .cap');
    await page.fill('#change-amount-amount', '1500');
    await page.click('[data-action="change-amount"] button[type="submit"]');
    await page.click('main form button[type="submit"]');
    await page.waitForURL('**done=change-amount');
    o.changedAuthorized = await text('dd.authorized');
    await page.fill('#change-amount-amount', '80000');
    await page.click('[data-action="change-amount"] button[type="submit"]');
    await page.click('main form button[type="submit"]');
    o.aboveCap = await text('main [role="alert"]');
    await shot('refused-1280');
    await page.goto(orderUrl(input.changeOrder));
    o.authorizedAfterRefusal = await text('dd.authorized');

    // A form kept from an ended session is stale in the next one.
    const staleToken = await page.locator('input[name="csrf"]').first().inputValue();
    const oldCookies = await context.cookies();
    await page.click('form[action="/console/sign-out"] button');
    await page.waitForURL('**/console/');
    await page.goto(`${input.base}/console/orders`);
    o.afterSignOutPath = new URL(page.url()).pathname;
    // The old cookie, put back by hand, opens nothing either.
    await context.addCookies(oldCookies.filter((c) => c.name === 'console_session'));
    await page.goto(`${input.base}/console/orders`);
    o.oldCookiePath = new URL(page.url()).pathname;
    await page.fill('#token', input.token);
    await page.click('main button[type="submit"]');
    await page.waitForURL('**/console/orders');
    // The old form's token, sent with the new session's cookie (the page's CSP allows no fetch,
    // so the context's request client sends it).
    const stale = await page.request.post(`${input.base}/console/sync`, {
      form: { csrf: staleToken }, maxRedirects: 0,
    });
    o.staleCsrf = { status: stale.status(), text: await stale.text() };

    // Japanese, then the narrow screen.
    await page.click('a[lang="ja"]');
    await page.waitForSelector('html[lang="ja"]');
    o.japaneseHeading = await text('h1');
    o.japaneseList = await text('table');
    await page.setViewportSize({ width: 390, height: 844 });
    await shot('orders-390');
    await page.goto(orderUrl(input.captureOrder));
    o.japaneseRefundsLeft = await text('[data-action="refund"] .refunds-left');
    o.narrowOverflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    await shot('order-390');
    await page.goto(`${input.base}/console/settings`);
    await shot('settings-390');
    await page.setViewportSize({ width: 1280, height: 900 });
    await shot('settings-1280');
    await page.goto(`${input.base}/console/notifications`);
    await shot('notifications-1280');
  } catch (e) {
    out.error = String(e && e.stack ? e.stack : e);
  } finally {
    await browser.close();
  }
  return out;
}

let input = '';
process.stdin.on('data', (c) => { input += c; });
process.stdin.on('end', async () => {
  const out = await main(JSON.parse(input));
  process.stdout.write(JSON.stringify(out));
});
