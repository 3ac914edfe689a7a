import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";

/**
 * Gives each test file its own temp folder and removes it, with everything in it, after the file's tests.
 * Everything that asks os.tmpdir() lands there: cdktf's Testing.app()/synthScope() outdirs (which cdktf never
 * removes), the tests' mkdtemp folders, and those of child processes, which inherit TMPDIR.
 * Called once per test file from test/support/setup.ts.
 */
export function isolateTempDir(): void {
  const saved = process.env.TMPDIR;
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "aura-jest-"));
  process.env.TMPDIR = dir;
  afterAll(() => {
    if (saved === undefined) delete process.env.TMPDIR;
    else process.env.TMPDIR = saved;
    fs.rmSync(dir, { recursive: true, force: true });
  });
}
