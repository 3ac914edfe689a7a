import * as fs from "node:fs";
import * as path from "node:path";

/**
 * `engines.node` of the package is true to everything a user installs with it: every Node version the
 * range allows is allowed by each runtime dependency (transitive, from package-lock.json) and by the peer
 * dependencies and their trees, so `npm install` prints no EBADENGINE on any of them. Dev-only packages
 * (dns2, the Cypher parser, jest...) constrain who develops the package, not its users (README: Developing).
 */

// semver (through jest and cdktf) ships no types; only satisfies is used.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { satisfies } = require("semver") as { satisfies(version: string, range: string): boolean };

const REPO = path.resolve(__dirname, "../..");
const pkg = JSON.parse(fs.readFileSync(path.join(REPO, "package.json"), "utf8")) as { engines: { node: string }; peerDependencies: Record<string, string> };
const lock = JSON.parse(fs.readFileSync(path.join(REPO, "package-lock.json"), "utf8")) as { packages: Record<string, { dev?: boolean; engines?: { node?: string } | string[]; version?: string }> };
const ours = pkg.engines.node;
const peers = Object.keys(pkg.peerDependencies);

/** What users install: runtime dependencies, and the peers with what they bring. */
const installed = Object.entries(lock.packages).filter(([at, info]) => {
  if (at === "") return false;
  const peer = peers.some((p) => at === `node_modules/${p}` || at.startsWith(`node_modules/${p}/`));
  return peer || !info.dev;
});

/** Versions where a range can start or stop: every x.y.z any range names, the patch just below it, and each major's last. */
function boundaries(ranges: string[]): string[] {
  const out = new Set<string>();
  for (const range of ranges) {
    for (const m of range.matchAll(/(\d+)\.(\d+)\.(\d+)/g)) {
      const [major, minor, patch] = [Number(m[1]), Number(m[2]), Number(m[3])];
      out.add(`${major}.${minor}.${patch}`);
      if (patch > 0) out.add(`${major}.${minor}.${patch - 1}`);
      else if (minor > 0) out.add(`${major}.${minor - 1}.999`);
    }
  }
  for (let major = 18; major <= 30; major++) out.add(`${major}.999.999`).add(`${major}.0.0`);
  return [...out];
}

const engineRanges = installed.flatMap(([, info]) => (info.engines && !Array.isArray(info.engines) && info.engines.node ? [info.engines.node] : []));
const allowed = boundaries([ours, ...engineRanges]).filter((v) => satisfies(v, ours));

test("the package's range allows the Node versions it is tested on: 20 (from 20.17), 22 and 24", () => {
  for (const v of ["20.17.0", "20.20.2", "22.9.0", "22.23.5", "24.0.0", "24.22.3"]) expect({ v, ok: satisfies(v, ours) }).toEqual({ v, ok: true });
  // Node 20 before 20.17 lacks what read and npm's own packages need.
  expect(satisfies("20.16.0", ours)).toBe(false);
});

test("every runtime dependency and peer allows every Node version the package's engines allow", () => {
  expect(installed.length).toBeGreaterThan(20);
  const conflicts = installed.flatMap(([at, info]) => {
    const range = info.engines && !Array.isArray(info.engines) ? info.engines.node : undefined;
    if (!range) return [];
    const refused = allowed.filter((v) => !satisfies(v, range));
    return refused.length ? [`${at.replace(/^.*node_modules\//, "")}@${info.version} engines.node ${range} refuses ${refused.join(", ")}`] : [];
  });
  expect(conflicts).toEqual([]);
});
