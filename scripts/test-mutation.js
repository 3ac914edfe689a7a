#!/usr/bin/env node
/**
 * Mutation testing with Stryker, one scope at a time so a run fits a few minutes on 2 cores:
 *   npm run test:mutation -- domain [review] [cypher]     (no scope: all three, one after the other)
 *   npm run test:mutation -- --mutate domain/cidr.ts       (one file or glob, with the domain scope's tests; every
 *                                                            mutant is tested again, nothing reused)
 *   add --force to test every mutant again instead of reusing the incremental results: a survivor in code that
 *   runs at import (a module-level constant or pattern) is reused as survived even after a new test kills it
 *   --mutate <file> --reuse keeps that module's last results for mutants whose code and covering tests did not
 *   change, and tests the others again (survivors that new tests reach)
 *   --summary prints the scores of the last runs without running anything: each scope's whole run, with a module
 *   re-measured by --mutate after it counted from that newer run
 *   add --static to also run the static mutants (module-level code: catalogs, patterns, constants). Each one
 *   reloads the module, so Stryker runs every test that imports it: on domain/ that is ~1300 mutants and ~87 %
 *   of the run time (hours on 2 cores). Without --static they are reported as "Ignored", counted per scope at
 *   the end, and left out of the score; run them with --mutate <file> --static on the file you change.
 * Each scope mutates its folder and runs only the tests that cover it (jest --findRelatedTests per mutant);
 * the score per module and the scope's target are printed at the end, and the run fails below target.
 * Reports: reports/mutation/<scope>.html and .json (git-ignored).
 */
const { spawnSync } = require("node:child_process");
const fs = require("node:fs");
const path = require("node:path");

const ROOT = path.resolve(__dirname, "..");
const baseJest = require(path.join(ROOT, "jest.config.js"));

/** Targets from issue 27: killed share of mutants that tests reach or should reach. */
const SCOPES = {
  domain: { mutate: ["domain/**/*.ts"], tests: ["test/domain", "test/config"], target: 85 },
  // The review's real-terraform tests (aws-scenarios, real-plans) plan in beforeAll: terraform for every mutant
  // would take hours. They still run in `npm test`; here the hand-built plans and rule tables measure the review.
  review: { mutate: ["runtime/review/**/*.ts"], tests: ["test/runtime/review"], ignore: ["aws-scenarios\\.test\\.ts$", "real-plans\\.test\\.ts$"], target: 85, synthCache: true },
  // cypher-grammar.test.ts lints every statement form with the official Cypher parser: about 30 s a run, so every
  // mutant of the statement builders timed out or took minutes. It runs in `npm test`; here the planner, reconciler
  // and privilege-command tables (exact statements written out) measure the folder.
  cypher: { mutate: ["runtime/cypher/**/*.ts"], tests: ["test/runtime/cypher"], ignore: ["cypher-grammar\\.test\\.ts$"], target: 75 },
};

/** Cases per fast-check property in a mutation run (the tests' own counts are 100 to 2,000). */
const PROPERTY_RUNS = 50;

/**
 * Jest 30 keeps each test's context in an AsyncLocalStorage. Before Node 24 that storage rides on async hooks, and
 * in Stryker's workers every promise then paid for it: on Node 20 half the CPU of a domain run went to the hooks
 * and the run took five times as long as on Node 24. Node 22 gets Node 24's way with a flag (Stryker passes it to
 * its workers as testRunnerNodeArgs); Node 20 has none, so the run says so and goes on slowly.
 */
function asyncContextFlags() {
  const major = Number(process.versions.node.split(".")[0]);
  if (major >= 24) return [];
  if (major >= 22) return ["--experimental-async-context-frame"];
  console.error(`test:mutation: Node ${process.versions.node} runs Stryker's jest workers about five times slower than Node 24 (AsyncLocalStorage on async hooks); use Node 24, or 22`);
  return [];
}

function parseArgs(argv) {
  const scopes = [];
  let mutate = null;
  let force = false;
  let withStatic = false;
  let summaryOnly = false;
  let reuse = false;
  for (let i = 0; i < argv.length; i++) {
    if (argv[i] === "--mutate") mutate = argv[++i];
    else if (argv[i] === "--force") force = true;
    else if (argv[i] === "--static") withStatic = true;
    else if (argv[i] === "--summary") summaryOnly = true;
    else if (argv[i] === "--reuse") reuse = true;
    else if (SCOPES[argv[i]]) scopes.push(argv[i]);
    else {
      console.error(`test:mutation: unknown argument ${JSON.stringify(argv[i])}; scopes are ${Object.keys(SCOPES).join(", ")}, or --mutate <file>`);
      process.exit(1);
    }
  }
  if (mutate && scopes.length === 0) scopes.push(Object.keys(SCOPES).find((s) => SCOPES[s].mutate.some((g) => mutate.startsWith(g.split("*")[0]))) ?? "domain");
  return { scopes: scopes.length ? scopes : Object.keys(SCOPES), mutate, force, withStatic, summaryOnly, reuse };
}

