// Runs the cart-token example of edge-signer/README.md as a merchant backend would, and prints
// the token it makes: {"secret", "amount", "currency", "ref"} in, {"token"} out.
import fs from "node:fs";
import path from "node:path";
import { createRequire } from "node:module";
import { fileURLToPath } from "node:url";

const here = path.dirname(fileURLToPath(import.meta.url));
const readme = fs.readFileSync(path.join(here, "../../edge-signer/README.md"), "utf8");
const match = readme.match(/```js\n([\s\S]*?)```/);
if (!match) throw new Error("no js example in edge-signer/README.md");
const module = { exports: {} };
new Function("require", "module", match[1])(createRequire(import.meta.url), module);
const input = JSON.parse(fs.readFileSync(0, "utf8"));
const token = module.exports.cartToken(input.secret, input.amount, input.currency, input.ref);
process.stdout.write(JSON.stringify({ token }));
