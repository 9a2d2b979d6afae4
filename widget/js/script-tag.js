  // ---- script-tag bootstrap (appended inside the same function scope as the glue above) ----
  var script = document.currentScript;
  var base = script && script.src ? script.src : location.href;
  var wasmUrl = new URL('amazon-pay-widget.wasm', base);
  var signer = script ? script.getAttribute('data-signer') : null;
  var api = (window.AmazonPayWidget = window.AmazonPayWidget || {});
  // The wasm is fetched with the integrity this script was built with, so the tag's SRI
  // hash covers the .wasm as well.
  var loaded = null;
  function init() {
    if (!loaded) {
      loaded = wasm_bindgen({
        module_or_path: fetch(wasmUrl, { integrity: '__WASM_INTEGRITY__', credentials: 'same-origin' })
      });
    }
    return loaded;
  }
  api.loadAmazonPay = function (signerUrl) {
    return init().then(function () { return wasm_bindgen.loadAmazonPay(signerUrl); });
  };
  api.version = '__VERSION__';
  api.ready = new Promise(function (resolve, reject) {
    function start() {
      init()
        .then(function () { return signer ? wasm_bindgen.autoInit(signer) : null; })
        .then(resolve, reject);
    }
    if (document.readyState === 'loading') {
      document.addEventListener('DOMContentLoaded', start, { once: true });
    } else {
      start();
    }
  });
  api.ready.catch(function (e) {
    if (window.console) { console.warn('amazon-pay-widget: ' + ((e && e.code) || 'ERROR'), e); }
  });
