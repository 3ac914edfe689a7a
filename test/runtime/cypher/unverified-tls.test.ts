import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { Command } from "commander";
import { runCli } from "../../../runtime/cli/errors";
import { cypherCommand } from "../../../runtime/cypher/cli";
import { makeHandler } from "../../../runtime/cypher/lambda-handler";
import { reconcile } from "../../../runtime/cypher/reconciler";
import type { Neo4jAccessConfig } from "../../../domain/neo4j/access-model";
import { BoltTestServer } from "../../support/bolt-server";
import { FakeSystemDb } from "../../support/fake-system-db";
import { selfSignedCertificate } from "../../support/self-signed";
import { TEST_SECRETS } from "../../support/test-secrets";
import { recordOutput } from "../../support/secret-sweep";

/**
 * Issue 20, case 1: a TLS Bolt server with a self-signed certificate for CN=attacker.invalid sits on the
 * runner's path. Without the explicit opt-in, no command that connects sends it the user or the password:
 * +ssc is refused before any connection is made, by the CLI, the Lambda handler and the reconciler itself.
 */
const ADMIN_PASSWORD = TEST_SECRETS.neo4jAdminPassword;

let tlsKeys: { key: string; cert: string };
let server: BoltTestServer;
let fake: FakeSystemDb;
beforeAll(async () => {
  tlsKeys = await selfSignedCertificate("attacker.invalid", { dns: ["attacker.invalid"] });
});
beforeEach(async () => {
  fake = new FakeSystemDb({ users: [{ name: "admin", roles: ["admin"], home: null }] });
  server = await BoltTestServer.start({ tls: tlsKeys, users: { admin: ADMIN_PASSWORD }, handler: fake.handler, hooks: fake.hooks });
});
afterEach(async () => server.close());

/** Whether the server saw a login (HELLO or LOGON): the moment it would have received the password. */
const sawLogin = () => server.messages.some((m) => m.type === "HELLO" || m.type === "LOGON");

const state = (connection: Record<string, unknown>) => ({ connection: { user: "admin", password: { env: "T_ADMIN_PW" }, ...connection }, roles: [{ name: "app_reader" }] });

async function cli(args: string[], env: Record<string, string> = {}) {
  let out = "";
  let err = "";
  const program = new Command("aura-secure").exitOverride();
  program.addCommand(cypherCommand({ env: { T_ADMIN_PW: ADMIN_PASSWORD, ...env }, stdout: { write: (c: string) => (out += c) }, stderr: { write: (c: string) => (err += c) } }));
  const before = process.exitCode;
  await runCli(program, ["node", "aura-secure", "cypher", ...args], { stderr: { write: (c: string) => (err += c) } });
  const code = process.exitCode ?? 0;
  process.exitCode = before;
  recordOutput(`cypher ${args.join(" ").slice(0, 60)}`, out, err);
  return { out, err, code };
}

