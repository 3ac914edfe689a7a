import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { findDuplicateSettings, MERGE_HEADER, mergeConf, parseConfSettings } from "../../../runtime/conf/settings";
import { rootReason, testUnless } from "../../support/real-tools";
import { runAuraSecure } from "../../support/run-cli";

const STOCK = [
  "# Neo4j configuration (stock excerpt)",
  "server.default_listen_address=localhost",
  "#server.bolt.tls_level=DISABLED",
  "server.bolt.enabled=true",
  "server.jvm.additional=-XX:+UseG1GC",
  "server.jvm.additional=-XX:-OmitStackTraceInFastThrow",
  "dbms.security.auth_enabled=true",
  "",
].join("\n");

const FRAGMENT = [
  "# Written by aura-secure conf render.",
  "server.default_listen_address=0.0.0.0",
  "server.bolt.enabled=true",
  "server.bolt.tls_level=REQUIRED",
  "dbms.ssl.policy.bolt.enabled=true",
  "",
].join("\n");

describe("duplicate settings", () => {
  test.each<[string, string, Array<{ key: string; lines: number[] }>]>([
    ["none in a stock file (server.jvm.additional may repeat)", STOCK, []],
    ["an appended fragment repeats keys", STOCK + FRAGMENT, [
      { key: "server.default_listen_address", lines: [2, 9] },
      { key: "server.bolt.enabled", lines: [4, 10] },
    ]],
    ["spaces around '=' and indentation name the same key", "a.b=1\n  a.b = 2\n#a.b=3\n", [{ key: "a.b", lines: [1, 2] }]],
    ["comments and blank lines are not settings", "# a=1\n\n# a=2\na=3\n", []],
  ])("%s", (_name, text, expected) => expect(findDuplicateSettings(parseConfSettings(text))).toEqual(expected));
});

describe("mergeConf", () => {
  test("replaces keys in place, keeps other lines byte for byte, appends new keys under one header", () => {
    const result = mergeConf(STOCK, FRAGMENT);
    expect(result.text).toBe(
      [
        "# Neo4j configuration (stock excerpt)",
        "server.default_listen_address=0.0.0.0",
        "#server.bolt.tls_level=DISABLED",
        "server.bolt.enabled=true",
        "server.jvm.additional=-XX:+UseG1GC",
        "server.jvm.additional=-XX:-OmitStackTraceInFastThrow",
        "dbms.security.auth_enabled=true",
        "",
        MERGE_HEADER,
        "server.bolt.tls_level=REQUIRED",
        "dbms.ssl.policy.bolt.enabled=true",
        "",
      ].join("\n"),
    );
    expect(result).toMatchObject({ replaced: ["server.default_listen_address", "server.bolt.enabled"], appended: ["server.bolt.tls_level", "dbms.ssl.policy.bolt.enabled"], removedDuplicates: [] });
    expect(findDuplicateSettings(parseConfSettings(result.text))).toEqual([]);
  });

  test("repairs a conf the fragment was already appended to: later repeats are removed", () => {
    const result = mergeConf(STOCK + FRAGMENT, FRAGMENT);
    expect(findDuplicateSettings(parseConfSettings(result.text))).toEqual([]);
    expect(result.removedDuplicates).toEqual([{ key: "server.default_listen_address", line: 9 }, { key: "server.bolt.enabled", line: 10 }]);
    expect(parseConfSettings(result.text).find((s) => s.key === "server.default_listen_address")?.value).toBe("0.0.0.0");
  });

  test("is idempotent", () => {
    const once = mergeConf(STOCK, FRAGMENT).text;
    expect(mergeConf(once, FRAGMENT).text).toBe(once);
  });

  test("keeps CRLF line ends", () => {
    const result = mergeConf("a=1\r\nb=2\r\n", "a=3\nc=4\n");
    expect(result.text).toBe(`a=3\r\nb=2\r\n\r\n${MERGE_HEADER}\r\nc=4\r\n`);
  });

  test("adds a server.jvm.additional value only when it is not there yet", () => {
    expect(mergeConf(STOCK, "server.jvm.additional=-XX:+UseG1GC\n").appended).toEqual([]);
    expect(mergeConf(STOCK, "server.jvm.additional=-Dx=1\n").appended).toEqual(["server.jvm.additional"]);
  });

  test("refuses a fragment that itself repeats a key", () =>
    expect(() => mergeConf(STOCK, "a=1\na=2\n")).toThrow("--fragment sets a key more than once: a (lines 1, 2); Neo4j 5 refuses duplicate settings, so fix the fragment first"),
  );
});

