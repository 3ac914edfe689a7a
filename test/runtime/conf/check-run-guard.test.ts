import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { checkConfDir } from "../../../runtime/conf/check-fs";
import { commandProblems, passwordRunDecision, type CommandFacts, type ConfFolderFacts } from "../../../runtime/conf/check";
import { buildSecretKeyPkcs12 } from "../../../runtime/keystore/pkcs12-secret-key";
import { runAuraSecure } from "../../support/run-cli";
import { secretChannel } from "../../support/secret-sweep";
import { TEST_SECRETS } from "../../support/test-secrets";

/**
 * Issue 20, case 5: `conf check --run-password-script` never runs a program it flags, nor one owned by a
 * user other than the conf's owner or root; it runs the password command by its checked path, without a
 * shell, with a minimal environment and a deadline, and says when and why it did not run it. Real files:
 * every script writes a marker when it runs, so "not run" is seen on disk, not taken on trust.
 */
const PASSWORD = TEST_SECRETS.confMatrixPassword;
const NOBODY = 65534;
const isRoot = process.getuid?.() === 0;

let root: string;
beforeAll(() => {
  root = fs.mkdtempSync(path.join(os.tmpdir(), "aura-run-guard-"));
  fs.chmodSync(root, 0o755);
});
afterAll(() => fs.rmSync(root, { recursive: true, force: true }));

let counter = 0;
/** A NEO4J_HOME with a keystore, neo4j.conf (owned by this user) and a password script that leaves a marker when run. */
function home(command = "conf/pw.sh", script = '#!/bin/sh\ntouch "$MARKER_DIR/ran"\nprintf \'%s\\n\' "$KEYSTORE_PASSWORD"\n'): { home: string; conf: string; script: string; marker: string } {
  const h = path.join(root, `home-${++counter}`);
  fs.mkdirSync(path.join(h, "conf"), { recursive: true, mode: 0o750 });
  fs.mkdirSync(path.join(h, "data"), { mode: 0o750 });
  fs.mkdirSync(path.join(h, "marker"), { mode: 0o777 });
  fs.chmodSync(path.join(h, "marker"), 0o777);
  const ks = path.join(h, "data", "ks.p12");
  fs.writeFileSync(ks, buildSecretKeyPkcs12({ alias: "aliaskey", key: Buffer.alloc(32, 3), password: PASSWORD }), { mode: 0o600 });
  // The marker folder is written into the script: the minimal environment does not carry MARKER_DIR.
  const file = path.join(h, "conf", "pw.sh");
  fs.writeFileSync(file, script.replaceAll("$MARKER_DIR", path.join(h, "marker")), { mode: 0o700 });
  const conf = path.join(h, "conf", "neo4j.conf");
  // The script prints the keystore password to conf check, which reads it and never shows it.
  secretChannel(file);
  fs.writeFileSync(conf, `dbms.security.keystore.path=${ks}\ndbms.security.keystore.password=$(${command})\ndbms.security.key.name=aliaskey\n`, { mode: 0o600 });
  return { home: h, conf, script: file, marker: path.join(h, "marker", "ran") };
}

const check = (h: string, extra: Record<string, unknown> = {}) =>
  withEnv({ KEYSTORE_PASSWORD: PASSWORD, AURA_GUARD_SENTINEL: "must-not-reach-the-script" }, () => checkConfDir(path.join(h, "conf"), { runPasswordScript: true, ...extra }));

function withEnv<T>(vars: Record<string, string>, fn: () => T): T {
  const saved = Object.fromEntries(Object.keys(vars).map((k) => [k, process.env[k]]));
  Object.assign(process.env, vars);
  try {
    return fn();
  } finally {
    for (const [k, v] of Object.entries(saved)) {
      if (v === undefined) delete process.env[k];
      else process.env[k] = v;
    }
  }
}