describe("+ssc without the opt-in: refused before connecting", () => {
  test.each(["plan", "apply", "destroy"])("cypher %s with bolt+ssc:// in --state", async (mode) => {
    const r = await cli([mode, "--state", JSON.stringify(state({ uri: server.url("bolt+ssc") }))]);
    expect(r.code).toBe(1);
    expect(r.err).toContain(`--state.connection.uri: got "${server.url("bolt+ssc")}"; uses bolt+ssc://, which encrypts but accepts any certificate`);
    expect(r.err).toContain("set allowUnverifiedTls: true");
    expect(sawLogin()).toBe(false);
    expect(server.messages).toEqual([]);
  });

  test("cypher plan with neo4j+ssc:// from an environment variable (the schema cannot see it): the reconciler refuses", async () => {
    const r = await cli(["plan", "--state", JSON.stringify(state({ uri: { env: "T_URI" } }))], { T_URI: server.url("neo4j+ssc") });
    expect(r.code).toBe(1);
    expect(r.err).toContain(`connection.uri: got "${server.url("neo4j+ssc")}"; uses neo4j+ssc://`);
    expect(server.messages).toEqual([]);
  });

  test("cypher import --uri bolt+ssc:// names the flag", async () => {
    const r = await cli(["import", "--uri", server.url("bolt+ssc"), "--user", "admin", "--password-env", "T_ADMIN_PW"]);
    expect(r.code).toBe(1);
    expect(r.err).toContain("--uri: got");
    expect(r.err).toContain("or pass --allow-unverified-tls if you really mean it");
    expect(server.messages).toEqual([]);
  });

  test("the Lambda handler refuses a state whose remote alias uses +ssc without the alias's opt-in", async () => {
    const handler = makeHandler({ fetchSecretsManager: async () => ADMIN_PASSWORD, log: () => undefined });
    const event = {
      state: {
        connection: { uri: server.url("bolt+ssc"), allowUnverifiedTls: true, user: "admin", password: { secretsManagerArn: "arn:aws:secretsmanager:eu-west-1:111122223333:secret:admin-AbCdEf" } },
        remoteAliases: [{ name: "far", target: "db1", url: "neo4j+ssc://far.example.com:7687", credentials: { type: "oidc" } }],
      },
    };
    await expect(handler(event)).rejects.toThrow('input.state.remoteAliases[0].url: got "neo4j+ssc://far.example.com:7687"; uses neo4j+ssc://');
    expect(server.messages).toEqual([]);
  });

  test("the reconciler refuses a state that never went through the schema (defence in depth)", async () => {
    const unchecked = { id: "x", connection: { uri: server.url("bolt+ssc"), user: "admin", password: { env: "T_ADMIN_PW" } }, roles: [], users: [], localAliases: [], remoteAliases: [] } as unknown as Neo4jAccessConfig;
    await expect(
      reconcile({ mode: "plan", state: unchecked, env: { T_ADMIN_PW: ADMIN_PASSWORD }, resolveSecret: async () => ADMIN_PASSWORD, timeoutMs: 5000 }),
    ).rejects.toThrow("uses bolt+ssc://, which encrypts but accepts any certificate");
    expect(server.messages).toEqual([]);
  });

  test("bolt+s:// (the default) checks the certificate: the driver refuses attacker.invalid and never logs in", async () => {
    const r = await cli(["plan", "--state", JSON.stringify(state({ uri: server.url("bolt+s") })), "--timeout", "5s"]);
    expect(r.code).toBe(1);
    expect(sawLogin()).toBe(false);
    expect(r.err).not.toContain(ADMIN_PASSWORD);
  });
});

describe("+ssc with the opt-in: the user chose it in so many words", () => {
  test("allowUnverifiedTls: true in the state", async () => {
    const r = await cli(["plan", "--state", JSON.stringify(state({ uri: server.url("bolt+ssc"), allowUnverifiedTls: true }))]);
    expect(r.err).toBe("");
    expect(r.out).toContain("CREATE ROLE `app_reader`");
    expect(sawLogin()).toBe(true);
  });

  test("--allow-unverified-tls on the command line, for a state read from a config file", async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "ssc-config-"));
    const file = path.join(dir, "aura.json");
    fs.writeFileSync(file, JSON.stringify({ project: "acme", backend: { type: "local" }, neo4jAccess: state({ uri: server.url("neo4j+ssc") }) }));
    expect((await cli(["plan", "--config", file])).err).toContain("neo4jAccess.connection.uri");
    expect(server.messages).toEqual([]);
    const r = await cli(["plan", "--config", file, "--allow-unverified-tls"]);
    expect(r.err).toBe("");
    expect(r.out).toContain("CREATE ROLE `app_reader`");
  });

  test("cypher import --allow-unverified-tls writes the opt-in into the imported state", async () => {
    fake.state.roles.push("app_reader");
    const r = await cli(["import", "--uri", server.url("bolt+ssc"), "--user", "admin", "--password-env", "T_ADMIN_PW", "--allow-unverified-tls"]);
    expect(r.code).toBe(0);
    expect(r.out).toContain("allowUnverifiedTls: true");
    expect(r.out).not.toContain(ADMIN_PASSWORD);
  });
});
