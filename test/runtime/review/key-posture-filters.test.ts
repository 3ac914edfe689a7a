import { auraStatement, changeFactory, keyPolicy, NO_KNOWN, rootStatement } from "../../support/hand-built-plans";
import type { ResourceChange, StackPlan } from "../../../runtime/review/plan-format";
import { reviewPlans } from "../../../runtime/review/review";
import type { KnownPrincipals } from "../../../runtime/review/rule";

/**
 * Key posture filters and wording (runtime/review/posture/keys.ts), hand-built plans reviewed in process: for each
 * filter, the look-alike that must not count (another type, another key, another principal or scope, a no-op or
 * data source read, another stack) next to the case that does. Findings are "severity RULE-ID address: detail",
 * so a finding named on the wrong change fails too.
 */
const TODAY = new Date("2026-12-06T12:00:00Z");
type Body = Record<string, unknown>;
type Make = ReturnType<typeof changeFactory>;
type Case = [string, (rc: Make) => ResourceChange[], string[], KnownPrincipals?];

/** Every AURA-KEY finding of the changes (stack "s"), as "severity RULE-ID address: detail", sorted. */
function hits(changes: ResourceChange[], known?: KnownPrincipals, others: StackPlan[] = []): string[] {
  const plans: StackPlan[] = [{ stack: "s", file: "s.json", changes, drift: [] }, ...others];
  return reviewPlans(plans, { now: TODAY, ...(known ? { known } : {}) })
    .findings.filter((f) => f.ruleId.startsWith("AURA-KEY-"))
    .map((f) => `${f.severity} ${f.ruleId} ${f.stack === "s" ? "" : `${f.stack}/`}${f.address}: ${f.detail}`)
    .sort();
}

const run = (cases: Case[]) =>
  // A default for the optional column keeps the function's arity at 3: with 4, jest would pass a done callback.
  test.each(cases)("%s", (_name, changes, expected, known: KnownPrincipals | undefined = undefined) => {
    expect(hits(changes(changeFactory("r")), known)).toEqual([...expected].sort());
  });

// AWS
const ACCOUNT = "111122223333";
const AURA = "999988887777";
const OTHER = "444455556666";
const THIRD = "777766665555";
const KEY_ID = "1234abcd-12ab-34cd-56ef-1234567890ab";
const KEY2_ID = "5678efab-12ab-34cd-56ef-1234567890ab";
const ARN = `arn:aws:kms:us-east-1:${ACCOUNT}:key/${KEY_ID}`;
const ARN2 = `arn:aws:kms:us-east-1:${OTHER}:key/${KEY2_ID}`;
const ROOT_ARN = `arn:aws:iam::${ACCOUNT}:root`;
const ROOT = rootStatement(ACCOUNT);
const AURA_ST = auraStatement(AURA);
const ADMIN = "kms:PutKeyPolicy, kms:GetKeyPolicy, kms:ScheduleKeyDeletion, kms:CancelKeyDeletion, kms:EnableKey, kms:DisableKey, kms:EnableKeyRotation, kms:DisableKeyRotation, kms:CreateGrant, kms:RevokeGrant";
const AURA_USE = "kms:CreateGrant, kms:Decrypt, kms:DescribeKey, kms:Encrypt, kms:GenerateDataKey, kms:GenerateDataKeyWithoutPlaintext, kms:ReEncryptFrom, kms:ReEncryptTo";
const FULL = "every KMS action (kms:*) (full control: whoever may put the key policy may give anyone anything)";
const policy = keyPolicy;
const allow = (principal: string | string[], action: string | string[], extra: Body = {}) => ({ Effect: "Allow", Principal: { AWS: principal }, Action: action, Resource: "*", ...extra });
const rootOf = (acct: string) => `arn:aws:iam::${acct}:root`;
const key = (over: Body = {}): Body => ({ arn: ARN, key_id: KEY_ID, description: "Aura CMK", is_enabled: true, enable_key_rotation: true, deletion_window_in_days: 30, policy: policy(ROOT, AURA_ST), ...over });
const K = "aws_kms_key.r1";
const awsKnown: KnownPrincipals = { ...NO_KNOWN, awsAuraAccounts: new Set([AURA]) };

