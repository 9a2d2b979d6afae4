// The Amazon Pay button in plain JavaScript, without the widget: what `cargo xtask bench`
// compares the widget with (time to button). The page asks the edge signer for its
// configuration, loads checkout.js once, renders a decoupled button and, on click, has the
// signer sign the cart before initCheckout. Amounts never come from the page: the signer prices
// the SKUs from its own catalogue.
'use strict';

(function () {
  // The signer, from this script's tag (data-signer).
  const self = document.currentScript;
  const SIGNER = (self && self.getAttribute('data-signer')) || 'http://127.0.0.1:8787';

  async function signer(path, init) {
    const res = await fetch(SIGNER + path, { ...init, headers: { 'content-type': 'application/json', ...(init && init.headers) } });
    const body = await res.json().catch(() => ({}));
    if (!res.ok) {
      const code = body && body.error ? body.error.code : 'NETWORK_ERROR';
      const message = body && body.error ? body.error.message : res.statusText;
      throw Object.assign(new Error(message), { code });
    }
    return body;
  }

  let scriptPromise;
  function loadCheckoutJs(url) {
    if (!scriptPromise) {
      scriptPromise = new Promise((resolve, reject) => {
        const s = document.createElement('script');
        s.src = url;
        s.onload = () => resolve(window.amazon.Pay);
        s.onerror = () => reject(Object.assign(new Error('checkout.js did not load'), { code: 'SCRIPT_ERROR' }));
        document.head.appendChild(s);
      });
    }
    return scriptPromise;
  }

  function showError(target, err) {
    target.innerHTML = '';
    const p = document.createElement('p');
    p.className = 'error';
    p.textContent = `Amazon Pay をご利用いただけません（${err.code || 'ERROR'}）。時間をおいてお試しください。`;
    target.appendChild(p);
  }

  /** Renders the Amazon Pay button for the current cart into `host`. */
  async function renderAmazonPayButton(host, errorTarget) {
    performance.mark('apay-start');
    try {
      const config = await signer('/v1/config');
      const pay = await loadCheckoutJs(config.checkoutJsUrl);
      const lines = EdgeTea.cart();
      const button = pay.renderButton('#' + host.id, {
        merchantId: config.merchantId,
        ledgerCurrency: config.ledgerCurrency,
        sandbox: config.sandbox,
        checkoutLanguage: config.checkoutLanguage,
        productType: config.button.productType,
        placement: config.button.placement,
        buttonColor: config.button.buttonColor,
        estimatedOrderAmount: { amount: String(EdgeTea.subtotal(lines)), currencyCode: config.ledgerCurrency },
      });
      button.onClick(async () => {
        try {
          const signed = await signer('/v1/button', {
            method: 'POST',
            body: JSON.stringify({ productType: config.button.productType, placement: config.button.placement, cart: EdgeTea.cart() }),
          });
          button.initCheckout({ createCheckoutSessionConfig: signed.createCheckoutSessionConfig, estimatedOrderAmount: signed.estimatedOrderAmount });
        } catch (err) { showError(errorTarget, err); }
      });
      performance.mark('apay-rendered');
    } catch (err) { showError(errorTarget, err); }
  }

  window.PlainAmazonPay = { renderAmazonPayButton };
})();
