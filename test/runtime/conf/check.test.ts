import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { checkConfFolder, CommandFacts, ConfFolderFacts, findCommandExpansions, programOf } from "../../../runtime/conf/check";
import { rootReason, testUnless } from "../../support/real-tools";
import { runAuraSecure } from "../../support/run-cli";

describe("findCommandExpansions", () => {
  test("finds whole-value $(...) settings only", () => {
    const text = [
      "# dbms.a=$(commented)",
      "dbms.security.keystore.password=$(conf/password.sh)",
      "  dbms.other = $( /bin/echo  value ) ",
      "dbms.partial=prefix$(not-expanded)",
      "server.bolt.enabled=true",
    ].join("\n");
    expect(findCommandExpansions(text)).toEqual([
      { line: 2, setting: "dbms.security.keystore.password", command: "conf/password.sh" },
      { line: 3, setting: "dbms.other", command: "/bin/echo  value" },
    ]);
  });
  test.each([["conf/pw.sh", "conf/pw.sh"], ["/bin/bash -c 'echo x'", "/bin/bash"], ['"/opt/my dir/pw.sh" arg', "/opt/my dir/pw.sh"]])("programOf(%j) = %j", (cmd, program) =>
    expect(programOf(cmd)).toBe(program),
  );
});

describe("checkConfFolder rules", () => {
  const script: CommandFacts = { confPath: "/c/neo4j.conf", setting: "dbms.x", command: "conf/pw.sh", program: "conf/pw.sh", resolved: "/h/conf/pw.sh", isFile: true, executableByUser: true, mode: 0o700 };
  const good: ConfFolderFacts = {
    conf: { path: "/c/neo4j.conf", exists: true, isFile: true, mode: 0o640, uid: 1000, gid: 1000 },
    adminConf: { path: "/c/neo4j-admin.conf", exists: false },
    user: { uid: 1000, gids: [1000] },
    commands: [script],
  };

  test("a compliant folder has no problems and the --expand-commands reminder", () => {
    const report = checkConfFolder(good);
    expect(report.problems).toEqual([]);
    expect(report.notes).toEqual([expect.stringContaining("start Neo4j with --expand-commands")]);
  });
  test("no reminder without $(...)", () => expect(checkConfFolder({ ...good, commands: [] }).notes).toEqual([]));

  test.each<[string, Partial<ConfFolderFacts>, RegExp]>([
    ["missing neo4j.conf", { conf: { path: "/c/neo4j.conf", exists: false } }, /neo4j.conf not found/],
    ["neo4j.conf 0644", { conf: { ...good.conf, mode: 0o644 } }, /\/c\/neo4j.conf: mode 0644 is too open; command expansion needs at most 0640/],
    ["neo4j.conf 0660", { conf: { ...good.conf, mode: 0o660 } }, /mode 0660 is too open/],
    ["neo4j.conf 0740", { conf: { ...good.conf, mode: 0o740 } }, /mode 0740 is too open/],
    ["neo4j-admin.conf 0644", { adminConf: { path: "/c/neo4j-admin.conf", exists: true, isFile: true, mode: 0o644, uid: 1000, gid: 1000 } }, /neo4j-admin.conf: mode 0644 is too open/],
    ["owned by another user and group", { conf: { ...good.conf, uid: 0, gid: 0 } }, /owned by uid 0 and gid 0; the user running Neo4j \(uid 1000, groups 1000\) must own it or be in its group/],
    ["script missing", { commands: [{ ...script, resolved: null, isFile: false, executableByUser: false }] }, /dbms.x=\$\(conf\/pw.sh\): conf\/pw.sh not found/],
    ["script not executable", { commands: [{ ...script, executableByUser: false, mode: 0o600 }] }, /is not executable by this user: chmod u\+x/],
    ["script writable by others", { commands: [{ ...script, mode: 0o777 }] }, /writable by group or others/],
    ["script is a folder", { commands: [{ ...script, isFile: false }] }, /is not a regular file/],
  ])("reports %s", (_name, change, message) => {
    const report = checkConfFolder({ ...good, ...change });
    expect(report.problems).toHaveLength(1);
    expect(report.problems[0]).toMatch(message);
  });
  test.each([0o640, 0o600, 0o400, 0o440])("accepts mode %o", (mode) => expect(checkConfFolder({ ...good, conf: { ...good.conf, mode } }).problems).toEqual([]));
  test("group membership is enough", () =>
    expect(checkConfFolder({ ...good, conf: { ...good.conf, uid: 0, gid: 50 }, user: { uid: 1000, gids: [1000, 50] } }).problems).toEqual([]),
  );
});