describe("AWS key posture: the key's account, callers per account, expected access", () => {
  run([
    [
      "the key's own account root gets Decrypt: the account itself, quiet (account from the ARN, the policy has no root statement)",
      (rc) => [rc("aws_kms_key", ["update"], key({ policy: policy(AURA_ST) }), key({ policy: policy(AURA_ST, allow(ROOT_ARN, "kms:Decrypt")) }))],
      [],
    ],
    [
      "the same on a GovCloud key (arn:aws-us-gov)",
      (rc) => {
        const gov = `arn:aws-us-gov:kms:us-gov-west-1:${ACCOUNT}:key/${KEY_ID}`;
        return [rc("aws_kms_key", ["update"], key({ arn: gov, policy: policy(AURA_ST) }), key({ arn: gov, policy: policy(AURA_ST, allow(`arn:aws-us-gov:iam::${ACCOUNT}:root`, "kms:Decrypt")) }))];
      },
      [],
    ],
    [
      "look-alike: the key's ARN is in another account: that root is another account",
      (rc) => [rc("aws_kms_key", ["update"], key({ arn: ARN2, policy: policy(AURA_ST) }), key({ arn: ARN2, policy: policy(AURA_ST, allow(ROOT_ARN, "kms:Decrypt")) }))],
      [`high AURA-KEY-8 ${K}: any principal of account ${ACCOUNT} may now kms:Decrypt`],
    ],
    [
      "a new key with a plain key id and no ARN: the account from the root statement (the first kms:* Allow), quiet",
      (rc) => [rc("aws_kms_key", ["create"], null, { key_id: KEY_ID, policy: policy(allow(rootOf(OTHER), "kms:Decrypt"), { Effect: "Deny", Principal: { AWS: rootOf(THIRD) }, Action: "kms:*", Resource: "*" }, allow("*", "kms:*", { Condition: { StringEquals: { "kms:CallerAccount": ACCOUNT } } }), { ...ROOT, Action: ["kms:Encrypt", "kms:*"] }, AURA_ST) })],
      [],
    ],
    [
      "a new key whose kms:* statement has no Principal (NotPrincipal): everyone but one account gets everything",
      (rc) => [rc("aws_kms_key", ["create"], null, { key_id: KEY_ID, policy: policy(ROOT, { Effect: "Allow", NotPrincipal: { AWS: rootOf(OTHER) }, Action: "kms:Decrypt", Resource: "*" }) })],
      [`high AURA-KEY-8 ${K}: any principal of any account the policy does not name may now kms:Decrypt (a "*" principal not pinned to accounts)`],
    ],
    [
      "a new key denying the root PutKeyPolicy: locked out of that action from the start",
      (rc) => [rc("aws_kms_key", ["create"], null, { policy: policy(ROOT, AURA_ST, { Effect: "Deny", Principal: { AWS: ROOT_ARN }, Action: "kms:PutKeyPolicy", Resource: "*" }) })],
      [`high AURA-KEY-4 ${K}: the account root (${ROOT_ARN}) can no longer kms:PutKeyPolicy`],
    ],
    [
      "the root loses its statement while another account's root is named first: the lock-out names the key account's root",
      (rc) => [rc("aws_kms_key", ["update"], key({ policy: policy(allow(rootOf(OTHER), "kms:DescribeKey"), ROOT, AURA_ST) }), key({ policy: policy(allow(rootOf(OTHER), "kms:DescribeKey"), AURA_ST, allow(ROOT_ARN, "kms:Decrypt")) }))],
      [`high AURA-KEY-4 ${K}: the account root (${ROOT_ARN}) can no longer ${ADMIN}`],
    ],
    [
      "the root's admin statement under a condition after, another account first: the doubt is the root's",
      (rc) => [rc("aws_kms_key", ["update"], key({ policy: policy(allow(rootOf(OTHER), "kms:*", { Condition: { Bool: { "aws:MultiFactorAuthPresent": "true" } } }), ROOT, AURA_ST) }), key({ policy: policy(allow(rootOf(OTHER), "kms:*", { Condition: { Bool: { "aws:MultiFactorAuthPresent": "true" } } }), { ...ROOT, Condition: { Bool: { "aws:MultiFactorAuthPresent": "true" } } }, AURA_ST) }))],
      [`high AURA-KEY-4 ${K}: the account root (${ROOT_ARN}) can no longer ${ADMIN} for certain (it depends on a condition the review cannot evaluate)`],
    ],
    [
      "another account's root and a role of it: the role gets more than the root, two findings",
      (rc) => [rc("aws_kms_key", ["update"], key(), key({ policy: policy(ROOT, AURA_ST, allow(rootOf(OTHER), "kms:Decrypt"), allow(`arn:aws:iam::${OTHER}:role/x`, ["kms:Decrypt", "kms:Encrypt"])) }))],
      [`high AURA-KEY-8 ${K}: any principal of account ${OTHER} may now kms:Decrypt`, `high AURA-KEY-8 ${K}: arn:aws:iam::${OTHER}:role/x may now kms:Decrypt, kms:Encrypt`],
    ],
    [
      "two other accounts' roots: one finding each",
      (rc) => [rc("aws_kms_key", ["update"], key(), key({ policy: policy(ROOT, AURA_ST, allow([rootOf(OTHER), rootOf(THIRD)], "kms:Decrypt")) }))],
      [`high AURA-KEY-8 ${K}: any principal of account ${OTHER} may now kms:Decrypt`, `high AURA-KEY-8 ${K}: any principal of account ${THIRD} may now kms:Decrypt`],
    ],
    [
      "two roles of two other accounts: one finding each",
      (rc) => [rc("aws_kms_key", ["update"], key(), key({ policy: policy(ROOT, AURA_ST, allow([`arn:aws:iam::${OTHER}:role/x`, `arn:aws:iam::${THIRD}:role/y`], "kms:Decrypt")) }))],
      [`high AURA-KEY-8 ${K}: arn:aws:iam::${OTHER}:role/x may now kms:Decrypt`, `high AURA-KEY-8 ${K}: arn:aws:iam::${THIRD}:role/y may now kms:Decrypt`],
    ],
    [
      "another account loses only GetKeyPolicy: not a use Aura needs, quiet",
      (rc) => [rc("aws_kms_key", ["update"], key({ policy: policy(ROOT, AURA_ST, allow(rootOf(OTHER), "kms:GetKeyPolicy")) }), key())],
      [],
    ],
    [
      'a "*" statement without a condition removed: not Aura\'s side, quiet',
      (rc) => [rc("aws_kms_key", ["update"], key({ policy: policy(ROOT, AURA_ST, allow("*", "kms:Decrypt")) }), key())],
      [],
    ],
    [
      "an organization-pinned statement removed: quiet",
      (rc) => [rc("aws_kms_key", ["update"], key({ policy: policy(ROOT, AURA_ST, allow("*", "kms:Decrypt", { Condition: { StringEquals: { "aws:PrincipalOrgID": "o-abcdef1234" } } })) }), key())],
      [],
    ],
    [
      "a service's statement removed: quiet",
      (rc) => [rc("aws_kms_key", ["update"], key({ policy: policy(ROOT, AURA_ST, { Effect: "Allow", Principal: { Service: "logs.amazonaws.com" }, Action: "kms:Decrypt", Resource: "*", Condition: { StringEquals: { "aws:SourceAccount": OTHER } } }) }), key())],
      [],
    ],
    [
      "a role of the key's own account loses Decrypt: quiet",
      (rc) => [rc("aws_kms_key", ["update"], key({ policy: policy(ROOT, AURA_ST, allow(`arn:aws:iam::${ACCOUNT}:role/app`, "kms:Decrypt")) }), key())],
      [],
    ],
    [
      "Aura's statement under a condition the review cannot evaluate: the loss says so",
      (rc) => [rc("aws_kms_key", ["update"], key(), key({ policy: policy(ROOT, { ...AURA_ST, Condition: { ...AURA_ST.Condition, Bool: { "aws:MultiFactorAuthPresent": "true" } } }) }))],
      [`high AURA-KEY-6 ${K}: any principal of account ${AURA} (Aura's side of the key) can no longer ${AURA_USE}: it now depends on a condition the review cannot evaluate`],
    ],
    [
      "with --config, Aura's account used through an unpinned \"*\" statement that goes: Aura's loss",
      (rc) => [rc("aws_kms_key", ["update"], key({ policy: policy(ROOT, allow("*", ["kms:Decrypt", "kms:Encrypt"])) }), key({ policy: policy(ROOT) }))],
      [`high AURA-KEY-6 ${K}: any principal of account ${AURA} (Aura's side of the key) can no longer kms:Decrypt, kms:Encrypt`],
      awsKnown,
    ],
    [
      "a new key: a \"*\" principal without a condition gets Decrypt",
      (rc) => [rc("aws_kms_key", ["create"], null, { policy: policy(ROOT, AURA_ST, allow("*", "kms:Decrypt")) })],
      [`high AURA-KEY-8 ${K}: any principal of any account the policy does not name may now kms:Decrypt (a "*" principal not pinned to accounts)`],
    ],
    [
      "a new key: an organization gets Decrypt",
      (rc) => [rc("aws_kms_key", ["create"], null, { policy: policy(ROOT, AURA_ST, allow("*", "kms:Decrypt", { Condition: { StringEquals: { "aws:PrincipalOrgID": "o-abcdef1234" } } })) })],
      [`high AURA-KEY-8 ${K}: any principal of any account of organization o-abcdef1234 may now kms:Decrypt (pinned to an organization, not to accounts)`],
    ],
    [
      "a new key: a role of its own account gets kms:*",
      (rc) => [rc("aws_kms_key", ["create"], null, { policy: policy(ROOT, AURA_ST, allow(`arn:aws:iam::${ACCOUNT}:role/ops`, "kms:*")) })],
      [`high AURA-KEY-8 ${K}: arn:aws:iam::${ACCOUNT}:role/ops may now ${FULL}`],
    ],
    ["with --config, Aura's account newly gets Decrypt and ListGrants: expected", (rc) => [rc("aws_kms_key", ["update"], key({ policy: policy(ROOT) }), key({ policy: policy(ROOT, allow(rootOf(AURA), ["kms:Decrypt", "kms:ListGrants"])) }))], [], awsKnown],
    ["with --config, Aura's account newly gets RevokeGrant: expected", (rc) => [rc("aws_kms_key", ["update"], key({ policy: policy(ROOT) }), key({ policy: policy(ROOT, allow(rootOf(AURA), "kms:RevokeGrant")) }))], [], awsKnown],
    ["with --config, Aura's account newly gets RetireGrant: expected", (rc) => [rc("aws_kms_key", ["update"], key({ policy: policy(ROOT) }), key({ policy: policy(ROOT, allow(rootOf(AURA), "kms:RetireGrant")) }))], [], awsKnown],
    [
      "with --config, Aura's account newly gets ScheduleKeyDeletion: not a use, reported",
      (rc) => [rc("aws_kms_key", ["update"], key({ policy: policy(ROOT) }), key({ policy: policy(ROOT, allow(rootOf(AURA), ["kms:Decrypt", "kms:ScheduleKeyDeletion"])) }))],
      [`high AURA-KEY-8 ${K}: any principal of account ${AURA} may now kms:Decrypt, kms:ScheduleKeyDeletion`],
      awsKnown,
    ],
    [
      "a statement for another key's ARN does not apply to this key",
      (rc) => [rc("aws_kms_key", ["update"], key(), key({ policy: policy(ROOT, AURA_ST, allow(rootOf(OTHER), "kms:Decrypt", { Resource: ARN2 })) }))],
      [],
    ],
    [
      "a statement for this key's ARN applies",
      (rc) => [rc("aws_kms_key", ["update"], key(), key({ policy: policy(ROOT, AURA_ST, allow(rootOf(OTHER), "kms:Decrypt", { Resource: ARN })) }))],
      [`high AURA-KEY-8 ${K}: any principal of account ${OTHER} may now kms:Decrypt`],
    ],
  ]);
});

