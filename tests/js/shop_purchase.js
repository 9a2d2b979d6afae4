// Buys through the demo shop in headless Chromium: cart → Amazon Pay button → the sandbox's
// hosted pages → review → place order → pay → result (the "purchase" flow of shop_flows.js).
// Prints JSON; screenshots each step unless told not to.
// stdin: {"shop": "http://127.0.0.1:PORT", "outDir": "...", "name": "...", "buyer": "amzn1.account…", "instrument": "jp-visa",
//         "screenshots": true (optional; `cargo xtask bench` turns them off)}
// stdout: {"steps", "review": text of the review, "result": text of the result, "outcome",
//          "purchaseMs": from the click on the Amazon Pay button to the settled result page, "error"?}
'use strict';
const { run } = require('./shop_flows.js');

let input = '';
process.stdin.on('data', (c) => { input += c; });
process.stdin.on('end', async () => {
  const out = await run({ ...JSON.parse(input), flow: 'purchase' });
  process.stdout.write(JSON.stringify({
    steps: out.steps,
    review: out.review ? out.review.text : undefined,
    result: out.result ? out.result.text : undefined,
    outcome: out.result ? out.result.outcome : undefined,
    purchaseMs: out.purchaseMs,
    error: out.error,
  }));
});
