import type { Provisioner, ResourceChange } from "../../../runtime/review/plan-format";
import { connectionWeakenings, iamWidenings, registrationSpec, registrationWeakenings, unrecognizedCommand } from "../../../runtime/review/posture/runners";
import type { Hit, Rule, RuleContext } from "../../../runtime/review/rule";
import { accessRemoved } from "../../../runtime/review/rules/access-removed";
import { keyDeletionWindow } from "../../../runtime/review/rules/key-deletion-window";
import { keyRotationOff } from "../../../runtime/review/rules/key-rotation-off";
import { planUnreviewed } from "../../../runtime/review/rules/plan-unreviewed";
import { changeFactory } from "../../support/hand-built-plans";

/**
 * The edges the rule tables leave open, each on one hand-built change: kinds of change a rule must not judge even
 * when the values would fire, values of the wrong type (a number written as text, a list), a side without a value
 * (a connection, credentials or a role that is not there), and messages that join several items. Expected values
 * are written out.
 */
type Obj = Record<string, unknown>;
const rc = changeFactory("m");
const ctx = (stackChanges: ResourceChange[] = []): RuleContext => ({ stack: "s", stackChanges, sharedNetworkStacks: () => [], now: new Date("2026-12-06T12:00:00Z") });
const run = (rule: Rule, change: ResourceChange, context = ctx()): Hit[] => rule.check!(change, context);
const update = (type: string, before: Obj, after: Obj) => rc(type, ["update"], before, after);

describe("AURA-KEY-2: values of the wrong type and kinds that are not judged", () => {
  test.each<[string, string, string[], Obj, Obj, Hit[]]>([
    ["AWS: a window written as text before", "aws_kms_key", ["update"], { deletion_window_in_days: "30" }, { deletion_window_in_days: 7 }, []],
    ["AWS: a no-op whose values differ", "aws_kms_key", ["no-op"], { deletion_window_in_days: 30 }, { deletion_window_in_days: 7 }, []],
    ["AWS: a read whose values differ", "aws_kms_key", ["read"], { deletion_window_in_days: 30 }, { deletion_window_in_days: 7 }, []],
    ["AWS: a create with a before (hand-built)", "aws_kms_key", ["create"], { deletion_window_in_days: 30 }, { deletion_window_in_days: 7 }, []],
    ["GCP: a duration with two decimals", "google_kms_crypto_key", ["update"], { destroy_scheduled_duration: "864000.00s" }, { destroy_scheduled_duration: "86400s" }, [{ detail: "destroy_scheduled_duration 10 days -> 1 days" }]],
    ["GCP: a duration in a list is no duration", "google_kms_crypto_key", ["update"], { destroy_scheduled_duration: ["10368000s"] }, { destroy_scheduled_duration: "2592000s" }, []],
    ["Azure: retention written as text before", "azurerm_key_vault", ["update"], { soft_delete_retention_days: "90" }, { soft_delete_retention_days: 7 }, []],
    ["Azure: retention written as text after", "azurerm_key_vault", ["update"], { soft_delete_retention_days: 90 }, { soft_delete_retention_days: "7" }, []],
    ["Azure: 90 -> 30 replaced", "azurerm_key_vault", ["delete", "create"], { soft_delete_retention_days: 90 }, { soft_delete_retention_days: 30 }, [{ detail: "soft_delete_retention_days 90 -> 30" }]],
  ])("%s", (_name, type, actions, before, after, expected) => {
    expect(run(keyDeletionWindow, rc(type, actions, before, after))).toEqual(expected);
  });
});

