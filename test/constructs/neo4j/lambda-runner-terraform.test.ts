/**
 * The Lambda runner under real Terraform: the AWS provider's aws_lambda_invocation (lifecycle_scope CRUD)
 * invokes the real handler through a Lambda Invoke API on loopback (test/support/fake-lambda.ts), which runs
 * the reconciler against the Bolt test server. Only the three invocations are applied (the function, role
 * and security group need AWS); every state the server passes through is recorded.
 */
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { Testing } from "cdktf";
import type { Neo4jAccessConfig, Neo4jAccessInput } from "../../../domain/neo4j/access-model";
import { Neo4jAccessLambdaRunner, type LambdaRunnerConfig } from "../../../constructs/neo4j/lambda-runner";
import { makeHandler } from "../../../runtime/cypher/lambda-handler";
import { TransitionChecker, declaredItems, presentItems, recordingHooks, serverWithForeignAccess } from "../../support/access-invariants";
import { BoltTestServer } from "../../support/bolt-server";
import { FakeLambda } from "../../support/fake-lambda";
import { FakeSystemDb, type FakeState } from "../../support/fake-system-db";
import { describeWithTerraform, offlineEnv, terraformAsync, terraformAsyncOk, type TerraformRun } from "../../support/terraform";
import { lambdaAccess, SECRETS } from "./fixtures";

const FUNCTION = "neo4j-access-test";
const clone = <T>(x: T): T => JSON.parse(JSON.stringify(x)) as T;

const tf = terraformAsync;
const tfOk = terraformAsyncOk;

/** The construct's invocations as synthesized, pointed at a literal function name and the fake Lambda endpoint. */
function invocationsConfig(access: Neo4jAccessConfig, lambdaUrl: string): { json: unknown; converge: string } {
  const j = JSON.parse(Testing.synthScope((s) => void new Neo4jAccessLambdaRunner(s, "neo4j_access", { access, runner: access.runner as LambdaRunnerConfig }))) as {
    resource: { aws_lambda_invocation: Record<string, Record<string, unknown>> };
  };
  const invocations = j.resource.aws_lambda_invocation;
  for (const inv of Object.values(invocations)) {
    inv.function_name = FUNCTION;
    inv.depends_on = ((inv.depends_on as string[] | undefined) ?? []).filter((d) => d.startsWith("aws_lambda_invocation."));
  }
  return {
    converge: `aws_lambda_invocation.${Object.keys(invocations).find((k) => k.includes("converge"))}`,
    json: {
      terraform: { required_providers: { aws: { source: "hashicorp/aws", version: "5.100.0" } } },
      provider: {
        aws: [{ region: "eu-west-1", skip_credentials_validation: true, skip_requesting_account_id: true, skip_metadata_api_check: true, endpoints: [{ lambda: lambdaUrl }] }],
      },
      resource: { aws_lambda_invocation: invocations },
    },
  };
}

