import * as fs from "node:fs";
import * as path from "node:path";

/**
 * The mutation run of runtime/review reuses one synth per config (test/support/synth-cache.ts). That is only sound
 * while nothing synth loads imports runtime/review: a mutant there could then change the synthesized JSON. This
 * walks the relative imports from what synth loads and fails on any runtime/review module among them.
 */
const ROOT = path.resolve(__dirname, "../..");
const IMPORT = /(?:from\s+|import\s*\(\s*|require\(\s*)"(\.[^"]+)"/g;

function closure(entry: string): Set<string> {
  const seen = new Set<string>();
  const visit = (file: string) => {
    if (seen.has(file)) return;
    seen.add(file);
    for (const m of fs.readFileSync(file, "utf8").matchAll(IMPORT)) {
      const base = path.resolve(path.dirname(file), m[1]!);
      const target = [`${base}.ts`, path.join(base, "index.ts"), base].find((f) => fs.existsSync(f) && fs.statSync(f).isFile());
      if (target?.endsWith(".ts")) visit(target);
    }
  };
  visit(path.join(ROOT, entry));
  return seen;
}

describe("what synth loads never imports the review", () => {
  const loaded = [...closure("test/support/synth.ts")].map((f) => path.relative(ROOT, f));

  test("the walk reaches the stacks, the constructs and the config (a control: it follows imports)", () => {
    expect(loaded).toEqual(expect.arrayContaining(["stacks/compose.ts", "config/load.ts", "domain/stack-names.ts"]));
    expect(loaded.some((f) => f.startsWith("constructs/"))).toBe(true);
  });

  test("no module of runtime/review is among them", () => {
    expect(loaded.filter((f) => f.startsWith("runtime/review/"))).toEqual([]);
  });
});
