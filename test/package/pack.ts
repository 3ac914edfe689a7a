import { execFileSync, spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as path from "node:path";

/** Helpers for the tests that install the packed package (test/package, scripts/test-cdktn.js does the same by hand). */

export const REPO = path.resolve(__dirname, "../..");

/** What `npm run build` compiles (tsconfig.build.json) and the files that shape the package. */
const BUILD_INPUTS = ["index.ts", "aws.ts", "gcp.ts", "azure.ts", "main.ts", "domain", "config", "constructs", "stacks", "runtime", "bin", "package.json", "tsconfig.build.json", "scripts/build.js"];

function newestMtime(p: string): number {
  const st = fs.statSync(p);
  if (!st.isDirectory()) return st.mtimeMs;
  return Math.max(0, ...fs.readdirSync(p).map((e) => newestMtime(path.join(p, e))));
}

/**
 * dist/ as `npm pack` would build it: `npm ci` already ran `prepare`, so the build is repeated only when a
 * source changed since (the build empties dist/ first, so dist/index.js dates the whole build).
 */
export function ensureBuilt(): void {
  // Several test files pack in parallel jest workers; the build empties dist/ first, so one builds at a time.
  withBuildLock(() => {
    const stamp = path.join(REPO, "dist/index.js");
    const bundle = path.join(REPO, "dist/lambda/neo4j-access/index.js");
    const built = fs.existsSync(stamp) && fs.existsSync(bundle) ? fs.statSync(stamp).mtimeMs : 0;
    const changed = Math.max(...BUILD_INPUTS.map((p) => path.join(REPO, p)).filter((p) => fs.existsSync(p)).map(newestMtime));
    if (changed <= built) return;
    const r = spawnSync("npm", ["run", "build"], { cwd: REPO, env: npmEnv(), encoding: "utf8" });
    if (r.status !== 0) throw new Error(`npm run build failed:\n${r.stdout}\n${r.stderr}`);
  });
}

/** A lock between processes: a folder only one of them can create (a stale one, older than 10 minutes, is taken over). */
function withBuildLock(fn: () => void): void {
  const lock = path.join(REPO, "node_modules", ".aura-build.lock");
  for (;;) {
    try {
      fs.mkdirSync(lock);
      break;
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== "EEXIST") throw err;
      const age = Date.now() - (fs.statSync(lock, { throwIfNoEntry: false })?.mtimeMs ?? Date.now());
      if (age > 600_000) fs.rmSync(lock, { recursive: true, force: true });
      else Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 500);
    }
  }
  try {
    fn();
  } finally {
    fs.rmSync(lock, { recursive: true, force: true });
  }
}

/** `npm pack` into dir (its `prepare` build is done by ensureBuilt); returns the tarball's path and sizes. */
export function packInto(dir: string): { tarball: string; size: number; unpackedSize: number; files: string[] } {
  ensureBuilt();
  const out = execFileSync("npm", ["pack", "--ignore-scripts", "--json", "--pack-destination", dir], { cwd: REPO, env: npmEnv(), encoding: "utf8" });
  const [info] = JSON.parse(out) as Array<{ filename: string; size: number; unpackedSize: number; files: Array<{ path: string }> }>;
  return { tarball: path.join(dir, info!.filename), size: info!.size, unpackedSize: info!.unpackedSize, files: info!.files.map((f) => f.path) };
}

/**
 * The environment for a child npm: without the npm_* variables of the `npm test` that started jest (they
 * would point the child at this package's config), but with the same cache, so installs come from it.
 */
export function npmEnv(extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  const keep = new Set(["npm_config_cache", "npm_config_registry", "npm_config_userconfig"]);
  const env = Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.toLowerCase().startsWith("npm_") || keep.has(k.toLowerCase())));
  return { ...env, npm_config_update_notifier: "false", npm_config_fund: "false", npm_config_audit: "false", ...extra };
}

/** The version of a package installed in this repository (so a temp app asks npm for what its cache holds). */
export function installedVersion(name: string): string {
  return (JSON.parse(fs.readFileSync(path.join(REPO, "node_modules", name, "package.json"), "utf8")) as { version: string }).version;
}
