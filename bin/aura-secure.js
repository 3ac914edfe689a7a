#!/usr/bin/env node
"use strict";
const fs = require("node:fs");
const path = require("node:path");

// In the repository (bin/cli.ts present, tsx installed as a dev dependency) the CLI runs from the
// TypeScript sources, so a change is live without a build. The installed package ships no .ts files:
// there it runs the compiled dist/bin/cli.js and needs neither tsx nor TypeScript.
function loadCli() {
  const source = path.join(__dirname, "cli.ts");
  if (fs.existsSync(source)) {
    try {
      require.resolve("tsx/cjs");
    } catch {
      return require("../dist/bin/cli.js");
    }
    require("tsx/cjs");
    return require(source);
  }
  return require("../dist/bin/cli.js");
}

// Exit once the command is done: a connection abandoned after a timeout must not keep the process alive.
loadCli()
  .main()
  .then(() => process.exit());
