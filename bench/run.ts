import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as path from "node:path";

/** `npm run bench`: runs every bench/*.bench.ts in its own process (so memory figures don't mix) and prints their figures. */
const dir = __dirname;
const tsxCli = require.resolve("tsx/cli");
const only = process.argv[2];
const files = fs
  .readdirSync(dir)
  .filter((f) => f.endsWith(".bench.ts") && (!only || f.includes(only)))
  .sort();

let failed = 0;
for (const file of files) {
  console.log(`\n== ${file}`);
  const r = spawnSync(process.execPath, [tsxCli, path.join(dir, file)], { stdio: "inherit", cwd: path.dirname(dir) });
  if (r.status !== 0) {
    failed++;
    console.log(`!! ${file} exited with ${r.status ?? r.signal}`);
  }
}
process.exitCode = failed > 0 ? 1 : 0;