describe("conf merge", () => {
  let dir: string;
  beforeEach(() => (dir = fs.mkdtempSync(path.join(os.tmpdir(), "aura-merge-"))));
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  test("writes the merged file atomically, keeps its mode, and a timestamped backup of the original", async () => {
    const conf = path.join(dir, "neo4j.conf");
    const fragment = path.join(dir, "neo4j-security.conf");
    fs.writeFileSync(conf, STOCK, { mode: 0o640 });
    fs.chmodSync(conf, 0o440);
    fs.writeFileSync(fragment, FRAGMENT);
    const result = await runAuraSecure(["conf", "merge", "--conf", conf, "--fragment", fragment]);
    expect(result).toMatchObject({ code: 0, stderr: "" });
    expect(result.stdout).toContain(`merged ${fragment} into ${conf} (mode 0440 kept)\nreplaced in place: server.default_listen_address, server.bolt.enabled\nappended: server.bolt.tls_level, dbms.ssl.policy.bolt.enabled\n`);
    expect(fs.readFileSync(conf, "utf8")).toBe(mergeConf(STOCK, FRAGMENT).text);
    const stat = fs.statSync(conf);
    expect(stat.mode & 0o7777).toBe(0o440);

    const backups = fs.readdirSync(dir).filter((name) => name.startsWith("neo4j.conf.bak-"));
    expect(backups).toHaveLength(1);
    expect(backups[0]).toMatch(/^neo4j\.conf\.bak-\d{4}-\d\d-\d\dT\d\d-\d\d-\d\dZ$/);
    const backup = path.join(dir, backups[0]!);
    expect(fs.readFileSync(backup, "utf8")).toBe(STOCK);
    expect(fs.statSync(backup).mode & 0o7777).toBe(0o440);
    expect(result.stdout).toContain(`backup: ${backup}\n`);
    // no temp file left behind
    expect(fs.readdirSync(dir).sort()).toEqual([...backups, "neo4j-security.conf", "neo4j.conf"].sort());

    // a second merge changes nothing and keeps no second backup
    const again = await runAuraSecure(["conf", "merge", "--conf", conf, "--fragment", fragment]);
    expect(again.stdout).toBe(`${conf} already holds every setting of ${fragment}; nothing written\n`);
    expect(fs.readdirSync(dir).filter((name) => name.startsWith("neo4j.conf.bak-"))).toHaveLength(1);
  });

  testUnless(rootReason(), "as root, the merged file and its backup keep the Neo4j user's owner (chown needs root)", async () => {
    const own = fs.mkdtempSync(path.join(dir, "owned-"));
    const conf = path.join(own, "neo4j.conf");
    const fragment = path.join(own, "neo4j-security.conf");
    fs.writeFileSync(conf, STOCK, { mode: 0o640 });
    fs.writeFileSync(fragment, FRAGMENT);
    fs.chownSync(conf, 54321, 54322); // the Neo4j user's file, merged by root
    expect((await runAuraSecure(["conf", "merge", "--conf", conf, "--fragment", fragment])).code).toBe(0);
    const backups = fs.readdirSync(own).filter((name) => name.startsWith("neo4j.conf.bak-"));
    expect(backups).toHaveLength(1);
    for (const file of [conf, path.join(own, backups[0]!)]) expect([file, fs.statSync(file).uid, fs.statSync(file).gid]).toEqual([file, 54321, 54322]);
  });

  test("a linked neo4j.conf is merged where it lives and stays a link", async () => {
    const real = path.join(dir, "etc", "neo4j.conf");
    fs.mkdirSync(path.dirname(real));
    fs.writeFileSync(real, STOCK, { mode: 0o640 });
    const link = path.join(dir, "neo4j.conf");
    fs.symlinkSync(real, link);
    fs.writeFileSync(path.join(dir, "f.conf"), FRAGMENT);
    const result = await runAuraSecure(["conf", "merge", "--conf", link, "--fragment", path.join(dir, "f.conf")]);
    expect(result.code).toBe(0);
    expect(fs.lstatSync(link).isSymbolicLink()).toBe(true);
    expect(fs.readFileSync(real, "utf8")).toBe(mergeConf(STOCK, FRAGMENT).text);
    expect(fs.readdirSync(path.dirname(real)).filter((name) => name.startsWith("neo4j.conf.bak-"))).toHaveLength(1);
  });

  testUnless(rootReason(), "conf render as root (chown needs root): --owner hands the fragment and script over; without it, the output says how", async () => {
    const owned = await runAuraSecure(["conf", "render", "--out", dir, "--keystore", "/secure/ks.p12", "--key-name", "k", "--owner", "54321:54322"]);
    expect(owned.code).toBe(0);
    for (const name of ["neo4j-security.conf", "keystore-password.sh"]) expect([fs.statSync(path.join(dir, name)).uid, fs.statSync(path.join(dir, name)).gid]).toEqual([54321, 54322]);
    expect(owned.stdout).toContain(`owner: ${path.join(dir, "neo4j-security.conf")}, ${path.join(dir, "keystore-password.sh")} now belong to 54321:54322`);
    expect(owned.stdout).toContain("do not append the fragment to neo4j.conf (Neo4j 5 refuses a setting declared twice); replace the lines: aura-secure conf merge");
    const hint = await runAuraSecure(["conf", "render", "--out", dir, "--force"]);
    expect(hint.stdout).toContain(`running as root: the files belong to root; hand them to the user running Neo4j: chown neo4j:neo4j ${path.join(dir, "neo4j-security.conf")} (or pass --owner neo4j:neo4j)\n`);
  });

  test("--dry-run writes nothing", async () => {
    const conf = path.join(dir, "neo4j.conf");
    fs.writeFileSync(conf, STOCK, { mode: 0o640 });
    fs.writeFileSync(path.join(dir, "f.conf"), FRAGMENT);
    const result = await runAuraSecure(["conf", "merge", "--conf", conf, "--fragment", path.join(dir, "f.conf"), "--dry-run"]);
    expect(result.stdout).toContain("dry run, nothing written\nreplaced in place: server.default_listen_address, server.bolt.enabled\n");
    expect(fs.readFileSync(conf, "utf8")).toBe(STOCK);
    expect(fs.readdirSync(dir).sort()).toEqual(["f.conf", "neo4j.conf"]);
  });

  test.each([
    ["a missing conf", (d: string) => ["--conf", path.join(d, "nope.conf"), "--fragment", path.join(d, "f.conf")], (d: string) => `error: --conf ${path.join(d, "nope.conf")} does not exist; expected Neo4j's neo4j.conf\n`],
    ["a fragment with a repeated key", (d: string) => (fs.writeFileSync(path.join(d, "bad.conf"), "a=1\na=2\n"), ["--conf", path.join(d, "neo4j.conf"), "--fragment", path.join(d, "bad.conf")]), () => "error: --fragment sets a key more than once: a (lines 1, 2); Neo4j 5 refuses duplicate settings, so fix the fragment first\n"],
    ["an unknown owner", (d: string) => ["--conf", path.join(d, "neo4j.conf"), "--fragment", path.join(d, "f.conf"), "--owner", "no-such-user-aura"], () => 'error: --owner "no-such-user-aura": user no-such-user-aura does not exist on this machine\n'],
  ])("refuses %s and changes nothing", async (_name, args, message) => {
    fs.writeFileSync(path.join(dir, "neo4j.conf"), STOCK, { mode: 0o640 });
    fs.writeFileSync(path.join(dir, "f.conf"), FRAGMENT);
    const result = await runAuraSecure(["conf", "merge", ...args(dir)]);
    expect(result).toMatchObject({ code: 1, stderr: message(dir) });
    expect(fs.readFileSync(path.join(dir, "neo4j.conf"), "utf8")).toBe(STOCK);
    expect(fs.readdirSync(dir).filter((name) => name.includes(".bak-"))).toEqual([]);
  });
});