describe("AWS key posture: which resources count (type, no-op, deleted, before and after)", () => {
  run([
    [
      "a no-op external key whose validity ended: not a change, quiet",
      (rc) => [rc("aws_kms_external_key", ["no-op"], { ...key(), enabled: true, valid_to: "2026-01-01T00:00:00Z" }, { ...key(), enabled: true, valid_to: "2026-01-01T00:00:00Z" })],
      [],
    ],
    [
      "an external key with an empty valid_to: no expiry",
      (rc) => [rc("aws_kms_external_key", ["update"], { ...key(), enabled: true, valid_to: null }, { ...key(), enabled: true, valid_to: "" })],
      [],
    ],
    [
      "a new key with bypass_policy_lockout_safety_check",
      (rc) => [rc("aws_kms_key", ["create"], null, { policy: policy(ROOT, AURA_ST), bypass_policy_lockout_safety_check: true })],
      [`high AURA-KEY-8 ${K}: bypass_policy_lockout_safety_check = true: KMS no longer refuses a policy that locks the account out of its key`],
    ],
    [
      "a key policy resource created with bypass_policy_lockout_safety_check, for a key not in the plan",
      (rc) => [rc("aws_kms_key_policy", ["create"], null, { key_id: KEY_ID, policy: policy(ROOT, AURA_ST), bypass_policy_lockout_safety_check: true })],
      [
        `high AURA-KEY-8 aws_kms_key_policy.r1: a separate key policy resource takes over the policy of key ${KEY_ID}; what it allows is judged below`,
        "high AURA-KEY-8 aws_kms_key_policy.r1: bypass_policy_lockout_safety_check = true: KMS no longer refuses a policy that locks the account out of its key",
      ],
    ],
    [
      "a key policy resource that already had bypass_policy_lockout_safety_check: quiet",
      (rc) => [rc("aws_kms_key_policy", ["update"], { key_id: KEY_ID, policy: policy(ROOT, AURA_ST), bypass_policy_lockout_safety_check: true }, { key_id: KEY_ID, policy: policy({ ...ROOT, Sid: "Root" }, AURA_ST), bypass_policy_lockout_safety_check: true })],
      [],
    ],
    [
      "a key policy resource (no key in the plan) drops the root: the account from the policy's root statement",
      (rc) => [rc("aws_kms_key_policy", ["update"], { key_id: KEY_ID, policy: policy(ROOT, AURA_ST) }, { key_id: KEY_ID, policy: policy(AURA_ST) })],
      [`high AURA-KEY-4 aws_kms_key_policy.r1: the account root (${ROOT_ARN}) can no longer ${ADMIN}`],
    ],
    [
      "a key policy resource gives the key's account root Decrypt (the key found by key_id, its account from the key's ARN): quiet",
      (rc) => [rc("aws_kms_key", ["no-op"], key({ policy: policy(AURA_ST) }), key({ policy: policy(AURA_ST) })), rc("aws_kms_key_policy", ["update"], { key_id: KEY_ID, policy: policy(AURA_ST) }, { key_id: KEY_ID, policy: policy(AURA_ST, allow(ROOT_ARN, "kms:Decrypt")) })],
      [],
    ],
    [
      "the same, the key's ARN known only in its after values (before lacks it)",
      (rc) => [rc("aws_kms_key", ["update"], { key_id: KEY_ID, policy: policy(AURA_ST), description: "a" }, key({ policy: policy(AURA_ST), description: "b" })), rc("aws_kms_key_policy", ["update"], { key_id: KEY_ID, policy: policy(AURA_ST) }, { key_id: KEY_ID, policy: policy(AURA_ST, allow(ROOT_ARN, "kms:Decrypt")) })],
      [],
    ],
    [
      "look-alike: the key policy resource names another key; this plan's key (another account) is not its key",
      (rc) => [rc("aws_kms_key", ["no-op"], key({ arn: ARN2, key_id: KEY2_ID, policy: policy(AURA_ST) }), key({ arn: ARN2, key_id: KEY2_ID, policy: policy(AURA_ST) })), rc("aws_kms_key_policy", ["update"], { key_id: KEY_ID, policy: policy(AURA_ST) }, { key_id: KEY_ID, policy: policy(AURA_ST, allow(ROOT_ARN, "kms:Decrypt")) })],
      [`high AURA-KEY-8 aws_kms_key_policy.r2: any principal of account ${ACCOUNT} may now kms:Decrypt`],
    ],
    [
      "a key policy resource created for another key than the plan's: judged as a new policy (Aura's statement absent is no loss)",
      (rc) => [rc("aws_kms_key", ["no-op"], key(), key()), rc("aws_kms_key_policy", ["create"], null, { key_id: KEY2_ID, policy: policy(ROOT) })],
      [`high AURA-KEY-8 aws_kms_key_policy.r2: a separate key policy resource takes over the policy of key ${KEY2_ID}; what it allows is judged below`],
    ],
    [
      "a key policy resource created with its key_id known after apply: not matched to a key without an id",
      (rc) => [rc("aws_kms_key", ["no-op"], key(), key()), { ...rc("aws_kms_key_policy", ["create"], null, { policy: policy(ROOT) }), afterUnknown: { key_id: true } }],
      ["high AURA-KEY-8 aws_kms_key_policy.r2: a separate key policy resource takes over the policy of key (known after apply); what it allows is judged below"],
    ],
    [
      "a key policy resource created next to a key created and a key destroyed (neither is its key)",
      (rc) => [rc("aws_kms_key", ["create"], null, { description: "new", policy: policy(ROOT, AURA_ST) }), rc("aws_kms_key", ["delete"], key({ key_id: KEY2_ID, arn: ARN2 }), null), rc("aws_kms_key_policy", ["create"], null, { key_id: KEY_ID, policy: policy(ROOT, AURA_ST) })],
      [
        "high AURA-KEY-1 aws_kms_key.r2: aws_kms_key \"Aura CMK\" deleted",
        `high AURA-KEY-8 aws_kms_key_policy.r3: a separate key policy resource takes over the policy of key ${KEY_ID}; what it allows is judged below`,
      ],
    ],
    [
      "a key policy resource destroyed whose key id is not in its values",
      (rc) => [rc("aws_kms_key_policy", ["delete"], { policy: policy(ROOT, AURA_ST) }, null)],
      ["high AURA-KEY-6 aws_kms_key_policy.r1: the key policy resource of key ? is destroyed: AWS puts back the default key policy (the account root only), so Aura's statement goes"],
    ],
    [
      "a key whose before policy is not JSON",
      (rc) => [rc("aws_kms_key", ["update"], key({ policy: "{not json" }), key())],
      [`medium AURA-KEY-8 ${K}: the key policy is not a JSON policy document the review can read`],
    ],
    [
      "a destroyed key: no policy view (no lock-out)",
      (rc) => [rc("aws_kms_key", ["delete"], key(), null)],
      [`high AURA-KEY-1 ${K}: aws_kms_key "Aura CMK" deleted`],
    ],
  ]);
});

