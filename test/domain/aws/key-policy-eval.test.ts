import {
  accountOfPrincipal,
  callersOf,
  describeActions,
  describeCaller,
  effectiveAccess,
  globMatches,
  isAllowed,
  isForeign,
  KMS_ACTIONS,
  lostAccess,
  OTHER_ACCOUNT,
  policyStatements,
  statementApplies,
  widenedAccess,
  type Caller,
  type EvalContext,
  type Statement,
  type Tri,
} from "../../../domain/aws/key-policy-eval";

/**
 * The key-policy evaluation, rule by rule (AWS's documented logic, docs/vendor-facts.md "Key policy
 * evaluation"): which Principal, NotPrincipal, Action, NotAction, Resource, NotResource and Condition forms
 * apply to which caller, with the three-valued answer written out for each row. The review's property tests
 * (test/runtime/review/properties.test.ts) check the same code against random policies.
 */

const A = "111122223333";
const B = "444455556666";
const ROLE = `arn:aws:iam::${A}:role/admin`;
const USER = `arn:aws:iam::${A}:user/bob`;
const SESSION = `arn:aws:sts::${A}:assumed-role/admin/s1`;
const KEY = `arn:aws:kms:us-east-1:${A}:key/1234abcd-12ab-34cd-56ef-1234567890ab`;

const C = {
  rootA: { kind: "root", account: A, id: `arn:aws:iam::${A}:root` },
  anyA: { kind: "principal", account: A },
  role: { kind: "role", account: A, id: ROLE },
  user: { kind: "user", account: A, id: USER },
  session: { kind: "session", account: A, id: SESSION },
  rootB: { kind: "root", account: B, id: `arn:aws:iam::${B}:root` },
  anyB: { kind: "principal", account: B },
  service: { kind: "service", id: "logs.amazonaws.com" },
  other: { kind: "other", id: "Federated:cognito-identity.amazonaws.com" },
  anyone: { kind: "principal", account: OTHER_ACCOUNT },
  anyoneRoot: { kind: "root", account: OTHER_ACCOUNT, id: "arn:aws:iam::(any other account):root" },
  org: { kind: "principal", account: "(an account of o-abc123)", orgId: "o-abc123" },
} satisfies Record<string, Caller>;
type Who = keyof typeof C;

const allow = (over: Statement): Statement => ({ Effect: "Allow", Principal: "*", Action: "kms:Decrypt", Resource: "*", ...over });
const deny = (over: Statement): Statement => ({ Effect: "Deny", Principal: "*", Action: "kms:Decrypt", Resource: "*", ...over });

describe("globMatches", () => {
  test.each<[string, string, boolean, boolean]>([
    ["kms:Decrypt", "kms:Decrypt", true, true],
    ["kms:decrypt", "kms:Decrypt", true, true],
    ["kms:decrypt", "kms:Decrypt", false, false],
    ["kms:*", "kms:Decrypt", true, true],
    ["kms:Re*", "kms:ReEncryptFrom", true, true],
    ["kms:Re*", "kms:Decrypt", true, false],
    ["kms:Generate?ataKey", "kms:GenerateDataKey", true, true],
    ["kms:Generate?ataKey", "kms:GenerateDDataKey", true, false],
    ["kms:Decrypt", "kms:DecryptX", true, false],
    ["kms:Decrypt", "xkms:Decrypt", true, false],
    ["kms.Decrypt", "kmsXDecrypt", true, false],
    ["a+b", "aab", false, false],
    ["a+b", "a+b", false, true],
    ["(a)", "(a)", false, true],
    ["a|b", "a", false, false],
    ["^a$", "^a$", false, true],
    ["a{2}", "aa", false, false],
    ["a[1]", "a[1]", false, true],
    ["a\\b", "a\\b", false, true],
    ["a*b", "a\nb", false, true],
    ["a?b", "a\nb", false, true],
    ["*", "", false, true],
    ["", "", false, true],
    ["", "x", false, false],
  ])("%j against %j (ignore case %s): %s", (pattern, text, ignoreCase, expected) => {
    expect(globMatches(pattern, text, ignoreCase)).toBe(expected);
  });

  test("a pattern used with and without case first is not confused with itself (the cache keys the mode)", () => {
    expect(globMatches("ARN:X", "arn:x", true)).toBe(true);
    expect(globMatches("ARN:X", "arn:x", false)).toBe(false);
    expect(globMatches("arn:Y", "ARN:Y", false)).toBe(false);
    expect(globMatches("arn:Y", "ARN:Y", true)).toBe(true);
  });
});

