import * as fs from "node:fs";
import * as path from "node:path";

/**
 * This package's version, from its package.json: the nearest one above this file, which is the same
 * whether the code runs from the sources (bin/, runtime/) or compiled (dist/bin, dist/runtime).
 */
export function packageVersion(from = __dirname): string {
  for (let dir = from; ; dir = path.dirname(dir)) {
    const file = path.join(dir, "package.json");
    if (fs.existsSync(file)) {
      const pkg = JSON.parse(fs.readFileSync(file, "utf8")) as { name?: string; version?: string };
      if (pkg.name === "cdktf-aura-secure" && pkg.version) return pkg.version;
    }
    if (path.dirname(dir) === dir) return "unknown";
  }
}
