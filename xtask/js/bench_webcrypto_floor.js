// `cargo xtask bench`: the floor of signing in workerd. A minimal JavaScript Worker that signs a
// button payload the way Amazon Pay V2 wants it (string to sign = algorithm + "\n" + hex SHA-256
// of the payload; RSA-PSS, SHA-256, salt 32; base64) with WebCrypto and nothing else: no routing,
// no configuration, no Rust. It runs in the same workerd process as the edge signer, so the ratio
// of the two is the cost of everything the signer adds around the platform's RSA.
// POST /sign?n=N with the payload as the body → {"n": N, "ms": elapsed, "signature": "<base64>"}.
// The key is the PKCS#8 PEM in the binding AMAZON_PAY_PRIVATE_KEY (imported once, not timed).
let key = null;

function pkcs8Der(pem) {
  const body = pem.replace(/-----(BEGIN|END) PRIVATE KEY-----/g, '').replace(/\s+/g, '');
  const bytes = atob(body);
  const out = new Uint8Array(bytes.length);
  for (let i = 0; i < bytes.length; i++) out[i] = bytes.charCodeAt(i);
  return out;
}

function hex(buffer) {
  return Array.from(new Uint8Array(buffer), (b) => b.toString(16).padStart(2, '0')).join('');
}

function base64(buffer) {
  let s = '';
  for (const b of new Uint8Array(buffer)) s += String.fromCharCode(b);
  return btoa(s);
}

async function signOnce(payload) {
  const digest = await crypto.subtle.digest('SHA-256', new TextEncoder().encode(payload));
  const toSign = new TextEncoder().encode('AMZN-PAY-RSASSA-PSS-V2\n' + hex(digest));
  return base64(await crypto.subtle.sign({ name: 'RSA-PSS', saltLength: 32 }, key, toSign));
}

export default {
  async fetch(request, env) {
    const url = new URL(request.url);
    const n = Number(url.searchParams.get('n') || '1');
    if (request.method !== 'POST' || url.pathname !== '/sign' || !Number.isInteger(n) || n < 1 || n > 1000) {
      return new Response('POST /sign?n=1..1000 with the payload as the body\n', { status: 400 });
    }
    if (!env.AMAZON_PAY_PRIVATE_KEY.includes('BEGIN PRIVATE KEY')) {
      return new Response('the floor Worker takes a PKCS#8 key\n', { status: 500 });
    }
    if (!key) {
      key = await crypto.subtle.importKey('pkcs8', pkcs8Der(env.AMAZON_PAY_PRIVATE_KEY),
        { name: 'RSA-PSS', hash: 'SHA-256' }, false, ['sign']);
    }
    const payload = await request.text();
    const started = Date.now();
    let signature = '';
    for (let i = 0; i < n; i++) signature = await signOnce(payload);
    const ms = Date.now() - started;
    return Response.json({ n, ms, signature });
  },
};
