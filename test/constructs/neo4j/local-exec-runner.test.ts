import { execFile } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { promisify } from "node:util";
import { App, Testing } from "cdktf";
import { parseNeo4jAccess, type Neo4jAccessInput } from "../../../domain/neo4j/access-model";
import { Neo4jAccessLocalExecRunner, STATE_ENV } from "../../../constructs/neo4j/local-exec-runner";
import { canonicalJson, stateHash } from "../../../domain/state-hash";
import { Neo4jAccessStack } from "../../../stacks/neo4j-access-stack";
import { BoltTestServer } from "../../support/bolt-server";
import { dbmsA } from "../../support/dbms-a";
import { FakeSystemDb } from "../../support/fake-system-db";
import { describeWithTerraform, keepLocalStateIn, offlineEnv, type TerraformRun } from "../../support/terraform";
import { TEST_SECRETS } from "../../support/test-secrets";

const ADMIN_PW = TEST_SECRETS.neo4jAdminPassword;
const REMOTE_PW = TEST_SECRETS.runnerRemoteAliasPassword;
const BIN = path.resolve(__dirname, "../../../bin/aura-secure.js");

function access(uri: string, over: Partial<Neo4jAccessInput> = {}, extra: Parameters<typeof dbmsA>[2] = {}) {
  return parseNeo4jAccess({
    ...dbmsA({ uri, user: "neo4j", password: { env: "T_NEO4J_PW" }, allowInsecureUrl: true }, { env: "T_REMOTE_PW" }, extra),
    runner: { type: "local-exec", cliCommand: `node ${BIN}`, timeout: "30s" },
    ...over,
  });
}

describe("Neo4jAccessLocalExecRunner synth", () => {
  const synth = (a = access("bolt://127.0.0.1:7687")) => JSON.parse(Testing.synthScope((s) => void new Neo4jAccessLocalExecRunner(s, "access", { access: a })));

  test("terraform_data with the state (references only), its hash as trigger, create and destroy provisioners using self", () => {
    const a = access("bolt://127.0.0.1:7687");
    const json = synth(a);
    const [res] = Object.values(json.resource.terraform_data) as any[];
    const { runner: _r, ...state } = a;
    expect(res.input.state).toEqual(JSON.parse(canonicalJson(state)));
    expect(res.triggers_replace).toEqual({ state_sha256: stateHash(state) });
    expect(res.provisioner).toEqual([
      { "local-exec": { command: `node ${BIN} cypher apply --state-env ${STATE_ENV} --timeout 30s`, environment: { [STATE_ENV]: "${jsonencode(self.input.state)}" } } },
      { "local-exec": { command: `node ${BIN} cypher destroy --state-env ${STATE_ENV} --timeout 30s`, environment: { [STATE_ENV]: "${jsonencode(self.input.state)}" }, when: "destroy" } },
    ]);
  });

  test("two synths are byte-identical; a change changes the trigger", () => {
    expect(JSON.stringify(synth())).toBe(JSON.stringify(synth()));
    const other = synth(access("bolt://127.0.0.1:7687", { users: [] }));
    expect(Object.values<any>(other.resource.terraform_data)[0].triggers_replace).not.toEqual(Object.values<any>(synth().resource.terraform_data)[0].triggers_replace);
  });

  test("refuses Secrets Manager references, naming the path", () => {
    const a = parseNeo4jAccess({ ...access("bolt://127.0.0.1:1"), runner: undefined, connection: { uri: "bolt://127.0.0.1:1", allowInsecureUrl: true, user: "neo4j", password: { secretsManagerArn: "arn:aws:secretsmanager:eu-west-1:123456789012:secret:x" } } });
    expect(() => Testing.synthScope((s) => void new Neo4jAccessLocalExecRunner(s, "access", { access: a }))).toThrow(
      'neo4jAccess.connection.password: got {"secretsManagerArn":"arn:aws:secretsmanager:eu-west-1:123456789012:secret:x"}; the local-exec runner reads passwords from {env} or {file}',
    );
  });

  test("the schema refuses the wrong reference kind for the chosen runner", () => {
    expect(() => parseNeo4jAccess({ ...access("bolt://127.0.0.1:1"), connection: { uri: "bolt://127.0.0.1:1", allowInsecureUrl: true, user: "neo4j", password: { secretsManagerArn: "arn:aws:secretsmanager:eu-west-1:123456789012:secret:x" } } })).toThrow(
      "neo4jAccess.connection.password: got {\"secretsManagerArn\":\"arn:aws:secretsmanager:eu-west-1:123456789012:secret:x\"}; must be {env} or {file} with the local-exec runner",
    );
  });
});

async function tf(run: TerraformRun, args: string[]): Promise<string> {
  // Async: the Bolt test server runs in this process and must keep answering while terraform runs.
  try {
    const r = await promisify(execFile)("terraform", [...args, "-no-color"], { cwd: run.dir, env: run.env, encoding: "utf8", timeout: 120_000, maxBuffer: 64 * 1024 * 1024 });
    return r.stdout + r.stderr;
  } catch (e) {
    const x = e as { stdout?: string; stderr?: string; message: string };
    throw new Error(`terraform ${args.join(" ")} failed:\n${x.stderr}\n${x.stdout}\n${x.message}`);
  }
}

