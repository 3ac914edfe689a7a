import { createHash } from "node:crypto";
import * as fs from "node:fs";
import * as path from "node:path";

/** The folder that holds this package's sources: the repository, or dist/ when running compiled. */
const ROOT = path.resolve(__dirname, "../..");

/**
 * Where `npm run build` writes the handler bundle: dist/lambda/neo4j-access when this module runs from dist/
 * (the installed package), a path that does not exist when it runs from the .ts sources.
 */
export const PREBUILT_BUNDLE_DIR = path.join(ROOT, "lambda", "neo4j-access");

/** The handler's entry: the TypeScript source in the repository, else the compiled JavaScript beside this module. */
export const HANDLER_ENTRY = ["ts", "js"].map((ext) => path.join(ROOT, `runtime/cypher/lambda-handler.${ext}`)).find((f) => fs.existsSync(f)) ?? path.join(ROOT, "runtime/cypher/lambda-handler.ts");

/**
 * Bundles the handler with esbuild into outDir/index.js. The AWS SDK is left out: the Lambda Node.js
 * runtime provides it. esbuild follows the entry's imports, so whatever the handler imports is bundled.
 */
export function buildLambdaBundle(outDir: string, entry = HANDLER_ENTRY): void {
  let esbuild: typeof import("esbuild");
  try {
    // Loaded only here: an installed package uses the prebuilt bundle and does not need esbuild.
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    esbuild = require("esbuild") as typeof import("esbuild");
  } catch {
    throw new Error(`the Neo4j access Lambda bundle is missing (${PREBUILT_BUNDLE_DIR}/index.js) and esbuild is not installed to build it; reinstall cdktf-aura-secure, or pass bundleDir`);
  }
  esbuild.buildSync({
    entryPoints: [entry],
    bundle: true,
    platform: "node",
    target: "node20",
    format: "cjs",
    outfile: path.join(outDir, "index.js"),
    external: ["@aws-sdk/*"],
    minify: true,
    legalComments: "none",
    logLevel: "silent",
  });
}

/** Every source file that can end up in the bundle (ours; dependencies are keyed by the lockfile). */
function inputs(): string[] {
  const walk = (dir: string): string[] =>
    fs.existsSync(dir)
      ? fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? walk(path.join(dir, e.name)) : /\.[jt]s$/.test(e.name) ? [path.join(dir, e.name)] : []))
      : [];
  return [...walk(path.join(ROOT, "runtime")), ...walk(path.join(ROOT, "domain")), path.join(ROOT, "package-lock.json")].filter((f) => fs.existsSync(f)).sort();
}

/**
 * The folder holding the bundled handler (index.js). The installed package ships it prebuilt; in the
 * repository it is bundled at synth, once per content hash of runtime/ and domain/: later synths reuse
 * the cached folder, so synth stays fast and two synths produce the same asset.
 */
export function bundleLambdaHandler(cacheRoot = path.join(ROOT, "node_modules/.cache/aura-secure"), build: (outDir: string) => void = buildLambdaBundle): string {
  if (fs.existsSync(path.join(PREBUILT_BUNDLE_DIR, "index.js"))) return PREBUILT_BUNDLE_DIR;
  const h = createHash("sha256");
  for (const f of inputs()) h.update(path.relative(ROOT, f)).update("\0").update(fs.readFileSync(f)).update("\0");
  const dir = path.join(cacheRoot, `neo4j-access-lambda-${h.digest("hex").slice(0, 16)}`);
  if (fs.existsSync(path.join(dir, "index.js"))) return dir;
  const tmp = `${dir}.tmp-${process.pid}`;
  build(tmp);
  fs.mkdirSync(path.dirname(dir), { recursive: true });
  try {
    fs.renameSync(tmp, dir);
  } catch {
    // Another process bundled the same content first: keep theirs.
    fs.rmSync(tmp, { recursive: true, force: true });
  }
  return dir;
}