describeWithTerraform("Lambda runner: real terraform with aws_lambda_invocation (CRUD) against the handler and the Bolt test server", () => {
  let server: BoltTestServer;
  let fake: FakeSystemDb;
  let lambda: FakeLambda;
  const states: FakeState[] = [];
  const logs: string[] = [];
  beforeAll(async () => {
    fake = new FakeSystemDb(serverWithForeignAccess());
    server = await BoltTestServer.start({
      handler: fake.handler,
      hooks: recordingHooks(fake, states),
      users: { neo4j: "lambda-admin-pw-1" },
    });
    const handler = makeHandler({ fetchSecretsManager: async (arn) => SECRETS[arn], env: {}, log: (l) => void logs.push(l) });
    lambda = await FakeLambda.start(FUNCTION, (event, context) => handler(event as never, context));
  });
  afterAll(async () => {
    await lambda?.close();
    await server?.close();
  });

  const v = (over: Partial<Neo4jAccessInput>) => lambdaAccess(server.url(), { remoteAliases: [], ...over });

  test("changes without a gap; a failed update is made by converge on the next apply; a double failure stops the plan and -replace recovers; destroy removes", async () => {
    const root = fs.mkdtempSync(path.join(os.tmpdir(), "lambda-runner-tf-"));
    const dir = path.join(root, "stack");
    fs.mkdirSync(dir);
    const run: TerraformRun = { dir, env: { ...offlineEnv(root), AWS_REGION: "eu-west-1" } };
    let converge = "";
    const deploy = (a: Neo4jAccessConfig) => {
      const c = invocationsConfig(a, lambda.url);
      converge = c.converge;
      fs.writeFileSync(path.join(dir, "main.tf.json"), JSON.stringify(c.json, null, 2));
    };
    const actions = () => lambda.events.map((e) => {
      const x = e as { state?: unknown; converge?: unknown; tf: { action: string } };
      return `${x.state ? "apply" : x.converge ? "converge" : "remove"}:${x.tf.action}`;
    });

    const v1 = v({
      roles: [
        { name: "analyst", privileges: [{ privilege: "ACCESS", database: "db1" }, { privilege: "MATCH", graph: "db1" }] },
        { name: "auditor", privileges: [{ privilege: "ACCESS", database: "db2" }] },
      ],
      users: [{ name: "carol", roles: ["analyst", "auditor"], homeDatabase: "db1" }],
    });
    deploy(v1);
    await tfOk(run, ["init", "-input=false"]);
    await tfOk(run, ["apply", "-auto-approve", "-input=false"]);
    expect(actions()).toEqual(["apply:create", "converge:create", "remove:create"]);
    expect([...declaredItems(v1)].filter((x) => !presentItems(fake.state).has(x))).toEqual([]);

    // A change: the apply invocation's update makes it in one transaction, with tf.prev_input as the previous state.
    const v2 = v({
      roles: [
        { name: "analyst", privileges: [{ privilege: "ACCESS", database: "db1" }, { privilege: "TRAVERSE", graph: "db1" }] },
        { name: "reporter", privileges: [{ privilege: "ACCESS", database: "db3" }] },
      ],
      users: [{ name: "carol", roles: ["analyst", "reporter"], homeDatabase: "db1" }],
    });
    let before = clone(fake.state);
    let from = states.length;
    lambda.events.length = 0;
    deploy(v2);
    await tfOk(run, ["apply", "-auto-approve", "-input=false"]);
    expect(actions()).toEqual(["apply:update", "converge:update", "remove:update"]);
    const c12 = new TransitionChecker(v1, v2, before);
    expect(states.slice(from).flatMap((s) => { const f = c12.check(s); return [...f.gaps, ...f.excess, ...(f.touched ? ["touched"] : [])]; })).toEqual([]);
    expect([...declaredItems(v2)].filter((x) => !presentItems(fake.state).has(x))).toEqual([]);

    // The apply invocation's update fails: Terraform records its input anyway (and the next apply would show no
    // change for it). Here the configuration changes again before that: the apply invocation's update starts
    // from the failed input, and converge removes what the state the server really held declared.
    const v3 = v({ roles: [{ name: "analyst", privileges: [{ privilege: "ACCESS", database: "db1" }] }, { name: "v3_only", privileges: [] }], users: [{ name: "carol", roles: ["analyst", "v3_only"] }] });
    deploy(v3);
    before = clone(fake.state);
    const failure = { code: "Neo.ClientError.Statement.ExecutionFailed", message: "injected: the statement failed", gqlStatus: "50N42" };
    server.failNext({ kind: "failure", match: /v3_only/, failure });
    const failed = await tf(run, ["apply", "-auto-approve", "-input=false"]);
    expect(failed.ok).toBe(false);
    expect(failed.output).toContain("the transaction was rolled back and nothing was changed");
    expect(fake.state).toEqual(before);
    const v3b = v({ roles: [{ name: "analyst", privileges: [{ privilege: "ACCESS", database: "db1" }] }, { name: "v3b_only", privileges: [] }], users: [{ name: "carol", roles: ["analyst", "v3b_only"] }] });
    deploy(v3b);
    from = states.length;
    lambda.events.length = 0;
    await tfOk(run, ["apply", "-auto-approve", "-input=false"]);
    expect(actions()).toEqual(["apply:update", "converge:update", "remove:update"]);
    const c23 = new TransitionChecker(v2, v3b, before);
    expect(states.slice(from).flatMap((s) => { const f = c23.check(s); return [...f.gaps, ...f.excess, ...(f.touched ? ["touched"] : [])]; })).toEqual([]);
    // Nothing of v2 that v3b dropped is left (the apply invocation alone, starting from v3, would have left it).
    expect([...declaredItems(v2)].filter((x) => !declaredItems(v3b).has(x) && presentItems(fake.state).has(x))).toEqual([]);
    expect(fake.user("carol")).toEqual({ name: "carol", roles: ["PUBLIC", "analyst", "v3b_only"], home: null });

    // Both fail: the plan stops with the way out, and -replace of converge makes the change.
    const v4 = v({ roles: [{ name: "analyst", privileges: [{ privilege: "ACCESS", database: "db1" }] }, { name: "v4_only", privileges: [] }], users: [{ name: "carol", roles: ["analyst", "v4_only"] }] });
    deploy(v4);
    before = clone(fake.state);
    server.failNext({ kind: "failure", match: /v4_only/, failure });
    expect((await tf(run, ["apply", "-auto-approve", "-input=false"])).ok).toBe(false);
    server.failNext({ kind: "failure", match: /v4_only/, failure });
    expect((await tf(run, ["apply", "-auto-approve", "-input=false"])).ok).toBe(false);
    expect(fake.state).toEqual(before);
    const stopped = await tf(run, ["plan", "-input=false"]);
    expect(stopped.ok).toBe(false);
    const said = stopped.output.replace(/\s+/g, " ");
    expect(said).toContain("Error: Resource postcondition failed");
    expect(said).toMatch(/The declared Neo4j access state \(sha256 [0-9a-f]{64}\) is not applied/);
    expect(said).toContain(`run: terraform apply -replace=${converge} (replacing this converge invocation removes nothing`);
    from = states.length;
    await tfOk(run, ["apply", "-auto-approve", "-input=false", `-replace=${converge}`]);
    const c34 = new TransitionChecker(v3b, v4, before);
    expect(states.slice(from).flatMap((s) => { const f = c34.check(s); return [...f.gaps, ...f.excess]; })).toEqual([]);
    expect(fake.user("carol")!.roles).toEqual(["PUBLIC", "analyst", "v4_only"]);
    expect(await tfOk(run, ["plan", "-input=false", "-detailed-exitcode"])).toContain("No changes.");

    // Destroy: exactly what was declared goes.
    await tfOk(run, ["destroy", "-auto-approve", "-input=false"]);
    const left = presentItems(fake.state);
    expect([...declaredItems(v4), ...declaredItems(v3b)].filter((x) => left.has(x))).toEqual([]);
    expect(fake.state.roles).toEqual(expect.arrayContaining(["foreign_role", "reader"]));
    expect(fake.user("dave")!.roles).toEqual(["PUBLIC", "foreign_role"]);
    // Each terraform command starts the AWS provider (seconds each, more on a loaded machine).
  }, 900_000);
});