describe("a good program runs, by its checked path, with a minimal environment", () => {
  test("the keystore opens; the script saw only PATH, LANG, LC_ALL, KEYSTORE_PASSWORD (and the PWD sh sets)", () => {
    const h = home("conf/pw.sh", '#!/bin/sh\nenv > "$MARKER_DIR/env"\ntouch "$MARKER_DIR/ran"\nprintf \'%s\\n\' "$KEYSTORE_PASSWORD"\n');
    const report = check(h.home);
    expect(report.problems).toEqual([]);
    expect(fs.existsSync(h.marker)).toBe(true);
    const names = fs.readFileSync(path.join(h.home, "marker", "env"), "utf8").trim().split("\n").map((l) => l.split("=")[0]).sort();
    expect(names).toEqual(["KEYSTORE_PASSWORD", "LANG", "LC_ALL", "PATH", "PWD"]);
    expect(report.notes).toContain(`${h.conf}: dbms.security.keystore.path=${path.join(h.home, "data", "ks.p12")}: ran ${h.script} (no shell) with only PATH, LANG, LC_ALL, KEYSTORE_PASSWORD in its environment, timeout 10 s`);
  });

  test("--pass-env names what the script may see instead", async () => {
    const h = home("conf/pw.sh", '#!/bin/sh\ntouch "$MARKER_DIR/ran"\nprintf \'%s\\n\' "$VAULT_PW"\n');
    const r = await runAuraSecure(["conf", "check", path.join(h.home, "conf"), "--run-password-script", "--pass-env", "VAULT_PW"], { VAULT_PW: PASSWORD, KEYSTORE_PASSWORD: "not-passed-on" });
    expect(r.stdout).toContain(`ok: ${path.join(h.home, "conf")} passes`);
    expect(r.stdout).toContain("with only PATH, LANG, LC_ALL, VAULT_PW in its environment");
  });

  test("a script that hangs is killed at the deadline and reported", () => {
    const h = home("conf/pw.sh", '#!/bin/sh\ntouch "$MARKER_DIR/ran"\nexec sleep 60\n');
    const report = check(h.home, { passwordTimeoutMs: 500 });
    expect(report.problems).toEqual([`${h.conf}: dbms.security.keystore.path=${path.join(h.home, "data", "ks.p12")}: $(conf/pw.sh) did not finish within 0.5 s and was killed; Neo4j expects it to exit with 0 within a reasonable time`]);
  });
});

describe("a flagged program is never run, and the output says so and why", () => {
  const notRun = (h: { home: string; conf: string }) =>
    `${h.conf}: dbms.security.keystore.path=${path.join(h.home, "data", "ks.p12")}: the password command was not run: the program has the problem(s) listed for dbms.security.keystore.password, and conf check never runs a program it flags; the key's size and the password were not checked`;

  test("writable by others", () => {
    const h = home();
    fs.chmodSync(h.script, 0o777);
    const report = check(h.home);
    expect(report.problems).toEqual([`${h.conf}: dbms.security.keystore.password=$(conf/pw.sh): ${h.script} has mode 0777, writable by group or others, who could change what Neo4j runs: chmod go-w ${h.script}`, notRun(h)]);
    expect(fs.existsSync(h.marker)).toBe(false);
  });

  test("in a folder others can write (issue 20, case 5: it used to be reported, then run anyway)", () => {
    const h = home();
    fs.chmodSync(path.join(h.home, "conf"), 0o777);
    const report = check(h.home);
    expect(report.problems).toEqual([
      `${h.conf}: dbms.security.keystore.password=$(conf/pw.sh): its folder ${path.join(h.home, "conf")} has mode 0777, writable by others, who could replace the script Neo4j runs: chmod o-w ${path.join(h.home, "conf")}`,
      notRun(h),
    ]);
    expect(fs.existsSync(h.marker)).toBe(false);
  });

  (isRoot ? test : test.skip)("owned by another user than the conf's owner or root (needs root to chown)", () => {
    const h = home();
    fs.chmodSync(h.script, 0o755);
    fs.chownSync(h.script, NOBODY, NOBODY);
    const report = check(h.home);
    expect(report.problems).toEqual([
      `${h.conf}: dbms.security.keystore.password=$(conf/pw.sh): ${h.script} belongs to uid ${NOBODY}, neither root, the owner of neo4j.conf (uid 0) nor the user running the check (uid 0): that user can change what Neo4j runs; chown it to the owner of neo4j.conf or root`,
      notRun(h),
    ]);
    expect(fs.existsSync(h.marker)).toBe(false);
  });

  (isRoot ? test : test.skip)("reached through a link into a folder another user owns (needs root to chown)", () => {
    const h = home();
    const theirs = path.join(h.home, "theirs");
    fs.mkdirSync(theirs, { mode: 0o755 });
    fs.renameSync(h.script, path.join(theirs, "pw.sh"));
    fs.chownSync(theirs, NOBODY, NOBODY);
    fs.symlinkSync(path.join(theirs, "pw.sh"), h.script);
    const report = check(h.home);
    expect(report.problems).toEqual([
      `${h.conf}: dbms.security.keystore.password=$(conf/pw.sh): its folder ${theirs} belongs to uid ${NOBODY}, neither root, the owner of neo4j.conf (uid 0) nor the user running the check (uid 0): that user can replace the script Neo4j runs`,
      notRun(h),
    ]);
    expect(fs.existsSync(h.marker)).toBe(false);
  });

  test("shell syntax that would run more than the program checked", async () => {
    const h = home(`conf/pw.sh && touch ${path.join(root, "injected")}`);
    const r = await runAuraSecure(["conf", "check", path.join(h.home, "conf"), "--run-password-script"], { KEYSTORE_PASSWORD: PASSWORD });
    expect(r.code).toBe(1);
    expect(r.stdout).toContain(`problem: ${h.conf}: dbms.security.keystore.path=${path.join(h.home, "data", "ks.p12")}: the password command was not run: $(conf/pw.sh && touch ${path.join(root, "injected")}) holds shell syntax`);
    expect(fs.existsSync(h.marker)).toBe(false);
    expect(fs.existsSync(path.join(root, "injected"))).toBe(false);
  });
});

