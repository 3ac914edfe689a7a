import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { buildProgram, COMMAND_GROUPS, selectedGroup } from "../../bin/cli";

/**
 * What `aura-secure` loads to start: `--help` and `--version` need commander and the package version only,
 * never a provider binding, cdktf, the Neo4j driver or a crypto library (their start-up time is measured by
 * `npm run bench`, not here). In a clone, bin/aura-secure.js runs the compiled CLI when dist/ is current.
 */

const REPO = path.resolve(__dirname, "../..");
const BIN = path.join(REPO, "bin/aura-secure.js");
const HEAVY = /node_modules\/(cdktf|@cdktf\/|constructs|neo4j-driver|zod|yaml|node-forge|@peculiar\/|@viz-js\/|xmlbuilder2|read|ipaddr\.js)\//;

/** Every file node loaded while running the CLI with `args`, read from a require hook in the child. */
function loadedFiles(args: string[]): { status: number | null; stdout: string; files: string[] } {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "aura-start-"));
  const hook = path.join(dir, "hook.js");
  const list = path.join(dir, "loaded.txt");
  fs.writeFileSync(
    hook,
    `const Module = require("module"); const fs = require("fs"); const seen = new Set();
     const resolve = Module._resolveFilename; Module._resolveFilename = function (...a) { const f = resolve.apply(this, a); seen.add(f); return f; };
     process.on("exit", () => fs.writeFileSync(${JSON.stringify(list)}, [...seen].join("\\n")));`,
  );
  const r = spawnSync(process.execPath, ["-r", hook, BIN, ...args], { encoding: "utf8", cwd: REPO });
  return { status: r.status, stdout: r.stdout, files: fs.readFileSync(list, "utf8").split("\n").filter(Boolean) };
}

test.each([["--help"], ["--version"], ["help"]])("aura-secure %s loads no provider binding, cdktf, driver or crypto module", (arg) => {
  const { status, stdout, files } = loadedFiles([arg]);
  expect(status).toBe(0);
  expect(stdout.length).toBeGreaterThan(0);
  expect(files.filter((f) => HEAVY.test(f))).toEqual([]);
  // Of our own code: the program's table, its error printing and the version lookup.
  const ours = files.filter((f) => f.startsWith(REPO) && !f.includes("/node_modules/")).map((f) => path.relative(REPO, f).replace(/^dist\//, "").replace(/\.(js|ts)$/, ""));
  expect(ours.sort()).toEqual(["bin/aura-secure", "bin/cli", "domain/errors", "domain/redact", "runtime/cli/errors", "runtime/cli/package-version"]);
});

test("a command loads its own group only: verify --help loads no provider binding or cdktf", () => {
  const { status, stdout, files } = loadedFiles(["verify", "--help"]);
  expect(status).toBe(0);
  expect(stdout).toContain("Usage: aura-secure verify");
  expect(files.filter((f) => /node_modules\/(cdktf|@cdktf\/|constructs)\//.test(f))).toEqual([]);
  expect(files.some((f) => /runtime\/review\//.test(f))).toBe(false);
});

test.each([
  [["verify", "--outputs", "x"], "verify"],
  [["help", "cypher"], "cypher"],
  [["--help"], undefined],
  [["aura", "cmk", "list"], "aura"],
])("selectedGroup(%j) is %s", (args, group) => expect(selectedGroup(args)).toBe(group));

test("the listing shows every group with its summary, loaded or not", () => {
  const lazy = buildProgram(["verify"]).helpInformation();
  const full = buildProgram().helpInformation();
  for (const g of COMMAND_GROUPS) {
    expect(lazy).toMatch(new RegExp(`^  ${g.name}\\b`, "m"));
    expect(full).toMatch(new RegExp(`^  ${g.name}\\b`, "m"));
  }
  // The long description of a loaded group stays its own; the listing uses the summary.
  expect(buildProgram().commands.find((c) => c.name() === "verify")!.summary()).toBe(COMMAND_GROUPS.find((g) => g.name === "verify")!.summary);
});

describe("bin/aura-secure.js in a clone", () => {
  let clone: string;
  const run = () => spawnSync(process.execPath, [path.join(clone, "bin/aura-secure.js"), "--version"], { encoding: "utf8" }).stdout.trim();
  const setTime = (file: string, seconds: number) => fs.utimesSync(file, seconds, seconds);

  beforeAll(() => {
    clone = fs.mkdtempSync(path.join(os.tmpdir(), "aura-clone-"));
    fs.mkdirSync(path.join(clone, "bin"));
    fs.mkdirSync(path.join(clone, "dist/bin"), { recursive: true });
    fs.mkdirSync(path.join(clone, "runtime"));
    fs.mkdirSync(path.join(clone, "node_modules"));
    fs.copyFileSync(BIN, path.join(clone, "bin/aura-secure.js"));
    fs.symlinkSync(path.join(REPO, "node_modules/tsx"), path.join(clone, "node_modules/tsx"));
    fs.writeFileSync(path.join(clone, "bin/cli.ts"), 'export async function main(): Promise<void> { console.log("from the sources"); }\n');
    fs.writeFileSync(path.join(clone, "runtime/x.ts"), "export const x: number = 1;\n");
    fs.writeFileSync(path.join(clone, "dist/bin/cli.js"), 'exports.main = async () => console.log("from dist");\n');
  });

  test("dist/ newer than every source: the compiled CLI", () => {
    setTime(path.join(clone, "bin/cli.ts"), 1_000_000);
    setTime(path.join(clone, "runtime/x.ts"), 1_000_000);
    setTime(path.join(clone, "dist/bin/cli.js"), 2_000_000);
    expect(run()).toBe("from dist");
  });

  test("a source changed after the build: the sources through tsx", () => {
    setTime(path.join(clone, "dist/bin/cli.js"), 2_000_000);
    setTime(path.join(clone, "runtime/x.ts"), 3_000_000);
    expect(run()).toBe("from the sources");
  });
});
