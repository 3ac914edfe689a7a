/**
 * Lambda handler edge cases, in-process, against two Bolt test servers with fake system databases (server A
 * and server B): what each invocation does on create, update and delete (and what it must leave alone), the
 * deadline derived from the configured timeout and the remaining time, the environment and secret handling,
 * the field an invalid input is reported under, and the result returned to Terraform.
 */
import { handler as lambdaHandler, lambdaDeadlineMs, makeHandler, type HandlerDeps, type HandlerResult, type InvocationEvent } from "../../../runtime/cypher/lambda-handler";
import { BoltTestServer } from "../../support/bolt-server";
import { FakeSystemDb } from "../../support/fake-system-db";
import { TEST_SECRETS } from "../../support/test-secrets";

const ADMIN_PW = TEST_SECRETS.neo4jAdminPassword;
const ADMIN_ARN = "arn:aws:secretsmanager:eu-west-1:123456789012:secret:edge-admin-QrStUv";

let a: { server: BoltTestServer; fake: FakeSystemDb };
let b: { server: BoltTestServer; fake: FakeSystemDb };

/** A server holding the built-in roles plus `extra` (roles another team or an earlier apply created). */
async function start(extra: string[]) {
  const fake = new FakeSystemDb({
    roles: ["PUBLIC", "admin", "architect", "publisher", "editor", "reader", ...extra],
    users: [{ name: "neo4j", roles: ["admin", "PUBLIC"], home: null }],
  });
  const server = await BoltTestServer.start({ handler: fake.handler, hooks: fake.hooks, users: { neo4j: ADMIN_PW } });
  return { server, fake };
}

beforeEach(async () => {
  a = await start(["r_old", "foreign_r"]);
  // B has its own role named like A's old one: someone else's, never touched by a state applied to A.
  b = await start(["r_old"]);
});
afterEach(async () => {
  await a.server.close();
  await b.server.close();
});

const fetched: string[] = [];
const fetchSecretsManager: HandlerDeps["fetchSecretsManager"] = async (arn) => {
  fetched.push(arn);
  if (arn !== ADMIN_ARN) throw Object.assign(new Error("Secrets Manager can't find the specified secret."), { name: "ResourceNotFoundException" });
  return ADMIN_PW;
};
const quiet = (over: Partial<HandlerDeps> = {}) => makeHandler({ fetchSecretsManager, env: {}, log: () => undefined, ...over });

/** A state on server A (password from Secrets Manager) declaring `roles`, each without privileges. */
const onA = (...roles: string[]) => ({
  connection: { uri: a.server.url(), user: "neo4j", password: { secretsManagerArn: ADMIN_ARN }, allowInsecureUrl: true },
  roles: roles.map((name) => ({ name, privileges: [] })),
});
/** A state on server B, its password from the environment variable B_PW. */
const onB = (...roles: string[]) => ({
  connection: { uri: b.server.url(), user: "neo4j", password: { env: "B_PW" }, allowInsecureUrl: true },
  roles: roles.map((name) => ({ name, privileges: [] })),
});
const ENV = { B_PW: ADMIN_PW };
const INVALID = { connection: {} };

const rolesOn = (s: { fake: FakeSystemDb }) => s.fake.state.roles.filter((r) => r.startsWith("r_") || r === "foreign_r");

describe("delete on the apply and converge invocations, create/update on the removal invocation: nothing is sent", () => {
  test.each<[string, () => InvocationEvent, HandlerResult]>([
    [
      "apply, delete (the removal invocation removes)",
      () => ({ state: onA("r_new"), tf: { action: "delete", prev_input: { state: onA("r_old") } } }),
      { action: "delete", role: "apply", applied: false, attempts: 0, statements: [] },
    ],
    [
      "converge, delete (terraform apply -replace on it is a safe retry)",
      () => ({ converge: { to: onA("r_new"), from: onA("r_old") }, tf: { action: "delete", prev_input: null } }),
      { action: "delete", role: "converge", applied: false, attempts: 0, statements: [] },
    ],
    [
      "removal, create (records only)",
      () => ({ removeOnDestroy: { owned: onA("r_old"), applied: onA("r_old") }, tf: { action: "create", prev_input: null } }),
      { action: "create", role: "remove-on-destroy", applied: false, attempts: 0, statements: [] },
    ],
    [
      "removal, update (records only)",
      () => ({ removeOnDestroy: { owned: onA("r_old") }, tf: { action: "update", prev_input: null } }),
      { action: "update", role: "remove-on-destroy", applied: false, attempts: 0, statements: [] },
    ],
  ])("%s", async (_name, event, expected) => {
    expect(await quiet()(event())).toEqual(expected);
    expect(a.server.statements).toEqual([]);
    expect(rolesOn(a)).toEqual(["r_old", "foreign_r"]);
  });
});

