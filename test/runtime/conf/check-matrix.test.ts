import { spawnSync } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { checkConfFolder, ConfFolderFacts, KeystoreFacts } from "../../../runtime/conf/check";
import { CheckReport } from "../../../runtime/conf/check";
import { buildSecretKeyPkcs12 } from "../../../runtime/keystore/pkcs12-secret-key";
import { describeUnless, missingToolsReason, rootReason, run } from "../../support/real-tools";
import { runAuraSecure } from "../../support/run-cli";
import { TEST_SECRETS } from "../../support/test-secrets";

const good: ConfFolderFacts = {
  conf: { path: "/c/neo4j.conf", exists: true, isFile: true, mode: 0o640, uid: 1000, gid: 1000, readable: true, duplicates: [] },
  adminConf: { path: "/c/neo4j-admin.conf", exists: false },
  user: { uid: 1000, gids: [1000] },
  commands: [],
};
const keystore: KeystoreFacts = {
  confPath: "/c/neo4j.conf",
  setting: "dbms.security.keystore.path",
  file: { path: "/k/ks.p12", exists: true, isFile: true, mode: 0o600, uid: 1000, gid: 1000, readable: true },
  keyName: "aliaskey",
  listing: { entries: [{ alias: "aliaskey", type: "secret key" }] },
  opened: { entries: [{ alias: "aliaskey", type: "secret key", algorithm: "AES", keySizeBits: 256 }] },
  passwordInClear: false,
};

