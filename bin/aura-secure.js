#!/usr/bin/env node
"use strict";
const fs = require("node:fs");
const path = require("node:path");

// The installed package ships no .ts files: it runs the compiled dist/bin/cli.js. In a clone it runs the
// compiled CLI too when dist/ is newer than every source (npm ci builds it), and the TypeScript sources
// through tsx only after a change that is not built yet (tsx takes seconds to start; the build does not).
const ROOT = path.join(__dirname, "..");
const COMPILED = path.join(ROOT, "dist/bin/cli.js");
const SOURCE = path.join(__dirname, "cli.ts");
// What tsconfig.build.json compiles; a change under one of these makes dist/ stale.
const SOURCES = ["index.ts", "aws.ts", "gcp.ts", "azure.ts", "main.ts", "bin", "domain", "config", "constructs", "stacks", "runtime"];

function newestSource(p) {
  let st;
  try {
    st = fs.statSync(p);
  } catch {
    return 0;
  }
  if (!st.isDirectory()) return p.endsWith(".ts") ? st.mtimeMs : 0;
  let newest = 0;
  for (const entry of fs.readdirSync(p)) newest = Math.max(newest, newestSource(path.join(p, entry)));
  return newest;
}

function compiledIsCurrent() {
  let built;
  try {
    built = fs.statSync(COMPILED).mtimeMs;
  } catch {
    return false;
  }
  return SOURCES.every((s) => newestSource(path.join(ROOT, s)) <= built);
}

function loadCli() {
  if (!fs.existsSync(SOURCE) || compiledIsCurrent()) return require(COMPILED);
  try {
    require.resolve("tsx/cjs");
  } catch {
    if (!fs.existsSync(COMPILED)) {
      process.stderr.write("error: aura-secure is not built and tsx is not installed: run npm ci (or npm run build)\n");
      process.exit(1);
    }
    process.stderr.write("aura-secure: the sources changed since the last build and tsx is not installed; running the older dist/ (npm run build updates it)\n");
    return require(COMPILED);
  }
  require("tsx/cjs");
  return require(SOURCE);
}

// Exit once the command is done: a connection abandoned after a timeout must not keep the process alive.
loadCli()
  .main()
  .then(() => process.exit());
