#!/usr/bin/env node
"use strict";
// Runs the TypeScript CLI through tsx so `npx aura-secure` works in a clone without a build step.
require("tsx/cjs");
// Exit once the command is done: a connection abandoned after a timeout must not keep the process alive.
require("./cli.ts")
  .main()
  .then(() => process.exit());
