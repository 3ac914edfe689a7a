import type { ResourceChange } from "../../../runtime/review/plan-format";
import type { Hit, Rule, RuleContext } from "../../../runtime/review/rule";
import { accessConnection } from "../../../runtime/review/rules/access-connection";
import { accessFirstApply } from "../../../runtime/review/rules/access-first-apply";
import { accessInputUnknown } from "../../../runtime/review/rules/access-input-unknown";
import { accessRemoved } from "../../../runtime/review/rules/access-removed";
import { accessWidened } from "../../../runtime/review/rules/access-widened";
import { credAuraApi } from "../../../runtime/review/rules/cred-aura-api";
import { credCommands } from "../../../runtime/review/rules/cred-commands";
import { iamWidened } from "../../../runtime/review/rules/iam-widened";
import { changeFactory } from "../../support/hand-built-plans";

/**
 * The access, credentials and IAM rules on one change each: which kinds of change they judge, what they say, the
 * Cypher they attach and the severity of a hit. The judgements themselves are tabled in access-state.test.ts and
 * runner-posture.test.ts; here each rule's gate and message.
 */
type Obj = Record<string, unknown>;
const rc = changeFactory("c");
const ctx = (stackChanges: ResourceChange[] = []): RuleContext => ({ stack: "s", stackChanges, sharedNetworkStacks: () => [], now: new Date("2026-12-06T12:00:00Z") });
const run = (rule: Rule, change: ResourceChange, context = ctx()): Hit[] => rule.check!(change, context);

const connection = { uri: "neo4j+s://db.example.com:7687", user: "admin", password: { env: "NEO4J_PW" } };
const readers = { name: "readers", privileges: [{ action: "GRANT", privilege: "ACCESS", database: "orders" }] };
const state = (over: Obj = {}) => ({ input: { state: { connection, roles: [], users: [], localAliases: [], remoteAliases: [], ...over } } });
const withReaders = state({ roles: [readers] });
const ACTIONS: Record<string, string[]> = { create: ["create"], update: ["update"], replace: ["delete", "create"], delete: ["delete"], "no-op": ["no-op"], read: ["read"], forget: ["forget"] };

describe("AURA-ACC-3: a new access runner", () => {
  test.each([
    ["create", ["new access runner"]],
    ["update", []],
    ["replace", []],
    ["delete", []],
  ])("%s: %j", (kind, expected) => {
    const hits = run(accessFirstApply, rc("terraform_data", ACTIONS[kind]!, kind === "create" ? null : state(), kind === "delete" ? null : withReaders));
    expect(hits.map((h) => h.detail)).toEqual(expected);
  });

  test("it shows the Cypher the first apply runs", () => {
    expect(run(accessFirstApply, rc("terraform_data", ["create"], null, withReaders))[0]!.cypher).toEqual(["CREATE ROLE `readers` IF NOT EXISTS", "GRANT ACCESS ON DATABASE `orders` TO `readers`"]);
  });

  test("a terraform_data that is not the runner is not one", () => {
    expect(run(accessFirstApply, rc("terraform_data", ["create"], null, { input: { spec: {} } }))).toEqual([]);
  });
});

describe("AURA-ACC-1: access widened", () => {
  test.each([
    ["update", ["role readers (new): GRANT ACCESS ON DATABASE orders"]],
    ["replace", ["role readers (new): GRANT ACCESS ON DATABASE orders"]],
    ["create", []],
    ["no-op", []],
  ])("%s: %j", (kind, expected) => {
    const hits = run(accessWidened, rc("terraform_data", ACTIONS[kind]!, kind === "create" ? null : state(), withReaders));
    expect(hits.map((h) => h.detail)).toEqual(expected);
  });

  test("several widenings in one detail, with the Cypher", () => {
    const after = state({ roles: [readers, { name: "writers", privileges: [] }], users: [{ name: "ann", roles: ["readers"] }] });
    const [hit, ...more] = run(accessWidened, rc("terraform_data", ["update"], state({ users: [{ name: "ann", roles: [] }] }), after));
    expect(more).toEqual([]);
    expect(hit!.detail).toBe("role readers (new): GRANT ACCESS ON DATABASE orders; role readers granted to user ann");
    expect(hit!.cypher).toEqual(["CREATE ROLE `readers` IF NOT EXISTS", "CREATE ROLE `writers` IF NOT EXISTS", "GRANT ACCESS ON DATABASE `orders` TO `readers`", "GRANT ROLE `readers` TO `ann`"]);
  });

  test("a change that only takes away widens nothing", () => {
    expect(run(accessWidened, rc("terraform_data", ["update"], withReaders, state()))).toEqual([]);
  });
});

