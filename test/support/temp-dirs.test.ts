/**
 * The per-file temp folder when a file never reached its afterAll (it failed to load): the next file's folder is
 * made under the real tmpdir, not inside the one left behind (which nested until mkdtemp failed with ENAMETOOLONG
 * in workers that run thousands of files, as a mutation run does), and the folder left behind is removed.
 * setup.ts already isolated this file; calling isolateTempDir again is what the next file in the worker does.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { isolateTempDir } from "./temp-dirs";

// eslint-disable-next-line @typescript-eslint/no-require-imports
const nodeOs = require("node:os") as typeof import("node:os");

// At file level, as setup.ts does it (hooks cannot be added inside a test).
const left = nodeOs.tmpdir();
isolateTempDir();
const next = nodeOs.tmpdir();

test("a folder left behind by a file that did not finish is removed, and the next one is not nested in it", () => {
  expect(path.basename(left)).toMatch(/^aura-jest-/);
  expect(path.dirname(next)).toBe(path.dirname(left));
  expect(path.basename(next)).toMatch(/^aura-jest-/);
  expect(fs.existsSync(left)).toBe(false);
  expect(fs.existsSync(next)).toBe(true);
});