describe("the apply invocation: create and update, one server or two", () => {
  test.each<[string, () => InvocationEvent, string[], number, string[], string[]]>([
    ["create", () => ({ state: onA("r_new"), tf: { action: "create", prev_input: null } }), ["CREATE ROLE `r_new` IF NOT EXISTS"], 1, ["r_old", "foreign_r", "r_new"], ["r_old"]],
    ["no tf at all is a create", () => ({ state: onA("r_new") }), ["CREATE ROLE `r_new` IF NOT EXISTS"], 1, ["r_old", "foreign_r", "r_new"], ["r_old"]],
    [
      "create ignores a prev_input (it owns nothing yet)",
      () => ({ state: onA("r_new"), tf: { action: "create", prev_input: { state: onA("r_old", "foreign_r") } } }),
      ["CREATE ROLE `r_new` IF NOT EXISTS"],
      1,
      ["r_old", "foreign_r", "r_new"],
      ["r_old"],
    ],
    [
      "update: what the previous state declared and this one drops is removed",
      () => ({ state: onA("r_new"), tf: { action: "update", prev_input: { state: onA("r_old") } } }),
      ["DROP ROLE `r_old` IF EXISTS", "CREATE ROLE `r_new` IF NOT EXISTS"],
      1,
      ["foreign_r", "r_new"],
      ["r_old"],
    ],
    ["update with a null prev_input is a create", () => ({ state: onA("r_new"), tf: { action: "update", prev_input: null } }), ["CREATE ROLE `r_new` IF NOT EXISTS"], 1, ["r_old", "foreign_r", "r_new"], ["r_old"]],
    ["update without prev_input is a create", () => ({ state: onA("r_new"), tf: { action: "update" } }), ["CREATE ROLE `r_new` IF NOT EXISTS"], 1, ["r_old", "foreign_r", "r_new"], ["r_old"]],
    ["update with a null prev_input.state is a create", () => ({ state: onA("r_new"), tf: { action: "update", prev_input: { state: null } } }), ["CREATE ROLE `r_new` IF NOT EXISTS"], 1, ["r_old", "foreign_r", "r_new"], ["r_old"]],
    [
      "update that moves to another server: the old state is removed from A, the new one applied on B; B's own r_old stays",
      () => ({ state: onB("r_new"), tf: { action: "update", prev_input: { state: onA("r_old") } } }),
      ["DROP ROLE `r_old` IF EXISTS", "CREATE ROLE `r_new` IF NOT EXISTS"],
      2,
      ["foreign_r"],
      ["r_old", "r_new"],
    ],
  ])("%s", async (_name, event, statements, attempts, rolesA, rolesB) => {
    const ev = event();
    const r = await quiet({ env: ENV })(ev);
    expect(r).toEqual({ action: ev.tf?.action ?? "create", role: "apply", applied: true, attempts, statements, state: ev.state, stateSha256: expect.stringMatching(/^[0-9a-f]{64}$/) });
    expect(rolesOn(a)).toEqual(rolesA);
    expect(rolesOn(b)).toEqual(rolesB);
  });
});

describe("the converge invocation: every state the server may hold is ours, on whichever server it is", () => {
  test.each<[string, () => InvocationEvent, string[], number, string[], string[]]>([
    ["no tf at all: a create", () => ({ converge: { to: onA("r_new"), from: onA("r_old") } }), ["DROP ROLE `r_old` IF EXISTS", "CREATE ROLE `r_new` IF NOT EXISTS"], 1, ["foreign_r", "r_new"], ["r_old"]],
    [
      "a null from owns nothing",
      () => ({ converge: { to: onA("r_new"), from: null }, tf: { action: "create", prev_input: null } }),
      ["CREATE ROLE `r_new` IF NOT EXISTS"],
      1,
      ["r_old", "foreign_r", "r_new"],
      ["r_old"],
    ],
    [
      "what this invocation was last asked for (tf.prev_input.converge) is ours too",
      () => ({ converge: { to: onA("r_new"), from: onA("r_new") }, tf: { action: "update", prev_input: { converge: { to: onA("r_old"), from: onA("r_new") } } } }),
      ["DROP ROLE `r_old` IF EXISTS", "CREATE ROLE `r_new` IF NOT EXISTS"],
      1,
      ["foreign_r", "r_new"],
      ["r_old"],
    ],
    [
      "from on another server: removed there (its own transaction), the declared state applied on A without touching A's r_old",
      () => ({ converge: { to: onA("r_new"), from: onB("r_old") }, tf: { action: "update", prev_input: null } }),
      ["DROP ROLE `r_old` IF EXISTS", "CREATE ROLE `r_new` IF NOT EXISTS"],
      2,
      ["r_old", "foreign_r", "r_new"],
      [],
    ],
  ])("%s", async (_name, event, statements, attempts, rolesA, rolesB) => {
    const ev = event();
    const r = await quiet({ env: ENV })(ev);
    expect(r).toEqual({ action: ev.tf?.action ?? "create", role: "converge", applied: true, attempts, statements, state: ev.converge!.to, stateSha256: expect.stringMatching(/^[0-9a-f]{64}$/) });
    expect(rolesOn(a)).toEqual(rolesA);
    expect(rolesOn(b)).toEqual(rolesB);
  });
});

