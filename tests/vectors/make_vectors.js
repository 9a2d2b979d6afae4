#!/usr/bin/env node
// Regenerates node-sdk-vectors.json with the official Amazon Pay Node SDK from npm.
//
//   node tests/vectors/make_vectors.js > tests/vectors/node-sdk-vectors.json
//
// The SDK reads the clock, the Node version and the platform (the last two go into its signed
// user-agent); all three are pinned so the canonical requests are reproducible. What the SDK
// hashes and signs is recorded by wrapping crypto.createHash and crypto.createSign. PSS
// signatures are random: tests verify them instead of comparing them.
'use strict';

const path = require('path');
const fs = require('fs');
const crypto = require('crypto');

const root = path.resolve(__dirname, '..', '..');
const sdkPackage = require(path.join(root, 'node_modules/@amazonpay/amazon-pay-api-sdk-nodejs/package.json'));

const FIXED_TIME = Date.UTC(2026, 10, 23, 10, 16, 50);
const RealDate = Date;
global.Date = class extends RealDate {
  constructor(...args) { if (args.length === 0) { super(FIXED_TIME); } else { super(...args); } }
  static now() { return FIXED_TIME; }
};
for (const [name, value] of [['node', '22.0.0']]) {
  try { Object.defineProperty(process.versions, name, { value, configurable: true }); } catch (_) { /* keep real */ }
}
try { Object.defineProperty(process, 'platform', { value: 'linux' }); } catch (_) { /* keep real */ }

const recorded = { hashed: [], signed: [] };
const realCreateHash = crypto.createHash;
crypto.createHash = function (...args) {
  const h = realCreateHash.apply(this, args);
  const update = h.update.bind(h);
  h.update = (data, enc) => { recorded.hashed.push(Buffer.isBuffer(data) ? data.toString('utf8') : String(data)); return update(data, enc); };
  return h;
};
const realCreateSign = crypto.createSign;
crypto.createSign = function (...args) {
  const s = realCreateSign.apply(this, args);
  const update = s.update.bind(s);
  s.update = (data, enc) => { recorded.signed.push(String(data)); return update(data, enc); };
  return s;
};

const Client = require(path.join(root, 'node_modules/@amazonpay/amazon-pay-api-sdk-nodejs'));
const keys = path.join(root, 'shared/tests/data/keys');
const pkcs8 = fs.readFileSync(path.join(keys, 'merchant-pkcs8.pem'), 'utf8');
const pkcs1 = fs.readFileSync(path.join(keys, 'merchant-pkcs1.pem'), 'utf8');

function client(config) {
  return new Client.WebStoreClient(config);
}

function reset() { recorded.hashed.length = 0; recorded.signed.length = 0; }

function requestCase(name, description, config, options) {
  reset();
  const c = client(config.keyFile === 'pkcs1' ? { ...config.sdk, privateKey: pkcs1 } : { ...config.sdk, privateKey: pkcs8 });
  const opts = JSON.parse(JSON.stringify(options));
  const headers = c.getSignedHeaders(opts);
  const authorization = headers.authorization;
  const signedHeaders = { ...headers };
  delete signedHeaders.authorization;
  const query = options.queryParams
    ? Object.keys(options.queryParams).sort().map((k) => `${k}=${encodeURIComponent(options.queryParams[k])}`).join('&')
    : '';
  return {
    kind: 'request',
    name,
    description,
    publicKeyId: config.sdk.publicKeyId,
    region: config.sdk.region,
    sandbox: Boolean(config.sdk.sandbox),
    algorithm: authorization.split(' ')[0],
    privateKey: config.keyFile === 'pkcs1' ? 'merchant-pkcs1.pem' : 'merchant-pkcs8.pem',
    method: options.method,
    path: '/' + opts.urlFragment,
    query,
    body: opts.payload === undefined ? '' : opts.payload,
    headers: signedHeaders,
    canonicalRequest: recorded.hashed[recorded.hashed.length - 1],
    stringToSign: recorded.signed[0],
    authorization,
  };
}

function payloadCase(name, description, config, payload) {
  reset();
  const c = client({ ...config, privateKey: pkcs8 });
  const signature = c.generateButtonSignature(payload);
  return {
    kind: 'payload',
    name,
    description,
    publicKeyId: config.publicKeyId,
    algorithm: config.algorithm || 'AMZN-PAY-RSASSA-PSS',
    privateKey: 'merchant-pkcs8.pem',
    payload: typeof payload === 'string' ? payload : JSON.stringify(payload),
    stringToSign: recorded.signed[0],
    signature,
  };
}