describe("conf check on a real folder", () => {
  let home: string;
  let conf: string;
  beforeEach(() => {
    home = fs.mkdtempSync(path.join(os.tmpdir(), "aura-check-"));
    conf = path.join(home, "conf");
    fs.mkdirSync(conf);
    fs.writeFileSync(path.join(conf, "password.sh"), "#!/bin/sh\necho pw\n", { mode: 0o700 });
    fs.writeFileSync(path.join(conf, "neo4j.conf"), "dbms.security.keystore.password=$(conf/password.sh)\n", { mode: 0o640 });
    fs.chmodSync(path.join(conf, "neo4j.conf"), 0o640);
  });
  afterEach(() => fs.rmSync(home, { recursive: true, force: true }));

  test("passes a compliant folder with the reminder", async () => {
    const result = await runAuraSecure(["conf", "check", conf]);
    expect(result.code).toBe(0);
    expect(result.stdout).toContain("note: 1 setting(s) use $(...): start Neo4j with --expand-commands");
    expect(result.stdout).toContain(`ok: ${conf} passes`);
  });

  test("catches each permission problem and exits 1", async () => {
    fs.chmodSync(path.join(conf, "neo4j.conf"), 0o644);
    fs.writeFileSync(path.join(conf, "neo4j-admin.conf"), "", { mode: 0o666 });
    fs.chmodSync(path.join(conf, "neo4j-admin.conf"), 0o666);
    fs.chmodSync(path.join(conf, "password.sh"), 0o644);
    fs.appendFileSync(path.join(conf, "neo4j.conf"), "dbms.other=$(conf/missing.sh)\n");
    const result = await runAuraSecure(["conf", "check", conf]);
    expect(result.code).toBe(1);
    const problems = result.stdout.split("\n").filter((line) => line.startsWith("problem: "));
    expect(problems).toEqual([
      `problem: ${conf}/neo4j.conf: mode 0644 is too open; command expansion needs at most 0640 (owner read/write, group read, others nothing): chmod 640 ${conf}/neo4j.conf`,
      `problem: ${conf}/neo4j-admin.conf: mode 0666 is too open; command expansion needs at most 0640 (owner read/write, group read, others nothing): chmod 640 ${conf}/neo4j-admin.conf`,
      `problem: ${conf}/neo4j.conf: dbms.security.keystore.password=$(conf/password.sh): ${conf}/password.sh is not executable by this user: chmod u+x ${conf}/password.sh`,
      `problem: ${conf}/neo4j.conf: dbms.other=$(conf/missing.sh): conf/missing.sh not found`,
    ]);
    expect(result.stdout).toContain("4 problem(s) found");
  });

  testUnless(rootReason(), "catches a neo4j.conf owned by another user and group (chown as root)", async () => {
    fs.chownSync(path.join(conf, "neo4j.conf"), 54321, 54321);
    const result = await runAuraSecure(["conf", "check", conf]);
    expect(result.code).toBe(1);
    expect(result.stdout).toMatch(/problem: .*neo4j.conf: owned by uid 54321 and gid 54321; the user running Neo4j \(uid 0,/);
  });

  test("a missing folder is a one-line error", async () => {
    const result = await runAuraSecure(["conf", "check", path.join(home, "nope")]);
    expect(result).toMatchObject({ code: 1, stderr: `error: conf folder ${path.join(home, "nope")} does not exist; expected the Neo4j conf folder holding neo4j.conf\n` });
  });
});