describe("the removal invocation on delete: removes what it owns and what was applied", () => {
  test.each<[string, () => InvocationEvent, string[], number, string[]]>([
    ["owned only (applied absent)", () => ({ removeOnDestroy: { owned: onA("r_old") }, tf: { action: "delete", prev_input: null } }), ["DROP ROLE `r_old` IF EXISTS"], 1, ["foreign_r"]],
    ["owned only (applied null)", () => ({ removeOnDestroy: { owned: onA("r_old"), applied: null }, tf: { action: "delete" } }), ["DROP ROLE `r_old` IF EXISTS"], 1, ["foreign_r"]],
    [
      "owned and a different applied state: both removed, one transaction each",
      () => ({ removeOnDestroy: { owned: onA("r_old"), applied: onA("foreign_r") }, tf: { action: "delete" } }),
      ["DROP ROLE `r_old` IF EXISTS", "DROP ROLE `foreign_r` IF EXISTS"],
      2,
      [],
    ],
  ])("%s", async (_name, event, statements, attempts, rolesA) => {
    expect(await quiet()(event())).toEqual({ action: "delete", role: "remove-on-destroy", applied: true, attempts, statements });
    expect(rolesOn(a)).toEqual(rolesA);
  });
});

describe("an invalid input is reported under the field it came from; nothing is sent", () => {
  test.each<[string, () => InvocationEvent, string]>([
    ["converge.to", () => ({ converge: { to: INVALID, from: onA("r_old") } }), "input.converge.to.connection.uri: is missing"],
    ["converge.from", () => ({ converge: { to: onA("r_new"), from: INVALID } }), "input.converge.from.connection.uri: is missing"],
    [
      "tf.prev_input.converge.to",
      () => ({ converge: { to: onA("r_new"), from: onA("r_old") }, tf: { action: "update", prev_input: { converge: { to: INVALID } } } }),
      "tf.prev_input.converge.to.connection.uri: is missing",
    ],
    [
      "tf.prev_input.converge.to with no converge.from",
      () => ({ converge: { to: onA("r_new"), from: null }, tf: { action: "update", prev_input: { converge: { to: INVALID } } } }),
      "tf.prev_input.converge.to.connection.uri: is missing",
    ],
    [
      "tf.prev_input.converge.from",
      () => ({ converge: { to: onA("r_new") }, tf: { action: "update", prev_input: { converge: { to: onA("r_old"), from: INVALID } } } }),
      "tf.prev_input.converge.from.connection.uri: is missing",
    ],
    ["removeOnDestroy.owned", () => ({ removeOnDestroy: { owned: INVALID }, tf: { action: "delete" } }), "input.removeOnDestroy.owned.connection.uri: is missing"],
    ["removeOnDestroy.applied", () => ({ removeOnDestroy: { owned: onA("r_old"), applied: INVALID }, tf: { action: "delete" } }), "input.removeOnDestroy.applied.connection.uri: is missing"],
    ["tf.prev_input.state", () => ({ state: onA("r_new"), tf: { action: "update", prev_input: { state: INVALID } } }), "tf.prev_input.state.connection.uri: is missing"],
  ])("%s", async (_name, event, message) => {
    await expect(quiet()(event())).rejects.toThrow(message);
    expect(a.server.statements).toEqual([]);
  });
});

