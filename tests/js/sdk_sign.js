// Signs fresh requests and button payloads with the official Amazon Pay Node SDK, unchanged.
// stdin: {"privateKeyPem": "...", "requests": [{config, options}], "payloads": [{config, payload}]}
// stdout: {"requests": [{headers}], "payloads": ["<base64 signature>"]}
'use strict';
const path = require('path');
const Client = require(path.resolve(__dirname, '../../node_modules/@amazonpay/amazon-pay-api-sdk-nodejs'));
let input = '';
process.stdin.on('data', (c) => { input += c; });
process.stdin.on('end', () => {
  const { privateKeyPem, requests, payloads } = JSON.parse(input);
  const out = {
    requests: requests.map(({ config, options }) => {
      const client = new Client.WebStoreClient({ ...config, privateKey: privateKeyPem });
      return client.getSignedHeaders(options);
    }),
    payloads: payloads.map(({ config, payload }) => {
      const client = new Client.WebStoreClient({ ...config, privateKey: privateKeyPem });
      return client.generateButtonSignature(payload);
    }),
  };
  process.stdout.write(JSON.stringify(out));
});