describe("conf check rules: readability, duplicates, keystore", () => {
  test("a readable conf and a good keystore pass", () => expect(checkConfFolder({ ...good, keystore }).problems).toEqual([]));

  test.each<[string, Partial<ConfFolderFacts>, string]>([
    ["an unreadable neo4j.conf", { conf: { ...good.conf, readable: false } }, "/c/neo4j.conf: cannot be read by this user (uid 1000): permission denied; the user running Neo4j must own it or be in its group, and the mode be at most 0640 (owner read/write, group read, others nothing): chown neo4j:neo4j /c/neo4j.conf && chmod 640 /c/neo4j.conf (run the check as the Neo4j user)"],
    ["a duplicate setting", { conf: { ...good.conf, duplicates: [{ key: "server.bolt.enabled", lines: [4, 40] }] } }, "/c/neo4j.conf: server.bolt.enabled is set 2 times (lines 4, 40); Neo4j 5 validates strictly and refuses to start on a duplicate setting: keep one line (aura-secure conf merge replaces lines instead of appending)"],
    ["a duplicate in neo4j-admin.conf", { adminConf: { path: "/c/neo4j-admin.conf", exists: true, isFile: true, mode: 0o640, uid: 1000, gid: 1000, duplicates: [{ key: "a", lines: [1, 2, 3] }] } }, "/c/neo4j-admin.conf: a is set 3 times (lines 1, 2, 3); Neo4j 5 validates strictly and refuses to start on a duplicate setting: keep one line (aura-secure conf merge replaces lines instead of appending)"],
    ["a missing keystore", { keystore: { ...keystore, file: { path: "/k/ks.p12", exists: false } } }, "/c/neo4j.conf: dbms.security.keystore.path=/k/ks.p12: keystore not found"],
    ["a keystore path that is a folder", { keystore: { ...keystore, file: { ...keystore.file, isFile: false } } }, "/c/neo4j.conf: dbms.security.keystore.path=/k/ks.p12: the keystore is not a regular file"],
    ["an unreadable keystore", { keystore: { ...keystore, file: { ...keystore.file, readable: false } } }, "/c/neo4j.conf: dbms.security.keystore.path=/k/ks.p12: the keystore cannot be read by this user (uid 1000): permission denied; the Neo4j user must own it (mode 0600) or be in its group (mode 0640): chown neo4j:neo4j /k/ks.p12 && chmod 600 /k/ks.p12"],
    ["a keystore others can read", { keystore: { ...keystore, file: { ...keystore.file, mode: 0o644 } } }, "/c/neo4j.conf: dbms.security.keystore.path=/k/ks.p12: the keystore has mode 0644, open to every user of the machine; it protects every stored alias credential: chmod o-rwx /k/ks.p12"],
    ["a relative keystore path", { keystore: { ...keystore, file: { ...keystore.file, path: "ks.p12" } } }, "/c/neo4j.conf: dbms.security.keystore.path=ks.p12: the keystore path must be absolute (Neo4j documents dbms.security.keystore.path as an absolute path)"],
    ["no key name", { keystore: { ...keystore, keyName: undefined } }, "/c/neo4j.conf: dbms.security.keystore.path=/k/ks.p12: dbms.security.key.name is not set; name the AES key's alias in the keystore"],
    ["a key name the keystore lacks", { keystore: { ...keystore, keyName: "other" } }, '/c/neo4j.conf: dbms.security.keystore.path=/k/ks.p12: no entry named "other" (dbms.security.key.name); the keystore holds: aliaskey'],
    ["a key name on a private key", { keystore: { ...keystore, listing: { entries: [{ alias: "aliaskey", type: "private key" }] }, opened: { entries: [] } } }, '/c/neo4j.conf: dbms.security.keystore.path=/k/ks.p12: "aliaskey" is a private key, not a secret key; Neo4j needs an AES-256 secret key (aura-secure keystore create)'],
    ["an AES-128 key", { keystore: { ...keystore, opened: { entries: [{ alias: "aliaskey", type: "secret key", algorithm: "AES", keySizeBits: 128 }] } } }, '/c/neo4j.conf: dbms.security.keystore.path=/k/ks.p12: "aliaskey" is a AES key of 128 bits; Neo4j encrypts alias credentials with AES/GCM and needs a 256-bit AES key (aura-secure keystore create --key-size 256)'],
    ["a password that does not open it", { keystore: { ...keystore, opened: { error: "the output of the password setting does not open the keystore (keystore password is wrong, or the keystore is corrupted (MAC check failed))" } } }, "/c/neo4j.conf: dbms.security.keystore.path=/k/ks.p12: the output of the password setting does not open the keystore (keystore password is wrong, or the keystore is corrupted (MAC check failed))"],
    ["a missing policy key", { policies: [{ confPath: "/c/neo4j.conf", scope: "bolt", privateKey: { path: "/h/certificates/bolt/private.key", exists: false }, certificate: { path: "/h/certificates/bolt/public.crt", exists: true, isFile: true, mode: 0o644, readable: true } }] }, "/c/neo4j.conf: dbms.ssl.policy.bolt: private key /h/certificates/bolt/private.key not found; Neo4j will not start with this policy enabled"],
    ["an unreadable policy key", { policies: [{ confPath: "/c/neo4j.conf", scope: "bolt", privateKey: { path: "/k", exists: true, isFile: true, readable: false }, certificate: { path: "/c", exists: true, isFile: true, mode: 0o644, readable: true } }] }, "/c/neo4j.conf: dbms.ssl.policy.bolt: private key /k cannot be read by this user (uid 1000): permission denied (through a link, the file it points to and every folder on the way count); give the Neo4j user or its group read access"],
    ["a policy key others can read", { policies: [{ confPath: "/c/neo4j.conf", scope: "https", privateKey: { path: "/k", exists: true, isFile: true, mode: 0o644, readable: true }, certificate: { path: "/c", exists: true, isFile: true, mode: 0o644, readable: true } }] }, "/c/neo4j.conf: dbms.ssl.policy.https: private key /k has mode 0644, readable by every user of the machine: chmod o-rwx /k"],
    ["a script folder others can write", { commands: [{ confPath: "/c/neo4j.conf", setting: "x", command: "/t/pw.sh", program: "/t/pw.sh", resolved: "/t/pw.sh", isFile: true, executableByUser: true, mode: 0o700, folder: { path: "/t", mode: 0o1777 } }] }, "/c/neo4j.conf: x=$(/t/pw.sh): its folder /t has mode 0777, writable by others, who could replace the script Neo4j runs: chmod o-w /t"],
  ])("reports %s", (_name, change, message) => {
    const report = checkConfFolder({ ...good, keystore, ...change });
    expect(report.problems).toEqual([message]);
  });

  test("without --run-password-script the key size is a note, not a silent pass", () => {
    const report = checkConfFolder({ ...good, keystore: { ...keystore, opened: undefined } });
    expect(report.problems).toEqual([]);
    expect(report.notes).toContain("/c/neo4j.conf: dbms.security.keystore.path=/k/ks.p12: the key's size and the password were not checked (they need the password): pass --run-password-script to run the password command and open the keystore with its output");
  });
});