const v2 = { sdk: { publicKeyId: 'SANDBOX-AEXAMPLEKEYID12345', region: 'jp', sandbox: true, algorithm: 'AMZN-PAY-RSASSA-PSS-V2' } };
const liveEu = { sdk: { publicKeyId: 'LIVE-AEXAMPLEEUKEY', region: 'uk', sandbox: false, algorithm: 'AMZN-PAY-RSASSA-PSS-V2' } };
const legacy = { keyFile: 'pkcs1', sdk: { publicKeyId: 'AEXAMPLELEGACYKEY', region: 'us', sandbox: true } };

const createSessionBody = JSON.stringify({
  webCheckoutDetails: { checkoutReviewReturnUrl: 'https://shop.example/review?ref=ä' },
  storeId: 'amzn1.application-oa2-client.0123456789abcdef',
  merchantMetadata: { merchantStoreName: 'テスト商店', noteToBuyer: 'Café ☕ “quoted”' },
});

const cases = [
  requestCase('post_utf8_body', 'POST with a UTF-8 JSON body and an idempotency key (V2, SANDBOX- key, jp)', v2, {
    method: 'POST', urlFragment: 'checkoutSessions', payload: createSessionBody,
    headers: { 'x-amz-pay-idempotency-key': 'Idem_Key-0123456789' },
  }),
  requestCase('get_no_body', 'GET with no body (V2, SANDBOX- key)', v2, {
    method: 'GET', urlFragment: 'checkoutSessions/b1a2c3d4-e5f6-7890-abcd-ef0123456789',
  }),
  requestCase('get_query', 'GET with a query string whose values need percent-encoding', v2, {
    method: 'GET', urlFragment: 'reports',
    queryParams: { reportTypes: '_GET_FLAT_FILE_OFFAMAZONPAYMENTS_ORDER_REFERENCE_DATA_', pageSize: '10', createdSince: '20261101T000000Z', nextToken: 'a b/c=d&e+f~g é' },
  }),
  requestCase('legacy_salt20_sandbox_path', 'legacy key id, default (salt 20) algorithm, /sandbox/v2 path, PKCS#1 key', legacy, {
    method: 'POST', urlFragment: 'charges/S01-1234567-1234567-C012345/capture',
    payload: JSON.stringify({ captureAmount: { amount: '12.50', currencyCode: 'USD' }, softDescriptor: 'SHOP' }),
    headers: { 'x-amz-pay-idempotency-key': 'capture0001' },
  }),
  requestCase('delete_with_body_live_eu', 'DELETE with a body (V2, LIVE- key, uk alias of eu)', liveEu, {
    method: 'DELETE', urlFragment: 'charges/P01-1234567-1234567-C012345/cancel',
    payload: JSON.stringify({ cancellationReason: 'Kunde hat storniert' }),
  }),
  payloadCase('button_escaped_slashes_v2', 'button payload with JSON-escaped slashes, signed as given (V2)',
    { publicKeyId: 'SANDBOX-AEXAMPLEKEYID12345', region: 'jp', sandbox: true, algorithm: 'AMZN-PAY-RSASSA-PSS-V2' },
    '{"webCheckoutDetails":{"checkoutReviewReturnUrl":"https:\\/\\/shop.example\\/review"},"storeId":"amzn1.application-oa2-client.0123456789abcdef","scopes":["name","email"]}'),
  payloadCase('button_non_ascii_v2', 'button payload with raw non-ASCII text (V2)',
    { publicKeyId: 'SANDBOX-AEXAMPLEKEYID12345', region: 'jp', sandbox: true, algorithm: 'AMZN-PAY-RSASSA-PSS-V2' },
    '{"webCheckoutDetails":{"checkoutReviewReturnUrl":"https://shop.example/review"},"storeId":"amzn1.application-oa2-client.0123456789abcdef","merchantMetadata":{"merchantStoreName":"テスト商店","noteToBuyer":"Café ☕"}}'),
  payloadCase('button_object_salt20', 'button payload given as an object (JSON.stringify), default salt-20 algorithm',
    { publicKeyId: 'AEXAMPLELEGACYKEY', region: 'us', sandbox: true },
    { webCheckoutDetails: { checkoutReviewReturnUrl: 'https://shop.example/review' }, storeId: 'amzn1.application-oa2-client.0123456789abcdef', paymentDetails: { chargeAmount: { amount: '19.99', currencyCode: 'USD' } } }),
];

process.stdout.write(JSON.stringify({ sdk: sdkPackage.name, sdkVersion: sdkPackage.version, generatedAt: new RealDate(FIXED_TIME).toISOString(), cases }, null, 2) + '\n');
