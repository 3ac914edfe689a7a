import * as fs from "node:fs";

/**
 * Compares `actual` with a golden file. With `<updateVar>=1` the file is rewritten and the test fails,
 * saying so: a run that writes the golden must never pass by comparing it with what it just wrote. Review
 * the file's diff, then run again without the variable.
 */
export function expectGolden(file: string, actual: string, updateVar: string): void {
  if (process.env[updateVar] === "1") {
    fs.writeFileSync(file, actual);
    throw new Error(`${updateVar}=1: wrote ${file} and compared nothing; review its diff (git diff), then run again without ${updateVar}`);
  }
  expect(actual).toBe(fs.readFileSync(file, "utf8"));
}
