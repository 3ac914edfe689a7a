#!/usr/bin/env node
"use strict";
// `npm run build` (also run by `prepare`, so by `npm ci`, `npm pack` and installs from git):
// a clean dist/ with the compiled JavaScript and .d.ts files, plus the prebuilt Lambda handler bundle,
// so an installed package needs neither tsx nor esbuild at run time.
const { spawnSync } = require("node:child_process");
const fs = require("node:fs");
const path = require("node:path");

const root = path.resolve(__dirname, "..");
const dist = path.join(root, "dist");

// Files of deleted sources must not linger in dist/ and get packed.
fs.rmSync(dist, { recursive: true, force: true });

const tsc = spawnSync(process.execPath, [require.resolve("typescript/bin/tsc"), "-p", path.join(root, "tsconfig.build.json")], { stdio: "inherit" });
if (tsc.status !== 0) process.exit(tsc.status ?? 1);

// Bundled from the TypeScript entry (esbuild reads it directly); the construct finds it at dist/lambda/neo4j-access.
const { buildLambdaBundle, PREBUILT_BUNDLE_DIR } = require(path.join(dist, "constructs/neo4j/lambda-bundle.js"));
buildLambdaBundle(PREBUILT_BUNDLE_DIR, path.join(root, "runtime/cypher/lambda-handler.ts"));
console.log(`built ${path.relative(root, dist)}/ and ${path.relative(root, PREBUILT_BUNDLE_DIR)}/index.js`);