function synthStack(outRoot: string, a: ReturnType<typeof access>): string {
  const outdir = fs.mkdtempSync(path.join(outRoot, "synth-"));
  const app = new App({ outdir });
  new Neo4jAccessStack(app, "neo4j-access", { access: a });
  app.synth();
  return path.join(outdir, "stacks", "neo4j-access", "cdk.tf.json");
}

function scanForSecrets(dir: string): { file: string; hits: number }[] {
  const out: { file: string; hits: number }[] = [];
  for (const f of fs.readdirSync(dir)) {
    const p = path.join(dir, f);
    if (!fs.statSync(p).isFile()) continue;
    const text = fs.readFileSync(p, "utf8");
    const hits = text.split(ADMIN_PW).length - 1 + (text.split(REMOTE_PW).length - 1);
    out.push({ file: f, hits });
  }
  return out;
}

describeWithTerraform(
  "local-exec runner: real terraform apply, change and destroy against the Bolt test server",
  () => {
    let server: BoltTestServer;
    let fake: FakeSystemDb;
    beforeAll(async () => {
      fake = new FakeSystemDb({ users: [{ name: "neo4j", roles: ["admin"], home: null }, { name: "carol", roles: ["PUBLIC"], home: null }], roles: ["PUBLIC", "admin", "reader", "foreign_role"] });
      server = await BoltTestServer.start({ handler: fake.handler, hooks: fake.hooks, users: { neo4j: ADMIN_PW } });
    });
    afterAll(async () => server?.close());

    test("apply, no-op, change (replace), destroy; no password in cdk.tf.json or terraform.tfstate", async () => {
      const root = fs.mkdtempSync(path.join(os.tmpdir(), "neo4j-access-tf-"));
      const dir = path.join(root, "neo4j-access");
      fs.mkdirSync(dir);
      const run: TerraformRun = { dir, env: { ...offlineEnv(root), T_NEO4J_PW: ADMIN_PW, T_REMOTE_PW: REMOTE_PW } };
      // Template-like user text must reach the server unchanged, not be evaluated by Terraform.
      const v1 = access(server.url("bolt"), {}, { alias: { properties: { note: "${not_a_reference} %{ if true }" } } });
      fs.copyFileSync(synthStack(root, v1), path.join(dir, "cdk.tf.json"));
      keepLocalStateIn(dir);

      await tf(run, ["init", "-input=false"]);
      const applied = await tf(run, ["apply", "-auto-approve", "-input=false"]);
      expect(applied).toContain("Ran 4 statement(s) in one transaction");
      expect(fake.state.roles).toContain("remote_access");
      expect(fake.alias("db1-remote-alias")).toMatchObject({ user: "remote_user", password: REMOTE_PW, properties: { note: "${not_a_reference} %{ if true }" } });
      expect(fake.user("carol")!.roles).toContain("remote_access");

      // Second apply: nothing to do for terraform, and the CLI plans nothing either.
      expect(await tf(run, ["plan", "-input=false", "-detailed-exitcode"])).toContain("No changes.");

      // Change: drop the alias and grant reader too -> replace: old destroy, then new apply.
      const v2 = access(server.url("bolt"), { remoteAliases: [], users: [{ name: "carol", roles: ["remote_access", "reader"] }] });
      fs.copyFileSync(synthStack(root, v2), path.join(dir, "cdk.tf.json"));
      keepLocalStateIn(dir);
      const changed = await tf(run, ["apply", "-auto-approve", "-input=false"]);
      expect(changed).toMatch(/must be replaced|replaced/);
      expect(fake.alias("db1-remote-alias")).toBeUndefined();
      expect(fake.user("carol")!.roles.sort()).toEqual(["PUBLIC", "reader", "remote_access"]);

      for (const { file, hits } of scanForSecrets(dir)) expect({ file, hits }).toEqual({ file, hits: 0 });
      // cdktf's default local backend names the state terraform.<stack>.tfstate: it must be there and be scanned.
      const stateFiles = fs.readdirSync(dir).filter((f) => /\.tfstate(\.backup)?$/.test(f));
      expect(stateFiles).toContain("terraform.neo4j-access.tfstate");
      expect(scanForSecrets(dir).map((x) => x.file)).toEqual(expect.arrayContaining(["cdk.tf.json", "terraform.neo4j-access.tfstate"]));
      // The state does hold the references and the (non-secret) desired state, which is what destroy reads.
      expect(fs.readFileSync(path.join(dir, "terraform.neo4j-access.tfstate"), "utf8")).toContain("T_NEO4J_PW");

      await tf(run, ["destroy", "-auto-approve", "-input=false"]);
      expect(fake.state.roles).not.toContain("remote_access");
      expect(fake.state.roles).toContain("foreign_role");
      expect(fake.user("carol")!.roles).toEqual(["PUBLIC"]);
      for (const { file, hits } of scanForSecrets(dir)) expect({ file, hits }).toEqual({ file, hits: 0 });
    });
  },
  false,
);