describe("AWS grants: the key's account and the grantee", () => {
  const grant = (grantee: string) => ({ key_id: ARN, grantee_principal: grantee, operations: ["Decrypt"] });
  run([
    [
      "a grant to Aura's role revoked; the stack's alias (another type) in Aura's account is not a key",
      (rc) => [rc("aws_kms_alias", ["no-op"], { arn: `arn:aws:kms:us-east-1:${AURA}:alias/x`, name: "alias/x" }, { arn: `arn:aws:kms:us-east-1:${AURA}:alias/x`, name: "alias/x" }), rc("aws_kms_grant", ["delete"], grant(`arn:aws:iam::${AURA}:role/aura`), null)],
      [`high AURA-KEY-6 aws_kms_grant.r2: the grant of Decrypt to arn:aws:iam::${AURA}:role/aura (another account: Aura's side may rely on it) is revoked`],
    ],
    [
      "a grant to the key's account revoked, the key's ARN in its after values only: quiet",
      (rc) => [rc("aws_kms_key", ["update"], { key_id: KEY_ID, policy: policy(ROOT, AURA_ST), description: "a" }, key({ description: "b" })), rc("aws_kms_grant", ["delete"], grant(`arn:aws:iam::${ACCOUNT}:role/app`), null)],
      [],
    ],
    [
      "a grant revoked next to a destroyed key without an ARN",
      (rc) => [rc("aws_kms_key", ["delete"], { key_id: KEY_ID, policy: policy(ROOT, AURA_ST) }, null), rc("aws_kms_grant", ["delete"], grant(`arn:aws:iam::${AURA}:role/aura`), null)],
      [`high AURA-KEY-1 ${K}: aws_kms_key "${KEY_ID}" deleted`, `high AURA-KEY-6 aws_kms_grant.r2: the grant of Decrypt to arn:aws:iam::${AURA}:role/aura (another account: Aura's side may rely on it) is revoked`],
    ],
    ["a grant to a service revoked: no account, quiet", (rc) => [rc("aws_kms_key", ["no-op"], key(), key()), rc("aws_kms_grant", ["delete"], grant("dynamodb.amazonaws.com"), null)], []],
  ]);
});