describe("AURA-KEY-3: kinds that are not judged, and the Azure policy on other types", () => {
  test.each<[string, string, string[], Obj | null, Obj | null, Hit[]]>([
    ["AWS: a delete whose values show rotation turned off (hand-built)", "aws_kms_key", ["delete"], { enable_key_rotation: true }, { enable_key_rotation: false }, []],
    ["a rotation_policy removed from an AWS key is no Key Vault policy", "aws_kms_key", ["update"], { rotation_policy: [{ expire_after: "P90D" }] }, { rotation_policy: [] }, []],
    ["a rotation_policy removed from a GCP key is no Key Vault policy", "google_kms_crypto_key", ["update"], { rotation_period: "7776000s", rotation_policy: [{ expire_after: "P90D" }] }, { rotation_period: "7776000s", rotation_policy: [] }, []],
    ["Azure: replaced without its policy", "azurerm_key_vault_key", ["delete", "create"], { rotation_policy: [{ expire_after: "P90D" }] }, { rotation_policy: [] }, [{ detail: "rotation_policy removed" }]],
  ])("%s", (_name, type, actions, before, after, expected) => {
    expect(run(keyRotationOff, rc(type, actions, before, after))).toEqual(expected);
  });
});

describe("AURA-PLAN-1: replacements", () => {
  test("a replaced resource the review does not model names its changed attributes", () => {
    expect(run(planUnreviewed, rc("aws_ssm_parameter", ["delete", "create"], { name: "p", value: "a" }, { name: "q", value: "a" }))).toEqual([{ detail: "name changes" }]);
  });
  test("a replaced security group (its deletion judged by no posture rule) names its unmodeled attributes", () => {
    expect(run(planUnreviewed, rc("aws_security_group", ["delete", "create"], { name: "sg", ingress: [], egress: [], vpc_id: "vpc-1", ingress_priority: 1 }, { name: "sg", ingress: [], egress: [], vpc_id: "vpc-1", ingress_priority: 2 }))).toEqual([{ detail: "ingress_priority changes" }]);
  });
});

describe("AURA-ACC-2: the edges of a removal", () => {
  const connection = { uri: "neo4j+s://db.example.com:7687", user: "admin", password: { env: "NEO4J_PW" } };
  const role = (name: string) => ({ name, privileges: [{ action: "GRANT", privilege: "ACCESS", database: "orders" }] });
  const state = (roles: Obj[]) => ({ input: { state: { connection, roles, users: [], localAliases: [], remoteAliases: [] } } });
  const owned = (roles: Obj[]) => ({ input: { owned: state(roles).input.state } });
  test("the ownership part destroyed owning two roles names both", () => {
    expect(run(accessRemoved, rc("terraform_data", ["delete"], owned([role("readers"), role("writers")]), null))).toEqual([
      { detail: "the access runner is destroyed and removes everything it owns: role readers dropped (with its 1 privilege(s)); role writers dropped (with its 1 privilege(s))" },
    ]);
  });
  test("two roles dropped by an update, in one detail, with the Cypher", () => {
    expect(run(accessRemoved, rc("terraform_data", ["update"], state([role("readers"), role("writers")]), state([])))).toEqual([
      { detail: "role readers dropped (with its 1 privilege(s)); role writers dropped (with its 1 privilege(s))", cypher: ["DROP ROLE `readers` IF EXISTS", "DROP ROLE `writers` IF EXISTS"] },
    ]);
  });
  test("an update of the apply part is judged even when the stack holds an ownership part", () => {
    const upd = rc("terraform_data", ["update"], state([role("readers")]), state([]));
    const own = rc("terraform_data", ["update"], owned([role("readers")]), owned([]));
    expect(run(accessRemoved, upd, ctx([upd, own]))).toEqual([{ detail: "role readers dropped (with its 1 privilege(s))", cypher: ["DROP ROLE `readers` IF EXISTS"] }]);
  });
  test("an update that only adds removes nothing", () => {
    expect(run(accessRemoved, rc("terraform_data", ["update"], state([]), state([role("readers")])))).toEqual([]);
  });
  test("a create is never a removal, whatever a hand-built before says", () => {
    expect(run(accessRemoved, rc("terraform_data", ["create"], state([role("readers")]), state([])))).toEqual([]);
  });
});

