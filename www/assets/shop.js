// Edge Tea, the demo shop: its catalogue, its cart (in localStorage) and its header. Amazon Pay
// itself is the widget's script tag, first in each button page's <head>; the pages only place
// data-amazon-pay-* elements:
//   <script src="/widget/amazon-pay-widget.js" data-signer="http://127.0.0.1:8787"></script>
// (the local servers write the signer of their stack in place of that origin). A shop in
// production serves the tag's files itself, with its integrity hash:
//   <script src="https://cdn.example/amazon-pay-widget.js" integrity="sha384-…" crossorigin="anonymous"
//           data-signer="https://signer.example"></script>
'use strict';

(function () {
  // The signer the page names: the widget's tag, or this file's own on a page without buttons.
  const named = document.querySelector('script[data-signer]');
  const SIGNER = (named && named.getAttribute('data-signer')) || 'http://127.0.0.1:8787';
  // Prices are for display: the signer prices the SKUs from its own catalogue.
  const PRODUCTS = [
    { sku: 'TEA-1', name: '煎茶 静岡', note: '深蒸し・100g。まろやかな甘みと濃い緑。', price: 1200, mark: '茶', tone: 'sencha' },
    { sku: 'CUP-2', name: '湯呑み 藍', note: '有田焼・約180ml。手になじむ藍の染付。', price: 800, mark: '器', tone: 'ai' },
    { sku: 'GYOKURO-3', name: '玉露 八女', note: '50g。春の入荷をお待ちください。', price: 2400, mark: '玉', tone: 'gyokuro', soldOut: true },
  ];
  const CART_KEY = 'edge-tea-cart';
  // What the buyer is checking out at Amazon Pay, set when an Amazon Pay button is clicked: the
  // cart (nothing kept), or a plan of its own: {plan: "subscription", lines} (定期便) or
  // {plan: "setup"} (Amazon Payを登録: nothing bought). The review and result pages read it.
  const CHECKOUT_KEY = 'edge-tea-checkout';
  // The subscriptions on offer: the signer prices the SKU; Amazon charges again every month.
  const PLANS = {
    'sencha-monthly': {
      name: '煎茶 静岡 定期便（毎月お届け）', lines: [{ sku: 'TEA-1', quantity: 1 }], frequency: { unit: 'Month', value: '1' },
    },
  };

  function yen(n) { return '¥' + Number(n).toLocaleString('ja-JP'); }
  function product(sku) { return PRODUCTS.find((p) => p.sku === sku); }
  function cart() {
    try {
      const lines = JSON.parse(localStorage.getItem(CART_KEY) || '[]');
      return Array.isArray(lines) ? lines.filter((l) => product(l.sku) && l.quantity > 0) : [];
    } catch (_) { return []; }
  }
  function saveCart(lines) {
    localStorage.setItem(CART_KEY, JSON.stringify(lines.filter((l) => l.quantity > 0).map((l) => ({ sku: l.sku, quantity: l.quantity }))));
  }
  function setQuantity(sku, quantity) {
    const lines = cart();
    const line = lines.find((l) => l.sku === sku);
    if (line) line.quantity = Math.max(0, Math.min(99, quantity));
    else if (quantity > 0) lines.push({ sku, quantity });
    saveCart(lines);
  }
  function addToCart(sku) {
    const line = cart().find((l) => l.sku === sku);
    setQuantity(sku, (line ? line.quantity : 0) + 1);
  }
  function subtotal(lines) { return lines.reduce((sum, l) => sum + product(l.sku).price * l.quantity, 0); }
  function cartCount() { return cart().reduce((n, l) => n + l.quantity, 0); }

  function renderHeader() {
    const count = document.getElementById('cart-count');
    if (count) count.textContent = String(cartCount());
  }

  // The checkout the buyer started (see CHECKOUT_KEY); none after a cart checkout.
  function checkout() {
    try {
      const value = JSON.parse(sessionStorage.getItem(CHECKOUT_KEY) || 'null');
      return value && typeof value.plan === 'string' ? value : null;
    } catch (_) { return null; }
  }
  function endCheckout() { sessionStorage.removeItem(CHECKOUT_KEY); }
  // The registered member's address (the demo keeps it in this browser), as Amazon's
  // addressDetails: what the Additional Payment Button ships to.
  const MEMBER_KEY = 'edge-tea-member';
  function saveMember(address) {
    const clean = { countryCode: 'JP' };
    for (const [key, value] of Object.entries(address)) if (value) clean[key] = String(value).trim();
    localStorage.setItem(MEMBER_KEY, JSON.stringify(clean));
  }
  function memberAddress() {
    try {
      const address = JSON.parse(localStorage.getItem(MEMBER_KEY) || 'null');
      // What Amazon needs of a Japanese address: the prefecture, not necessarily the city.
      const complete = address
        && ['name', 'stateOrRegion', 'addressLine1', 'postalCode', 'phoneNumber'].every((k) => address[k]);
      return complete ? address : null;
    } catch (_) { return null; }
  }
  // The member's address in one line, as a Japanese label reads it.
  function memberLabel(address) {
    const place = [address.stateOrRegion, address.city, address.addressLine1, address.addressLine2]
      .filter(Boolean).join('');
    return '〒' + address.postalCode + ' ' + place + ' ' + address.name + ' 様';
  }
  // The buyer's subscriptions (定期便) in this browser, [{id, token, name}]: the result page keeps
  // the one a 定期便 checkout started, the member page (member.html) reads each from the signer
  // (POST /v1/subscription {token}) and keeps the renewed token it answers. The token is a
  // credential for that one subscription: it stays in this browser, never in a URL.
  const SUBSCRIPTIONS_KEY = 'edge-tea-subscriptions';
  function subscriptions() {
    try {
      const list = JSON.parse(localStorage.getItem(SUBSCRIPTIONS_KEY) || '[]');
      return Array.isArray(list)
        ? list.filter((s) => s && typeof s.id === 'string' && typeof s.token === 'string') : [];
    } catch (_) { return []; }
  }
  function saveSubscription(access, name) {
    if (!access || typeof access.id !== 'string' || typeof access.token !== 'string') return;
    const list = subscriptions();
    const known = list.find((s) => s.id === access.id);
    if (known) {
      known.token = access.token;
      if (name) known.name = name;
    } else {
      list.push({ id: access.id, token: access.token, name: name || '' });
    }
    localStorage.setItem(SUBSCRIPTIONS_KEY, JSON.stringify(list));
  }
  // The lines of the checkout under way: a subscription's own, else the cart.
  function checkoutLines() {
    const current = checkout();
    if (current && current.plan === 'subscription' && Array.isArray(current.lines)) return current.lines;
    return cart();
  }
  // A click on one of the shop's Amazon Pay buttons (the widget's amazonpay:click bubbles from
  // its slot) starts a checkout: the slot's data-edge-tea-plan says which. Clicks inside a return
  // page (place order, the fresh button after a decline) go on with the checkout under way.
  document.addEventListener('amazonpay:click', (event) => {
    const slot = event.target;
    if (!slot || !slot.hasAttribute || !slot.hasAttribute('data-amazon-pay-button')) return;
    const plan = slot.getAttribute('data-edge-tea-plan');
    if (plan === 'setup') {
      sessionStorage.setItem(CHECKOUT_KEY, JSON.stringify({ plan: 'setup' }));
    } else if (plan && PLANS[plan]) {
      sessionStorage.setItem(CHECKOUT_KEY, JSON.stringify({ plan: 'subscription', id: plan, lines: PLANS[plan].lines }));
    } else {
      endCheckout();
    }
  });

  // The cart as the widget reads it from data-cart (lines only: the signer prices them), and the
  // estimated total for Amazon's button (data-amount, data-currency-code). `lines` defaults to
  // the shop's cart.
  function describeCart(element, lines) {
    lines = lines || cart();
    element.setAttribute('data-cart', JSON.stringify(lines));
    if (lines.length && element.hasAttribute('data-amazon-pay-button')) {
      element.setAttribute('data-amount', String(subtotal(lines)));
      element.setAttribute('data-currency-code', 'JPY');
    }
    return lines;
  }

  document.addEventListener('DOMContentLoaded', renderHeader);

  window.EdgeTea = {
    SIGNER, PRODUCTS, PLANS, yen, product, cart, saveCart, setQuantity, addToCart, subtotal, cartCount, renderHeader,
    describeCart, checkout, checkoutLines, endCheckout, saveMember, memberAddress, memberLabel,
    subscriptions, saveSubscription,
  };
})();