// GCP
const GKEY = "projects/p/locations/europe-west1/keyRings/r/cryptoKeys/aura-cmk";
const RING = "projects/p/locations/europe-west1/keyRings/r";
const ED = "roles/cloudkms.cryptoKeyEncrypterDecrypter";
const VIEWER = "roles/cloudkms.viewer";
const SA = (i: number) => `serviceAccount:aura-cmk-${i}@neo4j-aura-keys.iam.gserviceaccount.com`;
const member = (m: string, role = ED, scope = GKEY) => ({ crypto_key_id: scope, member: m, role });
const binding = (members: string[], role = ED) => ({ crypto_key_id: GKEY, role, members });
const policyData = (bindings: Body[]) => ({ crypto_key_id: GKEY, policy_data: JSON.stringify({ bindings }) });
const GM = "google_kms_crypto_key_iam_member";
const GB = "google_kms_crypto_key_iam_binding";

describe("GCP key posture: which IAM resources and grants count, and which change loses Aura's role", () => {
  run([
    [
      "IAM policy_data known only after apply",
      (rc) => [{ ...rc("google_kms_crypto_key_iam_policy", ["update"], policyData([{ role: ED, members: ["user:ops@example.com"] }]), { crypto_key_id: GKEY }), afterUnknown: { policy_data: true } }],
      ["medium AURA-KEY-8 google_kms_crypto_key_iam_policy.r1: who gets the role becomes known only after apply: the review cannot judge it"],
    ],
    [
      "IAM policy_data known only after apply on a policy that held Aura's service account: unknown, not a loss",
      (rc) => [{ ...rc("google_kms_crypto_key_iam_policy", ["update"], policyData([{ role: ED, members: [SA(1)] }]), { crypto_key_id: GKEY }), afterUnknown: { policy_data: true } }],
      ["medium AURA-KEY-8 google_kms_crypto_key_iam_policy.r1: who gets the role becomes known only after apply: the review cannot judge it"],
    ],
    [
      "a binding's members known only after apply where Aura's service account was: unknown, not a loss",
      (rc) => [{ ...rc(GB, ["update"], binding([SA(1)]), { crypto_key_id: GKEY, role: ED }), afterUnknown: { members: true } }],
      [`medium AURA-KEY-8 ${GB}.r1: who gets the role becomes known only after apply: the review cannot judge it`],
    ],
    [
      "a binding's members known only after apply",
      (rc) => [{ ...rc(GB, ["create"], null, { crypto_key_id: GKEY, role: ED }), afterUnknown: { members: true } }],
      [`medium AURA-KEY-8 ${GB}.r1: who gets the role becomes known only after apply: the review cannot judge it`],
    ],
    [
      "a policy binding under a condition",
      (rc) => [rc("google_kms_crypto_key_iam_policy", ["create"], null, policyData([{ role: ED, members: ["allUsers"], condition: { title: "t", expression: "true" } }]))],
      [`high AURA-KEY-8 google_kms_crypto_key_iam_policy.r1: allUsers (anyone) gets ${ED} on ${GKEY} (with an IAM condition the review cannot evaluate)`],
    ],
    [
      "a policy binding without a role: \"?\"",
      (rc) => [rc("google_kms_crypto_key_iam_policy", ["create"], null, policyData([{ members: ["allUsers"] }]))],
      [`high AURA-KEY-8 google_kms_crypto_key_iam_policy.r1: allUsers (anyone) gets ? on ${GKEY}`],
    ],
    [
      "a binding resource without a role: \"?\", a key role (fail closed)",
      (rc) => [rc(GB, ["create"], null, { crypto_key_id: GKEY, members: ["allUsers"] })],
      [`high AURA-KEY-8 ${GB}.r1: allUsers (anyone) gets ? on ${GKEY}`],
    ],
    [
      "a data source read of a key's IAM policy naming allUsers: not a change, quiet",
      (rc) => [rc("google_kms_crypto_key_iam_policy", ["read"], null, policyData([{ role: ED, members: ["allUsers"] }]))],
      [],
    ],
    [
      "Aura's service account removed from one binding: the binding is the cause, not the look-alikes before it",
      (rc) => [
        rc(GM, ["no-op"], member(SA(2), VIEWER), member(SA(2), VIEWER)),
        rc(GM, ["no-op"], member(SA(1)), member(SA(1))),
        rc(GM, ["update"], member(SA(2), ED, RING), member("user:ops@example.com", ED, RING)),
        rc(GB, ["update"], binding([SA(1), SA(2)]), binding([SA(1)])),
      ],
      [`high AURA-KEY-6 ${GM}.r3: ${SA(2)} loses ${ED} on ${RING}`, `high AURA-KEY-6 ${GB}.r4: ${SA(2)} loses ${ED} on ${GKEY}`, `high AURA-KEY-8 ${GM}.r3: user:ops@example.com gets ${ED} on ${RING}`],
    ],
    [
      "allUsers viewer moved from the key ring to the key: new on the key",
      (rc) => [rc(GM, ["update"], member("allUsers", VIEWER, RING), member("allUsers", VIEWER))],
      [`medium AURA-KEY-8 ${GM}.r1: allUsers gets ${VIEWER} on ${GKEY} (anyone can see the key)`],
    ],
    [
      "allUsers with another non-key role on the key before: the viewer role is new",
      (rc) => [rc(GM, ["update"], member("allUsers", "roles/cloudkms.publicKeyViewer"), member("allUsers", VIEWER))],
      [`medium AURA-KEY-8 ${GM}.r1: allUsers gets ${VIEWER} on ${GKEY} (anyone can see the key)`],
    ],
    [
      "allUsers viewer kept on the key (another attribute changes): quiet",
      (rc) => [rc(GM, ["update"], { ...member("allUsers", VIEWER), etag: "a" }, { ...member("allUsers", VIEWER), etag: "b" })],
      [],
    ],
    [
      "a key version that was disabled already stays disabled: quiet",
      (rc) => [rc("google_kms_crypto_key_version", ["update"], { name: "v1", state: "DISABLED", labels: { a: "1" } }, { name: "v1", state: "DISABLED", labels: { a: "2" } })],
      [],
    ],
    [
      "a key version is disabled",
      (rc) => [rc("google_kms_crypto_key_version", ["update"], { name: "v1", state: "ENABLED" }, { name: "v1", state: "DISABLED" })],
      ["high AURA-KEY-7 google_kms_crypto_key_version.r1: its key version is DISABLED"],
    ],
    [
      "a data source read of a disabled key version: quiet",
      (rc) => [rc("google_kms_crypto_key_version", ["read"], null, { name: "v1", state: "DISABLED" })],
      [],
    ],
    [
      "a crypto key whose primary version stays disabled: quiet",
      (rc) => [rc("google_kms_crypto_key", ["update"], { name: "k", primary: [{ state: "DISABLED" }], labels: { a: "1" } }, { name: "k", primary: [{ state: "DISABLED" }], labels: { a: "2" } })],
      [],
    ],
    [
      "a crypto key whose primary version is disabled",
      (rc) => [rc("google_kms_crypto_key", ["update"], { name: "k", primary: [{ state: "ENABLED" }] }, { name: "k", primary: [{ state: "DISABLED" }] })],
      ["high AURA-KEY-7 google_kms_crypto_key.r1: its key version is DISABLED"],
    ],
    [
      "look-alike: another type with a primary block in a disabled state: quiet",
      (rc) => [rc("google_sql_database_instance", ["update"], { name: "db", primary: [{ state: "ENABLED" }] }, { name: "db", primary: [{ state: "DISABLED" }] })],
      [],
    ],
  ]);
});

