// The demo shop's cart and its Amazon Pay integration in plain JavaScript: the page asks the
// edge signer for its configuration, loads checkout.js once, renders a decoupled button and, on
// click, has the signer sign the cart before initCheckout. Amounts never come from the page:
// the signer prices the SKUs from its own catalog.
'use strict';

const SIGNER = window.AMAZON_PAY_SIGNER || 'http://127.0.0.1:8787';
const PRODUCTS = [
  { sku: 'TEA-1', name: '煎茶 静岡', note: '100g・深蒸し', price: 1200, color: '#7fa36b' },
  { sku: 'CUP-2', name: '湯呑み 藍', note: '有田焼', price: 800, color: '#3f5f8f' },
];
const CART_KEY = 'edge-tea-cart';

function yen(n) { return '¥' + Number(n).toLocaleString('ja-JP'); }
function cart() { try { return JSON.parse(localStorage.getItem(CART_KEY) || '[]'); } catch (_) { return []; } }
function saveCart(lines) { localStorage.setItem(CART_KEY, JSON.stringify(lines.filter((l) => l.quantity > 0))); }
function addToCart(sku) {
  const lines = cart();
  const line = lines.find((l) => l.sku === sku);
  if (line) line.quantity += 1; else lines.push({ sku, quantity: 1 });
  saveCart(lines);
}
function subtotal(lines) {
  return lines.reduce((sum, l) => sum + (PRODUCTS.find((p) => p.sku === l.sku)?.price || 0) * l.quantity, 0);
}
function cartCount() { return cart().reduce((n, l) => n + l.quantity, 0); }

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

let configPromise;
function signerConfig() { return configPromise || (configPromise = signer('/v1/config')); }

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

/// Renders the Amazon Pay button for the current cart into `host`.
async function renderAmazonPayButton(host, errorTarget) {
  performance.mark('apay-start');
  try {
    const config = await signerConfig();
    const pay = await loadCheckoutJs(config.checkoutJsUrl);
    const total = subtotal(cart());
    const button = pay.renderButton('#' + host.id, {
      merchantId: config.merchantId,
      ledgerCurrency: config.ledgerCurrency,
      sandbox: config.sandbox,
      checkoutLanguage: config.checkoutLanguage,
      productType: config.button.productType,
      placement: config.button.placement,
      buttonColor: config.button.color,
      estimatedOrderAmount: { amount: String(total), currencyCode: config.ledgerCurrency },
    });
    button.onClick(async () => {
      try {
        const signed = await signer('/v1/button', {
          method: 'POST',
          body: JSON.stringify({ productType: config.button.productType, placement: config.button.placement, cart: cart() }),
        });
        button.initCheckout({ createCheckoutSessionConfig: signed.createCheckoutSessionConfig, estimatedOrderAmount: signed.estimatedOrderAmount });
      } catch (err) { showError(errorTarget, err); }
    });
    performance.mark('apay-rendered');
  } catch (err) { showError(errorTarget, err); }
}

function renderHeader() {
  const count = document.getElementById('cart-count');
  if (count) count.textContent = String(cartCount());
}

window.EdgeTea = { SIGNER, PRODUCTS, yen, cart, saveCart, addToCart, subtotal, signer, signerConfig, loadCheckoutJs, renderAmazonPayButton, showError, renderHeader };
