import * as fs from "node:fs";
import * as path from "node:path";

// The os module object itself (a namespace import would be a copy whose members cannot be replaced).
// eslint-disable-next-line @typescript-eslint/no-require-imports
const nodeOs = require("node:os") as typeof import("node:os");

/**
 * Gives each test file its own temp folder and removes it, with everything in it, after the file's tests.
 * Everything that asks os.tmpdir() lands there: cdktf's Testing.app()/synthScope() outdirs (which cdktf never
 * removes) and the tests' mkdtemp folders; child processes started with the test's process.env get it as
 * TMPDIR. os.tmpdir is replaced, not only TMPDIR set, because jest gives tests a copy of process.env that
 * the real os module does not read. Called once per test file from test/support/setup.ts.
 */
export function isolateTempDir(): void {
  const realTmpdir = nodeOs.tmpdir;
  const savedEnv = process.env.TMPDIR;
  const dir = fs.mkdtempSync(path.join(realTmpdir(), "aura-jest-"));
  // Like /tmp itself (sticky, open to all): tests that run commands as another uid (setpriv) need to reach it.
  fs.chmodSync(dir, 0o1777);
  nodeOs.tmpdir = () => dir;
  process.env.TMPDIR = dir;
  afterAll(() => {
    nodeOs.tmpdir = realTmpdir;
    if (savedEnv === undefined) delete process.env.TMPDIR;
    else process.env.TMPDIR = savedEnv;
    fs.rmSync(dir, { recursive: true, force: true });
  });
}
