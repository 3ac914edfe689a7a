import { lambdaDeadlineMs, makeHandler } from "../../../runtime/cypher/lambda-handler";
import { stateHash } from "../../../domain/state-hash";
import { BoltTestServer } from "../../support/bolt-server";
import { FakeSystemDb } from "../../support/fake-system-db";
import { ADMIN_ARN, lambdaAccess, REMOTE_ARN, SECRETS } from "../../constructs/neo4j/fixtures";

/**
 * The Lambda entry point of the access reconciler, in-process, with the events aws_lambda_invocation sends; the
 * bundle built from it is run in test/constructs/neo4j/lambda-runner.test.ts.
 */
describe("Lambda handler, in-process, with the events aws_lambda_invocation sends (lifecycle_scope CRUD)", () => {
  let server: BoltTestServer;
  let fake: FakeSystemDb;
  const fetched: string[] = [];
  const handler = makeHandler({
    fetchSecretsManager: async (arn) => {
      fetched.push(arn);
      if (!(arn in SECRETS)) throw Object.assign(new Error("Secrets Manager can't find the specified secret."), { name: "ResourceNotFoundException" });
      return SECRETS[arn];
    },
    env: {},
    log: () => undefined,
  });
  beforeAll(async () => {
    fake = new FakeSystemDb({ users: [{ name: "neo4j", roles: ["admin"], home: null }, { name: "carol", roles: ["PUBLIC"], home: null }] });
    server = await BoltTestServer.start({ handler: fake.handler, hooks: fake.hooks, users: { neo4j: "lambda-admin-pw-1" } });
  });
  afterAll(async () => server.close());

  test("apply: create -> update (prev_input is the ownership record, one transaction) -> delete does nothing; removal removes", async () => {
    const { runner: _r, ...v1 } = lambdaAccess(server.url());
    const created = await handler({ state: v1, tf: { action: "create", prev_input: null } });
    expect(created).toMatchObject({ action: "create", role: "apply", applied: true, state: v1, stateSha256: stateHash(v1) });
    expect(created.statements).toHaveLength(4);
    expect(fake.alias("db1-remote-alias")!.password).toBe("lambda-remote-pw-2");
    expect(fetched).toEqual(expect.arrayContaining([ADMIN_ARN, REMOTE_ARN]));
    expect(JSON.stringify(created)).not.toContain("lambda-remote-pw-2");

    // Same input again (e.g. a triggers change): nothing to do.
    expect((await handler({ state: v1, tf: { action: "update", prev_input: { state: v1 } } })).statements).toEqual([]);

    const { runner: _r2, ...v2 } = lambdaAccess(server.url(), { remoteAliases: [], roles: [{ name: "remote_access", privileges: [] }] });
    const sent = server.statements.length;
    const updated = await handler({ state: v2, tf: { action: "update", prev_input: { state: v1 } } });
    // Dropping the alias drops the privilege granted on it (Operations Manual): no REVOKE is needed.
    expect(updated.statements).toEqual(["DROP ALIAS `db1-remote-alias` IF EXISTS FOR DATABASE"]);
    expect(new Set(server.statements.slice(sent).filter((w) => !w.query.startsWith("SHOW")).map((w) => w.txId)).size).toBe(1);
    expect(fake.state.privileges.some((p) => p.includes("db1-remote-alias"))).toBe(false);
    expect(fake.state.roles).toContain("remote_access");
    expect(fake.user("carol")!.roles).toContain("remote_access");

    const deleted = await handler({ state: v2, tf: { action: "delete", prev_input: { state: v2 } } });
    expect(deleted).toMatchObject({ role: "apply", statements: [], applied: false });
    expect(fake.state.roles).toContain("remote_access");

    // The removal invocation records on create/update and removes both states on delete.
    expect((await handler({ removeOnDestroy: { owned: v2, applied: v1 }, tf: { action: "update", prev_input: null } })).statements).toEqual([]);
    const removed = await handler({ removeOnDestroy: { owned: v2, applied: v1 }, tf: { action: "delete", prev_input: null } });
    expect(removed.statements).toEqual(["DROP ROLE `remote_access` IF EXISTS"]);
    expect(fake.user("carol")!.roles).toEqual(["PUBLIC"]);
  });

  test("converge: a read when the apply invocation applied the declared state; the change itself when its update failed", async () => {
    const { runner: _r, ...v1 } = lambdaAccess(server.url(), { users: [], remoteAliases: [], roles: [{ name: "conv_a", privileges: [] }] });
    const { runner: _r2, ...v2 } = lambdaAccess(server.url(), { users: [], remoteAliases: [], roles: [{ name: "conv_b", privileges: [] }] });
    await handler({ state: v1, tf: { action: "create", prev_input: null } });
    const same = await handler({ converge: { to: v1, from: v1 }, tf: { action: "create", prev_input: null } });
    expect(same).toMatchObject({ role: "converge", statements: [], stateSha256: stateHash(v1) });
    // The apply invocation's update to v2 failed: its result still says v1, Terraform recorded v2.
    const repaired = await handler({ converge: { to: v2, from: v1 }, tf: { action: "update", prev_input: { converge: { to: v1, from: v1 } } } as any });
    expect(repaired.statements).toEqual(["DROP ROLE `conv_a` IF EXISTS", "CREATE ROLE `conv_b` IF NOT EXISTS"]);
    expect(repaired.stateSha256).toBe(stateHash(v2));
    // Its delete removes nothing: `terraform apply -replace` on it is a safe retry.
    expect((await handler({ converge: { to: v2, from: v1 }, tf: { action: "delete", prev_input: null } })).statements).toEqual([]);
    expect(fake.state.roles).toContain("conv_b");
    await handler({ removeOnDestroy: { owned: v2, applied: null }, tf: { action: "delete", prev_input: null } });
  });

  test("the deadline comes from the invocation's remaining time: too little left fails at once, naming it", async () => {
    const { runner: _r, ...v1 } = lambdaAccess(server.url());
    const n = server.statements.length;
    await expect(handler({ state: v1, tf: { action: "create" } }, { getRemainingTimeInMillis: () => 4_000 })).rejects.toThrow(
      "the function has 4 s left of its timeout, too little to connect and apply; nothing was changed; raise runner.timeout",
    );
    expect(server.statements.length).toBe(n);
  });

  test("a server that stops answering: the handler gives up before Lambda would kill it, with the cause", async () => {
    const { runner: _r, ...v1 } = lambdaAccess(server.url(), { users: [], remoteAliases: [], roles: [{ name: "stalled", privileges: [] }] });
    server.failNext({ kind: "hang" });
    const started = Date.now();
    // 7 s left: the handler keeps 5 s free and works for the 2 s that remain (its least), waited for in real time.
    const remaining = 7_000;
    const e = await handler({ state: v1, tf: { action: "create" } }, { getRemainingTimeInMillis: () => remaining - (Date.now() - started) }).catch((x) => x);
    expect(e.message).toMatch(/stopped answering and the \d+(\.\d)? s left of the timeout ran out/);
    expect(fake.state.roles).not.toContain("stalled");
  });

  test.each<[string, object, string]>([
    ["unknown action", { state: {}, tf: { action: "read" } }, 'unknown tf.action "read"'],
    ["no state", { tf: { action: "create" } }, "the invocation input has no `state`"],
    ["invalid state", { state: { connection: {} }, tf: { action: "create" } }, "input.state.connection.uri: is missing"],
  ])("rejects %s with a clear error", async (_n, event, msg) => {
    await expect(handler(event as any)).rejects.toThrow(msg);
  });

  test("a secret that cannot be read is named", async () => {
    const { runner: _r, ...s } = lambdaAccess(server.url(), { connection: { uri: server.url(), user: "neo4j", allowInsecureUrl: true, password: { secretsManagerArn: "arn:aws:secretsmanager:eu-west-1:123456789012:secret:missing-XyZ" } } });
    await expect(handler({ state: s, tf: { action: "create" } })).rejects.toThrow(
      "cannot read Secrets Manager arn:aws:secretsmanager:eu-west-1:123456789012:secret:missing-XyZ: ResourceNotFoundException: Secrets Manager can't find the specified secret.",
    );
  });
});

describe("the deadline inside one invocation", () => {
  test.each<[number, number | undefined, number | null]>([
    [900_000, undefined, 810_000],
    [60_000, undefined, 54_000],
    [30_000, undefined, 25_000],
    [60_000, 20_000, 20_000],
    [8_000, undefined, 3_000],
    [6_000, undefined, null],
    [1_000, 60_000, null],
  ])("lambdaDeadlineMs(remaining %d, configured %s) = %s: a tenth (at least 5 s) kept free", (remaining, configured, expected) => expect(lambdaDeadlineMs(remaining, configured)).toBe(expected));
});