describe("policyStatements", () => {
  const st = { Effect: "Allow", Principal: "*", Action: "kms:*", Resource: "*" };
  test.each<[string, unknown, Statement[] | null]>([
    ["an object with a list", { Version: "2012-10-17", Statement: [st] }, [st]],
    ["an object with one statement object", { Statement: st }, [st]],
    ["JSON text", JSON.stringify({ Statement: [st] }), [st]],
    ["JSON text around spaces", ` ${JSON.stringify({ Statement: [st] })} `, [st]],
    ["the empty string", "", []],
    ["only spaces", "   ", []],
    ["an object without statements", { Version: "2012-10-17" }, []],
    ["entries that are not objects are left out", { Statement: [st, "x", 1, null, [st]] }, [st]],
    ["text that is not JSON", "{not json", null],
    ["JSON text of a list", "[1]", null],
    ["JSON text of a string", '"policy"', null],
    ["JSON text of null", "null", null],
    ["a number", 7, null],
    ["null", null, null],
    ["a list", [st], null],
  ])("%s", (_name, policy, expected) => {
    expect(policyStatements(policy)).toEqual(expected);
  });
});

describe("accountOfPrincipal", () => {
  test.each<[string, string | null]>([
    [A, A],
    [`arn:aws:iam::${A}:root`, A],
    [`arn:aws-us-gov:iam::${A}:root`, A],
    [`arn:aws-cn:iam::${A}:root`, A],
    [`${A}4`, null],
    [`x${A}`, null],
    [`${A}x`, null],
    ["11112222333", null],
    ["abcdefghijkl", null],
    ["1", null],
    [`arn:aws:iam::${A}:rootx`, null],
    [`xarn:aws:iam::${A}:root`, null],
    [`arn:aws1:iam::${A}:root`, null],
    [`arn:aws:iam::${A}:role/admin`, null],
    ["*", null],
  ])("%s -> %s", (text, expected) => {
    expect(accountOfPrincipal(text)).toBe(expected);
  });
});

// The optional context has a default so the callback's arity stays 4: jest passes a `done` callback to a
// function that declares more parameters than a row has, and would wait for it.
describe("statementApplies: principals", () => {
  const row = (principal: unknown) => allow({ Principal: principal });
  test.each<[string, Statement, Who, Tri, EvalContext?]>([
    ['"*" is anyone', row("*"), "other", "yes"],
    ['"*" is a service too', row("*"), "service", "yes"],
    ['{AWS: "*"} is anyone', row({ AWS: "*" }), "anyone", "yes"],
    ["an account id: its root", row({ AWS: A }), "rootA", "yes"],
    ["an account id: any of its principals", row({ AWS: A }), "anyA", "yes"],
    ["an account id: its roles", row({ AWS: A }), "role", "yes"],
    ["an account id: its users", row({ AWS: A }), "user", "yes"],
    ["an account id: its sessions", row({ AWS: A }), "session", "yes"],
    ["an account id: not another account", row({ AWS: A }), "rootB", "no"],
    ["an account id: not a service", row({ AWS: A }), "service", "no"],
    ["an account id: not another principal type", row({ AWS: A }), "other", "no"],
    ["an account root ARN is the account", row({ AWS: `arn:aws:iam::${A}:root` }), "role", "yes"],
    ["a list of accounts", row({ AWS: [B, A] }), "rootA", "yes"],
    ["the own account without delegation: its root", row({ AWS: A }), "rootA", "yes", { keyAccount: A, ownAccountDelegation: false }],
    ["the own account without delegation: not its roles", row({ AWS: A }), "role", "no", { keyAccount: A, ownAccountDelegation: false }],
    ["the own account without delegation: not an unnamed principal", row({ AWS: A }), "anyA", "no", { keyAccount: A, ownAccountDelegation: false }],
    ["another account without delegation of the own: its roles still", row({ AWS: A }), "role", "yes", { keyAccount: B, ownAccountDelegation: false }],
    ["delegation true: the own account's roles", row({ AWS: A }), "role", "yes", { keyAccount: A, ownAccountDelegation: true }],
    ["a role ARN: that role", row({ AWS: ROLE }), "role", "yes"],
    ["a role ARN: not a user of the account", row({ AWS: ROLE }), "user", "no"],
    ["a role ARN: not the root", row({ AWS: ROLE }), "rootA", "no"],
    ["a role ARN: not an unnamed principal of the account", row({ AWS: ROLE }), "anyA", "no"],
    ["a user ARN: that user", row({ AWS: USER }), "user", "yes"],
    ["a session ARN: that session", row({ AWS: SESSION }), "session", "yes"],
    ["a wildcard in an ARN (not valid in Principal): undecided for the root", row({ AWS: `arn:aws:iam::${A}:role/*` }), "rootA", "maybe"],
    ["a ? in an ARN: undecided", row({ AWS: `arn:aws:iam::${A}:role/a?` }), "rootB", "maybe"],
    ["a wildcard ARN and a named role: that role is not the pattern", row({ AWS: `arn:aws:iam::${A}:role/*` }), "role", "no"],
    ["a service principal: that service", row({ Service: "logs.amazonaws.com" }), "service", "yes"],
    ["a service principal: not another service", allow({ Principal: { Service: "s3.amazonaws.com" } }), "service", "no"],
    ["a service principal: not an account", row({ Service: "logs.amazonaws.com" }), "rootA", "no"],
    ["a federated principal: that one", row({ Federated: "cognito-identity.amazonaws.com" }), "other", "yes"],
    ["a federated principal: not a service of the same name", row({ Federated: "logs.amazonaws.com" }), "service", "no"],
    ["a principal that is neither * nor an object: nobody", row("arn:aws:iam::111122223333:root"), "rootA", "no"],
    ["no Principal and no NotPrincipal: nobody", allow({ Principal: undefined }), "rootA", "no"],
    ["NotPrincipal of an account leaves out its root only", allow({ Principal: undefined, NotPrincipal: { AWS: A } }), "rootA", "no"],
    ["NotPrincipal of an account: its roles are in", allow({ Principal: undefined, NotPrincipal: { AWS: A } }), "role", "yes"],
    ["NotPrincipal of an account: other accounts are in", allow({ Principal: undefined, NotPrincipal: { AWS: A } }), "rootB", "yes"],
    ["NotPrincipal of an account: services are in", allow({ Principal: undefined, NotPrincipal: { AWS: A } }), "service", "yes"],
    ["NotPrincipal of an account without own delegation: the same", allow({ Principal: undefined, NotPrincipal: { AWS: A } }), "role", "yes", { keyAccount: A, ownAccountDelegation: false }],
    ["NotPrincipal of a role: that role is out", allow({ Principal: undefined, NotPrincipal: { AWS: ROLE } }), "role", "no"],
    ["NotPrincipal of a role: another is in", allow({ Principal: undefined, NotPrincipal: { AWS: ROLE } }), "user", "yes"],
    ["NotPrincipal with a wildcard ARN: undecided", allow({ Principal: undefined, NotPrincipal: { AWS: `arn:aws:iam::${A}:role/*` } }), "rootB", "maybe"],
    ['NotPrincipal "*": nobody', allow({ Principal: undefined, NotPrincipal: "*" }), "rootA", "no"],
  ])("%s", (_name, st, who, expected, ctx: EvalContext | undefined = undefined) => {
    expect(statementApplies(st, C[who], "kms:Decrypt", ctx)).toBe(expected);
  });
});

