// The edge signer with a real local D1 ledger: Miniflare runs the Worker's worker-build output
// in workerd with the LEDGER binding, applies edge-signer/migrations in file order, writes the
// URL to `readyFile` and serves until SIGTERM. `GET /cdn-cgi/local/scheduled?cron=…` runs the
// scheduled handler once (Miniflare's trigger) and answers "ok" when it finished.
//
// stdin: {"buildDir", "migrationsDir", "port", "bindings": {NAME: text}, "readyFile", "persistDir"?,
//         "ratelimits"?: {NAME: {"namespace_id", "simple": {"limit", "period"}}} (as in wrangler.toml)}
"use strict";
const fs = require("node:fs");
const path = require("node:path");
const { Miniflare, Log, LogLevel, convertV4MiniflareOptions } = require("miniflare");

function statements(sql) {
  // Migrations keep one statement per `;` at a line end, no `;` inside strings.
  return sql
    .split(/;\s*(?:\r?\n|$)/)
    .map((s) => s.replace(/^\s*--.*$/gm, "").trim())
    .filter((s) => s.length > 0);
}

async function main() {
  const input = JSON.parse(fs.readFileSync(0, "utf8"));
  const options = convertV4MiniflareOptions({
    name: "edge-signer",
    modules: [
      { type: "ESModule", path: path.join(input.buildDir, "index.js") },
      { type: "CompiledWasm", path: path.join(input.buildDir, "index_bg.wasm") },
    ],
    compatibilityDate: "2025-11-01",
    bindings: input.bindings,
    d1Databases: { LEDGER: "edge-signer-ledger" },
    ...(input.ratelimits ? { ratelimits: input.ratelimits } : {}),
    d1Persist: input.persistDir || false,
    // GET /cdn-cgi/local/scheduled?cron=… runs the Worker's scheduled handler and answers when
    // it is done (as `wrangler dev --test-scheduled` offers it).
    unsafeTriggerHandlers: true,
    host: "127.0.0.1",
    port: input.port,
    log: new Log(LogLevel.INFO),
  });
  const mf = new Miniflare(options);
  const url = await mf.ready;
  const db = await mf.getD1Database("LEDGER");
  const files = fs
    .readdirSync(input.migrationsDir)
    .filter((f) => f.endsWith(".sql"))
    .sort();
  for (const f of files) {
    const sql = fs.readFileSync(path.join(input.migrationsDir, f), "utf8");
    await db.batch(statements(sql).map((s) => db.prepare(s)));
  }
  fs.writeFileSync(input.readyFile, String(url));
  const stop = async () => {
    await mf.dispose().catch(() => {});
    process.exit(0);
  };
  process.on("SIGTERM", stop);
  process.on("SIGINT", stop);
}

main().catch((e) => {
  console.error("edge_ledger_server:", e && e.stack ? e.stack : e);
  process.exit(1);
});
