import { spawnSync } from "node:child_process";
import * as path from "node:path";

/**
 * Start-up of the `aura-secure` CLI as a user gets it (bin/aura-secure.js, running the compiled dist/),
 * against a bare `node -e 0` on the same machine: `--help` and `--version` within 6x of it (issue 22).
 * Best of RUNS each, so a busy machine's slow start does not decide; the ratio is what is judged.
 */
const ROOT = path.resolve(__dirname, "..");
const RUNS = 7;
const BUDGET = 6;

function best(args: string[]): number {
  let min = Infinity;
  for (let i = 0; i < RUNS; i++) {
    const t0 = process.hrtime.bigint();
    const r = spawnSync(process.execPath, args, { cwd: ROOT, encoding: "utf8" });
    const ms = Number(process.hrtime.bigint() - t0) / 1e6;
    if (r.status !== 0) throw new Error(`node ${args.join(" ")} failed:\n${r.stderr}`);
    min = Math.min(min, ms);
  }
  return min;
}

const bin = path.join(ROOT, "bin/aura-secure.js");
const bare = best(["-e", "0"]);
let failed = false;
console.log(`command                   wall(ms, best of ${RUNS})  x node -e 0  budget`);
console.log(`${"node -e 0".padEnd(25)} ${bare.toFixed(0).padStart(21)}  ${"1.0".padStart(11)}`);
for (const arg of ["--help", "--version"]) {
  const ms = best([bin, arg]);
  const ratio = ms / bare;
  if (ratio > BUDGET) failed = true;
  console.log(`${`aura-secure ${arg}`.padEnd(25)} ${ms.toFixed(0).padStart(21)}  ${ratio.toFixed(1).padStart(11)}  <= ${BUDGET}x ${ratio <= BUDGET ? "ok" : "FAILED"}`);
}
console.log("aura-secure = bin/aura-secure.js, which runs dist/ when it is newer than the sources (run npm run build first).");
process.exitCode = failed ? 1 : 0;