describe("the rules, pure", () => {
  const command = (over: Partial<CommandFacts> = {}): CommandFacts => ({
    confPath: "/c/neo4j.conf",
    setting: "dbms.security.keystore.password",
    command: "/opt/pw.sh --vault prod",
    program: "/opt/pw.sh",
    resolved: "/opt/pw.sh",
    isFile: true,
    executableByUser: true,
    mode: 0o700,
    uid: 1000,
    folder: { path: "/opt", mode: 0o755, uid: 0 },
    ...over,
  });
  const facts = (c: CommandFacts): ConfFolderFacts => ({
    conf: { path: "/c/neo4j.conf", exists: true, isFile: true, mode: 0o600, uid: 1000, gid: 1000, readable: true },
    adminConf: { path: "/c/neo4j-admin.conf", exists: false },
    user: { uid: 1000, gids: [1000] },
    commands: [c],
    keystore: { confPath: "/c/neo4j.conf", setting: "dbms.security.keystore.path", file: { path: "/k", exists: true, isFile: true }, passwordInClear: false },
  });

  test.each<[string, number, Partial<CommandFacts>]>([
    ["owned by the conf's owner", 0, {}],
    ["owned by root", 0, { uid: 0 }],
    ["owned by someone else", 1, { uid: 1001 }],
    ["its folder owned by someone else", 1, { folder: { path: "/opt", mode: 0o755, uid: 1001 } }],
    ["group-writable", 1, { mode: 0o720 }],
    ["not found", 1, { resolved: null }],
  ])("%s: %d problem(s)", (_name, count, over) => {
    expect(commandProblems(command(over), { conf: 1000, user: 1000 })).toHaveLength(count);
  });

  test("a program of the Neo4j user is fine for Neo4j, but a check running as root does not run it", () => {
    const asRoot = { ...facts(command()), user: { uid: 0, gids: [0] } };
    expect(commandProblems(command(), { conf: 1000, user: 0 })).toEqual([]);
    // A root-owned neo4j.conf read by the Neo4j user through its group: the Neo4j user's script is fine and runs.
    expect(commandProblems(command(), { conf: 0, user: 1000 })).toEqual([]);
    expect(passwordRunDecision({ ...facts(command()), conf: { ...facts(command()).conf, uid: 0 } })).toEqual({ run: { program: "/opt/pw.sh", args: ["--vault", "prod"] } });
    expect(passwordRunDecision(asRoot)).toEqual({
      notRun: "/opt/pw.sh or its folder belongs to uid 1000 and this check runs as uid 0; conf check runs only programs of root or of its own user: run it as the Neo4j user (sudo -u <neo4j user> aura-secure conf check ...)",
    });
  });

  test("runs the checked path with plain words as arguments; refuses shell syntax and flagged programs", () => {
    expect(passwordRunDecision(facts(command()))).toEqual({ run: { program: "/opt/pw.sh", args: ["--vault", "prod"] } });
    expect(passwordRunDecision(facts(command({ command: "/opt/pw.sh $(id)" })))).toMatchObject({ notRun: expect.stringContaining("holds shell syntax") });
    expect(passwordRunDecision(facts(command({ command: '"/opt/pw.sh"' })))).toMatchObject({ notRun: expect.stringContaining("holds shell syntax") });
    expect(passwordRunDecision(facts(command({ uid: 1001 })))).toMatchObject({ notRun: expect.stringContaining("never runs a program it flags") });
  });
});
