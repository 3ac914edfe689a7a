#!/usr/bin/env node
"use strict";
/**
 * `npm run test:twin`: the network twin's tests (test/twin), then one line
 *   twin: N checks, M passed
 * where the checks are every verify check compared with what the twin expects of it (test/twin/
 * expectations.ts) plus each of the twin's own tests. Extra arguments go to jest. Exit code: jest's.
 */
const { spawnSync } = require("node:child_process");
const fs = require("node:fs");
const os = require("node:os");
const path = require("node:path");

const root = path.resolve(__dirname, "../..");
const dir = fs.mkdtempSync(path.join(os.tmpdir(), "twin-tally-"));
const tally = path.join(dir, "tally.jsonl");
const results = path.join(dir, "jest.json");
try {
  const jest = spawnSync(process.execPath, [require.resolve("jest/bin/jest", { paths: [root] }), "test/twin", "--json", "--outputFile", results, ...process.argv.slice(2)], {
    cwd: root,
    stdio: "inherit",
    env: { ...process.env, TWIN_TALLY: tally },
  });
  const entries = fs.existsSync(tally)
    ? fs.readFileSync(tally, "utf8").split("\n").filter(Boolean).map((l) => JSON.parse(l))
    : [];
  const report = fs.existsSync(results) ? JSON.parse(fs.readFileSync(results, "utf8")) : { numPassedTests: 0, numFailedTests: 0 };
  const checks = entries.reduce((n, e) => n + (e.checks ?? 0), 0) + report.numPassedTests + report.numFailedTests;
  const passed = entries.reduce((n, e) => n + (e.passed ?? 0), 0) + report.numPassedTests;
  const skipped = [...new Set(entries.filter((e) => e.skipped).map((e) => e.skipped))];
  process.stdout.write(`twin: ${checks} checks, ${passed} passed${skipped.length ? ` (network twin skipped: ${skipped.join("; ")})` : ""}\n`);
  process.exitCode = jest.status ?? 1;
} finally {
  fs.rmSync(dir, { recursive: true, force: true });
}
