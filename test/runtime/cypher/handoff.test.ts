/**
 * The hand-off note between the destroy-time and the create-time provisioner of one replacement
 * (runtime/cypher/handoff.ts): where it lives (a per-user folder in the temp folder, one file per working
 * directory and state hash), who may read it (0600), how long it counts (15 minutes, the limit included) and
 * that it counts once (removed when read, stale or fresh).
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { HANDOFF_MAX_AGE_MS, recordHandoff, takeHandoff } from "../../../runtime/cypher/handoff";

// The os module itself: test/support/temp-dirs.ts points its tmpdir at this file's own temp folder.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const nodeOs = require("node:os") as typeof import("node:os");

const uid = process.getuid!();
const noteDir = () => path.join(nodeOs.tmpdir(), `aura-secure-cypher-${uid}`);
const notes = () => (fs.existsSync(noteDir()) ? fs.readdirSync(noteDir()) : []);
/** The one note in the folder (the test records exactly one). */
const onlyNote = () => {
  const all = notes();
  expect(all).toHaveLength(1);
  return path.join(noteDir(), all[0]);
};
/** A fixed modification time, so the age is exact: 2023-11-14T22:13:20.000Z. */
const MTIME_MS = 1_700_000_000_000;

afterEach(() => {
  fs.rmSync(noteDir(), { recursive: true, force: true });
  fs.rmSync(path.join(nodeOs.tmpdir(), "aura-secure-cypher-user"), { recursive: true, force: true });
});

describe("hand-off note", () => {
  test("15 minutes is how long a note counts", () => expect(HANDOFF_MAX_AGE_MS).toBe(900_000));

  test("lives in a per-user folder of the temp folder, one file named by 32 hex digits, readable by its owner only, holding the time it was written", () => {
    recordHandoff("sha-1", "/stack/one");
    const file = onlyNote();
    expect(path.dirname(file)).toBe(noteDir());
    expect(path.basename(path.dirname(file))).toBe(`aura-secure-cypher-${uid}`);
    expect(path.basename(file)).toMatch(/^[0-9a-f]{32}\.applied$/);
    expect(fs.statSync(file).mode & 0o777).toBe(0o600);
    expect(fs.statSync(noteDir()).mode & 0o777).toBe(0o700);
    expect(fs.readFileSync(file, "utf8")).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z\n$/);
  });

  test("without user ids (Windows) the folder is named for 'user'", () => {
    const saved = Object.getOwnPropertyDescriptor(process, "getuid")!;
    Object.defineProperty(process, "getuid", { value: undefined, configurable: true, writable: true });
    try {
      recordHandoff("sha-1", "/stack/one");
      expect(fs.readdirSync(path.join(nodeOs.tmpdir(), "aura-secure-cypher-user"))).toEqual([expect.stringMatching(/^[0-9a-f]{32}\.applied$/)]);
      expect(takeHandoff("sha-1", "/stack/one")).toBe(true);
    } finally {
      Object.defineProperty(process, "getuid", saved);
    }
    expect(notes()).toEqual([]);
  });

  test("counts once: taken, it is removed, and a second take finds nothing", () => {
    recordHandoff("sha-1", "/stack/one");
    expect(takeHandoff("sha-1", "/stack/one")).toBe(true);
    expect(notes()).toEqual([]);
    expect(takeHandoff("sha-1", "/stack/one")).toBe(false);
  });

  test.each<[string, [string, string], [string, string], boolean]>([
    ["the same stack and state", ["sha-1", "/stack/one"], ["sha-1", "/stack/one"], true],
    ["a relative working directory names the same stack as its absolute path", ["sha-1", "stack-rel"], ["sha-1", path.resolve("stack-rel")], true],
    ["another state of the same stack", ["sha-1", "/stack/one"], ["sha-2", "/stack/one"], false],
    ["the same state in another stack", ["sha-1", "/stack/one"], ["sha-1", "/stack/two"], false],
    // Without a separator between folder and hash, "/x/a" + "bc" and "/x/ab" + "c" would share one note.
    ["folder and hash that run together the same way", ["bc", "/x/a"], ["c", "/x/ab"], false],
  ])("%s: recorded as %j, taken as %j: %s", (_name, [recSha, recCwd], [takeSha, takeCwd], expected) => {
    recordHandoff(recSha, recCwd);
    expect(takeHandoff(takeSha, takeCwd)).toBe(expected);
  });

  test.each<[string, number, boolean]>([
    ["just written", MTIME_MS, true],
    ["14:59.999 old", MTIME_MS + 899_999, true],
    ["exactly 15 minutes old", MTIME_MS + 900_000, true],
    ["15 minutes and 1 ms old", MTIME_MS + 900_001, false],
    ["a day old", MTIME_MS + 86_400_000, false],
  ])("a note %s (taken at %d) counts: %s; it is removed either way", (_name, now, expected) => {
    recordHandoff("sha-1", "/stack/one");
    fs.utimesSync(onlyNote(), MTIME_MS / 1000, MTIME_MS / 1000);
    expect(takeHandoff("sha-1", "/stack/one", now)).toBe(expected);
    expect(notes()).toEqual([]);
  });

  test("no note: false, nothing created", () => {
    expect(takeHandoff("sha-1", "/stack/one")).toBe(false);
    expect(notes()).toEqual([]);
  });

  test("a fresh note that cannot be removed does not count (it could be taken twice)", () => {
    recordHandoff("sha-1", "/stack/one");
    const file = onlyNote();
    // A folder where the note was: it stats as fresh, but removing it (not recursive) fails.
    fs.rmSync(file);
    fs.mkdirSync(file);
    expect(takeHandoff("sha-1", "/stack/one")).toBe(false);
  });

  test("a note that cannot be written costs nothing but the note", () => {
    // A file where the folder should be: mkdir fails, and recording says nothing.
    fs.writeFileSync(noteDir(), "");
    expect(() => recordHandoff("sha-1", "/stack/one")).not.toThrow();
    expect(takeHandoff("sha-1", "/stack/one")).toBe(false);
    fs.rmSync(noteDir());
  });
});