describe("the deadline: configured timeout (deps, then AURA_SECURE_TIMEOUT_MS) and the invocation's remaining time", () => {
  const TOO_LITTLE_60S = "the function has 60 s left of its timeout, too little to connect and apply; nothing was changed; raise runner.timeout";
  test.each<[string, Partial<HandlerDeps>, number, string | null]>([
    ["AURA_SECURE_TIMEOUT_MS below the least work time", { env: { AURA_SECURE_TIMEOUT_MS: "1999" } }, 60_000, TOO_LITTLE_60S],
    ["AURA_SECURE_TIMEOUT_MS at the least work time", { env: { AURA_SECURE_TIMEOUT_MS: "2000" } }, 60_000, null],
    ["the deps timeout wins over AURA_SECURE_TIMEOUT_MS", { timeoutMs: 1500, env: { AURA_SECURE_TIMEOUT_MS: "600000" } }, 60_000, TOO_LITTLE_60S],
    ["the deps timeout alone", { timeoutMs: 1500, env: {} }, 60_000, TOO_LITTLE_60S],
    ["an empty AURA_SECURE_TIMEOUT_MS is no limit", { env: { AURA_SECURE_TIMEOUT_MS: "" } }, 60_000, null],
    ["7 s left: 5 s kept free, 2 s of work", { env: {} }, 7_000, null],
    [
      "6.999 s left: too little",
      { env: {} },
      6_999,
      "the function has 7 s left of its timeout, too little to connect and apply; nothing was changed; raise runner.timeout",
    ],
  ])("%s", async (_name, deps, remaining, message) => {
    const run = quiet(deps)({ state: onA("r_new"), tf: { action: "create" } }, { getRemainingTimeInMillis: () => remaining });
    if (message) {
      await expect(run).rejects.toThrow(message);
      expect(a.server.statements).toEqual([]);
    } else {
      expect((await run).statements).toEqual(["CREATE ROLE `r_new` IF NOT EXISTS"]);
    }
  });

  test.each<[number, number | undefined, number | null]>([
    [7_000, undefined, 2_000],
    [6_999, undefined, null],
    [50_000, undefined, 45_000],
    [55_000, undefined, 49_500],
    [50_005, undefined, 45_004],
    [60_000, 2_000, 2_000],
    [60_000, 1_999, null],
  ])("lambdaDeadlineMs(%d, %s) = %s", (remaining, configured, expected) => expect(lambdaDeadlineMs(remaining, configured)).toBe(expected));

  // Without a Lambda context the configured timeout is the deadline (the server never answers: 1 s, waited for).
  test.each<[string, Partial<HandlerDeps>]>([
    ["deps.timeoutMs", { timeoutMs: 1000, env: {} }],
    ["AURA_SECURE_TIMEOUT_MS", { env: { AURA_SECURE_TIMEOUT_MS: "1000" } }],
  ])("no context: %s is the deadline", async (_name, deps) => {
    a.server.failNext({ kind: "hang" });
    await expect(quiet(deps)({ state: onA("r_new"), tf: { action: "create" } })).rejects.toThrow(
      "stopped answering and the 1 s left of the timeout ran out while reading the current state; nothing was changed",
    );
    expect(rolesOn(a)).toEqual(["r_old", "foreign_r"]);
  });
});

describe("logs, secrets and the exported handler", () => {
  test("log lines go to deps.log, else to console.log; the password comes from Secrets Manager or the environment, never into the result", async () => {
    const lines: string[] = [];
    fetched.length = 0;
    const r = await quiet({ log: (l) => lines.push(l), env: ENV })({ state: onB("r_new"), tf: { action: "update", prev_input: { state: onA("r_old") } } });
    expect(lines).toEqual(["applying 1 statement(s) in one transaction", "applying 1 statement(s) in one transaction"]);
    expect(fetched).toEqual([ADMIN_ARN]);
    expect(JSON.stringify(r)).not.toContain(ADMIN_PW);

    const spy = jest.spyOn(console, "log").mockImplementation(() => undefined);
    try {
      await makeHandler({ fetchSecretsManager, env: {} })({ state: onA("r_other") });
      expect(spy.mock.calls).toEqual([["applying 1 statement(s) in one transaction"]]);
    } finally {
      spy.mockRestore();
    }
  });

  test("a missing environment variable is named; nothing is sent", async () => {
    await expect(quiet({ env: {} })({ state: onB("r_new") })).rejects.toThrow("environment variable B_PW is not set (it must hold a password at apply time)");
    expect(b.server.statements).toEqual([]);
  });

  test("the exported handler turns a user error into a one-line Neo4jAccessError", async () => {
    const e = await lambdaHandler({ state: {}, tf: { action: "read" } }).catch((x: unknown) => x);
    expect(e).toBeInstanceOf(Error);
    expect((e as Error).name).toBe("Neo4jAccessError");
    expect((e as Error).message).toBe('unknown tf.action "read"; expected create, update or delete');
    expect((e as Error).stack).toBe('Neo4jAccessError: unknown tf.action "read"; expected create, update or delete');
  });

  test("the exported handler reports an invalid verify event as a Neo4jAccessError", async () => {
    const e = await lambdaHandler({ action: "verify" } as never).catch((x: unknown) => x);
    expect((e as Error).name).toBe("Neo4jAccessError");
    expect((e as Error).message).toBe("invalid verify event:\n  - outputs: is missing; must be given (any value)");
    // No stack trace: the name and the message only.
    expect((e as Error).stack).toBe(`Neo4jAccessError: ${(e as Error).message}`);
  });

  test("the exported handler passes other errors through unchanged", async () => {
    const e = await lambdaHandler(null as never).catch((x: unknown) => x);
    expect(e).toBeInstanceOf(TypeError);
    expect((e as Error).name).toBe("TypeError");
  });
});