describe("statementApplies: actions and resources", () => {
  test.each<[string, Statement, string, Tri, EvalContext?]>([
    ["the action listed", allow({ Action: "kms:Decrypt" }), "kms:Decrypt", "yes"],
    ["another action", allow({ Action: "kms:Encrypt" }), "kms:Decrypt", "no"],
    ["kms:*", allow({ Action: "kms:*" }), "kms:ScheduleKeyDeletion", "yes"],
    ['"*"', allow({ Action: "*" }), "kms:PutKeyPolicy", "yes"],
    ["case-insensitive", allow({ Action: "KMS:DECRYPT" }), "kms:Decrypt", "yes"],
    ["a glob", allow({ Action: "kms:ReEncrypt*" }), "kms:ReEncryptTo", "yes"],
    ["a list", allow({ Action: ["kms:Encrypt", "kms:Decrypt"] }), "kms:Decrypt", "yes"],
    ["a list with junk entries", allow({ Action: [1, "kms:Decrypt"] }), "kms:Decrypt", "yes"],
    ["an action that is not text", allow({ Action: 5 }), "kms:Decrypt", "no"],
    ["NotAction leaves out what it lists", allow({ Action: undefined, NotAction: "kms:Decrypt" }), "kms:Decrypt", "no"],
    ["NotAction grants the rest", allow({ Action: undefined, NotAction: "kms:Decrypt" }), "kms:PutKeyPolicy", "yes"],
    ['NotAction "*" grants nothing', allow({ Action: undefined, NotAction: "*" }), "kms:Decrypt", "no"],
    ["neither Action nor NotAction", allow({ Action: undefined }), "kms:Decrypt", "no"],
    ['Resource "*"', allow({ Resource: "*" }), "kms:Decrypt", "yes"],
    ['Resource listing "*" among others', allow({ Resource: [KEY, "*"] }), "kms:Decrypt", "yes"],
    ["Resource naming the key", allow({ Resource: KEY }), "kms:Decrypt", "yes", { keyArn: KEY }],
    ["Resource naming another key", allow({ Resource: `${KEY}0` }), "kms:Decrypt", "no", { keyArn: KEY }],
    ["Resource with a key glob", allow({ Resource: `arn:aws:kms:us-east-1:${A}:key/*` }), "kms:Decrypt", "yes", { keyArn: KEY }],
    ["Resource globs are case-sensitive", allow({ Resource: KEY.toUpperCase() }), "kms:Decrypt", "no", { keyArn: KEY }],
    ["Resource naming a key, key ARN unknown: undecided", allow({ Resource: KEY }), "kms:Decrypt", "maybe"],
    ["Resource naming a GovCloud key, key ARN unknown: undecided", allow({ Resource: `arn:aws-us-gov:kms:us-gov-west-1:${A}:key/x` }), "kms:Decrypt", "maybe"],
    ["Resource naming no key, key ARN unknown", allow({ Resource: "arn:aws:s3:::bucket" }), "kms:Decrypt", "no"],
    ["Resource naming a kms ARN only after junk, key ARN unknown", allow({ Resource: "x arn:aws:kms:us-east-1:1:key/x" }), "kms:Decrypt", "no"],
    ["NotResource listing the key", allow({ Resource: undefined, NotResource: KEY }), "kms:Decrypt", "no", { keyArn: KEY }],
    ['NotResource "*"', allow({ Resource: undefined, NotResource: "*" }), "kms:Decrypt", "no", { keyArn: KEY }],
    ["NotResource listing another key", allow({ Resource: undefined, NotResource: `${KEY}0` }), "kms:Decrypt", "yes", { keyArn: KEY }],
    ["NotResource with a glob of the key", allow({ Resource: undefined, NotResource: `arn:aws:kms:*:${A}:key/*` }), "kms:Decrypt", "no", { keyArn: KEY }],
    ["NotResource, key ARN unknown: undecided", allow({ Resource: undefined, NotResource: "arn:aws:s3:::b" }), "kms:Decrypt", "maybe"],
    ["neither Resource nor NotResource", allow({ Resource: undefined }), "kms:Decrypt", "no"],
  ])("%s", (_name, st, action, expected, ctx: EvalContext | undefined = undefined) => {
    expect(statementApplies(st, C.rootA, action, ctx)).toBe(expected);
  });
});