// Azure
const VAULT = "/subscriptions/s/resourceGroups/rg/providers/Microsoft.KeyVault/vaults/kv-aura";
const VAULT2 = "/subscriptions/s/resourceGroups/rg/providers/Microsoft.KeyVault/vaults/kv-other";
const AURA_SP = "7a6b5c4d-3e2f-4a1b-9c8d-7e6f5a4b3c2d";
const AURA_APP = "0a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d";
const APP_OBJ = "5e5e5e5e-0000-4000-8000-00000000aaaa";
const OTHER_SP = "0badc0de-0000-4000-8000-000000000001";
const CSEU = "Key Vault Crypto Service Encryption User";
const RA = "azurerm_role_assignment";
const SP = "azuread_service_principal";
const AP = "azurerm_key_vault_access_policy";
const KV = "azurerm_key_vault";
const ra = (principal: string, role: string, scope = VAULT) => ({ principal_id: principal, role_definition_name: role, scope });
const acl = (over: Body = {}) => [{ bypass: "None", default_action: "Deny", ip_rules: ["198.51.100.10"], virtual_network_subnet_ids: [], ...over }];
const vault = (over: Body = {}) => ({ name: "kv-aura", rbac_authorization_enabled: false, enabled_for_disk_encryption: true, public_network_access_enabled: true, network_acls: acl(), access_policy: [], ...over });
const apOf = (principal: string | undefined, perms: string[]) => ({ ...(principal ? { object_id: principal } : {}), key_permissions: perms });
const azKnown: KnownPrincipals = { ...NO_KNOWN, azureAuraPrincipals: new Set([AURA_SP]), azurePrincipals: new Set([AURA_SP]) };
const azKnownByApp: KnownPrincipals = { ...NO_KNOWN, azureAuraApplications: new Set([AURA_APP]) };

