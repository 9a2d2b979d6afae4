  // ---- script-tag bootstrap (appended inside the same function scope as the glue above) ----
  var script = document.currentScript;
  var base = script && script.src ? script.src : location.href;
  var wasmUrl = new URL('__WASM_FILE__', base);
  var signer = script ? script.getAttribute('data-signer') : null;
  var api = (window.AmazonPayWidget = window.AmazonPayWidget || {});
  // The button-only bundle knows the SRI hash of the bundle with the return pages; the latter
  // has none (it never hands over again).
  var pagesIntegrity = '__PAGES_INTEGRITY__';
  var pageSlots = '[data-amazon-pay-review],[data-amazon-pay-result],[data-amazon-pay-signin]';
  // The wasm is fetched with the integrity this script was built with, so the tag's SRI
  // hash covers the .wasm as well.
  var loaded = null;
  var handedOver = false;
  function init() {
    if (!loaded) {
      loaded = wasm_bindgen({
        module_or_path: fetch(wasmUrl, { integrity: '__WASM_INTEGRITY__', credentials: 'same-origin' })
      });
    }
    return loaded;
  }
  // A return page (review, result, sign-in) loads the bundle that has them, with its SRI hash;
  // its `ready` becomes this one's.
  function handOver(resolve, reject) {
    var pages = document.createElement('script');
    pages.src = new URL('amazon-pay-widget-pages.js', base).href;
    pages.integrity = pagesIntegrity;
    pages.crossOrigin = 'anonymous';
    if (signer) { pages.setAttribute('data-signer', signer); }
    pages.onload = function () {
      handedOver = true; // the pages bundle reports its own failures
      api.ready.then(resolve, reject);
    };
    pages.onerror = function () {
      var e = new Error('amazon-pay-widget-pages.js failed to load');
      e.name = 'AmazonPayError';
      e.code = 'SCRIPT_LOAD_FAILED';
      reject(e);
    };
    (document.head || document.documentElement).appendChild(pages);
  }
  api.loadAmazonPay = function (signerUrl) {
    return init().then(function () { return wasm_bindgen.loadAmazonPay(signerUrl); });
  };
  api.version = '__VERSION__';
  var ready = (api.ready = new Promise(function (resolve, reject) {
    function start() {
      if (pagesIntegrity && signer && document.querySelector(pageSlots)) {
        handOver(resolve, reject);
        return;
      }
      init()
        .then(function () { return signer ? wasm_bindgen.autoInit(signer) : null; })
        .then(resolve, reject);
    }
    if (document.readyState === 'loading') {
      document.addEventListener('DOMContentLoaded', start, { once: true });
    } else {
      start();
    }
  }));
  ready.catch(function (e) {
    if (!handedOver && window.console) { console.warn('amazon-pay-widget: ' + ((e && e.code) || 'ERROR'), e); }
  });
