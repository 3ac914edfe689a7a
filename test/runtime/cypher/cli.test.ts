import { execFile } from "node:child_process";
import { promisify } from "node:util";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { runCli, UserError } from "../../../runtime/cli/errors";
import { cypherCommand } from "../../../runtime/cypher/cli";
import { BoltTestServer } from "../../support/bolt-server";
import { dbmsA } from "../../support/dbms-a";
import { FakeSystemDb } from "../../support/fake-system-db";
import { Command } from "commander";
import { recordOutput } from "../../support/secret-sweep";
import { TEST_SECRETS } from "../../support/test-secrets";

const REMOTE_PW = TEST_SECRETS.cliRemoteAliasPassword;
let server: BoltTestServer;
let fake: FakeSystemDb;
beforeEach(async () => {
  fake = new FakeSystemDb({ users: [{ name: "neo4j", roles: ["admin"], home: null }, { name: "carol", roles: [], home: null }] });
  server = await BoltTestServer.start({ handler: fake.handler, hooks: fake.hooks });
});
afterEach(async () => server.close());

const state = () => dbmsA({ uri: { env: "T_URI" }, user: "neo4j", password: { env: "T_PW" }, allowInsecureUrl: true }, { env: "T_REMOTE_PW" });

async function cli(args: string[], extraEnv: Record<string, string> = {}) {
  let out = "";
  let err = "";
  const env = { T_URI: server.url(), T_PW: "test-password", T_REMOTE_PW: REMOTE_PW, ...extraEnv };
  const program = new Command("aura-secure").exitOverride();
  program.addCommand(cypherCommand({ env, stdout: { write: (c: string) => (out += c) }, stderr: { write: (c: string) => (err += c) } }));
  const prevExit = process.exitCode;
  await runCli(program, ["node", "aura-secure", "cypher", ...args], { stderr: { write: (c: string) => (err += c) } });
  const code = process.exitCode;
  process.exitCode = prevExit;
  recordOutput(`cypher ${args.join(" ").slice(0, 60)}`, out, err);
  return { out, err, code };
}