describe("conf check --run-password-script (CLI, as the current user)", () => {
  let home: string;
  beforeAll(() => {
    home = fs.mkdtempSync(path.join(os.tmpdir(), "aura-check-flag-"));
    fs.mkdirSync(path.join(home, "conf"));
    fs.mkdirSync(path.join(home, "data"));
    fs.writeFileSync(path.join(home, "data", "ks.p12"), buildSecretKeyPkcs12({ alias: "aliaskey", key: Buffer.alloc(32, 1), password: "flag-pass-123" }), { mode: 0o600 });
    fs.writeFileSync(path.join(home, "conf", "pw.sh"), '#!/bin/sh\nprintf \'%s\\n\' "$KEYSTORE_PASSWORD"\n', { mode: 0o700 });
    fs.writeFileSync(path.join(home, "conf", "neo4j.conf"), `dbms.security.keystore.path=${path.join(home, "data", "ks.p12")}\ndbms.security.keystore.password=$(conf/pw.sh)\ndbms.security.key.name=aliaskey\n`, { mode: 0o600 });
  });
  afterAll(() => fs.rmSync(home, { recursive: true, force: true }));

  test("without the flag the script is not run and the key size is a note; with it, the keystore is opened", async () => {
    const without = await runAuraSecure(["conf", "check", path.join(home, "conf")], { KEYSTORE_PASSWORD: "wrong-and-unused" });
    expect(without.code).toBe(0);
    expect(without.stdout).toContain("the key's size and the password were not checked (they need the password): pass --run-password-script");
    const withFlag = await runAuraSecure(["conf", "check", path.join(home, "conf"), "--run-password-script"], { KEYSTORE_PASSWORD: "flag-pass-123" });
    expect(withFlag).toMatchObject({ code: 0, stderr: "" });
    expect(withFlag.stdout).not.toContain("not checked");
    expect(withFlag.stdout).toContain(`ok: ${path.join(home, "conf")} passes`);
    const wrong = await runAuraSecure(["conf", "check", path.join(home, "conf"), "--run-password-script"], { KEYSTORE_PASSWORD: "wrong-password-9" });
    expect(wrong.code).toBe(1);
    expect(wrong.stdout).toContain("the output of the password setting does not open the keystore (keystore password is wrong");
    expect(wrong.stdout + wrong.stderr).not.toContain("wrong-password-9");
  });
});

/*
 * The matrix on real files, checked as an unprivileged user: root builds the folders, then one process runs
 * `conf check` for every case under setpriv with uid/gid 54321 (no such user needed, nothing to clean up).
 */
const TEST_UID = 54321;
const PASSWORD = TEST_SECRETS.confMatrixPassword;
const WORKTREE = path.resolve(__dirname, "../../..");

interface Case {
  name: string;
  /** Changes the good home before the check. */
  setup: (home: string) => void;
  problems: (home: string) => string[];
}

const conf = (home: string) => path.join(home, "conf", "neo4j.conf");
const ks = (home: string) => path.join(home, "data", "ks.p12");
const where = (home: string) => `${conf(home)}: dbms.security.keystore.path=${ks(home)}`;