describe("the access runner's connection: a side without a value", () => {
  const VERIFIED = "neo4j+s://a1b2c3d4.databases.neo4j.io";
  const runner = (connection: unknown, remoteAliases: Obj[] = []) => ({ input: { state: { roles: [], users: [], ...(connection === undefined ? {} : { connection }), remoteAliases } } });
  const conn = (over: Obj = {}) => ({ uri: VERIFIED, user: "neo4j", password: { env: "NEO4J_PASSWORD" }, ...over });
  const alias = (credentials: unknown) => ({ name: "remote1", target: "movies", url: "neo4j+s://other.example:7687", ...(credentials === undefined ? {} : { credentials }) });
  test.each<[string, Obj, Obj, string[]]>([
    ["the connection dropped", runner(conn()), runner(undefined), ['the runner now logs in as (none) (was "neo4j")', 'the runner\'s password now comes from (none) (was {"env":"NEO4J_PASSWORD"})']],
    ["a URI that becomes a number is no URL the review reads", runner(conn()), runner(conn({ uri: 7687 })), []],
    ["a URI from an environment variable whose name is no text", runner(conn()), runner(conn({ uri: { env: 5 } })), []],
    ["an alias gets stored credentials where it had none", runner(conn(), [alias(undefined)]), runner(conn(), [alias({ type: "stored", user: "reader", password: { env: "P" } })]), ["alias remote1: credentials none -> stored"]],
    ["an alias gets credentials without a type where it had none", runner(conn(), [alias(undefined)]), runner(conn(), [alias({ user: "reader", password: { env: "P" } })]), ['alias remote1 now logs in as "reader" (was (none))', 'alias remote1: password now comes from {"env":"P"} (was (none))']],
    ["an alias loses credentials that had no type", runner(conn(), [alias({ user: "reader", password: { env: "P" } })]), runner(conn(), [alias(undefined)]), ['alias remote1 now logs in as (none) (was "reader")', 'alias remote1: password now comes from (none) (was {"env":"P"})']],
  ])("%s", (_name, before, after, expected) => {
    expect(connectionWeakenings(update("terraform_data", before, after))).toEqual(expected);
  });
});

describe("the key registration: a spec that is no object, and credentials on one side only", () => {
  const spec = (over: Obj = {}) => ({ input: { spec: { baseUrl: "https://api.neo4j.io", request: { tenantId: "t" }, ...over } } });
  const creds = { credentials: { clientId: { env: "AURA_CLIENT_ID" }, clientSecret: { env: "AURA_CLIENT_SECRET" } } };
  test("a spec that is text is no registration spec", () => {
    expect(registrationSpec("terraform_data", { input: { spec: "baseUrl" } })).toBeNull();
  });
  test.each<[string, Obj, Obj, string[]]>([
    ["the default base URL dropped from the written-out one", spec(creds), spec({ ...creds, baseUrl: undefined }), []],
    ["credentials appear", spec(), spec(creds), ['the Aura API clientId now comes from {"env":"AURA_CLIENT_ID"} (was (none))', 'the Aura API clientSecret now comes from {"env":"AURA_CLIENT_SECRET"} (was (none))']],
    ["credentials disappear", spec(creds), spec(), ['the Aura API clientId now comes from (none) (was {"env":"AURA_CLIENT_ID"})', 'the Aura API clientSecret now comes from (none) (was {"env":"AURA_CLIENT_SECRET"})']],
  ])("%s", (_name, before, after, expected) => {
    expect(registrationWeakenings(update("terraform_data", before, after))).toEqual(expected);
  });
});

describe("provisioner commands: the last edges", () => {
  const cmd = (command: string | undefined, over: Partial<Provisioner> = {}): Provisioner => ({ type: "local-exec", ...(command === undefined ? {} : { command }), ...over });
  test.each<[string, Provisioner, string | null]>([
    ["a command from an expression, no references listed at all", cmd(undefined), "a local-exec command built from an expression: the plan does not show what runs"],
    ["two words that are not sleep", cmd("true 30"), 'the CLI runs "30", not a runner command (cypher apply/destroy/replace, aura cmk create/delete): true 30'],
    ["sleep with a word ending in digits", cmd("sleep x5"), "the command starts sleep, not the aura-secure CLI: sleep x5"],
  ])("%s", (_name, p, expected) => {
    expect(unrecognizedCommand(p)).toBe(expected);
  });
});