describe("aura-secure cypher", () => {
  test("plan prints the statements with secrets as references only, and changes nothing", async () => {
    const r = await cli(["plan", "--state", JSON.stringify(state())]);
    expect(r.out).toContain("Would run 4 statement(s):");
    expect(r.out).toContain("CREATE ALIAS `db1-remote-alias` FOR DATABASE `db1` AT $url USER $user PASSWORD $password");
    expect(r.out).toContain("$password = <secret from environment variable T_REMOTE_PW>");
    expect(r.out).not.toContain(REMOTE_PW);
    expect(fake.state.roles).not.toContain("remote_access");
  });

  test("apply from a file, then plan says no changes, then destroy from --state-env", async () => {
    const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "cypher-cli-")), "state.json");
    fs.writeFileSync(file, JSON.stringify(state()));
    const a = await cli(["apply", "--state", file]);
    expect(a.out).toMatch(/^Ran 4 statement\(s\) in one transaction/);
    expect(a.out).not.toContain(REMOTE_PW);
    expect(fake.alias("db1-remote-alias")!.password).toBe(REMOTE_PW);
    expect((await cli(["plan", "--state", file])).out).toBe("No changes: the server already matches the desired state.\n");
    const d = await cli(["destroy", "--state-env", "T_STATE"], { T_STATE: JSON.stringify(state()) });
    expect(d.out).toContain("DROP ALIAS `db1-remote-alias` IF EXISTS FOR DATABASE");
    expect(fake.state.roles).not.toContain("remote_access");
    expect(fake.user("carol")!.roles).toEqual([]);
  });

  test("replace: the applied state becomes the declared one in one transaction; the create step then skips once", async () => {
    const v1 = state();
    await cli(["apply", "--state", JSON.stringify(v1)]);
    const sent = server.statements.length;
    const v2 = { ...v1, remoteAliases: [], roles: [{ name: "remote_access", privileges: [] }, { name: "newcomer", privileges: [] }], users: [{ name: "carol", roles: ["remote_access", "newcomer"] }] };
    const r = await cli(["replace", "--applied-env", "T_OLD", "--declared-env", "T_NEW"], { T_OLD: JSON.stringify(v1), T_NEW: JSON.stringify(v2) });
    expect(r.code).toBeUndefined();
    expect(r.err).toContain("changing the applied state into the declared one in one transaction");
    expect(r.out).toMatch(/^Ran 3 statement\(s\) in one transaction/);
    // The dropped alias takes its privilege with it (no REVOKE needed); the kept role and grant are never touched.
    const changeWrites = server.statements.slice(sent).filter((w) => !w.query.startsWith("SHOW"));
    expect(changeWrites.map((w) => w.query)).toEqual(["DROP ALIAS `db1-remote-alias` IF EXISTS FOR DATABASE", "CREATE ROLE `newcomer` IF NOT EXISTS", "GRANT ROLE `newcomer` TO `carol`"]);
    expect(new Set(changeWrites.map((w) => w.txId)).size).toBe(1);
    expect(fake.alias("db1-remote-alias")).toBeUndefined();
    expect(fake.user("carol")!.roles.sort()).toEqual(["newcomer", "remote_access"]);
    expect(fake.state.roles).toContain("remote_access");
    const statementsBefore = server.statements.length;
    const created = await cli(["apply", "--after-replace", "--state", JSON.stringify(v2)]);
    expect(created.out).toBe("No changes: this apply's `cypher replace` step has just applied this state.\n");
    expect(server.statements.length).toBe(statementsBefore);
    // The note is used once: a second create step reads the server again.
    expect((await cli(["apply", "--after-replace", "--state", JSON.stringify(v2)])).out).toBe("No changes: the server already matches the desired state.\n");
  });

  test("replace with the same state on both sides changes nothing and leaves no note", async () => {
    await cli(["apply", "--state", JSON.stringify(state())]);
    const n = server.statements.length;
    const r = await cli(["replace", "--applied", JSON.stringify(state()), "--declared", JSON.stringify(state())]);
    expect(r.out).toBe("No changes made by the replacement step.\n");
    expect(r.err).toContain("declares the state this object applied");
    expect(server.statements.length).toBe(n);
    expect((await cli(["apply", "--after-replace", "--state", JSON.stringify(state())])).out).toBe("No changes: the server already matches the desired state.\n");
  });

  test("destroy --also removes both states (a configuration changed without an apply)", async () => {
    const v1 = state();
    await cli(["apply", "--state", JSON.stringify(v1)]);
    const v2 = { ...v1, remoteAliases: [], roles: [{ name: "other_role", privileges: [] }], users: [] };
    fake.state.roles.push("other_role");
    const r = await cli(["destroy", "--state", JSON.stringify(v1), "--also", JSON.stringify(v2)]);
    expect(r.code).toBeUndefined();
    expect(fake.state.roles).not.toContain("remote_access");
    expect(fake.state.roles).not.toContain("other_role");
  });

  test("apply --previous on another DBMS: removed there, applied here", async () => {
    const otherFake = new FakeSystemDb({ users: [{ name: "neo4j", roles: ["admin"], home: null }, { name: "carol", roles: [], home: null }] });
    const other = await BoltTestServer.start({ handler: otherFake.handler, hooks: otherFake.hooks });
    try {
      const old = { ...state(), connection: { ...state().connection, uri: other.url() } };
      await cli(["apply", "--state", JSON.stringify(old)]);
      expect(otherFake.state.roles).toContain("remote_access");
      await cli(["apply", "--state", JSON.stringify(state()), "--previous", JSON.stringify(old)]);
      expect(otherFake.state.roles).not.toContain("remote_access");
      expect(fake.state.roles).toContain("remote_access");
    } finally {
      await other.close();
    }
  });

  test("--config reads the neo4jAccess section of the app's config file", async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "cypher-config-"));
    const file = path.join(dir, "aura.json");
    fs.writeFileSync(file, JSON.stringify({ project: "acme", neo4jAccess: state() }));
    const r = await cli(["plan", "--config", file]);
    expect(r.out).toContain("Would run 4 statement(s):");
    const invalid = path.join(dir, "invalid.json");
    fs.writeFileSync(invalid, JSON.stringify({ project: "acme", regions: [] }));
    const bad = await cli(["plan", "--config", invalid]);
    expect(bad.code).toBe(1);
    expect(bad.err).toContain("regions: got []; list at least one region (or give neo4jAccess)");
    const both = await cli(["plan", "--config", file, "--state", JSON.stringify(state())]);
    expect(both.err).toContain("give either --config or --state/--state-env, not both");
  });

  test("--json output", async () => {
    const r = await cli(["apply", "--json", "--state", JSON.stringify(state())]);
    const j = JSON.parse(r.out);
    expect(j).toMatchObject({ mode: "apply", applied: true, attempts: 1, remaining: 0 });
    expect(r.out).not.toContain(REMOTE_PW);
  });

  test.each<[string, string[], Record<string, string>, string]>([
    ["invalid state names the path and value", ["plan", "--state", JSON.stringify({ ...state(), roles: [{ name: "bad name" }] })], {}, 'error: invalid Neo4j access config:\n  --state.roles[0].name: got "bad name"; must be a role name'],
    ["insecure alias URL", ["apply", "--state", JSON.stringify({ ...state(), remoteAliases: [{ ...state().remoteAliases[0], url: "neo4j://x:7687" }] })], {}, "--state.remoteAliases[0].url: got \"neo4j://x:7687\"; uses the unencrypted scheme neo4j://"],
    ["no state", ["apply"], {}, "error: missing --state <json|file> (or --state-env <VAR>)\n"],
    ["unreadable file", ["apply", "--state", "/nonexistent/state.json"], {}, "error: --state /nonexistent/state.json does not exist; expected a Neo4j access state as JSON"],
    ["bad JSON", ["apply", "--state", "{nope"], {}, "error: --state is not JSON (Expected property name"],
    ["state env missing", ["destroy", "--state-env", "NOPE"], {}, "error: --state-env: environment variable NOPE is not set\n"],
    ["replace without the declared state", ["replace", "--applied", JSON.stringify(state())], {}, "error: missing --declared <json|file> (or --declared-env <VAR>)\n"],
    ["bad timeout", ["apply", "--state", JSON.stringify(state()), "--timeout", "soon"], {}, 'error: --timeout: got "soon"; must be a duration'],
    ["password env missing", ["apply", "--state", JSON.stringify(state())], { T_PW: "" }, "error: environment variable T_PW is not set"],
    ["wrong password", ["apply", "--state", JSON.stringify(state())], { T_PW: "wrong" }, "error: cannot log in to bolt://127.0.0.1"],
    ["Secrets Manager ref in the CLI", ["apply", "--state", JSON.stringify({ ...state(), connection: { ...state().connection, password: { secretsManagerArn: "arn:aws:secretsmanager:eu-west-1:123456789012:secret:x" } } })], {}, "Secrets Manager references are resolved by the Lambda runner only"],
  ])("user error, one line, no stack: %s", async (_n, args, env, expected) => {
    const r = await cli(args, env);
    expect(r.code).toBe(1);
    expect(r.err).toContain(expected);
    expect(r.err).not.toMatch(/\n\s+at /);
    expect(r.out).toBe("");
  });

  test("UserError type is what runCli prints", () => expect(new UserError("x")).toBeInstanceOf(Error));

  test("the real bin runs `cypher plan` (tsx shim)", async () => {
    // Async spawn: the Bolt test server lives in this process and must keep answering.
    const r = await promisify(execFile)(process.execPath, [path.join(__dirname, "../../../bin/aura-secure.js"), "cypher", "plan", "--state-env", "T_STATE"], {
      env: { ...process.env, T_URI: server.url(), T_PW: "test-password", T_REMOTE_PW: REMOTE_PW, T_STATE: JSON.stringify(state()) },
      encoding: "utf8",
      timeout: 60_000,
    });
    expect(r.stderr).toBe("");
    expect(r.stdout).toContain("Would run 4 statement(s):");
  });
});
