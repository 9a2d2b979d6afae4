// Drives a whole Amazon Pay lifecycle with the official Node SDK, unchanged, against the local
// sandbox's HTTPS listener. The buyer's steps use the sandbox control API.
// stdin: {"host": "127.0.0.1:PORT" (HTTPS), "control": "http://127.0.0.1:PORT", "privateKeyPem": "...",
//         "config": {publicKeyId, region, sandbox, algorithm?}, "storeId": "...", "currency": "JPY", "amount": "1200", "captureAmount": "1000"}
// stdout: {"steps": [{"name", "status", "data"}], "error"?: "..."}
'use strict';
const path = require('path');
const Client = require(path.resolve(__dirname, '../../node_modules/@amazonpay/amazon-pay-api-sdk-nodejs'));

let input = '';
process.stdin.on('data', (c) => { input += c; });
process.stdin.on('end', () => { run(JSON.parse(input)).then((out) => process.stdout.write(JSON.stringify(out))); });

async function control(base, route, body) {
  const r = await fetch(`${base}${route}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body || {}) });
  return { status: r.status, data: await r.json() };
}

function unique(prefix) {
  return `${prefix}${Date.now().toString(36)}${Math.random().toString(36).slice(2, 10)}`.slice(0, 32);
}

async function run(input) {
  const client = new Client.WebStoreClient({ ...input.config, privateKey: input.privateKeyPem, overrideServiceUrl: input.host });
  const steps = [];
  const price = { amount: input.amount, currencyCode: input.currency };
  // A partial capture leaves the one-time permission chargeable, so the merchant can close it.
  const captured = { amount: input.captureAmount, currencyCode: input.currency };
  const step = async (name, call) => {
    try {
      const r = await call();
      steps.push({ name, status: r.status, data: r.data });
      return r.data;
    } catch (e) {
      const r = e.response || e;
      steps.push({ name, status: r.status || 0, data: r.data || String(e) });
      throw new Error(`${name} failed: ${r.status} ${JSON.stringify(r.data || String(e))}`);
    }
  };
  try {
    const session = await step('createCheckoutSession', () => client.createCheckoutSession({
      webCheckoutDetails: { checkoutReviewReturnUrl: 'https://shop.example/review' },
      storeId: input.storeId,
      scopes: ['name', 'email', 'phoneNumber', 'billingAddress'],
    }, { 'x-amz-pay-idempotency-key': unique('cs') }));
    const id = session.checkoutSessionId;
    await step('approve (buyer at Amazon)', () => control(input.control, `/_sandbox/checkoutSessions/${id}/approve`, {}));
    await step('getCheckoutSession', () => client.getCheckoutSession(id));
    const updated = await step('updateCheckoutSession', () => client.updateCheckoutSession(id, {
      webCheckoutDetails: { checkoutResultReturnUrl: 'https://shop.example/result' },
      paymentDetails: { paymentIntent: 'Authorize', canHandlePendingAuthorization: false, chargeAmount: price },
      merchantMetadata: { merchantReferenceId: unique('order-'), merchantStoreName: 'Test Shop', noteToBuyer: 'Thank you' },
    }));
    if (!updated.webCheckoutDetails || !updated.webCheckoutDetails.amazonPayRedirectUrl) throw new Error('no amazonPayRedirectUrl');
    await step('pay (buyer at amazonPayRedirectUrl)', () => control(input.control, `/_sandbox/checkoutSessions/${id}/pay`, {}));
    const completed = await step('completeCheckoutSession', () => client.completeCheckoutSession(id, { chargeAmount: price }));
    const chargeId = completed.chargeId;
    const permissionId = completed.chargePermissionId;
    await step('getCharge', () => client.getCharge(chargeId));
    await step('captureCharge', () => client.captureCharge(chargeId, { captureAmount: captured, softDescriptor: 'TESTSHOP' }, { 'x-amz-pay-idempotency-key': unique('cap') }));
    await step('getCharge after capture', () => client.getCharge(chargeId));
    const refund = await step('createRefund', () => client.createRefund({ chargeId, refundAmount: captured, softDescriptor: 'TESTSHOP' }, { 'x-amz-pay-idempotency-key': unique('ref') }));
    await step('getRefund', () => client.getRefund(refund.refundId));
    await step('getChargePermission', () => client.getChargePermission(permissionId));
    await step('closeChargePermission', () => client.closeChargePermission(permissionId, { closureReason: 'Order finished', cancelPendingCharges: false }));
    await step('getChargePermission after close', () => client.getChargePermission(permissionId));
    return { steps };
  } catch (e) {
    return { steps, error: e.message };
  }
}