function runScope(name, mutateOverride, force, withStatic, reuse) {
  const scope = SCOPES[name];
  const reportDir = path.join(ROOT, "reports", "mutation");
  fs.mkdirSync(reportDir, { recursive: true });
  // setup-common.ts: the suite's setup without cdktf's jest matchers (no scope's tests use them; loading cdktf cost
  // every test file of every mutant a quarter of a second).
  const jestConfig = {
    ...baseJest,
    roots: ["<rootDir>"],
    testMatch: scope.tests.map((t) => `<rootDir>/${t}/**/*.test.ts`),
    testPathIgnorePatterns: ["/node_modules/", ...(scope.ignore ?? [])],
    setupFilesAfterEnv: ["<rootDir>/test/support/setup-common.ts"],
    // jest's bail for a mutant: the tests left once one has failed are skipped (Stryker cannot pass bail to jest).
    // A full path: Stryker loads the environment itself, without jest's <rootDir>.
    testEnvironment: path.join(ROOT, "scripts", "mutation-environment.js"),
  };
  const namesFile = path.join(reportDir, `${name}.test-names.json`);
  // A --mutate run reports on its own (reports/mutation/files/) with its own sandbox, so it never overwrites the
  // scope's report nor cleans the temp folder of a scope run going on; the summary merges the newer results.
  const runName = mutateOverride ? `${name}--${mutateOverride.replace(/[^A-Za-z0-9.]+/g, "_")}` : name;
  const runDir = mutateOverride ? path.join(reportDir, "files") : reportDir;
  fs.mkdirSync(runDir, { recursive: true });
  if (!recordTestNames(jestConfig, namesFile, scope.tests)) return { name, ok: false, lines: [`${name}: the scope's tests fail without mutants; fix them first`] };
  const config = {
    $schema: "./node_modules/@stryker-mutator/core/schema/stryker-schema.json",
    testRunner: "jest",
    coverageAnalysis: "perTest",
    concurrency: 2,
    mutate: mutateOverride ? [mutateOverride] : scope.mutate,
    // Only what the tests of this scope read; the sandbox links node_modules instead of copying it.
    ignorePatterns: ["dist", "cdktf.out", "reports", ".stryker-tmp", "bench"],
    jest: {
      projectType: "custom",
      // Roots stay the whole project: jest's findRelatedTests follows imports only through files its haste map
      // holds, so with the test folders alone as roots a test reaching the mutant through a source file (a rule
      // through review.ts) was not "related", and the mutant survived with no test run. testMatch picks the tests.
      // The sequencer runs only the related test files that hold a covering test (scripts/mutation-sequencer.js).
      config: { ...jestConfig, testSequencer: "<rootDir>/scripts/mutation-sequencer.js" },
      enableFindRelatedTests: true,
    },
    timeoutMS: 20000,
    testRunnerNodeArgs: asyncContextFlags(),
    ignoreStatic: !withStatic,
    reporters: ["clear-text", "progress-append-only", "html", "json"],
    htmlReporter: { fileName: path.join(runDir, `${runName}.html`) },
    jsonReporter: { fileName: path.join(runDir, `${runName}.json`) },
    incremental: true,
    // A --mutate run is small: it tests every mutant again. Stryker's incremental reuse keeps a survivor's old
    // result when the covering tests it compares look unchanged, which hid kills by newly added test files here.
    // --reuse keeps the module's last --mutate results where Stryker finds the mutant and its covering tests
    // unchanged, and retests the rest (a survivor that a new or changed test covers): minutes instead of the module.
    force: force || (Boolean(mutateOverride) && !reuse),
    incrementalFile: path.join(runDir, `${runName}.incremental.json`),
    // One temp folder per run, so two runs can go side by side.
    tempDirName: path.join(".stryker-tmp", runName),
    cleanTempDir: "always",
  };
  dropRuntimeErrors(config.incrementalFile);
  const configFile = path.join(runDir, `${runName}.stryker.json`);
  fs.writeFileSync(configFile, JSON.stringify(config, null, 2));
  const stryker = path.join(ROOT, "node_modules", "@stryker-mutator", "core", "bin", "stryker.js");
  // The review takes no part in synth: one synth per config serves every mutant (test/support/synth-cache.ts).
  const synthCache = scope.synthCache ? fs.mkdtempSync(path.join(require("node:os").tmpdir(), "aura-mutation-synth-")) : null;
  // Properties try at most PROPERTY_RUNS cases each (test/support/property-runs.ts): a surviving mutant reran every
  // property that reaches it in full, seconds a mutant; fewer cases can only lower the score.
  const env = { ...process.env, AURA_MUTATION_TEST_NAMES: namesFile, AURA_MUTATION_PROPERTY_RUNS: String(PROPERTY_RUNS), ...(synthCache ? { AURA_MUTATION_SYNTH_CACHE: synthCache } : {}) };
  const run = spawnSync(process.execPath, [stryker, "run", configFile], { cwd: ROOT, stdio: "inherit", env });
  if (synthCache) fs.rmSync(synthCache, { recursive: true, force: true });
  if (run.status !== 0) return { name, ok: false, lines: [`${name}: stryker exited ${run.status}`] };
  return summarize(name, mergedReport(name), scope.target);
}

