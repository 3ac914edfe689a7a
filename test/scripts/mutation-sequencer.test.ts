/**
 * The mutation harness's sequencer decides which test files run against a mutant: dropping a file that holds a
 * covering test would let the mutant survive untested, so every case where it cannot be sure keeps all files.
 */
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { coveringFiles } = require("../../scripts/mutation-sequencer.js") as {
  coveringFiles: (tests: unknown[], pattern: string | undefined, names: Record<string, string[]> | null) => Array<{ path: string }> | null;
};

const test_ = (rel: string) => ({ path: `/sandbox/${rel}`, context: { config: { rootDir: "/sandbox" } } });
const files = [test_("test/a.test.ts"), test_("test/b.test.ts"), test_("test/c.test.ts")];
const names = { "test/a.test.ts": ["rules lockout is high", "rules narrowed is quiet"], "test/b.test.ts": ["plan input reads (a) json"] };

describe("mutation sequencer: the test files a mutant's covering tests live in", () => {
  test.each([
    ["one covering test in a", "(rules lockout is high)", ["test/a.test.ts", "test/c.test.ts"]],
    ["covering tests in a and b", "(rules narrowed is quiet)|(plan input reads \\(a\\) json)", ["test/a.test.ts", "test/b.test.ts", "test/c.test.ts"]],
    ["jest matches case-insensitively", "(RULES LOCKOUT IS HIGH)", ["test/a.test.ts", "test/c.test.ts"]],
  ])("%s", (_case, pattern, expected) => {
    expect(coveringFiles(files, pattern, names)?.map((t) => t.path.replace("/sandbox/", ""))).toEqual(expected);
  });

  test.each([
    ["no pattern (the dry run runs everything)", undefined, names],
    ["no recorded names", "(rules lockout is high)", null],
    ["a pattern no recorded name matches (a name made at run time)", "(renamed at run time)", { "test/a.test.ts": ["x"], "test/b.test.ts": ["y"], "test/c.test.ts": ["z"] }],
  ])("keeps every file when unsure: %s", (_case, pattern, recorded) => {
    expect(coveringFiles(files, pattern, recorded)).toBeNull();
  });
});