const cases: Case[] = [
  { name: "good", setup: () => undefined, problems: () => [] },
  { name: "group-only", setup: (h) => (fs.chownSync(conf(h), 0, TEST_UID), fs.chmodSync(conf(h), 0o640)), problems: () => [] },
  {
    name: "conf-root-0600",
    setup: (h) => fs.chownSync(conf(h), 0, 0),
    problems: (h) => [
      `${conf(h)}: cannot be read by this user (uid ${TEST_UID}): permission denied; the user running Neo4j must own it or be in its group, and the mode be at most 0640 (owner read/write, group read, others nothing): chown neo4j:neo4j ${conf(h)} && chmod 640 ${conf(h)} (run the check as the Neo4j user)`,
      `${conf(h)}: owned by uid 0 and gid 0; the user running Neo4j (uid ${TEST_UID}, groups ${TEST_UID}) must own it or be in its group`,
    ],
  },
  {
    name: "conf-folder-0700-root",
    setup: (h) => (fs.chownSync(path.join(h, "conf"), 0, 0), fs.chmodSync(path.join(h, "conf"), 0o700)),
    problems: (h) => [
      `${conf(h)}: cannot be read by this user (uid ${TEST_UID}): permission denied; the user running Neo4j must own it or be in its group, and the mode be at most 0640 (owner read/write, group read, others nothing): chown neo4j:neo4j ${conf(h)} && chmod 640 ${conf(h)} (run the check as the Neo4j user)`,
    ],
  },
  { name: "conf-0644", setup: (h) => fs.chmodSync(conf(h), 0o644), problems: (h) => [`${conf(h)}: mode 0644 is too open; command expansion needs at most 0640 (owner read/write, group read, others nothing): chmod 640 ${conf(h)}`] },
  {
    name: "duplicate",
    setup: (h) => fs.appendFileSync(conf(h), "server.bolt.enabled=true\n"),
    problems: (h) => [`${conf(h)}: server.bolt.enabled is set 2 times (lines 4, 5); Neo4j 5 validates strictly and refuses to start on a duplicate setting: keep one line (aura-secure conf merge replaces lines instead of appending)`],
  },
  {
    name: "keystore-root-0600",
    setup: (h) => fs.chownSync(ks(h), 0, 0),
    problems: (h) => [`${where(h)}: the keystore cannot be read by this user (uid ${TEST_UID}): permission denied; the Neo4j user must own it (mode 0600) or be in its group (mode 0640): chown neo4j:neo4j ${ks(h)} && chmod 600 ${ks(h)}`],
  },
  { name: "keystore-0644", setup: (h) => fs.chmodSync(ks(h), 0o644), problems: (h) => [`${where(h)}: the keystore has mode 0644, open to every user of the machine; it protects every stored alias credential: chmod o-rwx ${ks(h)}`] },
  {
    name: "wrong-alias",
    setup: (h) => fs.writeFileSync(conf(h), fs.readFileSync(conf(h), "utf8").replace("key.name=aliaskey", "key.name=otherkey")),
    problems: (h) => [`${where(h)}: no entry named "otherkey" (dbms.security.key.name); the keystore holds: aliaskey`],
  },
  {
    name: "wrong-password",
    setup: (h) => fs.writeFileSync(path.join(h, "conf", "pw.sh"), "#!/bin/sh\necho not-the-password\n"),
    problems: (h) => [`${where(h)}: the output of the password setting does not open the keystore (keystore password is wrong, or the keystore is corrupted (MAC check failed))`],
  },
  {
    name: "script-fails",
    setup: (h) => fs.writeFileSync(path.join(h, "conf", "pw.sh"), "#!/bin/sh\necho 'vault unreachable' >&2\nexit 3\n"),
    problems: (h) => [`${where(h)}: $(conf/pw.sh) exited with 3: vault unreachable; Neo4j would not start`],
  },
  {
    name: "script-folder-0777",
    setup: (h) => fs.chmodSync(path.join(h, "conf"), 0o777),
    problems: (h) => [
      `${conf(h)}: dbms.security.keystore.password=$(conf/pw.sh): its folder ${path.join(h, "conf")} has mode 0777, writable by others, who could replace the script Neo4j runs: chmod o-w ${path.join(h, "conf")}`,
      `${where(h)}: the password command was not run: the program has the problem(s) listed for dbms.security.keystore.password, and conf check never runs a program it flags; the key's size and the password were not checked`,
    ],
  },
  { name: "policy-ok", setup: (h) => addPolicy(h, TEST_UID, 0o600), problems: () => [] },
  {
    name: "policy-key-root-0600",
    setup: (h) => addPolicy(h, 0, 0o600),
    problems: (h) => [`${conf(h)}: dbms.ssl.policy.bolt: private key ${path.join(h, "certificates", "bolt", "private.key")} (-> ${path.join(h, "live", "privkey.pem")}) cannot be read by this user (uid ${TEST_UID}): permission denied (through a link, the file it points to and every folder on the way count); give the Neo4j user or its group read access`],
  },
  {
    name: "policy-key-0644",
    setup: (h) => addPolicy(h, TEST_UID, 0o644),
    problems: (h) => [`${conf(h)}: dbms.ssl.policy.bolt: private key ${path.join(h, "certificates", "bolt", "private.key")} (-> ${path.join(h, "live", "privkey.pem")}) has mode 0644, readable by every user of the machine: chmod o-rwx ${path.join(h, "live", "privkey.pem")}`],
  },
  {
    name: "aes-128-keytool",
    setup: (h) => {
      fs.rmSync(ks(h));
      const made = run("keytool", ["-genseckey", "-keyalg", "aes", "-keysize", "128", "-storetype", "pkcs12", "-keystore", ks(h), "-alias", "aliaskey", "-storepass", PASSWORD]);
      expect(made.status).toBe(0);
      fs.chownSync(ks(h), TEST_UID, TEST_UID);
      fs.chmodSync(ks(h), 0o600);
    },
    problems: (h) => [`${where(h)}: "aliaskey" is a AES key of 128 bits; Neo4j encrypts alias credentials with AES/GCM and needs a 256-bit AES key (aura-secure keystore create --key-size 256)`],
  },
];