describe("statementApplies: conditions", () => {
  const cond = (condition: unknown) => allow({ Condition: condition });
  test.each<[string, unknown, Who, Tri]>([
    ["kms:CallerAccount equals the caller's", { StringEquals: { "kms:CallerAccount": A } }, "rootA", "yes"],
    ["kms:CallerAccount of another account", { StringEquals: { "kms:CallerAccount": A } }, "rootB", "no"],
    ["condition keys are case-insensitive", { StringEquals: { "KMS:CALLERACCOUNT": A } }, "role", "yes"],
    ["operators are case-insensitive", { stringequals: { "kms:CallerAccount": A } }, "role", "yes"],
    ["values of one key are ORed", { StringEquals: { "kms:CallerAccount": [B, A] } }, "rootA", "yes"],
    ["aws:PrincipalAccount", { StringEquals: { "aws:PrincipalAccount": B } }, "anyB", "yes"],
    ["an account key for a service: undecided", { StringEquals: { "kms:CallerAccount": A } }, "service", "maybe"],
    ["an account key for another principal type: undecided", { StringEquals: { "kms:CallerAccount": A } }, "other", "maybe"],
    ["an unnamed account never equals a written one", { StringEquals: { "kms:CallerAccount": A } }, "anyone", "no"],
    ["an unnamed account matches *", { StringLike: { "kms:CallerAccount": "*" } }, "anyone", "yes"],
    ["an organization's unnamed account matches no written account", { StringEquals: { "aws:PrincipalAccount": A } }, "org", "no"],
    ["StringNotEquals another account", { StringNotEquals: { "kms:CallerAccount": B } }, "rootA", "yes"],
    ["StringNotEquals the caller's account", { StringNotEquals: { "kms:CallerAccount": A } }, "rootA", "no"],
    ["StringEqualsIgnoreCase", { StringEqualsIgnoreCase: { "aws:PrincipalOrgID": "O-ABC123" } }, "org", "yes"],
    ["StringNotEqualsIgnoreCase", { StringNotEqualsIgnoreCase: { "aws:PrincipalOrgID": "O-ABC123" } }, "org", "no"],
    ["StringEquals is case-sensitive", { StringEquals: { "aws:PrincipalOrgID": "O-ABC123" } }, "org", "no"],
    ["StringLike", { StringLike: { "aws:PrincipalOrgID": "o-abc*" } }, "org", "yes"],
    ["StringNotLike", { StringNotLike: { "aws:PrincipalOrgID": "o-abc*" } }, "org", "no"],
    ["aws:PrincipalOrgID absent for a caller outside organizations", { StringEquals: { "aws:PrincipalOrgID": "o-abc123" } }, "anyone", "no"],
    ["aws:PrincipalOrgID for a service: undecided", { StringEquals: { "aws:PrincipalOrgID": "o-abc123" } }, "service", "maybe"],
    ["aws:PrincipalArn of a role", { ArnEquals: { "aws:PrincipalArn": ROLE } }, "role", "yes"],
    ["aws:PrincipalArn of another role", { ArnEquals: { "aws:PrincipalArn": ROLE } }, "user", "no"],
    ["aws:PrincipalArn of the root", { ArnEquals: { "aws:PrincipalArn": `arn:aws:iam::${A}:root` } }, "rootA", "yes"],
    ["aws:PrincipalArn of a session", { StringEquals: { "aws:PrincipalArn": SESSION } }, "session", "yes"],
    ["ArnLike over roles", { ArnLike: { "aws:PrincipalArn": `arn:aws:iam::${A}:role/*` } }, "role", "yes"],
    ["ArnLike over roles: an unnamed principal may be a role or a user", { ArnLike: { "aws:PrincipalArn": `arn:aws:iam::${A}:role/*` } }, "anyA", "maybe"],
    ["ArnLike over the account: any principal of it", { ArnLike: { "aws:PrincipalArn": `arn:aws:iam::${A}:*` } }, "anyA", "yes"],
    ["ArnNotEquals", { ArnNotEquals: { "aws:PrincipalArn": ROLE } }, "role", "no"],
    ["ArnNotLike", { ArnNotLike: { "aws:PrincipalArn": `arn:aws:iam::${A}:user/*` } }, "role", "yes"],
    ["aws:PrincipalArn for a service: undecided", { ArnEquals: { "aws:PrincipalArn": ROLE } }, "service", "maybe"],
    ["aws:PrincipalServiceName of the service", { StringEquals: { "aws:PrincipalServiceName": "logs.amazonaws.com" } }, "service", "yes"],
    ["aws:PrincipalServiceName is absent for an IAM principal", { StringEquals: { "aws:PrincipalServiceName": "logs.amazonaws.com" } }, "role", "no"],
    ["aws:PrincipalServiceName for another principal type: undecided", { StringEquals: { "aws:PrincipalServiceName": "logs.amazonaws.com" } }, "other", "maybe"],
    ["aws:SourceAccount is absent in a principal's own call", { StringEquals: { "aws:SourceAccount": A } }, "rootA", "no"],
    ["aws:SourceArn for a service: undecided", { ArnLike: { "aws:SourceArn": "arn:aws:logs:*" } }, "service", "maybe"],
    ["aws:SourceOrgID for another principal type: undecided", { StringEquals: { "aws:SourceOrgID": "o-1" } }, "other", "maybe"],
    ["a negated operator on an absent key applies", { StringNotEquals: { "aws:SourceAccount": A } }, "rootA", "yes"],
    ["IfExists on an absent key applies", { StringEqualsIfExists: { "aws:SourceAccount": B } }, "rootA", "yes"],
    ["IfExists on a present key that matches", { StringEqualsIfExists: { "kms:CallerAccount": A } }, "rootA", "yes"],
    ["IfExists on a present key that does not match: undecided (the request may lack it)", { StringEqualsIfExists: { "kms:CallerAccount": B } }, "rootA", "maybe"],
    ["aws:PrincipalType of the root", { StringEquals: { "aws:PrincipalType": "Account" } }, "rootA", "yes"],
    ["aws:PrincipalType of a role", { StringEquals: { "aws:PrincipalType": "AssumedRole" } }, "role", "yes"],
    ["aws:PrincipalType of a session", { StringEquals: { "aws:PrincipalType": "AssumedRole" } }, "session", "yes"],
    ["aws:PrincipalType of a user", { StringEquals: { "aws:PrincipalType": "User" } }, "user", "yes"],
    ["aws:PrincipalType User is not a role", { StringEquals: { "aws:PrincipalType": "User" } }, "role", "no"],
    ["aws:PrincipalType of an unnamed principal: a role or a user", { StringEquals: { "aws:PrincipalType": "User" } }, "anyA", "maybe"],
    ["aws:PrincipalType of a service: undecided", { StringEquals: { "aws:PrincipalType": "Account" } }, "service", "maybe"],
    ["a key about the request (kms:ViaService): undecided", { StringEquals: { "kms:ViaService": "rds.us-east-1.amazonaws.com" } }, "rootA", "maybe"],
    ["an operator the evaluation does not know: undecided", { NumericLessThan: { "kms:CallerAccount": "5" } }, "rootA", "maybe"],
    ["a policy variable in a value: undecided", { StringEquals: { "aws:PrincipalArn": "${aws:username}" } }, "role", "maybe"],
    ["ForAnyValue: the plain operator", { "ForAnyValue:StringEquals": { "kms:CallerAccount": A } }, "rootA", "yes"],
    ["ForAnyValue that does not match", { "ForAnyValue:StringEquals": { "kms:CallerAccount": B } }, "rootA", "no"],
    ["ForAllValues: undecided", { "ForAllValues:StringEquals": { "kms:CallerAccount": B } }, "rootA", "maybe"],
    ["Null true on an absent key", { Null: { "aws:PrincipalOrgID": "true" } }, "anyone", "yes"],
    ["Null true on a present key", { Null: { "aws:PrincipalOrgID": "true" } }, "org", "no"],
    ["Null false on a present key", { Null: { "aws:PrincipalOrgID": "false" } }, "org", "yes"],
    ["Null false on an absent key", { Null: { "aws:PrincipalOrgID": "false" } }, "anyone", "no"],
    ["Null on a key the review cannot know", { Null: { "kms:ViaService": "true" } }, "rootA", "maybe"],
    ["keys inside an operator are ANDed: one fails", { StringEquals: { "kms:CallerAccount": A, "aws:PrincipalType": "User" } }, "rootA", "no"],
    ["operators are ANDed: one fails", { StringEquals: { "kms:CallerAccount": A }, StringNotEquals: { "aws:PrincipalType": "Account" } }, "rootA", "no"],
    ["operators are ANDed: one undecided", { StringEquals: { "kms:CallerAccount": A, "kms:ViaService": "x" } }, "rootA", "maybe"],
    ["a decided no wins over an earlier undecided", { StringEquals: { "kms:ViaService": "x" }, StringNotEquals: { "kms:CallerAccount": A } }, "rootA", "no"],
    ["a condition that is not an object: undecided", "StringEquals", "rootA", "maybe"],
    ["an operator block that is not an object: undecided", { StringEquals: "x" }, "rootA", "maybe"],
    ["an empty condition applies", {}, "rootA", "yes"],
  ])("%s", (_name, condition, who, expected) => {
    expect(statementApplies(cond(condition), C[who], "kms:Decrypt")).toBe(expected);
  });
});