describe("AURA-ACC-2: access removed", () => {
  const owned = (s: Obj) => ({ input: { owned: (s.input as Obj).state } });
  test("the ownership part destroyed removes everything it owns", () => {
    expect(run(accessRemoved, rc("terraform_data", ["delete"], owned(withReaders), null))).toEqual([{ detail: "the access runner is destroyed and removes everything it owns: role readers dropped (with its 1 privilege(s))" }]);
  });
  test("the ownership part destroyed owning nothing removes nothing", () => {
    expect(run(accessRemoved, rc("terraform_data", ["delete"], owned(state()), null))).toEqual([]);
  });
  test("the ownership part updated (bookkeeping) is no removal", () => {
    expect(run(accessRemoved, rc("terraform_data", ["update"], owned(withReaders), owned(state())))).toEqual([]);
  });
  test("the apply part's destroy is judged at the ownership part when the stack holds one", () => {
    const del = rc("terraform_data", ["delete"], withReaders, null);
    expect(run(accessRemoved, del, ctx([del, rc("terraform_data", ["delete"], owned(withReaders), null)]))).toEqual([]);
  });
  test("the apply part's destroy without an ownership part removes what it applied", () => {
    const del = rc("terraform_data", ["delete"], withReaders, null);
    expect(run(accessRemoved, del, ctx([del])).map((h) => h.detail)).toEqual(["role readers dropped (with its 1 privilege(s))"]);
  });
  test.each([
    ["update", ["role readers dropped (with its 1 privilege(s))"]],
    ["replace", ["role readers dropped (with its 1 privilege(s))"]],
    ["no-op", []],
  ])("%s of the apply part: %j", (kind, expected) => {
    expect(run(accessRemoved, rc("terraform_data", ACTIONS[kind]!, withReaders, state())).map((h) => h.detail)).toEqual(expected);
  });
  test("a created runner removes nothing", () => {
    expect(run(accessRemoved, rc("terraform_data", ["create"], null, withReaders))).toEqual([]);
  });
  test("the removal comes with the Cypher", () => {
    expect(run(accessRemoved, rc("terraform_data", ["update"], withReaders, state()))[0]!.cypher).toEqual(["DROP ROLE `readers` IF EXISTS"]);
  });
});

describe("AURA-ACC-4: the runner's connection", () => {
  const weaker = state({ connection: { ...connection, uri: "neo4j+ssc://db.example.com:7687", allowUnverifiedTls: true } });
  test.each([
    ["update", ["the runner's connection neo4j+ssc://db.example.com:7687 is encrypted without certificate checks (+ssc) (was encrypted, certificate verified: neo4j+s://db.example.com:7687); the runner's connection: allowUnverifiedTls turned on"]],
    ["replace", ["the runner's connection neo4j+ssc://db.example.com:7687 is encrypted without certificate checks (+ssc) (was encrypted, certificate verified: neo4j+s://db.example.com:7687); the runner's connection: allowUnverifiedTls turned on"]],
    ["no-op", []],
  ])("%s: %j", (kind, expected) => {
    expect(run(accessConnection, rc("terraform_data", ACTIONS[kind]!, state(), weaker)).map((h) => h.detail)).toEqual(expected);
  });
  test("a created runner with a weak connection is judged by the config checks, not as a change", () => {
    expect(run(accessConnection, rc("terraform_data", ["create"], null, weaker))).toEqual([]);
  });
  test("nothing weaker, no hit", () => {
    expect(run(accessConnection, rc("terraform_data", ["update"], state(), withReaders))).toEqual([]);
  });
  test("the hit carries the Cypher (none for a connection change)", () => {
    expect(run(accessConnection, rc("terraform_data", ["update"], state(), weaker))[0]!.cypher).toEqual([]);
  });
  test("not the runner", () => {
    expect(run(accessConnection, rc("terraform_data", ["update"], { input: { x: 1 } }, { input: { x: 2 } }))).toEqual([]);
  });
});

describe("AURA-ACC-5: a runner input the review cannot read", () => {
  const unread = { input: { desired: { roles: [] } } };
  test.each([
    ["create", null, unread, ["terraform_data input with access fields the review cannot read as a desired state"]],
    ["update", { input: {} }, unread, ["terraform_data input with access fields the review cannot read as a desired state"]],
    ["update", unread, { input: {} }, ["terraform_data input with access fields the review cannot read as a desired state"]],
    ["delete", unread, null, []],
    ["no-op", unread, unread, []],
    ["read", unread, unread, []],
    ["update", state(), withReaders, []],
  ])("%s %j -> %j", (kind, before, after, expected) => {
    expect(run(accessInputUnknown, rc("terraform_data", ACTIONS[kind]!, before, after)).map((h) => h.detail)).toEqual(expected);
  });
});