/** An enabled bolt policy whose private.key links to a key elsewhere (as with certbot), owned by `uid`. */
function addPolicy(home: string, uid: number, keyMode: number): void {
  const folder = path.join(home, "certificates", "bolt");
  fs.mkdirSync(folder, { recursive: true });
  fs.mkdirSync(path.join(home, "live"), { mode: 0o755 });
  const key = path.join(home, "live", "privkey.pem");
  fs.writeFileSync(key, "-----BEGIN PRIVATE KEY-----\n", { mode: keyMode });
  fs.chmodSync(key, keyMode);
  fs.chownSync(key, uid, uid);
  fs.symlinkSync(key, path.join(folder, "private.key"));
  fs.writeFileSync(path.join(folder, "public.crt"), "-----BEGIN CERTIFICATE-----\n", { mode: 0o644 });
  fs.appendFileSync(conf(home), "dbms.ssl.policy.bolt.enabled=true\ndbms.ssl.policy.bolt.base_directory=certificates/bolt\n");
}

function buildHome(root: string, name: string): string {
  const home = path.join(root, name);
  for (const dir of [home, path.join(home, "conf"), path.join(home, "data")]) {
    fs.mkdirSync(dir, { mode: 0o750 });
    fs.chmodSync(dir, 0o750);
    fs.chownSync(dir, TEST_UID, TEST_UID);
  }
  fs.writeFileSync(ks(home), buildSecretKeyPkcs12({ alias: "aliaskey", key: Buffer.alloc(32, 7), password: PASSWORD }), { mode: 0o600 });
  fs.writeFileSync(path.join(home, "conf", "pw.sh"), '#!/bin/sh\nprintf \'%s\\n\' "$KEYSTORE_PASSWORD"\n', { mode: 0o700 });
  fs.writeFileSync(conf(home), `dbms.security.keystore.path=${ks(home)}\ndbms.security.keystore.password=$(conf/pw.sh)\ndbms.security.key.name=aliaskey\nserver.bolt.enabled=true\n`, { mode: 0o600 });
  for (const file of [ks(home), path.join(home, "conf", "pw.sh"), conf(home)]) fs.chownSync(file, TEST_UID, TEST_UID);
  return home;
}

describeUnless(rootReason(true) ?? missingToolsReason(["keytool"]), `conf check as uid ${TEST_UID} (setpriv; needs root and keytool)`, () => {
  let root: string;
  let reports: Record<string, CheckReport>;
  const tsxCache = path.join(os.tmpdir(), `tsx-${TEST_UID}`);
  const hadTsxCache = fs.existsSync(tsxCache);

  beforeAll(() => {
    root = fs.mkdtempSync(path.join(os.tmpdir(), "aura-check-matrix-"));
    fs.chmodSync(root, 0o755);
    for (const c of cases) c.setup(buildHome(root, c.name));
    // One process for the whole matrix: a node start with tsx is seconds on a loaded machine.
    const driver = `require("tsx/cjs"); const { checkConfDir } = require(${JSON.stringify(path.join(WORKTREE, "runtime/conf/check-fs.ts"))});
      const out = {}; for (const name of JSON.parse(process.argv[1])) out[name] = checkConfDir(${JSON.stringify(root)} + "/" + name + "/conf", { runPasswordScript: true });
      process.stdout.write(JSON.stringify(out));`;
    const result = spawnSync("setpriv", ["--reuid", String(TEST_UID), "--regid", String(TEST_UID), "--clear-groups", process.execPath, "-e", driver, JSON.stringify(cases.map((c) => c.name))], {
      cwd: WORKTREE, encoding: "utf8", env: { ...process.env, KEYSTORE_PASSWORD: PASSWORD },
    });
    expect(result.stderr).toBe("");
    reports = JSON.parse(result.stdout) as Record<string, CheckReport>;
  });
  afterAll(() => {
    if (root) fs.rmSync(root, { recursive: true, force: true });
    if (!hadTsxCache) fs.rmSync(tsxCache, { recursive: true, force: true });
  });

  test.each(cases.map((c) => [c.name, c] as const))("%s", (name, c) => {
    expect(reports[name]!.problems).toEqual(c.problems(path.join(root, name)));
  });

  test("the CLI run as that user on an unreadable neo4j.conf prints problems, exit 1, no stack trace", () => {
    const home = path.join(root, "conf-root-0600");
    const result = spawnSync("setpriv", ["--reuid", String(TEST_UID), "--regid", String(TEST_UID), "--clear-groups", process.execPath, path.join(WORKTREE, "bin/aura-secure.js"), "conf", "check", path.join(home, "conf")], { encoding: "utf8" });
    expect(result.status).toBe(1);
    expect(result.stderr).toBe("");
    expect(result.stdout).toContain(`problem: ${conf(home)}: cannot be read by this user (uid ${TEST_UID}): permission denied;`);
    expect(result.stdout).toContain("2 problem(s) found\n");
    expect(result.stdout).not.toMatch(/\n\s+at /);
  });
});