describe("isAllowed: Allow, Deny and nothing", () => {
  test.each<[string, Statement[], Who, Tri]>([
    ["an Allow that applies", [allow({})], "rootA", "yes"],
    ["nothing that applies: denied", [allow({ Action: "kms:Encrypt" })], "rootA", "no"],
    ["no statements", [], "rootA", "no"],
    ["a Deny alone", [deny({})], "rootA", "no"],
    ["a Deny wins over an Allow", [allow({}), deny({})], "rootA", "no"],
    ["a Deny of another action leaves the Allow", [allow({}), deny({ Action: "kms:Encrypt" })], "rootA", "yes"],
    ["a Deny that may apply makes an Allow undecided", [allow({}), deny({ Condition: { StringEquals: { "kms:ViaService": "x" } } })], "rootA", "maybe"],
    ["a Deny that may apply without an Allow: denied", [deny({ Condition: { StringEquals: { "kms:ViaService": "x" } } })], "rootA", "no"],
    ["an Allow that may apply", [allow({ Condition: { StringEquals: { "kms:ViaService": "x" } } })], "rootA", "maybe"],
    ["an undecided Allow and a certain one: allowed", [allow({ Condition: { StringEquals: { "kms:ViaService": "x" } } }), allow({})], "rootA", "yes"],
    ["an Effect in lower case is neither", [{ ...allow({}), Effect: "allow" }], "rootA", "no"],
    ["no Effect is neither", [{ ...allow({}), Effect: undefined }], "rootA", "no"],
    ["a Deny in lower case does not deny", [allow({}), { ...deny({}), Effect: "deny" }], "rootA", "yes"],
    ["an unnamed principal: the same answer for a role and a user", [allow({ Principal: { AWS: A } })], "anyA", "yes"],
    ["an unnamed principal: the answers differ", [allow({ Condition: { StringEquals: { "aws:PrincipalType": "AssumedRole" } } })], "anyA", "maybe"],
    ["an unnamed principal of a named role's statement: neither", [allow({ Principal: { AWS: ROLE } })], "anyA", "no"],
  ])("%s", (_name, statements, who, expected) => {
    expect(isAllowed(statements, C[who], "kms:Decrypt")).toBe(expected);
  });
});

