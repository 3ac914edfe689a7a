import { spawn } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { App, Testing } from "cdktf";
import { parseNeo4jAccess, type Neo4jAccessConfig, type Neo4jAccessInput } from "../../../domain/neo4j/access-model";
import { DECLARED_ENV, Neo4jAccessLocalExecRunner, STATE_ENV } from "../../../constructs/neo4j/local-exec-runner";
import { canonicalJson, stateHash } from "../../../domain/state-hash";
import { Neo4jAccessStack } from "../../../stacks/neo4j-access-stack";
import { BoltTestServer } from "../../support/bolt-server";
import { dbmsA } from "../../support/dbms-a";
import { FakeSystemDb, type FakeState } from "../../support/fake-system-db";
import { TransitionChecker, declaredItems, presentItems, recordingHooks, serverWithForeignAccess } from "../../support/access-invariants";
import { bundledCli } from "../../support/cli-bundle";
import { describeWithTerraform, keepLocalStateIn, offlineEnv, terraformAsync, terraformAsyncOk, type TerraformRun } from "../../support/terraform";
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

  test("apply: the state (references only) and its hash as trigger; create step applies, destroy step changes old into declared", () => {
    const a = access("bolt://127.0.0.1:7687");
    const json = synth(a);
    const { runner: _r, ...state } = a;
    const resources = json.resource.terraform_data as Record<string, any>;
    const apply = Object.entries(resources).find(([k]) => k.includes("_apply"))![1];
    const removal = Object.entries(resources).find(([k]) => k.includes("_remove_on_destroy"))!;
    expect(apply.input.state).toEqual(JSON.parse(canonicalJson(state)));
    expect(apply.triggers_replace).toEqual({ state_sha256: stateHash(state) });
    expect(apply.depends_on).toEqual([`terraform_data.${removal[0]}`]);
    expect(apply.lifecycle).toBeUndefined();
    expect(apply.provisioner).toEqual([
      { "local-exec": { command: `node ${BIN} cypher apply --state-env ${STATE_ENV} --after-replace --timeout 30s`, environment: { [STATE_ENV]: "${jsonencode(self.input.state)}" } } },
      {
        "local-exec": {
          command: `node ${BIN} cypher replace --applied-env ${STATE_ENV} --declared-env ${DECLARED_ENV} --timeout 30s`,
          environment: { [STATE_ENV]: "${jsonencode(self.input.state)}", [DECLARED_ENV]: canonicalJson(state) },
          when: "destroy",
        },
      },
    ]);
  });

  test("remove_on_destroy: never replaced, holds the state in input.owned, removes it (and the declared one) on destroy only", () => {
    const a = access("bolt://127.0.0.1:7687");
    const { runner: _r, ...state } = a;
    const [, removal] = Object.entries(synth(a).resource.terraform_data as Record<string, any>).find(([k]) => k.includes("_remove_on_destroy"))!;
    expect(removal.triggers_replace).toBeUndefined();
    expect(removal.input).toEqual({ owned: JSON.parse(canonicalJson(state)) });
    expect(removal.provisioner).toEqual([
      {
        "local-exec": {
          command: `node ${BIN} cypher destroy --state-env ${STATE_ENV} --also-env ${DECLARED_ENV} --timeout 30s`,
          environment: { [STATE_ENV]: "${jsonencode(self.input.owned)}", [DECLARED_ENV]: canonicalJson(state) },
          when: "destroy",
        },
      },
    ]);
  });

  test("user text that looks like a template reaches the CLI as written in the declared state too", () => {
    const a = access("bolt://127.0.0.1:7687", {}, { alias: { properties: { note: "${x} %{ if true }" } } });
    const apply = Object.entries(synth(a).resource.terraform_data as Record<string, any>).find(([k]) => k.includes("_apply"))![1];
    expect(apply.provisioner[1]["local-exec"].environment[DECLARED_ENV]).toContain('"note":"$${x} %%{ if true }"');
  });

  test("two synths are byte-identical; a change changes the trigger", () => {
    expect(JSON.stringify(synth())).toBe(JSON.stringify(synth()));
    const trigger = (j: any) => Object.entries<any>(j.resource.terraform_data).find(([k]) => k.includes("_apply"))![1].triggers_replace;
    expect(trigger(synth(access("bolt://127.0.0.1:7687", { users: [] })))).not.toEqual(trigger(synth()));
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

const tf = terraformAsync;
const tfOk = terraformAsyncOk;

function synthStack(outRoot: string, a: Neo4jAccessConfig): string {
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

const clone = <T>(x: T): T => JSON.parse(JSON.stringify(x)) as T;

describeWithTerraform(
  "local-exec runner: real terraform apply, change and destroy; every state the server passes through is recorded",
  () => {
    let server: BoltTestServer;
    let fake: FakeSystemDb;
    /** The server's state after every commit (reads included: a read commits an empty transaction). */
    const states: FakeState[] = [];
    const cli = bundledCli();
    beforeAll(async () => {
      fake = new FakeSystemDb(serverWithForeignAccess());
      server = await BoltTestServer.start({
        handler: fake.handler,
        hooks: recordingHooks(fake, states),
        users: { neo4j: ADMIN_PW },
      });
    });
    afterAll(async () => server?.close());

    /** A folder for the access stack, an offline terraform env with the test passwords, and a deploy step. */
    const stackFolder = () => {
      const root = fs.mkdtempSync(path.join(os.tmpdir(), "neo4j-access-tf-"));
      const dir = path.join(root, "neo4j-access");
      fs.mkdirSync(dir);
      const run: TerraformRun = { dir, env: { ...offlineEnv(root), ...cli.env, T_NEO4J_PW: ADMIN_PW, T_REMOTE_PW: REMOTE_PW } };
      const deploy = (a: Neo4jAccessConfig) => {
        fs.copyFileSync(synthStack(root, a), path.join(dir, "cdk.tf.json"));
        keepLocalStateIn(dir);
      };
      return { dir, run, deploy };
    };

    /**
     * `cypher plan --detailed-exitcode` of the CLI against the server: exit 0 only when the server holds the
     * state (terraform's "No changes." says only that the trigger did not change).
     */
    const cypherPlan = (a: Neo4jAccessConfig) =>
      new Promise<{ code: number | null; output: string }>((resolve) => {
        const { runner: _r, ...state } = a;
        const child = spawn("sh", ["-c", `${cli.command} cypher plan --state-env PLAN_STATE --detailed-exitcode --timeout 20s`], {
          env: { PATH: process.env.PATH, ...cli.env, T_NEO4J_PW: ADMIN_PW, T_REMOTE_PW: REMOTE_PW, PLAN_STATE: JSON.stringify(state) },
        });
        let output = "";
        child.stdout.on("data", (d: Buffer) => (output += d.toString()));
        child.stderr.on("data", (d: Buffer) => (output += d.toString()));
        child.on("close", (code) => resolve({ code, output }));
      });
    /** Both say nothing is left: terraform plans no change and the CLI plans no statement. */
    const converged = async (run: TerraformRun, a: Neo4jAccessConfig) => {
      expect(await tfOk(run, ["plan", "-input=false", "-detailed-exitcode"])).toContain("No changes.");
      const plan = await cypherPlan(a);
      expect({ code: plan.code, drift: plan.code === 0 ? "" : plan.output }).toEqual({ code: 0, drift: "" });
    };

    const v = (over: Partial<Neo4jAccessInput>, extra: Parameters<typeof dbmsA>[2] = {}) =>
      access(server.url("bolt"), { runner: { type: "local-exec", cliCommand: cli.command, timeout: "30s" }, ...over }, extra);

    test("a change never takes away what both states declare; a failed change leaves the server as it was; destroy removes exactly what was declared", async () => {
      const { dir, run, deploy } = stackFolder();

      // v1: two roles, both granted to carol, her home database, the remote alias (template-like text kept as written).
      const v1 = v(
        {
          roles: [
            { name: "analyst", privileges: [{ privilege: "ACCESS", database: "db1" }, { privilege: "MATCH", graph: "db1" }] },
            { name: "auditor", privileges: [{ privilege: "ACCESS", database: "db2" }] },
          ],
          users: [
            { name: "carol", roles: ["analyst", "auditor"], homeDatabase: "db1" },
            { name: "dave", roles: ["auditor"] },
          ],
        },
        { alias: { properties: { note: "${not_a_reference} %{ if true }" } } },
      );
      deploy(v1);
      await tfOk(run, ["init", "-input=false"]);
      const first = await tfOk(run, ["apply", "-auto-approve", "-input=false"]);
      expect(first).toMatch(/Ran \d+ statement\(s\) in one transaction/);
      expect(fake.alias("db1-remote-alias")).toMatchObject({ user: "remote_user", password: REMOTE_PW, properties: { note: "${not_a_reference} %{ if true }" } });
      await converged(run, v1);

      // v2: analyst loses MATCH and gains TRAVERSE, auditor goes, reporter comes (to carol and dave), the alias changes.
      const v2 = v(
        {
          roles: [
            { name: "analyst", privileges: [{ privilege: "ACCESS", database: "db1" }, { privilege: "TRAVERSE", graph: "db1" }] },
            { name: "reporter", privileges: [{ privilege: "ACCESS", database: "db3" }] },
          ],
          users: [
            { name: "carol", roles: ["analyst", "reporter"], homeDatabase: "db1" },
            { name: "dave", roles: ["reporter"] },
          ],
        },
        { alias: { properties: { note: "changed" } } },
      );
      const beforeChange = clone(fake.state);
      const from = states.length;
      deploy(v2);
      const changed = await tfOk(run, ["apply", "-auto-approve", "-input=false"]);
      expect(changed).toContain("must be replaced");
      expect(changed).toContain("changing the applied state into the declared one in one transaction");
      expect(changed).toContain("this apply's `cypher replace` step has just applied this state");
      const during = states.slice(from);
      const check12 = new TransitionChecker(v1, v2, beforeChange);
      const findings = during.map((s) => check12.check(s));
      expect(findings.flatMap((f) => f.gaps)).toEqual([]);
      expect(findings.flatMap((f) => f.excess)).toEqual([]);
      expect(findings.some((f) => f.touched)).toBe(false);
      // The items both declare are the ones that had to survive (the check above was not vacuous).
      expect([...declaredItems(v1)].filter((x) => declaredItems(v2).has(x))).toEqual(
        expect.arrayContaining(["role analyst", "grant analyst to carol", "home carol db1", "alias db1-remote-alias remote db1"]),
      );
      // One write commit made the whole change: the new state exactly, nothing of v1's that v2 dropped.
      const writeStates = during.filter((s, i) => JSON.stringify(s) !== JSON.stringify(i === 0 ? beforeChange : during[i - 1]));
      expect(writeStates).toHaveLength(1);
      const present = presentItems(fake.state);
      expect([...declaredItems(v2)].filter((x) => !present.has(x))).toEqual([]);
      expect([...declaredItems(v1)].filter((x) => !declaredItems(v2).has(x) && present.has(x))).toEqual([]);
      expect(fake.alias("db1-remote-alias")!.properties).toEqual({ note: "changed" });
      await converged(run, v2);

      // v3 fails at the server: the change is rolled back, the old object stays, the next apply makes it.
      const v3 = v({
        roles: [{ name: "analyst", privileges: [{ privilege: "ACCESS", database: "db1" }] }, { name: "reporter", privileges: [{ privilege: "ACCESS", database: "db4" }] }],
        users: [{ name: "carol", roles: ["analyst", "reporter"] }, { name: "dave", roles: ["reporter"] }],
      });
      deploy(v3);
      const beforeFailure = clone(fake.state);
      server.failNext({ kind: "failure", match: /db4/, failure: { code: "Neo.ClientError.Statement.ExecutionFailed", message: "injected: the statement failed", gqlStatus: "50N42" } });
      const failed = await tf(run, ["apply", "-auto-approve", "-input=false"]);
      expect(failed.ok).toBe(false);
      expect(failed.output).toContain("the transaction was rolled back and nothing was changed");
      expect(fake.state).toEqual(beforeFailure);
      expect((await tf(run, ["plan", "-input=false"])).output).toContain("must be replaced");
      const from3 = states.length;
      await tfOk(run, ["apply", "-auto-approve", "-input=false"]);
      const check23 = new TransitionChecker(v2, v3, beforeFailure);
      const findings3 = states.slice(from3).map((s) => check23.check(s));
      expect(findings3.flatMap((f) => [...f.gaps, ...f.excess])).toEqual([]);
      expect(fake.user("carol")).toEqual({ name: "carol", roles: ["PUBLIC", "analyst", "reporter"], home: null });
      await converged(run, v3);

      for (const { file, hits } of scanForSecrets(dir)) expect({ file, hits }).toEqual({ file, hits: 0 });
      // cdktf's default local backend names the state terraform.<stack>.tfstate: it must be there and be scanned.
      expect(fs.readdirSync(dir)).toContain("terraform.neo4j-access.tfstate");
      expect(fs.readFileSync(path.join(dir, "terraform.neo4j-access.tfstate"), "utf8")).toContain("T_NEO4J_PW");

      // Destroy: exactly what v3 declared goes; what others own stays.
      await tfOk(run, ["destroy", "-auto-approve", "-input=false"]);
      const left = presentItems(fake.state);
      expect([...declaredItems(v3)].filter((x) => left.has(x))).toEqual([]);
      expect(fake.state.roles).toEqual(expect.arrayContaining(["foreign_role", "reader"]));
      expect(fake.state.privileges).toContain("GRANT ACCESS ON DATABASE `db1` TO `foreign_role`");
      expect(fake.user("dave")!.roles).toEqual(["PUBLIC", "foreign_role"]);
      expect(fake.alias("db1-remote-alias")).toBeUndefined();
      for (const { file, hits } of scanForSecrets(dir)) expect({ file, hits }).toEqual({ file, hits: 0 });
    });

    test("terraform killed (SIGKILL) in the middle of a change: the next apply makes the change, without a gap", async () => {
      const { dir, run, deploy } = stackFolder();
      const short = (over: Partial<Neo4jAccessInput>) => access(server.url("bolt"), { runner: { type: "local-exec", cliCommand: cli.command, timeout: "6s" }, remoteAliases: [], ...over });
      const k1 = short({ roles: [{ name: "killed_kept", privileges: [{ privilege: "ACCESS", database: "db1" }] }, { name: "killed_old", privileges: [] }], users: [{ name: "carol", roles: ["killed_kept", "killed_old"] }] });
      const k2 = short({ roles: [{ name: "killed_kept", privileges: [{ privilege: "ACCESS", database: "db1" }] }, { name: "killed_new", privileges: [] }], users: [{ name: "carol", roles: ["killed_kept", "killed_new"] }] });
      deploy(k1);
      await tfOk(run, ["init", "-input=false"]);
      await tfOk(run, ["apply", "-auto-approve", "-input=false"]);
      deploy(k2);
      const before = clone(fake.state);
      const from = states.length;
      // The replace step's write transaction (its second BEGIN) is never answered: terraform waits in the provisioner.
      server.inject({ on: "BEGIN", nth: 2, action: { do: "stall" }, label: "stall" });
      const child = spawn("terraform", ["apply", "-auto-approve", "-input=false", "-no-color"], { cwd: dir, env: run.env, stdio: "ignore" });
      const exited = new Promise<NodeJS.Signals | null>((resolve) => child.on("exit", (_c, sig) => resolve(sig)));
      for (let i = 0; i < 600 && !server.firedFaults.some((f) => f.label === "stall"); i++) await new Promise((r) => setTimeout(r, 100));
      expect(server.firedFaults.some((f) => f.label === "stall")).toBe(true);
      child.kill("SIGKILL");
      expect(await exited).toBe("SIGKILL");
      expect(fake.state).toEqual(before);
      // The local backend's lock died with the process: the next apply proceeds and makes the same change.
      const again = await tfOk(run, ["apply", "-auto-approve", "-input=false"]);
      expect(again).toContain("changing the applied state into the declared one in one transaction");
      const checker = new TransitionChecker(k1, k2, before);
      expect(states.slice(from).flatMap((st) => [...checker.check(st).gaps, ...checker.check(st).excess])).toEqual([]);
      expect(fake.user("carol")!.roles).toEqual(expect.arrayContaining(["killed_kept", "killed_new"]));
      expect(fake.user("carol")!.roles).not.toContain("killed_old");
      await converged(run, k2);
      await tfOk(run, ["destroy", "-auto-approve", "-input=false"]);
    });
  },
  false,
);
