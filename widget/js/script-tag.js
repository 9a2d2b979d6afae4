  // ---- script-tag bootstrap, in one function scope with the wasm-bindgen glue (build.sh puts
  // the glue where the __WASM_BINDGEN_GLUE__ line is) ----
  //
  // Time to the button: what the button needs is requested as soon as this script runs, side
  // by side rather than one after the other: the .wasm, the signer's /v1/config and, as soon as
  // that answer's headers name it (`Link`), the region's checkout.js, which runs as soon as it
  // arrives, wasm or not; the .wasm is compiled from then on. The Rust side reads and checks
  // that /v1/config answer exactly as if it had requested it itself, and waits for that same
  // checkout.js (script_loader.rs) instead of adding its own.
  var script = document.currentScript;
  var signer = script ? script.getAttribute('data-signer') : null;
  // The limit of every signer call (TIMEOUT_MS in signer_client.rs).
  var signerTimeoutMs = 15000;
  var head = document.head || document.documentElement;

  // Starts checkout.js: a <script> marked as the widget's, with the promise of its load as
  // `amazonPayLoad` (script_loader.rs waits for it). A load that fails, or that defines no
  // `amazon.Pay`, takes its element away again, so that the widget's own retry adds a new one.
  function startCheckoutJs(url) {
    if (typeof url !== 'string' || !/^https?:\/\//.test(url) || (window.amazon && window.amazon.Pay)) { return; }
    // The widget may have been quicker (its wasm was ready first).
    var started = document.querySelectorAll('script[data-amazon-pay-widget]');
    for (var i = 0; i < started.length; i++) {
      if (started[i].getAttribute('src') === url) { return; }
    }
    var tag = document.createElement('script');
    tag.src = url;
    tag.async = true;
    tag.setAttribute('data-amazon-pay-widget', 'checkout.js');
    tag.amazonPayLoad = new Promise(function (resolve, reject) {
      tag.onload = function () {
        if (window.amazon && window.amazon.Pay) { resolve(); } else { tag.remove(); reject(); }
      };
      tag.onerror = function (e) { tag.remove(); reject(e); };
    });
    tag.amazonPayLoad.catch(function () {}); // the widget reports it
    head.appendChild(tag);
  }

  // `GET {signer}/v1/config` as the widget itself requests it (CORS, no credentials, the same
  // time limit), started now. `{url, response}` for `loadAmazonPay` (`response`: a promise of
  // the answer), which reads the response only when `url` is the one it would request, else
  // asks again itself.
  function prefetchConfig(signerUrl) {
    var root = String(signerUrl).trim().replace(/\/+$/, '');
    if (!/^https?:\/\/\S+$/.test(root)) { return null; }
    var url = root + '/v1/config';
    var request = { mode: 'cors', credentials: 'omit' };
    if (typeof AbortController === 'function') {
      var controller = new AbortController();
      request.signal = controller.signal;
      setTimeout(function () { controller.abort(); }, signerTimeoutMs);
    }
    // checkout.js starts the moment the answer's headers name it (`Link: <url>; rel=preload`),
    // before its body is read; the widget reads the same answer as if it had asked itself.
    var response = fetch(url, request).then(function (r) {
      var link = r.ok && /^<(https?:\/\/[^>]+)>;\s*rel=preload/.exec(r.headers.get('link'));
      if (link) { startCheckoutJs(link[1]); }
      return r;
    });
    return { url: url, response: response };
  }

  // The config request a button bundle handed over, else a new one: started before the glue
  // below is even evaluated.
  var config = (script && script.amazonPayConfig) || (signer ? prefetchConfig(signer) : null);

  // __WASM_BINDGEN_GLUE__

  var base = script && script.src ? script.src : location.href;
  var wasmUrl = new URL('__WASM_FILE__', base);
  var api = (window.AmazonPayWidget = window.AmazonPayWidget || {});
  // The button-only bundle knows the SRI hash of the bundle with the return pages; the latter
  // has none (it never hands over again).
  var pagesIntegrity = '__PAGES_INTEGRITY__';
  var pageSlots = '[data-amazon-pay-review],[data-amazon-pay-result],[data-amazon-pay-signin]';

  // The wasm is fetched with the integrity this script was built with, so the tag's SRI
  // hash covers the .wasm as well.
  var loaded = null;
  var cancelWasm = null;
  function init() {
    if (!loaded) {
      var request = { integrity: '__WASM_INTEGRITY__', credentials: 'same-origin' };
      if (typeof AbortController === 'function') {
        var controller = new AbortController();
        request.signal = controller.signal;
        cancelWasm = function () { controller.abort(); };
      }
      // Fetched now, compiled once the /v1/config answer's headers are in (checkout.js started
      // first, the main thread not yet taken by the compilation).
      var wasm = fetch(wasmUrl, request);
      wasm.catch(function () {}); // a cancelled download is not an unhandled rejection meanwhile
      var after = function () { return wasm; };
      loaded = wasm_bindgen({ module_or_path: config ? config.response.then(after, after) : wasm });
    }
    return loaded;
  }

  // A return page (review, result, sign-in) loads the bundle that has them, with its SRI hash,
  // and hands it the /v1/config request when this bundle has not used it; its `ready` becomes
  // this one's.
  var handedOver = false;
  function handOver(config, resolve, reject) {
    var pages = document.createElement('script');
    pages.src = new URL('amazon-pay-widget-pages.js', base).href;
    pages.integrity = pagesIntegrity;
    pages.crossOrigin = 'anonymous';
    if (signer) { pages.setAttribute('data-signer', signer); }
    if (config) { pages.amazonPayConfig = config; }
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
    head.appendChild(pages);
  }

  // A .wasm the shop asked for itself is never cancelled.
  var wasmWanted = false;
  api.loadAmazonPay = function (signerUrl) {
    wasmWanted = true;
    return init().then(function () { return wasm_bindgen.loadAmazonPay(signerUrl); });
  };
  api.version = '__VERSION__';

  function wantsPages() {
    return !!(pagesIntegrity && signer && document.querySelector(pageSlots));
  }
  // The widget loaded for `signer` (config checked, checkout.js run), not yet mounted.
  var widget = null;
  var configUsed = false;
  var handingOver = false;
  function load() {
    if (!widget) {
      widget = init().then(function () {
        if (!signer || handingOver) { return null; }
        configUsed = true;
        return wasm_bindgen.loadAmazonPay(signer, config);
      });
      widget.catch(function () {}); // reported through `ready`
    }
    return widget;
  }
  // Loading starts now, before the page is parsed when this script is not deferred; a return
  // page's slot found once it is parsed cancels what is still loading and hands over.
  if (!wantsPages()) { load(); }
  var ready = (api.ready = new Promise(function (resolve, reject) {
    function start() {
      if (wantsPages()) {
        handingOver = true;
        if (cancelWasm && !wasmWanted) { cancelWasm(); }
        handOver(configUsed ? null : config, resolve, reject);
        return;
      }
      load()
        .then(function (amazonPay) {
          if (amazonPay) { amazonPay.mountAll(); }
          return amazonPay;
        })
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