describe("callersOf", () => {
  test("named accounts (sorted) with their root, an unnamed principal and named principals sorted by ARN; anyone; organizations; services; others", () => {
    const policy: Statement[] = [
      allow({ Principal: { AWS: [B, ROLE, SESSION, USER, "*"] } }),
      allow({ Principal: { Service: ["s3.amazonaws.com", "logs.amazonaws.com"], Federated: "cognito-identity.amazonaws.com" } }),
      allow({ NotPrincipal: { AWS: `arn:aws:iam::${A}:root` }, Principal: undefined }),
      allow({ Condition: { StringEquals: { "aws:PrincipalOrgID": ["o-zzz", "o-aaa", "o-*"], "kms:CallerAccount": "999988887777", "aws:SourceAccount": "x12" } } }),
    ];
    expect(callersOf([policy])).toEqual([
      { kind: "root", account: A, id: `arn:aws:iam::${A}:root` },
      { kind: "principal", account: A },
      { kind: "role", account: A, id: ROLE },
      { kind: "user", account: A, id: USER },
      { kind: "session", account: A, id: SESSION },
      { kind: "root", account: B, id: `arn:aws:iam::${B}:root` },
      { kind: "principal", account: B },
      { kind: "root", account: "999988887777", id: "arn:aws:iam::999988887777:root" },
      { kind: "principal", account: "999988887777" },
      { kind: "root", account: OTHER_ACCOUNT, id: "arn:aws:iam::(any other account):root" },
      { kind: "principal", account: OTHER_ACCOUNT },
      { kind: "principal", account: "(an account of o-aaa)", orgId: "o-aaa" },
      { kind: "principal", account: "(an account of o-zzz)", orgId: "o-zzz" },
      { kind: "service", id: "logs.amazonaws.com" },
      { kind: "service", id: "s3.amazonaws.com" },
      { kind: "other", id: "Federated:cognito-identity.amazonaws.com" },
    ]);
  });

  test("accounts and principals named in conditions: aws:PrincipalArn roles and roots, aws:PrincipalAccount, aws:SourceAccount", () => {
    const policy = [
      allow({
        Condition: {
          ArnLike: { "aws:PrincipalArn": [`arn:aws:iam::${B}:role/ops`, "arn:aws:iam::777766665555:root", "arn:aws:iam::*:role/x"] },
          StringEquals: { "AWS:PrincipalAccount": "222233334444", "aws:sourceaccount": "333344445555" },
        },
      }),
    ];
    expect(callersOf([policy]).map((c) => `${c.kind} ${c.account ?? ""} ${c.id ?? ""}`.trim())).toEqual([
      "root 222233334444 arn:aws:iam::222233334444:root",
      "principal 222233334444",
      "root 333344445555 arn:aws:iam::333344445555:root",
      "principal 333344445555",
      `root ${B} arn:aws:iam::${B}:root`,
      `principal ${B}`,
      `role ${B} arn:aws:iam::${B}:role/ops`,
      "root 777766665555 arn:aws:iam::777766665555:root",
      "principal 777766665555",
      `root ${OTHER_ACCOUNT} arn:aws:iam::(any other account):root`,
      `principal ${OTHER_ACCOUNT}`,
    ]);
  });

  test("the key's own account is always asked about, and blocks that are not objects are skipped", () => {
    expect(callersOf([[allow({ Condition: { StringEquals: "x" } })]], { keyAccount: A }).map((c) => `${c.kind} ${c.account}`)).toEqual([
      `root ${A}`,
      `principal ${A}`,
      `root ${OTHER_ACCOUNT}`,
      `principal ${OTHER_ACCOUNT}`,
    ]);
  });

  test("before and after policies together: the callers of both", () => {
    expect(callersOf([[allow({ Principal: { AWS: A } })], [allow({ Principal: { AWS: B } })]]).filter((c) => c.kind === "root").map((c) => c.account)).toEqual([A, B, OTHER_ACCOUNT]);
  });
});

