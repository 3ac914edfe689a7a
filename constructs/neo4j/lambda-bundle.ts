import { createHash } from "node:crypto";
import * as fs from "node:fs";
import * as path from "node:path";

const ROOT = path.resolve(__dirname, "../..");
export const HANDLER_ENTRY = path.join(ROOT, "runtime/cypher/lambda-handler.ts");

/** Source files that end up in the bundle (ours; dependencies are keyed by their lockfile). */
function inputs(): string[] {
  const dirs = [path.join(ROOT, "runtime/cypher"), path.join(ROOT, "runtime/cli"), path.join(ROOT, "runtime/verify")];
  const files = dirs.flatMap((d) => (fs.existsSync(d) ? fs.readdirSync(d).filter((f) => f.endsWith(".ts")).map((f) => path.join(d, f)) : []));
  files.push(path.join(ROOT, "domain/neo4j/access-model.ts"), path.join(ROOT, "domain/errors.ts"), path.join(ROOT, "package-lock.json"));
  // The verify action (runtime/verify/lambda.ts) also bundles these.
  files.push(path.join(ROOT, "domain/aura/names.ts"), path.join(ROOT, "domain/cidr.ts"), path.join(ROOT, "runtime/conf/ciphers.ts"));
  return files.filter((f) => fs.existsSync(f)).sort();
}

/**
 * Bundles the Lambda handler with esbuild into a folder holding index.js, once per content hash: later
 * synths reuse the cached folder, so synth stays fast and two synths produce the same asset.
 * The AWS SDK is left out: the Lambda Node.js runtime provides it.
 */
export function bundleLambdaHandler(cacheRoot = path.join(ROOT, "node_modules/.cache/aura-secure")): string {
  const h = createHash("sha256");
  for (const f of inputs()) h.update(path.relative(ROOT, f)).update("\0").update(fs.readFileSync(f)).update("\0");
  const dir = path.join(cacheRoot, `neo4j-access-lambda-${h.digest("hex").slice(0, 16)}`);
  const out = path.join(dir, "index.js");
  if (fs.existsSync(out)) return dir;
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const esbuild = require("esbuild") as typeof import("esbuild");
  const tmp = `${dir}.tmp-${process.pid}`;
  esbuild.buildSync({
    entryPoints: [HANDLER_ENTRY],
    bundle: true,
    platform: "node",
    target: "node20",
    format: "cjs",
    outfile: path.join(tmp, "index.js"),
    external: ["@aws-sdk/*"],
    minify: true,
    legalComments: "none",
    logLevel: "silent",
  });
  fs.mkdirSync(path.dirname(dir), { recursive: true });
  try {
    fs.renameSync(tmp, dir);
  } catch {
    // Another process bundled the same content first: keep theirs.
    fs.rmSync(tmp, { recursive: true, force: true });
  }
  return dir;
}