describe("IAM of the runner: roles created in this plan, and inline policies kept", () => {
  const policy = (...statements: Obj[]) => JSON.stringify({ Version: "2012-10-17", Statement: statements });
  const allow = (Action: unknown, Resource: unknown) => ({ Effect: "Allow", Action, Resource });
  const S3 = policy(allow("s3:GetObject", "arn:aws:s3:::b/k"));
  const LOGS = policy(allow("logs:CreateLogStream", "arn:aws:logs:eu-west-1:111122223333:log-group:runner"));
  const S3_DETAIL = "now allows s3:GetObject on arn:aws:s3:::b/k";
  type Case = [string, () => ResourceChange, Array<{ detail: string; high?: boolean }>, ResourceChange[]?];
  test.each<Case>([
    ["a new inline policy on a role known only after apply (null): only wildcards", () => rc("aws_iam_role_policy", ["create"], null, { role: null, policy: S3 }), []],
    ["a new inline policy on a role known only after apply (absent): only wildcards", () => rc("aws_iam_role_policy", ["create"], null, { policy: S3 }), []],
    ["Lambda's basic execution policy on a role known only after apply", () => rc("aws_iam_role_policy_attachment", ["create"], null, { policy_arn: "arn:aws:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole" }), []],
    [
      "a policy (not a role) the plan creates under the role's name does not make a first apply",
      () => rc("aws_iam_role_policy", ["create"], null, { role: "runner-role", policy: S3 }),
      [{ detail: `the inline policy of role runner-role ${S3_DETAIL}` }],
      [rc("aws_iam_policy", ["create"], null, { name: "runner-role" })],
    ],
    [
      "another role created in the plan does not make a first apply",
      () => rc("aws_iam_role_policy", ["create"], null, { role: "runner-role", policy: S3 }),
      [{ detail: `the inline policy of role runner-role ${S3_DETAIL}` }],
      [rc("aws_iam_role", ["create"], null, { name: "other-role", id: "other-role" })],
    ],
    [
      "a role created without values (hand-built) is no role of that name",
      () => rc("aws_iam_role_policy", ["create"], null, { role: "runner-role", policy: S3 }),
      [{ detail: `the inline policy of role runner-role ${S3_DETAIL}` }],
      [rc("aws_iam_role", ["create"], null, null)],
    ],
    ["a new managed policy is a first apply even with a role attribute (hand-built)", () => rc("aws_iam_policy", ["create"], null, { name: "p", role: "existing-role", policy: S3 }), []],
    ["a policy that was unreadable before: everything it allows now is new", () => update("aws_iam_role_policy", { role: "r", policy: "{not json" }, { role: "r", policy: S3 }), [{ detail: `the inline policy of role r ${S3_DETAIL}` }]],
    ["a created role's managed policies are not attachments to judge", () => rc("aws_iam_role", ["create"], null, { name: "r", managed_policy_arns: ["arn:aws:iam::aws:policy/ReadOnlyAccess"] }), []],
    ["a role without a trust policy, updated: nothing", () => update("aws_iam_role", { name: "r" }, { name: "r", description: "d" }), []],
    [
      "two inline policies kept as they were: nothing",
      () => update("aws_iam_role", { name: "r", inline_policy: [{ name: "logs", policy: LOGS }, { name: "s3", policy: S3 }] }, { name: "r", inline_policy: [{ name: "logs", policy: LOGS }, { name: "s3", policy: S3 }] }),
      [],
    ],
    [
      "an inline policy without a name, added",
      () => update("aws_iam_role", { name: "r", inline_policy: [] }, { name: "r", inline_policy: [{ policy: S3 }] }),
      [{ detail: `inline policy ? of role r ${S3_DETAIL}` }],
    ],
    ["the function gets a role where it had none", () => update("aws_lambda_function", { function_name: "f" }, { function_name: "f", role: "arn:aws:iam::111122223333:role/runner" }), [{ detail: "the function now runs as arn:aws:iam::111122223333:role/runner (was ?)" }]],
  ])("%s", (_name, change, expected, others = []) => {
    expect(iamWidenings(change(), ctx(others))).toEqual(expected);
  });
});