describe("describeCaller and isForeign", () => {
  test.each<[Who, EvalContext, string, boolean]>([
    ["rootA", { keyAccount: A }, `the root of the key's account ${A}`, false],
    ["rootA", { keyAccount: B }, `the root of account ${A}`, true],
    ["anyA", { keyAccount: A }, `any principal of the key's account ${A}`, false],
    ["anyB", {}, `any principal of account ${B}`, true],
    ["anyone", { keyAccount: A }, "any principal of any account the policy does not name", true],
    ["anyoneRoot", {}, "the root of any account the policy does not name", true],
    ["org", { keyAccount: A }, "any principal of any account of organization o-abc123", true],
    ["role", { keyAccount: A }, ROLE, false],
    ["user", { keyAccount: A }, USER, false],
    ["session", { keyAccount: B }, SESSION, true],
    ["service", { keyAccount: A }, "the service logs.amazonaws.com", false],
    ["other", { keyAccount: A }, "the principal Federated:cognito-identity.amazonaws.com", true],
  ])("%s (%j): %s", (who, ctx, description, foreign) => {
    expect(describeCaller(C[who], ctx)).toBe(description);
    expect(isForeign(C[who], ctx)).toBe(foreign);
  });
});

describe("effectiveAccess, widenedAccess, lostAccess, describeActions", () => {
  const useOnly = [allow({ Principal: { AWS: ROLE }, Action: ["kms:Encrypt", "kms:Decrypt"] })];
  const viaService = [allow({ Principal: { AWS: ROLE }, Action: ["kms:Encrypt", "kms:Decrypt"], Condition: { StringEquals: { "kms:ViaService": "rds.us-east-1.amazonaws.com" } } })];

  test("may and sure per caller, in KMS_ACTIONS order", () => {
    expect(effectiveAccess(useOnly, [C.role, C.user])).toEqual([
      { caller: C.role, may: ["kms:Decrypt", "kms:Encrypt"], sure: ["kms:Decrypt", "kms:Encrypt"] },
      { caller: C.user, may: [], sure: [] },
    ]);
    expect(effectiveAccess(viaService, [C.role])).toEqual([{ caller: C.role, may: ["kms:Decrypt", "kms:Encrypt"], sure: [] }]);
  });

  test("an unnamed principal answers for a role and a user together", () => {
    const typed = [allow({ Principal: { AWS: A }, Action: "kms:Decrypt", Condition: { StringEquals: { "aws:PrincipalType": "User" } } }), allow({ Principal: { AWS: A }, Action: "kms:Encrypt" })];
    expect(effectiveAccess(typed, [C.anyA])).toEqual([{ caller: C.anyA, may: ["kms:Decrypt", "kms:Encrypt"], sure: ["kms:Encrypt"] }]);
  });

  test("kms:* gives every action, the future one included", () => {
    expect(effectiveAccess([allow({ Principal: { AWS: A }, Action: "kms:*" })], [C.rootA])[0]!.sure).toEqual([...KMS_ACTIONS]);
  });

  test("widened: actions a caller may do after and could not before, by caller identity", () => {
    const before = effectiveAccess(useOnly, [C.role, C.user]);
    const after = effectiveAccess([allow({ Principal: { AWS: [ROLE, USER] }, Action: ["kms:Decrypt", "kms:Encrypt", "kms:CreateGrant"] })], [C.role, C.user]);
    expect(widenedAccess(before, after)).toEqual([
      { caller: C.role, actions: ["kms:CreateGrant"] },
      { caller: C.user, actions: ["kms:CreateGrant", "kms:Decrypt", "kms:Encrypt"] },
    ]);
    expect(widenedAccess(after, after)).toEqual([]);
  });

  test("widened: a caller not asked about before counts with all it may do", () => {
    expect(widenedAccess([], effectiveAccess(useOnly, [C.role]))).toEqual([{ caller: C.role, actions: ["kms:Decrypt", "kms:Encrypt"] }]);
  });

  test("callers differing only by organization are different callers", () => {
    const orgB = { ...C.org, orgId: "o-other" };
    const before = [{ caller: C.org, may: ["kms:Decrypt"], sure: ["kms:Decrypt"] }];
    const after = [{ caller: orgB, may: ["kms:Decrypt"], sure: ["kms:Decrypt"] }];
    expect(widenedAccess(before, after)).toEqual([{ caller: orgB, actions: ["kms:Decrypt"] }]);
    expect(lostAccess(before, after)).toEqual([{ caller: C.org, actions: ["kms:Decrypt"] }]);
  });

  test("lost: only what was certain, and what is no longer certain", () => {
    const before = effectiveAccess(useOnly, [C.role]);
    expect(lostAccess(before, effectiveAccess(viaService, [C.role]))).toEqual([{ caller: C.role, actions: ["kms:Decrypt", "kms:Encrypt"] }]);
    expect(lostAccess(effectiveAccess(viaService, [C.role]), [])).toEqual([]);
    expect(lostAccess(before, before)).toEqual([]);
    expect(lostAccess(before, [])).toEqual([{ caller: C.role, actions: ["kms:Decrypt", "kms:Encrypt"] }]);
  });

  test.each<[string[], string]>([
    [[...KMS_ACTIONS], "every KMS action (kms:*)"],
    [["kms:Encrypt", "kms:Decrypt"], "kms:Encrypt, kms:Decrypt"],
    [["kms:Decrypt", "kms:FutureAction"], "kms:Decrypt and actions AWS adds later"],
    [["kms:FutureAction"], " and actions AWS adds later"],
    [KMS_ACTIONS.filter((a) => a !== "kms:Verify"), `${KMS_ACTIONS.filter((a) => a !== "kms:Verify" && a !== "kms:FutureAction").join(", ")} and actions AWS adds later`],
    [[], ""],
  ])("describeActions(%j)", (actions, expected) => {
    expect(describeActions(actions)).toBe(expected);
  });
});
