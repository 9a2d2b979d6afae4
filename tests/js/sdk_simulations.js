// Runs Amazon's sandbox simulations with the official Node SDK, unchanged, against the local
// sandbox's HTTPS listener: simulated cards chosen by the buyer (control API) and the
// x-amz-pay-simulation-code header passed to the SDK's calls as an extra header.
// stdin: {"host", "control", "privateKeyPem", "config", "storeId", "scenarios": [{
//   "name", "instrument"?: {"buyerId", "instrumentId"}, "intent", "canHandlePending",
//   "updateCode"?, "completeCode"?, "advance"?, "charge"?: {"code"?, "captureNow"?, "canHandlePending"?},
//   "capture"?: {"code"?}, "refund"?: {"code"?}, "closeCode"?, "retentionDays"?}]}
//   (retentionDays: the sandbox clock is frozen before the scenario; after the rest it moves
//   to one second before that many days and the session and the permission are read as
//   "sessionEdge" and "permissionEdge", then one second more, read as "sessionAfter" and
//   "permissionAfter")
//   (capture: captures the checkout's charge with the code; refund: captures it, then refunds
//   part of it with the code)
// stdout: {"results": {name: {"update", "complete", "session", "charge", "chargeLater", "created",
//   "captured", "permission", "permissionLater", "refunded", "refundLater", "closed"}}}
// (updateCode goes with Update Checkout Session; completeCode with Complete, where Amazon's
// integrations send none)
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

async function call(f) {
  try {
    const r = await f();
    return { status: r.status, data: r.data };
  } catch (e) {
    const r = e.response || e;
    return { status: r.status || 0, data: r.data || String(e) };
  }
}

const simulation = (code) => (code ? { 'x-amz-pay-simulation-code': code } : {});

async function scenario(client, input, s) {
  const out = {};
  const price = { amount: '1000', currencyCode: 'JPY' };
  if (s.retentionDays) await control(input.control, '/_sandbox/clock', { freeze: true });
  const session = await call(() => client.createCheckoutSession({
    webCheckoutDetails: { checkoutReviewReturnUrl: 'https://shop.example/review' },
    storeId: input.storeId,
  }, { 'x-amz-pay-idempotency-key': unique('cs') }));
  const id = session.data.checkoutSessionId;
  await control(input.control, `/_sandbox/checkoutSessions/${id}/approve`, s.instrument || {});
  out.update = await call(() => client.updateCheckoutSession(id, {
    webCheckoutDetails: { checkoutResultReturnUrl: 'https://shop.example/result' },
    paymentDetails: { paymentIntent: s.intent, canHandlePendingAuthorization: !!s.canHandlePending, chargeAmount: price },
  }, simulation(s.updateCode)));
  out.pay = await control(input.control, `/_sandbox/checkoutSessions/${id}/pay`, {});
  out.complete = await call(() => client.completeCheckoutSession(id, { chargeAmount: price }, simulation(s.completeCode)));
  out.session = await call(() => client.getCheckoutSession(id));
  const chargeId = out.complete.data && out.complete.data.chargeId;
  const permissionId = out.complete.data && out.complete.data.chargePermissionId;
  if (chargeId) out.charge = await call(() => client.getCharge(chargeId));
  if (s.charge && permissionId) {
    out.created = await call(() => client.createCharge({
      chargePermissionId: permissionId,
      chargeAmount: { amount: '100', currencyCode: 'JPY' },
      captureNow: !!s.charge.captureNow,
      canHandlePendingAuthorization: !!s.charge.canHandlePending,
    }, { 'x-amz-pay-idempotency-key': unique('ch'), ...simulation(s.charge.code) }));
    if (out.created.data && out.created.data.chargeId) {
      out.permission = await call(() => client.getChargePermission(permissionId));
    }
  }
  if ((s.capture || s.refund) && chargeId) {
    const code = s.capture ? s.capture.code : undefined;
    out.captured = await call(() => client.captureCharge(chargeId, { captureAmount: price },
      { 'x-amz-pay-idempotency-key': unique('cp'), ...simulation(code) }));
    out.permission = await call(() => client.getChargePermission(permissionId));
  }
  if (s.refund && chargeId) {
    out.refunded = await call(() => client.createRefund({ chargeId, refundAmount: { amount: '100', currencyCode: 'JPY' } },
      { 'x-amz-pay-idempotency-key': unique('rf'), ...simulation(s.refund.code) }));
  }
  if (s.advance) {
    await control(input.control, '/_sandbox/clock', { advanceSeconds: s.advance });
    const later = (out.created && out.created.data && out.created.data.chargeId) || chargeId;
    if (later) out.chargeLater = await call(() => client.getCharge(later));
    const refundId = out.refunded && out.refunded.data && out.refunded.data.refundId;
    if (refundId) out.refundLater = await call(() => client.getRefund(refundId));
    if (permissionId) out.permissionLater = await call(() => client.getChargePermission(permissionId));
  }
  if (s.retentionDays) {
    await control(input.control, '/_sandbox/clock', { advanceSeconds: s.retentionDays * 86400 - 1 });
    out.sessionEdge = await call(() => client.getCheckoutSession(id));
    out.permissionEdge = await call(() => client.getChargePermission(permissionId));
    await control(input.control, '/_sandbox/clock', { advanceSeconds: 1 });
    out.sessionAfter = await call(() => client.getCheckoutSession(id));
    out.permissionAfter = await call(() => client.getChargePermission(permissionId));
  }
  if (s.closeCode !== undefined && permissionId) {
    out.closed = await call(() => client.closeChargePermission(permissionId,
      { closureReason: 'Order finished', cancelPendingCharges: false }, simulation(s.closeCode)));
  }
  return out;
}

async function run(input) {
  const client = new Client.WebStoreClient({ ...input.config, privateKey: input.privateKeyPem, overrideServiceUrl: input.host });
  const results = {};
  try {
    for (const s of input.scenarios) results[s.name] = await scenario(client, input, s);
    return { results };
  } catch (e) {
    return { results, error: String(e && e.stack || e) };
  }
}
