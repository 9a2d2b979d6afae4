// `cargo xtask bench`: the official Amazon Pay Node SDK's generateButtonSignature, unchanged, on
// the payload and key the edge signer signs. Every call goes through the SDK as a shop would
// use it (it hands the PEM text to OpenSSL on each call).
// stdin: {"privateKeyPem": "...", "publicKeyId": "...", "payload": "...", "rounds": R, "iterations": N}
// stdout: {"roundMs": [ms per signature of each round], "signature": "<base64>", "node": "v22…"}
'use strict';
const path = require('path');
const Client = require(path.resolve(__dirname, '../../node_modules/@amazonpay/amazon-pay-api-sdk-nodejs'));

let input = '';
process.stdin.on('data', (c) => { input += c; });
process.stdin.on('end', () => {
  const { privateKeyPem, publicKeyId, payload, rounds, iterations } = JSON.parse(input);
  const client = new Client.WebStoreClient({
    publicKeyId, privateKey: privateKeyPem, region: 'jp', sandbox: true, algorithm: 'AMZN-PAY-RSASSA-PSS-V2',
  });
  let signature = '';
  for (let i = 0; i < Math.max(3, iterations); i++) signature = client.generateButtonSignature(payload);
  const roundMs = [];
  for (let r = 0; r < rounds; r++) {
    const started = process.hrtime.bigint();
    for (let i = 0; i < iterations; i++) signature = client.generateButtonSignature(payload);
    const elapsed = Number(process.hrtime.bigint() - started) / 1e6;
    roundMs.push(elapsed / iterations);
  }
  process.stdout.write(JSON.stringify({ roundMs, signature, node: process.version }));
});