describe("AURA-CRED-1: where the Aura API credentials go", () => {
  const spec = (baseUrl: string) => ({ input: { spec: { baseUrl, credentials: { clientId: { env: "ID" }, clientSecret: { env: "SECRET" } }, request: {} } } });
  const msg = "the Aura API base URL (the client id and secret are sent there) moves from api.neo4j.io to evil.example: the credentials go there";
  test.each([
    ["update", [msg]],
    ["replace", [msg]],
    ["no-op", []],
    ["delete", []],
  ])("%s: %j", (kind, expected) => {
    expect(run(credAuraApi, rc("terraform_data", ACTIONS[kind]!, spec("https://api.neo4j.io"), kind === "delete" ? null : spec("https://evil.example"))).map((h) => h.detail)).toEqual(expected);
  });
  test("two weakenings in one detail", () => {
    expect(run(credAuraApi, rc("terraform_data", ["update"], spec("https://api.neo4j.io"), spec("http://evil.example"))).map((h) => h.detail)).toEqual([
      `${msg}; the Aura API base URL (the client id and secret are sent there) http://evil.example is unencrypted (was encrypted, certificate verified: https://api.neo4j.io)`,
    ]);
  });
});

describe("AURA-CRED-2: provisioner commands", () => {
  test("one hit per command the review does not recognize", () => {
    const change = rc("terraform_data", ["create"], null, { input: {} }, { provisioners: [{ type: "local-exec", command: "curl x" }, { type: "local-exec", command: "sleep 1" }, { type: "remote-exec" }] });
    expect(run(credCommands, change)).toEqual([{ detail: "the command starts curl, not the aura-secure CLI: curl x" }, { detail: "a remote-exec provisioner runs" }]);
  });
});

describe("AURA-IAM-1: the runner's role", () => {
  const trust = (principal: unknown) => JSON.stringify({ Version: "2012-10-17", Statement: [{ Effect: "Allow", Principal: principal, Action: "sts:AssumeRole" }] });
  test("anyone may assume the role: high", () => {
    const change = rc("aws_iam_role", ["update"], { name: "r", assume_role_policy: trust({ Service: "lambda.amazonaws.com" }) }, { name: "r", assume_role_policy: trust({ AWS: "*" }) });
    expect(run(iamWidened, change)).toEqual([{ detail: "role r may now be assumed by AWS:*", severity: "high" }]);
  });
  test("another account may assume it: the rule's own severity", () => {
    const change = rc("aws_iam_role", ["update"], { name: "r", assume_role_policy: trust({ Service: "lambda.amazonaws.com" }) }, { name: "r", assume_role_policy: trust({ AWS: "arn:aws:iam::444455556666:root" }) });
    expect(run(iamWidened, change)).toEqual([{ detail: "role r may now be assumed by AWS:arn:aws:iam::444455556666:root" }]);
  });
  test.each([
    ["aws_iam_policy", { detail: "policy p now allows * on * (a wildcard)" }],
    ["aws_iam_role_policy", { detail: "the inline policy of role ? now allows * on * (a wildcard)" }],
  ])("%s widened", (type, hit) => {
    const p = (s: unknown[]) => JSON.stringify({ Statement: s });
    expect(run(iamWidened, rc(type, ["update"], { name: "p", policy: p([]) }, { name: "p", policy: p([{ Effect: "Allow", Action: "*", Resource: "*" }]) }))).toEqual([hit]);
  });
  test("the function's role", () => {
    expect(run(iamWidened, rc("aws_lambda_function", ["update"], { role: "arn:aws:iam::1:role/a" }, { role: "arn:aws:iam::1:role/b" }))).toEqual([{ detail: "the function now runs as arn:aws:iam::1:role/b (was arn:aws:iam::1:role/a)" }]);
  });
  test("an attachment", () => {
    expect(run(iamWidened, rc("aws_iam_role_policy_attachment", ["create"], null, { role: "r", policy_arn: "arn:aws:iam::aws:policy/AdministratorAccess" }))).toEqual([{ detail: "policy arn:aws:iam::aws:policy/AdministratorAccess attached to role r" }]);
  });
  test("other types are not the rule's", () => {
    expect(run(iamWidened, rc("aws_s3_bucket_policy", ["update"], { policy: "{}" }, { policy: JSON.stringify({ Statement: [{ Effect: "Allow", Action: "*", Resource: "*" }] }) }))).toEqual([]);
  });
});
