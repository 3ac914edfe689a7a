#!/usr/bin/env node
"use strict";
// Runs the TypeScript CLI through tsx so `npx aura-secure` works in a clone without a build step.
require("tsx/cjs");
require("./cli.ts").main();