describe("Azure key posture: role assignments, service principals, access policies, the vault", () => {
  run([
    [
      "a crypto role on a scope known only after apply",
      (rc) => [{ ...rc(RA, ["create"], null, { principal_id: OTHER_SP, role_definition_name: CSEU }), afterUnknown: { scope: true } }],
      [`high AURA-KEY-8 ${RA}.r1: ${CSEU} given to ${OTHER_SP} on (scope known after apply)`],
    ],
    [
      "a crypto role moved to another vault (lost on the first: without --config a holder of Aura's role counts as Aura), and another role on the same vault: both new",
      (rc) => [rc(RA, ["update"], ra(OTHER_SP, CSEU), ra(OTHER_SP, CSEU, VAULT2)), rc(RA, ["update"], ra(OTHER_SP, "Key Vault Crypto Officer"), ra(OTHER_SP, "Key Vault Crypto User"))],
      [`high AURA-KEY-6 ${RA}.r1: ${CSEU} for ${OTHER_SP} is removed`, `high AURA-KEY-6 ${RA}.r2: Key Vault Crypto Officer for ${OTHER_SP} is removed`, `high AURA-KEY-8 ${RA}.r1: ${CSEU} given to ${OTHER_SP} on ${VAULT2}`, `high AURA-KEY-8 ${RA}.r2: Key Vault Crypto User given to ${OTHER_SP} on ${VAULT}`],
    ],
    ["a data source read of a role assignment: quiet", (rc) => [rc(RA, ["read"], null, ra(OTHER_SP, CSEU))], []],
    [
      "Aura's crypto role removed while Aura keeps a reader role: lost, the removed assignment is the cause (not the look-alikes before it)",
      (rc) => [rc(RA, ["no-op"], ra(AURA_SP, "Key Vault Reader"), ra(AURA_SP, "Key Vault Reader")), rc(RA, ["no-op"], ra(OTHER_SP, CSEU), ra(OTHER_SP, CSEU)), rc(RA, ["delete"], ra(AURA_SP, CSEU), null)],
      [`high AURA-KEY-6 ${RA}.r3: ${CSEU} for ${AURA_SP} is removed`],
      azKnown,
    ],
    [
      "Aura's crypto role on two scopes, one removed and one replaced: each names its own assignment",
      (rc) => [rc(RA, ["delete"], ra(AURA_SP, CSEU, VAULT2), null), rc(RA, ["delete", "create"], ra(AURA_SP, CSEU), ra(AURA_SP, CSEU))],
      [`high AURA-KEY-6 ${RA}.r1: ${CSEU} for ${AURA_SP} is removed`, `high AURA-KEY-6 ${RA}.r2: ${CSEU} for ${AURA_SP} is replaced (removed, then assigned again)`],
      azKnown,
    ],
    [
      "a service principal destroyed that holds only a reader role (another principal holds the crypto role): quiet",
      (rc) => [rc(RA, ["no-op"], ra(APP_OBJ, "Key Vault Reader"), ra(APP_OBJ, "Key Vault Reader")), rc(RA, ["no-op"], ra(OTHER_SP, CSEU), ra(OTHER_SP, CSEU)), rc(SP, ["delete"], { object_id: APP_OBJ, client_id: "c0c0c0c0-0000-4000-8000-000000000002" }, null)],
      [],
    ],
    [
      "a service principal destroyed that holds Aura's role, without a client id",
      (rc) => [rc(RA, ["no-op"], ra(APP_OBJ, CSEU), ra(APP_OBJ, CSEU)), rc(SP, ["delete"], { object_id: APP_OBJ }, null)],
      [`high AURA-KEY-6 ${SP}.r2: the service principal of application ? (${APP_OBJ}) is destroyed, and its role assignments with it`],
    ],
    [
      "Aura's service principal replaced (by application)",
      (rc) => [rc(SP, ["delete", "create"], { object_id: AURA_SP, client_id: AURA_APP }, { client_id: AURA_APP })],
      [`high AURA-KEY-6 ${SP}.r1: the service principal of application ${AURA_APP} (${AURA_SP}) is replaced: its role assignments go with the old one`],
      azKnownByApp,
    ],
    ["Aura's service principal updated, or unchanged: quiet", (rc) => [rc(SP, ["update"], { object_id: AURA_SP, client_id: AURA_APP, notes: "a" }, { object_id: AURA_SP, client_id: AURA_APP, notes: "b" }), rc(SP, ["no-op"], { object_id: AURA_SP, client_id: AURA_APP }, { object_id: AURA_SP, client_id: AURA_APP })], [], azKnownByApp],
    ["look-alike: Aura's application (another type) destroyed: not the service principal", (rc) => [rc("azuread_application", ["delete"], { object_id: APP_OBJ, client_id: AURA_APP }, null)], [], azKnownByApp],
    ["a service principal destroyed without --config, holding nothing: quiet", (rc) => [rc(SP, ["delete"], { object_id: OTHER_SP, client_id: AURA_APP }, null)], []],
    [
      "by application: the application's own object id (another type) is not Aura's principal",
      (rc) => [rc("azuread_application", ["no-op"], { object_id: APP_OBJ, client_id: AURA_APP }, { object_id: APP_OBJ, client_id: AURA_APP }), rc(RA, ["create"], null, ra(APP_OBJ, CSEU))],
      [`high AURA-KEY-8 ${RA}.r2: ${CSEU} given to ${APP_OBJ} on ${VAULT} (a principal the config does not name)`],
      azKnownByApp,
    ],
    ["by application: another principal's crypto role removed is not Aura's loss", (rc) => [rc(RA, ["delete"], ra(OTHER_SP, CSEU), null)], [], azKnownByApp],
    [
      "principal known after apply, referenced by a data source of the same name: not resolved",
      (rc) => [rc(SP, ["create"], null, { client_id: AURA_APP }, { address: `${SP}.aura`, configAddress: `${SP}.aura` }), { ...rc(RA, ["create"], null, { role_definition_name: CSEU, scope: VAULT }), afterUnknown: { principal_id: true }, references: { principal_id: [`data.${SP}.aura.object_id`, `data.${SP}.aura`] } }],
      [`medium AURA-KEY-8 ${RA}.r2: ${CSEU} goes to a principal known only after apply: the review cannot judge it`],
      azKnownByApp,
    ],
    [
      "principal known after apply, referenced by a for_each service principal: resolved to Aura's application",
      (rc) => [rc(SP, ["create"], null, { client_id: AURA_APP }, { address: `${SP}.aura["k1"]`, configAddress: `${SP}.aura` }), { ...rc(RA, ["create"], null, { role_definition_name: CSEU, scope: VAULT }), afterUnknown: { principal_id: true }, references: { principal_id: [`${SP}.aura["k1"].object_id`, `${SP}.aura`] } }],
      [],
      azKnownByApp,
    ],
    [
      "principal known after apply: the first reference is to a service principal not in the plan, the second resolves; other types and other principals first are not it",
      (rc) => [
        rc("azuread_application", ["create"], null, { object_id: APP_OBJ, client_id: AURA_APP }, { address: "azuread_application.aura", configAddress: "azuread_application.aura" }),
        rc(SP, ["create"], null, { object_id: OTHER_SP, client_id: "c0c0c0c0-0000-4000-8000-000000000002" }, { address: `${SP}.other`, configAddress: `${SP}.other` }),
        rc(SP, ["create"], null, { client_id: AURA_APP }, { address: `${SP}.aura`, configAddress: `${SP}.aura` }),
        { ...rc(RA, ["create"], null, { role_definition_name: CSEU, scope: VAULT }), afterUnknown: { principal_id: true }, references: { principal_id: [`${SP}.gone.object_id`, `${SP}.aura.object_id`] } },
      ],
      [],
      azKnownByApp,
    ],
    [
      "access policies without an object id: \"?\"",
      (rc) => [rc(KV, ["update"], vault(), vault({ access_policy: [apOf(undefined, ["Get", "WrapKey"])] })), rc(AP, ["create"], null, apOf(undefined, ["UnwrapKey"]))],
      [`high AURA-KEY-8 ${KV}.r1: access policy gives ? key permissions Get, WrapKey`, `high AURA-KEY-8 ${AP}.r2: access policy gives ? key permissions UnwrapKey`],
    ],
    [
      "a separate access policy gives a principal key permissions another principal already had",
      (rc) => [rc(KV, ["update"], vault({ access_policy: [apOf(AURA_SP, ["Get", "WrapKey", "UnwrapKey"])] }), vault({ access_policy: [apOf(AURA_SP, ["Get", "WrapKey", "UnwrapKey"])], tags: { a: "1" } })), rc(AP, ["create"], null, apOf(OTHER_SP, ["Get", "WrapKey"]))],
      [`high AURA-KEY-8 ${AP}.r2: access policy gives ${OTHER_SP} key permissions Get, WrapKey`],
    ],
    ["a data source read of a vault with an access policy: quiet", (rc) => [rc(KV, ["read"], null, vault({ access_policy: [apOf(OTHER_SP, ["Get", "WrapKey"])] }))], []],
    ["a principal that had only wrapKey loses it: not Aura's pair, quiet", (rc) => [rc(AP, ["delete"], apOf(OTHER_SP, ["WrapKey"]), null)], []],
    [
      "a principal loses wrap and unwrap: the active resource that held them is the cause",
      (rc) => [rc(AP, ["no-op"], apOf(AURA_SP, ["Get"]), apOf(AURA_SP, ["Get"])), rc(AP, ["update"], apOf(OTHER_SP, ["Get", "List"]), apOf(OTHER_SP, ["Get"])), rc(AP, ["delete"], apOf(AURA_SP, ["WrapKey", "UnwrapKey"]), null)],
      [`high AURA-KEY-6 ${AP}.r3: access policy of ${AURA_SP} loses wrapKey and unwrapKey`],
    ],
    [
      "the second principal of a vault's inline policies loses unwrapKey",
      (rc) => [rc(KV, ["update"], vault({ access_policy: [apOf(OTHER_SP, ["Get"]), apOf(AURA_SP, ["Get", "WrapKey", "UnwrapKey"])] }), vault({ access_policy: [apOf(OTHER_SP, ["Get"]), apOf(AURA_SP, ["Get", "WrapKey"])] }))],
      [`high AURA-KEY-6 ${KV}.r1: access policy of ${AURA_SP} loses unwrapKey`],
    ],
    [
      "a data source read of a disabled vault key: quiet",
      (rc) => [rc("azurerm_key_vault_key", ["read"], null, { name: "aura-cmk", key_opts: ["wrapKey", "unwrapKey"], enabled: false })],
      [],
    ],
    [
      "look-alike: another type opens its network rules: not the vault's firewall",
      (rc) => [rc("azurerm_storage_account", ["update"], { name: "st", public_network_access_enabled: true, network_acls: acl(), rbac_authorization_enabled: true, enabled_for_disk_encryption: true }, { name: "st", public_network_access_enabled: true, network_acls: acl({ default_action: "Allow" }), rbac_authorization_enabled: false, enabled_for_disk_encryption: false })],
      [],
    ],
    [
      "the vault's firewall admits trusted Microsoft services (bypass)",
      (rc) => [rc(KV, ["update"], vault(), vault({ network_acls: acl({ bypass: "AzureServices" }) }))],
      [`high AURA-KEY-8 ${KV}.r1: the vault's firewall now admits trusted Microsoft services`],
    ],
    [
      "the vault's firewall admits two more addresses",
      (rc) => [rc(KV, ["update"], vault(), vault({ network_acls: acl({ ip_rules: ["198.51.100.10", "203.0.113.0/24", "192.0.2.7"] }) }))],
      [`high AURA-KEY-8 ${KV}.r1: the vault's firewall now admits 192.0.2.7/32, 203.0.113.0/24`],
    ],
    [
      "the vault's firewall admits everyone",
      (rc) => [rc(KV, ["update"], vault(), vault({ network_acls: acl({ default_action: "Allow" }) }))],
      [`high AURA-KEY-8 ${KV}.r1: the vault's firewall now admits every address (all networks)`],
    ],
    [
      "a vault update that keeps RBAC off and disk encryption off: quiet",
      (rc) => [rc(KV, ["update"], vault({ enabled_for_disk_encryption: false }), vault({ enabled_for_disk_encryption: false, tags: { a: "1" } }))],
      [],
    ],
  ]);
});
