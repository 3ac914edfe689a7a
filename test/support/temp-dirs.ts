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
const REAL_TMPDIR = Symbol.for("aura-secure.real-tmpdir");

export function isolateTempDir(): void {
  // The os module outlives a test file (one per worker). When a file never reaches its afterAll (it fails to load,
  // as under a mutation run that reuses the worker for thousands of runs), os.tmpdir still points at that file's
  // folder: the next folder would nest inside it until mkdtemp fails with ENAMETOOLONG. So the real tmpdir is kept
  // on the module once, and a folder left behind by such a file is removed here.
  const held = nodeOs as typeof nodeOs & { [REAL_TMPDIR]?: () => string };
  const realTmpdir = (held[REAL_TMPDIR] ??= nodeOs.tmpdir);
  if (nodeOs.tmpdir !== realTmpdir) {
    const stale = nodeOs.tmpdir();
    if (path.dirname(stale) === realTmpdir() && path.basename(stale).startsWith("aura-jest-")) fs.rmSync(stale, { recursive: true, force: true });
    nodeOs.tmpdir = realTmpdir;
  }
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
