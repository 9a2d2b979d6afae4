// Verifies RSA-PSS SHA-256 signatures with Node's own crypto.verify (OpenSSL inside Node).
// stdin: {"publicKeyPem": "...", "cases": [{"message": "<utf-8>", "signature": "<base64>", "saltLength": 32}]}
// stdout: [true, false, ...]
'use strict';
const crypto = require('crypto');
let input = '';
process.stdin.on('data', (c) => { input += c; });
process.stdin.on('end', () => {
  const { publicKeyPem, cases } = JSON.parse(input);
  const results = cases.map(({ message, signature, saltLength }) => crypto.verify(
    'sha256',
    Buffer.from(message, 'utf8'),
    { key: publicKeyPem, padding: crypto.constants.RSA_PKCS1_PSS_PADDING, saltLength },
    Buffer.from(signature, 'base64'),
  ));
  process.stdout.write(JSON.stringify(results));
});