/**
 * The scope's results: its last whole run, with each module replaced by a --mutate run of that module made after
 * it (a module re-measured after new tests). Modules of the scope with no result are listed as not measured.
 */
function mergedReport(name) {
  const reportDir = path.join(ROOT, "reports", "mutation");
  const whole = path.join(reportDir, `${name}.json`);
  const files = {};
  const from = {};
  // Modules a --mutate run of that one file found nothing to mutate in (constants only: Stryker leaves numbers and
  // `as const` objects alone), as long as the module did not change after that run: measured, with no mutants.
  const empty = new Set();
  const wholeTime = fs.existsSync(whole) ? fs.statSync(whole).mtimeMs : 0;
  if (wholeTime) for (const [f, entry] of Object.entries(JSON.parse(fs.readFileSync(whole, "utf8")).files)) files[f] = entry;
  const filesDir = path.join(reportDir, "files");
  const partials = fs.existsSync(filesDir) ? fs.readdirSync(filesDir).filter((f) => f.startsWith(`${name}--`) && f.endsWith(".json") && !/\.(stryker|incremental)\.json$/.test(f)) : [];
  for (const p of partials.map((f) => ({ f, t: fs.statSync(path.join(filesDir, f)).mtimeMs })).sort((a, b) => a.t - b.t)) {
    const configFile = path.join(filesDir, p.f.replace(/\.json$/, ".stryker.json"));
    const mutated = fs.existsSync(configFile) ? JSON.parse(fs.readFileSync(configFile, "utf8")).mutate : [];
    const reported = JSON.parse(fs.readFileSync(path.join(filesDir, p.f), "utf8")).files;
    for (const m of mutated) {
      if (/[*?{[]/.test(m) || reported[m] || !fs.existsSync(path.join(ROOT, m))) continue;
      if (fs.statSync(path.join(ROOT, m)).mtimeMs < p.t) empty.add(m);
    }
    if (p.t <= wholeTime) continue;
    for (const [f, entry] of Object.entries(JSON.parse(fs.readFileSync(path.join(filesDir, p.f), "utf8")).files)) {
      files[f] = entry;
      from[f] = "--mutate";
    }
  }
  return { files, from, empty };
}

/** Every module a scope mutates (what "measured" is counted against). */
function scopeModules(name) {
  const roots = SCOPES[name].mutate.map((g) => g.split("*")[0].replace(/\/$/, ""));
  const out = [];
  const walk = (dir) => {
    for (const e of fs.readdirSync(path.join(ROOT, dir), { withFileTypes: true })) {
      const rel = `${dir}/${e.name}`;
      if (e.isDirectory()) walk(rel);
      else if (rel.endsWith(".ts") && !rel.endsWith(".d.ts")) out.push(rel);
    }
  };
  roots.forEach(walk);
  return out;
}

/**
 * The full name of every test per test file (relative path), from one plain jest run of the scope: the sequencer
 * uses it to load only the files that hold a mutant's covering tests. False when the scope's tests fail.
 */
function recordTestNames(jestConfig, namesFile, testDirs) {
  // Reused while no test file of the scope changed since it was recorded (a --mutate run per module needs it once).
  const newest = (dir) => fs.readdirSync(path.join(ROOT, dir), { recursive: true }).reduce((t, f) => Math.max(t, fs.statSync(path.join(ROOT, dir, String(f))).mtimeMs), 0);
  if (fs.existsSync(namesFile) && fs.statSync(namesFile).mtimeMs > Math.max(...testDirs.map(newest))) return true;
  const out = path.join(path.dirname(namesFile), `${path.basename(namesFile, ".json")}.jest-result.json`);
  const jest = path.join(ROOT, "node_modules", "jest", "bin", "jest.js");
  const config = JSON.stringify({ ...jestConfig, rootDir: ROOT, reporters: ["default"] });
  const run = spawnSync(process.execPath, [jest, "--config", config, "--json", "--outputFile", out, "--silent"], { cwd: ROOT, stdio: ["ignore", "ignore", "inherit"] });
  if (run.status !== 0) return false;
  const result = JSON.parse(fs.readFileSync(out, "utf8"));
  const namesByFile = {};
  for (const file of result.testResults) namesByFile[path.relative(ROOT, file.name).split(path.sep).join("/")] = file.assertionResults.map((a) => a.fullName);
  fs.writeFileSync(namesFile, JSON.stringify(namesByFile));
  fs.rmSync(out, { force: true });
  return true;
}

/**
 * A RuntimeError is the harness failing (a test file that would not load), not a result: Stryker reuses it from
 * the incremental file like any other unless the mutant gets a new test, so it is dropped there to be run again.
 */
function dropRuntimeErrors(file) {
  if (!fs.existsSync(file)) return;
  const report = JSON.parse(fs.readFileSync(file, "utf8"));
  let dropped = 0;
  for (const entry of Object.values(report.files ?? {})) {
    const kept = entry.mutants.filter((m) => m.status !== "RuntimeError");
    dropped += entry.mutants.length - kept.length;
    entry.mutants = kept;
  }
  if (dropped) fs.writeFileSync(file, JSON.stringify(report));
}

/** Score per file: (killed + timeout) / (killed + timeout + survived + no coverage), as Stryker counts it. */
function summarize(name, report, target) {
  const noMutants = scopeModules(name).filter((m) => !report.files[m] && report.empty?.has(m));
  const notMeasured = scopeModules(name).filter((m) => !report.files[m] && !report.empty?.has(m));
  const lines = [];
  let detected = 0;
  let valid = 0;
  let staticSkipped = 0;
  for (const [file, { mutants }] of Object.entries(report.files).sort()) {
    // A static mutant reported Survived after zero tests (Stryker does that in --force runs) was not run either.
    const notRun = (m) => (m.status === "Ignored" && /static/i.test(m.statusReason ?? "")) || (m.static === true && m.status === "Survived" && m.testsCompleted === 0);
    staticSkipped += mutants.filter(notRun).length;
    const d = mutants.filter((m) => m.status === "Killed" || m.status === "Timeout").length;
    const v = d + mutants.filter((m) => !notRun(m) && (m.status === "Survived" || m.status === "NoCoverage")).length;
    detected += d;
    valid += v;
    if (v) lines.push(`  ${file}: ${((100 * d) / v).toFixed(1)} % (${d}/${v})${report.from?.[file] ? " (--mutate, after the whole run)" : ""}`);
  }
  const score = valid ? (100 * detected) / valid : 100;
  const staticNote = staticSkipped ? `; ${staticSkipped} static mutants not run (--static runs them)` : "";
  const measuredNote = `${noMutants.length ? `; no mutants in ${noMutants.join(", ")} (a --mutate run of it found nothing to mutate)` : ""}${notMeasured.length ? `; NOT MEASURED: ${notMeasured.join(", ")}` : ""}`;
  lines.unshift(`${name}: ${score.toFixed(1)} % killed (${detected}/${valid}), target ${target} %${score >= target ? "" : " NOT MET"}${staticNote}${measuredNote}`);
  return { name, ok: score >= target && notMeasured.length === 0, lines };
}

const { scopes, mutate, force, withStatic, summaryOnly, reuse } = parseArgs(process.argv.slice(2));
const results = summaryOnly ? scopes.map((s) => summarize(s, mergedReport(s), SCOPES[s].target)) : scopes.map((s) => runScope(s, mutate, force, withStatic, reuse));
console.log("\nmutation scores:");
for (const r of results) console.log(r.lines.join("\n"));
process.exit(results.every((r) => r.ok) || mutate ? 0 : 1);
