// `cargo xtask bench`: a minimal Node HTTP server doing what `POST /v1/button` does for a bound
// click, with the official Amazon Pay Node SDK: it reads the JSON body and the browser's binding
// secret (header `x-amazon-pay-binding`), puts the secret's SHA-256 (base64url) into the review
// return URL of the same payload the edge signer signs, and signs that payload per request with
// WebStoreClient.generateButtonSignature. No pricing, no configuration checks: the least a Node
// server signing per click must do.
// argv[2]: a JSON file {"port", "privateKeyPem", "publicKeyId", "payload" (the unbound payload)}.
// GET /healthz answers 200 once it listens; SIGTERM stops it.
'use strict';
const crypto = require('crypto');
const fs = require('fs');
const http = require('http');
const path = require('path');
const Client = require(path.resolve(__dirname, '../../node_modules/@amazonpay/amazon-pay-api-sdk-nodejs'));

const config = JSON.parse(fs.readFileSync(process.argv[2], 'utf8'));
const client = new Client.WebStoreClient({
  publicKeyId: config.publicKeyId,
  privateKey: config.privateKeyPem,
  region: 'jp',
  sandbox: true,
  algorithm: 'AMZN-PAY-RSASSA-PSS-V2',
});
const template = JSON.parse(config.payload);
const SECRET = /^[A-Za-z0-9_-]{22,128}$/;
const MAX_BODY = 16 * 1024;

// The URL with the hash as `amazonPayBinding`, after any query and before a fragment.
function bindUrl(url, hash) {
  const cut = url.indexOf('#');
  const [base, fragment] = cut < 0 ? [url, ''] : [url.slice(0, cut), url.slice(cut)];
  return `${base}${base.includes('?') ? '&' : '?'}amazonPayBinding=${hash}${fragment}`;
}

function reply(res, status, value) {
  const text = JSON.stringify(value);
  res.writeHead(status, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(text) });
  res.end(text);
}

function button(req, res, text) {
  let request;
  try {
    request = JSON.parse(text);
  } catch {
    return reply(res, 400, { error: { code: 'INVALID_REQUEST' } });
  }
  const secret = req.headers['x-amazon-pay-binding'];
  if (typeof secret !== 'string' || !SECRET.test(secret)) {
    return reply(res, 400, { error: { code: 'INVALID_REQUEST' } });
  }
  const hash = crypto.createHash('sha256').update(secret).digest('base64url');
  const web = template.webCheckoutDetails;
  const payload = {
    ...template,
    webCheckoutDetails: { ...web, checkoutReviewReturnUrl: bindUrl(web.checkoutReviewReturnUrl, hash) },
  };
  const payloadJSON = JSON.stringify(payload);
  const signature = client.generateButtonSignature(payloadJSON);
  return reply(res, 200, {
    createCheckoutSessionConfig: { payloadJSON, signature, publicKeyId: config.publicKeyId },
    productType: request.productType,
    placement: request.placement,
  });
}

const server = http.createServer((req, res) => {
  if (req.method === 'GET' && req.url === '/healthz') return reply(res, 200, { ok: true });
  if (req.method !== 'POST' || req.url !== '/v1/button') return reply(res, 404, { error: { code: 'NOT_FOUND' } });
  const chunks = [];
  let size = 0;
  req.on('data', (chunk) => {
    size += chunk.length;
    if (size > MAX_BODY) {
      reply(res, 413, { error: { code: 'BODY_TOO_LARGE' } });
      req.destroy();
      return;
    }
    chunks.push(chunk);
  });
  req.on('end', () => {
    if (size <= MAX_BODY) button(req, res, Buffer.concat(chunks).toString('utf8'));
  });
});
server.listen(config.port, '127.0.0.1');
process.on('SIGTERM', () => process.exit(0));
