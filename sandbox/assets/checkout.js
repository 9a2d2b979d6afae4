/*
 * Amazon Pay checkout.js — local sandbox stand-in.
 *
 * Defines the global `amazon.Pay` with the same surface and error model as Amazon's
 * checkout.js: renderButton, initCheckout, bindChangeAction and signout. Errors are thrown as
 * strings "AmazonPay:\n<message>". A click submits a hidden form to the sandbox's
 * /checkout/initiate (redirect view, never a pop-up), where the button signature is checked.
 *
 * Served by the sandbox at GET /checkout.js; the sandbox base URL is taken from this script's
 * own URL, with the value baked in by the server as the fallback.
 */
(function () {
  'use strict';

  var root = typeof window !== 'undefined' ? window : globalThis;
  if (root.amazon && root.amazon.Pay && root.amazon.Pay.__sandbox) {
    return; // loaded twice: keep the first instance (and its rendered buttons)
  }

  var BAKED_BASE = "__AMAZON_PAY_SANDBOX_BASE_URL__";
  var BASE = (function () {
    try {
      var script = document.currentScript;
      if (script && script.src) {
        var url = new URL(script.src, document.baseURI);
        return url.origin + url.pathname.replace(/\/checkout\.js$/, '');
      }
    } catch (e) {
      /* fall back to the baked-in base */
    }
    return BAKED_BASE.replace(/\/+$/, '');
  })();

  var PREFIX = 'AmazonPay:';
  function fail(message) {
    throw PREFIX + '\n' + message;
  }
  function report(message) {
    if (root.console && root.console.error) {
      root.console.error(PREFIX + '\n' + message);
    }
  }

  var REQUIRED = ['merchantId', 'ledgerCurrency', 'placement'];
  var PLACEMENTS = ['Home', 'Product', 'Cart', 'Checkout', 'Other'];
  var PRODUCT_TYPES = ['PayAndShip', 'PayOnly', 'SignIn'];
  var BUTTON_COLORS = ['Gold', 'LightGray', 'DarkGray'];
  var DESIGNS = ['D0000', 'C0001'];
  var LEDGER_CURRENCIES = ['USD', 'EUR', 'GBP', 'JPY'];
  var ALGORITHMS = ['AMZN-PAY-RSASSA-PSS', 'AMZN-PAY-RSASSA-PSS-V2'];
  var CHANGE_ACTIONS = ['changeAddress', 'changePayment'];
  // Each ledger currency belongs to one region build of Amazon's script; the build fixes the
  // languages and the estimatedOrderAmount currencies it accepts.
  var REGION_BY_LEDGER = { USD: 'na', EUR: 'eu', GBP: 'eu', JPY: 'fe' };
  var LANGUAGES = {
    na: ['en_US'],
    eu: ['en_GB', 'de_DE', 'fr_FR', 'it_IT', 'es_ES'],
    fe: ['ja_JP']
  };
  var DEFAULT_LANGUAGE = { USD: 'en_US', EUR: 'de_DE', GBP: 'en_GB', JPY: 'ja_JP' };
  var ESTIMATE_CURRENCIES = {
    na: ['USD'],
    eu: ['EUR', 'GBP', 'AUD', 'CHF', 'DKK', 'HKD', 'JPY', 'NOK', 'NZD', 'SEK', 'USD', 'ZAR'],
    fe: ['JPY']
  };
  var CURRENCY_EXPONENT = { JPY: 0 };

  function isObject(value) {
    return value !== null && typeof value === 'object';
  }
  function isPresent(value) {
    return value !== undefined && value !== null && value !== '';
  }
  function checkValue(value, key, allowed) {
    if (allowed.indexOf(value) < 0) {
      fail("Invalid value '" + value + "' for '" + key + "', please use one of the available values: " +
        allowed.join(', ') + '.');
    }
  }

  /** Validates an estimatedOrderAmount; returns an error message or null. */
  function estimateProblem(estimate, region) {
    if (!isObject(estimate)) {
      return 'estimatedOrderAmount must be an object {amount, currencyCode}.';
    }
    var amount = estimate.amount;
    var currency = estimate.currencyCode;
    if (typeof amount === 'number') {
      amount = String(amount);
    }
    if (typeof amount !== 'string' || !/^\d+(\.\d+)?$/.test(amount) || !(parseFloat(amount) > 0)) {
      return "Invalid value '" + estimate.amount + "' for 'estimatedOrderAmount.amount', it must be a number greater than 0.";
    }
    var currencies = ESTIMATE_CURRENCIES[region] || [];
    if (currencies.indexOf(currency) < 0) {
      return "Invalid value '" + currency + "' for 'estimatedOrderAmount.currencyCode', please use one of the available values: " +
        currencies.join(', ') + '.';
    }
    var exponent = CURRENCY_EXPONENT[currency] === undefined ? 2 : CURRENCY_EXPONENT[currency];
    var fraction = amount.indexOf('.') < 0 ? '' : amount.split('.')[1];
    if (fraction.length > exponent) {
      return "Invalid value '" + amount + "' for 'estimatedOrderAmount.amount', " + currency + ' allows at most ' +
        exponent + ' fraction digits.';
    }
    return null;
  }

  /** The estimate as {amount, currencyCode} strings, or null (with console.error) when invalid. */
  function cleanEstimate(estimate, region) {
    if (estimate === undefined || estimate === null) {
      return null;
    }
    var problem = estimateProblem(estimate, region);
    if (problem) {
      report(problem + ' The estimatedOrderAmount is ignored.');
      return null;
    }
    return { amount: String(estimate.amount), currencyCode: estimate.currencyCode };
  }

  /** Validates a createCheckoutSessionConfig or signInConfig; returns a normalised copy. */
  function checkConfig(config, name, topPublicKeyId) {
    if (!isObject(config)) {
      fail('Missing field payloadJSON for ' + name + ' parameter.');
    }
    var out = {
      payloadJSON: config.payloadJSON,
      signature: config.signature,
      publicKeyId: isPresent(config.publicKeyId) ? config.publicKeyId : topPublicKeyId,
      algorithm: config.algorithm,
      authorizationToken: config.authorizationToken
    };
    if (isObject(out.payloadJSON)) {
      out.payloadJSON = JSON.stringify(out.payloadJSON);
    }
    ['payloadJSON', 'signature', 'publicKeyId'].forEach(function (field) {
      if (!isPresent(out[field]) || typeof out[field] !== 'string') {
        fail('Missing field ' + field + ' for ' + name + ' parameter.');
      }
    });
    if (isPresent(out.algorithm)) {
      checkValue(out.algorithm, 'algorithm', ALGORITHMS);
    } else {
      out.algorithm = 'AMZN-PAY-RSASSA-PSS';
    }
    out.publicKeyIdMismatch = isPresent(topPublicKeyId) && isPresent(config.publicKeyId) &&
      config.publicKeyId !== topPublicKeyId;
    return out;
  }

  function browserLanguage(allowed) {
    var languages = (root.navigator && (root.navigator.languages || [root.navigator.language])) || [];
    for (var i = 0; i < languages.length; i++) {
      var tag = String(languages[i] || '').replace('-', '_');
      if (allowed.indexOf(tag) >= 0) {
        return tag;
      }
    }
    return null;
  }

  /** Validates the options of renderButton / initCheckout; returns the button's settings. */
  function checkOptions(options) {
    REQUIRED.forEach(function (key) {
      if (!isPresent(options[key])) {
        fail("Missing parameter '" + key + "' in the options object.");
      }
    });
    checkValue(options.ledgerCurrency, 'ledgerCurrency', LEDGER_CURRENCIES);
    checkValue(options.placement, 'placement', PLACEMENTS);
    var region = REGION_BY_LEDGER[options.ledgerCurrency];

    var productType = isPresent(options.productType) ? options.productType : 'PayAndShip';
    checkValue(productType, 'productType', PRODUCT_TYPES);

    var languages = LANGUAGES[region];
    var language;
    if (isPresent(options.checkoutLanguage)) {
      checkValue(options.checkoutLanguage, 'checkoutLanguage', languages);
      language = options.checkoutLanguage;
    } else {
      language = browserLanguage(languages) || DEFAULT_LANGUAGE[options.ledgerCurrency];
    }

    var design = DESIGNS.indexOf(options.design) >= 0 ? options.design : 'D0000';
    var color = BUTTON_COLORS.indexOf(options.buttonColor) >= 0 ? options.buttonColor : 'Gold';
    if (design === 'C0001') {
      color = 'Gold';
    }

    if (options.publicKeyId !== undefined && (options.publicKeyId === '' || typeof options.publicKeyId !== 'string')) {
      fail("Invalid value '" + options.publicKeyId + "' for 'publicKeyId', it must be a non-empty string.");
    }
    var topKey = options.publicKeyId;

    if (productType === 'SignIn' && options.createCheckoutSessionConfig && !options.signInConfig) {
      fail('Invalid button definition, productType SignIn and configName createCheckoutSessionConfig do not match.');
    }
    if (productType !== 'SignIn' && options.signInConfig && !options.createCheckoutSessionConfig) {
      fail('Invalid button definition, productType ' + productType + ' and configName signInConfig do not match.');
    }

    var config = null;
    var configName = null;
    if (productType === 'SignIn' && options.signInConfig !== undefined) {
      configName = 'signInConfig';
      config = checkConfig(options.signInConfig, configName, topKey);
    } else if (productType !== 'SignIn' && options.createCheckoutSessionConfig !== undefined) {
      configName = 'createCheckoutSessionConfig';
      config = checkConfig(options.createCheckoutSessionConfig, configName, topKey);
    }
    var legacy = productType !== 'SignIn' && !config ? options.createCheckoutSession : undefined;
    if (legacy !== undefined && typeof legacy !== 'function' && !(isObject(legacy) && isPresent(legacy.url))) {
      fail("Missing field url for createCheckoutSession parameter.");
    }

    var keys = [topKey, config && config.publicKeyId].filter(isPresent);
    var sandbox;
    if (options.sandbox === undefined || options.sandbox === null) {
      sandbox = keys.some(function (k) { return /^SANDBOX/i.test(k); });
    } else {
      sandbox = options.sandbox === true || options.sandbox === 'true';
      keys.forEach(function (k) {
        if ((/^SANDBOX/i.test(k) && !sandbox) || (/^LIVE/i.test(k) && sandbox)) {
          fail("PublicKeyId '" + k + "' does not match 'sandbox: " + sandbox + "'");
        }
      });
    }

    return {
      merchantId: String(options.merchantId),
      ledgerCurrency: options.ledgerCurrency,
      placement: options.placement,
      region: region,
      productType: productType,
      checkoutLanguage: language,
      buttonColor: color,
      design: design,
      publicKeyId: topKey,
      sandbox: sandbox,
      scopes: Array.isArray(options.scopes) ? options.scopes.slice() : [],
      estimatedOrderAmount: cleanEstimate(options.estimatedOrderAmount, region),
      config: config,
      configName: configName,
      legacy: legacy
    };
  }

  function setCookie(name, value) {
    try {
      document.cookie = name + '=' + encodeURIComponent(value) + '; path=/; max-age=86400; SameSite=Lax';
    } catch (e) {
      /* cookies disabled */
    }
  }
  function getCookie(name) {
    var parts = (document.cookie || '').split(';');
    for (var i = 0; i < parts.length; i++) {
      var pair = parts[i].trim();
      if (pair.indexOf(name + '=') === 0) {
        return decodeURIComponent(pair.slice(name.length + 1));
      }
    }
    return null;
  }
  function rememberRegion(settings) {
    setCookie('language', settings.checkoutLanguage);
    setCookie('ledgerCurrency', settings.ledgerCurrency);
  }

  /** Posts the hidden form to the sandbox's /checkout/initiate in the top window. */
  function submitForm(fields) {
    var form = document.createElement('form');
    form.method = 'POST';
    form.name = 'amazonpay-checkout-signature-data-form';
    form.action = BASE + '/checkout/initiate';
    form.acceptCharset = 'UTF-8';
    form.target = '_top';
    form.style.display = 'none';
    Object.keys(fields).forEach(function (name) {
      var value = fields[name];
      if (value === undefined || value === null) {
        return;
      }
      var input = document.createElement('input');
      input.type = 'hidden';
      input.name = name;
      input.value = String(value);
      form.appendChild(input);
    });
    (document.body || document.documentElement).appendChild(form);
    form.submit();
  }

  function commonFields(settings) {
    return {
      merchantId: settings.merchantId,
      ledgerCurrency: settings.ledgerCurrency,
      checkoutLanguage: settings.checkoutLanguage,
      productType: settings.productType,
      placement: settings.placement,
      environment: settings.sandbox ? 'SANDBOX' : 'LIVE',
      scopes: JSON.stringify(settings.scopes),
      estimatedOrderAmount: settings.estimatedOrderAmount ? JSON.stringify(settings.estimatedOrderAmount) : '',
      merchantDomain: root.location ? root.location.origin : '',
      origin_url: root.location ? root.location.href : '',
      viewType: 'redirectView'
    };
  }

  /** Starts checkout with a validated config (signed payload). */
  function startWithConfig(settings, config) {
    rememberRegion(settings);
    var fields = commonFields(settings);
    fields.payloadJSON = config.payloadJSON;
    fields.signature = config.signature;
    fields.publicKeyId = config.publicKeyId;
    fields.publicKeyIdMismatch = config.publicKeyIdMismatch ? 'true' : 'false';
    fields.algorithm = config.algorithm;
    if (isPresent(config.authorizationToken)) {
      fields.authorizationToken = config.authorizationToken;
    }
    submitForm(fields);
  }

  /** Legacy v1 mode: ask the merchant's endpoint for a session id, then start checkout. */
  function startLegacy(settings, spec) {
    rememberRegion(settings);
    var extract = isObject(spec) ? spec.extractAmazonCheckoutSessionId : undefined;
    var pick = function (body) {
      if (typeof body === 'string') {
        return body;
      }
      if (typeof extract === 'function') {
        return extract(body);
      }
      if (!isObject(body)) {
        return null;
      }
      if (typeof extract === 'string') {
        return body[extract];
      }
      return body.amazonCheckoutSessionId || body.checkoutSessionId;
    };
    var request = typeof spec === 'function'
      ? Promise.resolve().then(spec)
      : fetch(spec.url, { method: spec.method || 'POST', credentials: 'same-origin' }).then(function (res) {
        if (!res.ok) {
          fail('Create checkout session failed, create checkout session error returns ' + res.status + '.');
        }
        return res.text().then(function (text) {
          try {
            return JSON.parse(text);
          } catch (e) {
            return text;
          }
        });
      });
    return request.then(function (body) {
      var id = pick(body);
      if (!isPresent(id)) {
        fail('There is no amazonCheckoutSessionId found in the response');
      }
      var fields = commonFields(settings);
      fields.amazonCheckoutSessionId = id;
      submitForm(fields);
    });
  }

  function start(settings) {
    if (settings.config) {
      startWithConfig(settings, settings.config);
    } else if (settings.legacy !== undefined) {
      startLegacy(settings, settings.legacy).catch(function (e) {
        report(String(e).replace(PREFIX + '\n', ''));
      });
    }
  }

  // ---------------------------------------------------------------------------------------
  // Rendering

  var STYLE = [
    '.amazonpay-button-container{min-height:42px;min-width:113px;max-width:600px;max-height:193px;',
    'width:100%;height:100%;position:absolute;top:0;left:0;box-sizing:border-box;display:grid;',
    'grid-template-rows:65% 10% 25%;font-family:"Amazon Ember",Arial,Helvetica,sans-serif;}',
    '.amazonpay-button-container.single-row{grid-template-rows:100%;}',
    '.amazonpay-button-view1{grid-row:1;position:relative;display:flex;align-items:center;justify-content:center;',
    'border-radius:4px;cursor:pointer;box-sizing:border-box;user-select:none;overflow:hidden;',
    'border:1px solid rgba(0,0,0,.25);box-shadow:0 1px 0 rgba(255,255,255,.4) inset;}',
    '.amazonpay-button-color-Gold{background:linear-gradient(#ffe27d,#ffd814 45%,#f7ca00);color:#0f1111;border-color:#c9a500;}',
    '.amazonpay-button-color-LightGray{background:linear-gradient(#f7f8fa,#e7e9ec);color:#0f1111;border-color:#adb1b8;}',
    '.amazonpay-button-color-DarkGray{background:linear-gradient(#485769,#232f3e);color:#ffffff;border-color:#131a22;}',
    '.amazonpay-button-view1:hover{filter:brightness(0.96);}',
    '.amazonpay-button-view1:active{filter:brightness(0.9);}',
    '.wordmark{display:inline-flex;align-items:baseline;gap:.22em;font-size:var(--apay-font,18px);line-height:1;',
    'white-space:nowrap;letter-spacing:-.01em;}',
    '.wordmark .amazon{position:relative;font-weight:700;}',
    '.wordmark .pay{font-weight:400;}',
    '.wordmark .lead{font-weight:400;font-size:.8em;margin-right:.1em;}',
    '.wordmark svg{position:absolute;left:4%;bottom:-.42em;width:88%;height:.5em;overflow:visible;}',
    '.smile{fill:none;stroke:currentColor;stroke-width:2.4;stroke-linecap:round;}',
    '.amazonpay-button-color-DarkGray .smile,.amazonpay-button-color-LightGray .smile{stroke:#ff9900;}',
    '.sandbox-badge{position:absolute;top:-7px;right:8px;z-index:1;font:700 8px/1 Arial,sans-serif;letter-spacing:.05em;',
    'text-transform:uppercase;padding:2px 4px;border-radius:3px;background:#c7511f;color:#fff;pointer-events:none;',
    'box-shadow:0 0 0 1px #fff;}',
    '.amazonpay-button-microtext{grid-row:3;display:flex;align-items:center;justify-content:center;',
    'font-size:var(--apay-micro,11px);color:#565959;white-space:nowrap;overflow:hidden;}'
  ].join('');

  var MICROTEXT = {
    en_US: 'Use your Amazon account', en_GB: 'Use your Amazon account',
    de_DE: 'Nutzen Sie Ihr Amazon-Konto', fr_FR: 'Utilisez votre compte Amazon',
    it_IT: 'Usa il tuo account Amazon', es_ES: 'Usa tu cuenta de Amazon', ja_JP: 'Amazonアカウントを使う'
  };
  var SIGN_IN_LEAD = {
    en_US: 'Sign in with', en_GB: 'Sign in with', de_DE: 'Anmelden mit', fr_FR: 'Se connecter avec',
    it_IT: 'Accedi con', es_ES: 'Iniciar sesión con', ja_JP: 'ログイン:'
  };

  function el(tag, className, text) {
    var node = document.createElement(tag);
    if (className) {
      node.className = className;
    }
    if (text !== undefined) {
      node.textContent = text;
    }
    return node;
  }

  function smileSvg() {
    var ns = 'http://www.w3.org/2000/svg';
    var svg = document.createElementNS(ns, 'svg');
    svg.setAttribute('viewBox', '0 0 100 20');
    svg.setAttribute('preserveAspectRatio', 'none');
    svg.setAttribute('aria-hidden', 'true');
    var curve = document.createElementNS(ns, 'path');
    curve.setAttribute('class', 'smile');
    curve.setAttribute('d', 'M4 4 Q50 22 92 6');
    var head = document.createElementNS(ns, 'path');
    head.setAttribute('class', 'smile');
    head.setAttribute('d', 'M84 3 L93 6 L88 13');
    svg.appendChild(curve);
    svg.appendChild(head);
    return svg;
  }

  function wordmark(settings) {
    var mark = el('span', 'wordmark');
    if (settings.productType === 'SignIn') {
      mark.appendChild(el('span', 'lead', SIGN_IN_LEAD[settings.checkoutLanguage] || 'Sign in with'));
    }
    var amazon = el('span', 'amazon', 'amazon');
    amazon.appendChild(smileSvg());
    mark.appendChild(amazon);
    if (settings.productType !== 'SignIn') {
      mark.appendChild(el('span', 'pay', 'pay'));
    }
    return mark;
  }

  function labelFor(settings) {
    if (settings.productType === 'SignIn') {
      return settings.sandbox ? 'Sign in with Amazon (Sandbox)' : 'Sign in with Amazon';
    }
    return settings.sandbox ? 'Amazon Pay - Use your Amazon Pay Sandbox account' : 'Amazon Pay - Use your Amazon Pay account';
  }

  /** Amazon's host sizing rules: unsized → 200×45, width 113–600, height ≥ 42 and 0.1–1/2.6 of the width. */
  function clampSize(host) {
    var rect = host.getBoundingClientRect();
    var width = rect.width;
    var height = rect.height;
    var w = width < 113 ? 200 : Math.min(width, 600);
    var h = height < 42 ? 45 : Math.min(height, 600 / 2.6);
    if (h > w / 2.6) {
      h = Math.max(42, w / 2.6);
    }
    if (h < w * 0.1) {
      h = w * 0.1;
    }
    if (Math.abs(w - width) > 0.5) {
      host.style.width = Math.round(w * 10) / 10 + 'px';
    }
    if (Math.abs(h - height) > 0.5) {
      host.style.height = Math.round(h * 10) / 10 + 'px';
    }
    return { width: w, height: h };
  }

  function applyFontSize(container, size, singleRow) {
    var buttonHeight = singleRow ? size.height : size.height * 0.65;
    var font = Math.max(12, Math.min(buttonHeight * 0.5, size.width / 7, 40));
    container.style.setProperty('--apay-font', font.toFixed(1) + 'px');
    container.style.setProperty('--apay-micro', Math.max(9, Math.min(size.height * 0.2, 14)).toFixed(1) + 'px');
  }

  var STATE = typeof Symbol === 'function' ? Symbol('amazonPaySandboxButton') : '__amazonPaySandboxButton';
  var CHANGE_STATE = typeof Symbol === 'function' ? Symbol('amazonPaySandboxChange') : '__amazonPaySandboxChange';

  function render(host, settings, onActivate) {
    var previous = host[STATE];
    if (previous) {
      host.removeEventListener('click', previous.onClick);
      host.removeEventListener('keydown', previous.onKey);
      if (previous.observer) {
        previous.observer.disconnect();
      }
    }
    if (getComputedStyle(host).display === 'inline') {
      host.style.display = 'inline-block';
    }
    host.style.position = 'relative';
    host.setAttribute('role', 'button');
    host.setAttribute('tabindex', '0');
    host.setAttribute('aria-label', labelFor(settings));
    host.setAttribute('title', labelFor(settings));
    host.classList.add('amazonpay-button-parent-container-checkout-' + settings.merchantId);
    if (settings.sandbox) {
      host.setAttribute('data-amazonpay-sandbox', 'true');
    } else {
      host.removeAttribute('data-amazonpay-sandbox');
    }

    var shadow = host.shadowRoot;
    if (!shadow) {
      try {
        shadow = host.attachShadow({ mode: 'open' });
      } catch (e) {
        // The element already has a closed shadow root or cannot host one: use a fresh child.
        var child = previous && previous.child ? previous.child : el('div');
        child.style.cssText = 'position:absolute;inset:0;';
        if (!child.parentNode) {
          host.appendChild(child);
        }
        shadow = child.shadowRoot || child.attachShadow({ mode: 'open' });
        previous = previous || {};
        previous.child = child;
      }
    }
    while (shadow.firstChild) {
      shadow.removeChild(shadow.firstChild);
    }

    var singleRow = settings.design === 'C0001' || settings.productType === 'SignIn';
    var style = el('style');
    style.textContent = STYLE;
    var container = el('div', 'amazonpay-button-container amazonpay-button-enabled' + (singleRow ? ' single-row' : ''));
    container.setAttribute('data-testid', 'amazonpay-button-container');
    var button = el('div', 'amazonpay-button-view1 amazonpay-button-color-' + settings.buttonColor);
    button.setAttribute('data-testid', 'amazonpay-button');
    button.setAttribute('data-color', settings.buttonColor);
    button.setAttribute('data-product-type', settings.productType);
    button.setAttribute('data-placement', settings.placement);
    button.setAttribute('data-language', settings.checkoutLanguage);
    button.appendChild(wordmark(settings));
    if (settings.sandbox) {
      button.setAttribute('data-sandbox', 'true');
    }
    container.appendChild(button);
    if (settings.sandbox) {
      var badge = el('span', 'sandbox-badge', 'Sandbox');
      badge.setAttribute('data-testid', 'amazonpay-sandbox-badge');
      container.appendChild(badge);
    }
    if (!singleRow) {
      container.appendChild(el('div', 'amazonpay-button-microtext', MICROTEXT[settings.checkoutLanguage] || MICROTEXT.en_US));
    }
    shadow.appendChild(style);
    shadow.appendChild(container);

    applyFontSize(container, clampSize(host), singleRow);
    var observer = null;
    if (typeof ResizeObserver === 'function') {
      observer = new ResizeObserver(function () {
        applyFontSize(container, clampSize(host), singleRow);
      });
      observer.observe(host);
    }

    var onClick = function (event) {
      if (event) {
        event.preventDefault();
      }
      onActivate();
    };
    var onKey = function (event) {
      if (event.key === 'Enter' || event.key === ' ') {
        onClick(event);
      }
    };
    host.addEventListener('click', onClick);
    host.addEventListener('keydown', onKey);
    host[STATE] = { onClick: onClick, onKey: onKey, observer: observer, child: previous && previous.child };
  }

  function findElement(selector, api) {
    if (selector && typeof selector === 'object' && selector.nodeType === 1) {
      return selector;
    }
    var found = null;
    try {
      found = document.querySelector(selector);
    } catch (e) {
      found = null;
    }
    if (!found) {
      fail('Can not find element ' + selector + ' for amazon.Pay.' + api + '.');
    }
    return found;
  }

  // ---------------------------------------------------------------------------------------
  // Public API

  function renderButton(selector, options) {
    if (!selector || !isObject(options)) {
      fail("Missing 'selector' parameter in amazon.Pay.renderButton(selector, options) API.");
    }
    var host = findElement(selector, 'renderButton');
    var settings = checkOptions(options);
    var coupled = settings.config !== null || settings.legacy !== undefined;
    var clickHandler = null;

    render(host, settings, function () {
      if (coupled) {
        start(settings);
      } else if (clickHandler) {
        clickHandler();
      } else if (settings.productType === 'SignIn') {
        fail('Invalid button definition, productType SignIn and configName signInConfig do not match.');
      }
    });
    rememberRegion(settings);

    var updateButtonInfo = function (estimatedOrderAmount) {
      var clean = cleanEstimate(estimatedOrderAmount, settings.region);
      if (clean) {
        settings.estimatedOrderAmount = clean;
      }
    };
    if (coupled) {
      return settings.productType === 'SignIn' ? undefined : { updateButtonInfo: updateButtonInfo };
    }
    return {
      onClick: function (callback) {
        if (typeof callback !== 'function') {
          fail("Invalid value '" + callback + "' for 'onClick', it must be a function.");
        }
        clickHandler = callback;
      },
      initCheckout: function (request) {
        if (!isObject(request)) {
          fail('Missing options parameter for amazonPayButton.initCheckout');
        }
        var run = Object.assign({}, settings);
        if (isPresent(request.productType)) {
          checkValue(request.productType, 'productType', PRODUCT_TYPES);
          run.productType = request.productType;
        }
        if (!run.estimatedOrderAmount && request.estimatedOrderAmount) {
          run.estimatedOrderAmount = cleanEstimate(request.estimatedOrderAmount, settings.region);
        }
        if (run.productType === 'SignIn') {
          if (request.signInConfig === undefined) {
            fail('Invalid button definition, productType SignIn and configName createCheckoutSessionConfig do not match.');
          }
          startWithConfig(run, checkConfig(request.signInConfig, 'signInConfig', settings.publicKeyId));
        } else if (request.createCheckoutSessionConfig !== undefined) {
          startWithConfig(run, checkConfig(request.createCheckoutSessionConfig, 'createCheckoutSessionConfig', settings.publicKeyId));
        } else if (request.createCheckoutSession !== undefined) {
          startLegacy(run, request.createCheckoutSession).catch(function (e) {
            report(String(e).replace(PREFIX + '\n', ''));
          });
        } else {
          fail("Missing parameter 'createCheckoutSessionConfig' in the options object.");
        }
      },
      updateButtonInfo: updateButtonInfo
    };
  }

  function initCheckout(options) {
    if (!isObject(options)) {
      fail('Missing options parameter for amazon.Pay.initCheckout');
    }
    var settings = checkOptions(options);
    if (!settings.config && settings.legacy === undefined) {
      fail("Missing parameter '" + (settings.productType === 'SignIn' ? 'signInConfig' : 'createCheckoutSessionConfig') +
        "' in the options object.");
    }
    rememberRegion(settings);
    start(settings);
  }

  function bindChangeAction(selector, options) {
    var api = 'amazon.Pay.bindChangeAction(selector, options) API.';
    if (!selector) {
      fail("Missing 'selector' parameter in " + api);
    }
    if (!isObject(options)) {
      fail('Missing field amazonCheckoutSessionId in the options object in ' + api);
    }
    ['amazonCheckoutSessionId', 'changeAction'].forEach(function (field) {
      if (!isPresent(options[field])) {
        fail('Missing field ' + field + ' in the options object in ' + api);
      }
    });
    checkValue(options.changeAction, 'changeAction', CHANGE_ACTIONS);
    var element = findElement(selector, 'bindChangeAction');
    var url = BASE + '/checkout/initiate_auth?amazonCheckoutSessionId=' +
      encodeURIComponent(options.amazonCheckoutSessionId) + '&changeAction=' + encodeURIComponent(options.changeAction) +
      '&viewType=redirectView';
    var previous = element[CHANGE_STATE];
    if (previous) {
      element.removeEventListener('click', previous);
    }
    var handler = function (event) {
      if (event) {
        event.preventDefault();
      }
      root.location.assign(url);
    };
    element.addEventListener('click', handler);
    element[CHANGE_STATE] = handler;
  }

  function signout(callback) {
    var language = getCookie('language');
    var ledger = getCookie('ledgerCurrency');
    if (!language || !ledger) {
      return; // as Amazon's script: nothing to sign out of on this site
    }
    var done = function () {
      if (typeof callback === 'function') {
        callback();
      }
    };
    fetch(BASE + '/checkout/signout?language=' + encodeURIComponent(language), {
      method: 'GET',
      credentials: 'include',
      mode: 'cors'
    }).then(function (res) {
      return res.ok;
    }, function () {
      return false;
    }).then(function (ok) {
      if (ok) {
        if (root.console && root.console.log) {
          root.console.log('amazon.Pay.signout() completed successfully.');
        }
      } else {
        report('amazon.Pay.signout() failed.');
      }
      done();
    });
  }

  var Pay = {
    renderButton: renderButton,
    initCheckout: initCheckout,
    bindChangeAction: bindChangeAction,
    signout: signout
  };
  Object.defineProperty(Pay, '__sandbox', { value: { base: BASE }, enumerable: false });
  root.amazon = root.amazon || {};
  root.amazon.Pay = Pay;
})();
