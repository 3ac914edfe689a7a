import * as crypto from "node:crypto";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";

/**
 * The folder `cdktf synth` writes for a config, in a new temp folder the caller removes. In a mutation run of
 * runtime/review, scripts/test-mutation.js sets AURA_MUTATION_SYNTH_CACHE: the review takes no part in synth (no
 * module synth loads imports runtime/review; test/scripts/mutation-synth-cache.test.ts walks the imports), so
 * one synth per config serves every mutant instead of one per mutant, four seconds each. Outside such a run
 * every call synthesizes. cdktf and the stacks load only when a synth runs.
 */
export function synthOutdir(input: unknown): string {
  const cache = process.env.AURA_MUTATION_SYNTH_CACHE;
  if (!cache) return synthNow(input);
  const entry = path.join(cache, crypto.createHash("sha256").update(JSON.stringify(input)).digest("hex"));
  if (!fs.existsSync(entry)) {
    const out = synthNow(input);
    const staging = `${entry}.${process.pid}`;
    fs.cpSync(out, staging, { recursive: true });
    fs.rmSync(out, { recursive: true, force: true });
    // Another worker may have stored the same entry meanwhile: either copy is the same synth.
    try {
      fs.renameSync(staging, entry);
    } catch {
      fs.rmSync(staging, { recursive: true, force: true });
    }
  }
  const copy = fs.mkdtempSync(path.join(os.tmpdir(), "aura-synth-"));
  fs.cpSync(entry, copy, { recursive: true });
  return copy;
}

function synthNow(input: unknown): string {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { synthConfig } = require("./synth") as typeof import("./synth");
  return synthConfig(input).outdir;
}
