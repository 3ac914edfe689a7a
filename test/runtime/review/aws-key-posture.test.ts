import type { ResourceChange } from "../../../runtime/review/plan-format";
import type { KnownPrincipals } from "../../../runtime/review/rule";
import { auraStatement, changeFactory, keyFindings, keyPolicy, NO_KNOWN, rootStatement } from "../../support/hand-built-plans";

/**
 * AWS key posture, hand-built plans reviewed in process (aws-scenarios.test.ts plans the same kinds of change with
 * the real terraform; this table adds the variants and edges, and is what the mutation run of runtime/review can
 * use, since it runs no terraform). Each case lists every key finding (AURA-KEY-*) the review must give, exactly:
 * a missing one, an extra one, another severity or another detail fails. Details are written out as the review's
 * documented wording (runtime/review/posture/keys.ts), with the account and action names of the case.
 */
const ACCOUNT = "111122223333";
const AURA = "999988887777";
const OTHER = "444455556666";
const ARN = `arn:aws:kms:us-east-1:${ACCOUNT}:key/1234abcd-12ab-34cd-56ef-1234567890ab`;
const ROOT_ARN = `arn:aws:iam::${ACCOUNT}:root`;
const TODAY = new Date("2026-12-06T12:00:00Z");
const ADMIN = "kms:PutKeyPolicy, kms:GetKeyPolicy, kms:ScheduleKeyDeletion, kms:CancelKeyDeletion, kms:EnableKey, kms:DisableKey, kms:EnableKeyRotation, kms:DisableKeyRotation, kms:CreateGrant, kms:RevokeGrant";
/** What Aura needs of the key (envelope encryption and grants; not data key pairs), as the review names it, sorted. */
const AURA_USE = "kms:CreateGrant, kms:Decrypt, kms:DescribeKey, kms:Encrypt, kms:GenerateDataKey, kms:GenerateDataKeyWithoutPlaintext, kms:ReEncryptFrom, kms:ReEncryptTo";

type Body = Record<string, unknown>;
const ROOT = rootStatement(ACCOUNT);
const AURA_ST = auraStatement(AURA);
const APP_ROLE = `arn:aws:iam::${ACCOUNT}:role/app`;
const policy = keyPolicy;
const key = (over: Body = {}): Body => ({ arn: ARN, key_id: "1234abcd-12ab-34cd-56ef-1234567890ab", description: "Aura CMK", is_enabled: true, enable_key_rotation: true, deletion_window_in_days: 30, policy: policy(ROOT, AURA_ST), ...over });

const rc = changeFactory("k");
const upd = (before: Body, after: Body, type = "aws_kms_key") => rc(type, ["update"], before, after);

const awsKnown: KnownPrincipals = { ...NO_KNOWN, awsAuraAccounts: new Set([AURA]), awsPrincipals: new Set([APP_ROLE]) };

describe("AWS key posture (hand-built plans): every key finding, exactly", () => {
  const cases: Array<[string, () => ResourceChange[], string[], KnownPrincipals?]> = [
    ["an unchanged key", () => [rc("aws_kms_key", ["no-op"], key(), key())], []],
    ["a narrowed policy (a role statement removed) is quiet", () => [upd(key({ policy: policy(ROOT, AURA_ST, { Effect: "Allow", Principal: { AWS: APP_ROLE }, Action: "kms:Decrypt", Resource: "*" }) }), key())], []],
    ["the key is disabled", () => [upd(key(), key({ is_enabled: false }))], ["high AURA-KEY-7: the key is disabled"]],
    ["a replica key is disabled (enabled, not is_enabled)", () => [upd({ ...key(), enabled: true }, { ...key(), enabled: false }, "aws_kms_replica_key")], ["high AURA-KEY-7: the key is disabled"]],
    [
      "an external key's validity ends in the past",
      () => [upd({ ...key(), enabled: true }, { ...key(), enabled: true, valid_to: "2026-01-01T00:00:00Z" }, "aws_kms_external_key")],
      ["high AURA-KEY-7: it expired at 2026-01-01T00:00:00Z (now is 2026-12-06T12:00:00.000Z)"],
    ],
    [
      "the root statement names another account's root: lock-out and exposure",
      () => [upd(key(), key({ policy: policy({ ...ROOT, Principal: { AWS: `arn:aws:iam::${OTHER}:root` } }, AURA_ST) }))],
      [`high AURA-KEY-4: the account root (${ROOT_ARN}) can no longer ${ADMIN}`, `high AURA-KEY-8: any principal of account ${OTHER} may now every KMS action (kms:*) (full control: whoever may put the key policy may give anyone anything)`],
    ],
    [
      "a Deny of kms:* to everyone: the root is locked out and Aura loses its use",
      () => [upd(key(), key({ policy: policy(ROOT, AURA_ST, { Sid: "DenyAll", Effect: "Deny", Principal: "*", Action: "kms:*", Resource: "*" }) }))],
      [`high AURA-KEY-4: the account root (${ROOT_ARN}) can no longer ${ADMIN}`, `high AURA-KEY-6: any principal of account ${AURA} (Aura's side of the key) can no longer ${AURA_USE}`],
    ],
    [
      "a Deny of PutKeyPolicy alone to the root: a lock-out of that one action",
      () => [upd(key(), key({ policy: policy(ROOT, AURA_ST, { Effect: "Deny", Principal: { AWS: ROOT_ARN }, Action: "kms:PutKeyPolicy", Resource: "*" }) }))],
      [`high AURA-KEY-4: the account root (${ROOT_ARN}) can no longer kms:PutKeyPolicy`],
    ],
    [
      "a Deny to the root under a condition the review cannot evaluate: still reported, with the doubt",
      () => [upd(key(), key({ policy: policy(ROOT, AURA_ST, { Effect: "Deny", Principal: "*", Action: "kms:DisableKey", Resource: "*", Condition: { Bool: { "aws:MultiFactorAuthPresent": "false" } } }) }))],
      [`high AURA-KEY-4: the account root (${ROOT_ARN}) can no longer kms:DisableKey for certain (it depends on a condition the review cannot evaluate)`],
    ],
    [
      'kms:Decrypt to "*" without a condition',
      () => [upd(key(), key({ policy: policy(ROOT, AURA_ST, { Effect: "Allow", Principal: { AWS: "*" }, Action: "kms:Decrypt", Resource: "*" }) }))],
      ['high AURA-KEY-8: any principal of any account the policy does not name may now kms:Decrypt (a "*" principal not pinned to accounts)'],
    ],
    [
      "kms:* to a role of the key's own account (beyond the root)",
      () => [upd(key(), key({ policy: policy(ROOT, AURA_ST, { Effect: "Allow", Principal: { AWS: `arn:aws:iam::${ACCOUNT}:role/ops` }, Action: "kms:*", Resource: "*" }) }))],
      [`high AURA-KEY-8: arn:aws:iam::${ACCOUNT}:role/ops may now every KMS action (kms:*) (full control: whoever may put the key policy may give anyone anything)`],
    ],
    [
      "Aura's statement pinned to an organization instead of Aura's account",
      () => [upd(key(), key({ policy: policy(ROOT, { ...AURA_ST, Condition: { StringEquals: { "aws:PrincipalOrgID": "o-abcdef1234" } } }) }))],
      [
        `high AURA-KEY-6: any principal of account ${AURA} (Aura's side of the key) can no longer ${AURA_USE}`,
        "high AURA-KEY-8: any principal of any account of organization o-abcdef1234 may now kms:CreateGrant, kms:Decrypt, kms:DescribeKey, kms:Encrypt, kms:GenerateDataKey, kms:GenerateDataKeyPair, kms:GenerateDataKeyPairWithoutPlaintext, kms:GenerateDataKeyWithoutPlaintext, kms:ListGrants, kms:ReEncryptFrom, kms:ReEncryptTo, kms:RevokeGrant (pinned to an organization, not to accounts)",
      ],
    ],
    [
      "bypass_policy_lockout_safety_check turned on",
      () => [upd(key(), key({ bypass_policy_lockout_safety_check: true }))],
      ["high AURA-KEY-8: bypass_policy_lockout_safety_check = true: KMS no longer refuses a policy that locks the account out of its key"],
    ],
    ["bypass_policy_lockout_safety_check already on stays quiet", () => [upd(key({ bypass_policy_lockout_safety_check: true }), key({ bypass_policy_lockout_safety_check: true, description: "Aura CMK (renamed)" }))], []],
    [
      "a policy known only after apply",
      () => [{ ...upd(key(), key({ policy: undefined })), afterUnknown: { policy: true } }],
      ["medium AURA-KEY-8: the key policy becomes known only after apply: the review cannot judge who may use the key"],
    ],
    ["a policy that is not JSON", () => [upd(key(), key({ policy: "{not json" }))], ["medium AURA-KEY-8: the key policy is not a JSON policy document the review can read"]],
    [
      "a new key whose policy gives its own account root everything and Aura its pinned use is quiet (no ARN yet: the account comes from the root statement)",
      () => [rc("aws_kms_key", ["create"], null, { description: "Aura CMK", policy: policy(ROOT, AURA_ST) })],
      [],
    ],
    [
      "a new key that gives another account full control",
      () => [rc("aws_kms_key", ["create"], null, { description: "Aura CMK", policy: policy(ROOT, AURA_ST, { Effect: "Allow", Principal: { AWS: `arn:aws:iam::${OTHER}:root` }, Action: "kms:*", Resource: "*" }) })],
      // An account's root ARN as principal is the whole account (its IAM policies delegate), so "any principal of".
      [`high AURA-KEY-8: any principal of account ${OTHER} may now every KMS action (kms:*) (full control: whoever may put the key policy may give anyone anything)`],
    ],
    [
      "a grant gives another account Decrypt",
      () => [rc("aws_kms_key", ["no-op"], key(), key()), rc("aws_kms_grant", ["create"], null, { key_id: ARN, grantee_principal: `arn:aws:iam::${OTHER}:root`, operations: ["Decrypt"] })],
      [`high AURA-KEY-8: a grant gives Decrypt to arn:aws:iam::${OTHER}:root outside the key policy`],
    ],
    [
      "a grant to a principal the config names still counts, marked so",
      () => [rc("aws_kms_key", ["no-op"], key(), key()), rc("aws_kms_grant", ["create"], null, { key_id: ARN, grantee_principal: APP_ROLE, operations: ["Decrypt"] })],
      [`high AURA-KEY-8: a grant gives Decrypt to ${APP_ROLE} outside the key policy (a principal the config names)`],
      awsKnown,
    ],
    ["an unchanged grant is quiet", () => [rc("aws_kms_grant", ["update"], { key_id: ARN, grantee_principal: APP_ROLE, operations: ["Decrypt"], name: "a" }, { key_id: ARN, grantee_principal: APP_ROLE, operations: ["Decrypt"], name: "b" })], []],
    [
      "a grant to another account revoked",
      () => [rc("aws_kms_key", ["no-op"], key(), key()), rc("aws_kms_grant", ["delete"], { key_id: ARN, grantee_principal: `arn:aws:iam::${AURA}:role/aura`, operations: ["Decrypt", "Encrypt"] }, null)],
      [`high AURA-KEY-6: the grant of Decrypt, Encrypt to arn:aws:iam::${AURA}:role/aura (another account: Aura's side may rely on it) is revoked`],
    ],
    [
      "a grant to another account replaced",
      () => [rc("aws_kms_key", ["no-op"], key(), key()), rc("aws_kms_grant", ["delete", "create"], { key_id: ARN, grantee_principal: `arn:aws:iam::${AURA}:role/aura`, operations: ["Decrypt"] }, { key_id: ARN, grantee_principal: `arn:aws:iam::${AURA}:role/aura`, operations: ["Decrypt"], name: "new" })],
      [`high AURA-KEY-6: the grant of Decrypt to arn:aws:iam::${AURA}:role/aura (another account: Aura's side may rely on it) is replaced (revoked, then created again)`],
    ],
    ["a grant to the key's own account revoked is quiet", () => [rc("aws_kms_key", ["no-op"], key(), key()), rc("aws_kms_grant", ["delete"], { key_id: ARN, grantee_principal: APP_ROLE, operations: ["Decrypt"] }, null)], []],
    [
      "a separate key policy resource takes over the key's policy",
      () => [rc("aws_kms_key", ["no-op"], key(), key()), rc("aws_kms_key_policy", ["create"], null, { key_id: "1234abcd-12ab-34cd-56ef-1234567890ab", policy: policy(ROOT, AURA_ST) })],
      ["high AURA-KEY-8: a separate key policy resource takes over the policy of key 1234abcd-12ab-34cd-56ef-1234567890ab; what it allows is judged below"],
    ],
    [
      "a separate key policy resource that drops Aura's statement",
      () => [rc("aws_kms_key", ["no-op"], key(), key()), rc("aws_kms_key_policy", ["create"], null, { key_id: "1234abcd-12ab-34cd-56ef-1234567890ab", policy: policy(ROOT) })],
      [
        "high AURA-KEY-8: a separate key policy resource takes over the policy of key 1234abcd-12ab-34cd-56ef-1234567890ab; what it allows is judged below",
        `high AURA-KEY-6: any principal of account ${AURA} (Aura's side of the key) can no longer ${AURA_USE}`,
      ].sort(),
    ],
    [
      "the key policy resource destroyed: AWS puts back the default policy",
      () => [rc("aws_kms_key_policy", ["delete"], { key_id: "1234abcd-12ab-34cd-56ef-1234567890ab", policy: policy(ROOT, AURA_ST) }, null)],
      ["high AURA-KEY-6: the key policy resource of key 1234abcd-12ab-34cd-56ef-1234567890ab is destroyed: AWS puts back the default key policy (the account root only), so Aura's statement goes"],
    ],
    [
      "with --config: a principal the config names may use the key, no finding",
      () => [upd(key(), key({ policy: policy(ROOT, AURA_ST, { Effect: "Allow", Principal: { AWS: APP_ROLE }, Action: ["kms:Encrypt", "kms:Decrypt"], Resource: "*" }) }))],
      [],
      awsKnown,
    ],
    [
      "with --config: a role the config does not name may decrypt",
      () => [upd(key(), key({ policy: policy(ROOT, AURA_ST, { Effect: "Allow", Principal: { AWS: `arn:aws:iam::${OTHER}:role/x` }, Action: "kms:Decrypt", Resource: "*" }) }))],
      [`high AURA-KEY-8: arn:aws:iam::${OTHER}:role/x may now kms:Decrypt`],
      awsKnown,
    ],
    [
      "a new key's account from a root statement with Action \"*\" and the root in a list (no ARN yet): another account's kms:* is full control",
      () => [rc("aws_kms_key", ["create"], null, { description: "Aura CMK", policy: policy({ ...ROOT, Action: "*", Principal: { AWS: [ROOT_ARN] } }, AURA_ST, { Effect: "Allow", Principal: { AWS: `arn:aws:iam::${OTHER}:role/x` }, Action: "KMS:*", Resource: "*" }) })],
      [`high AURA-KEY-8: arn:aws:iam::${OTHER}:role/x may now every KMS action (kms:*) (full control: whoever may put the key policy may give anyone anything)`],
    ],
    [
      "a new key giving another account decrypt, without --config: the review cannot tell Aura's account from another, so only full control counts",
      () => [rc("aws_kms_key", ["create"], null, { description: "Aura CMK", policy: policy(AURA_ST, { Effect: "Allow", Principal: { AWS: `arn:aws:iam::${OTHER}:root` }, Action: "kms:Decrypt", Resource: "*" }) })],
      [],
    ],
    [
      "the same new key with --config: an account that is not Aura's gets decrypt",
      () => [rc("aws_kms_key", ["create"], null, { description: "Aura CMK", policy: policy(AURA_ST, { Effect: "Allow", Principal: { AWS: `arn:aws:iam::${OTHER}:root` }, Action: "kms:Decrypt", Resource: "*" }) })],
      [`high AURA-KEY-8: any principal of account ${OTHER} may now kms:Decrypt`],
      awsKnown,
    ],
    [
      "a replica key's policy drops the root: lock-out (the key account from its ARN)",
      () => [upd({ ...key(), enabled: true }, { ...key(), enabled: true, policy: policy(AURA_ST) }, "aws_kms_replica_key")],
      [`high AURA-KEY-4: the account root (${ROOT_ARN}) can no longer ${ADMIN}`],
    ],
    [
      "a separate key policy resource updated to drop the root, its key found by ARN",
      () => [rc("aws_kms_key", ["no-op"], key(), key()), rc("aws_kms_key_policy", ["update"], { key_id: ARN, policy: policy(ROOT, AURA_ST) }, { key_id: ARN, policy: policy(AURA_ST) })],
      [`high AURA-KEY-4: the account root (${ROOT_ARN}) can no longer ${ADMIN}`],
    ],
    [
      "a separate key policy resource forgotten (removed block)",
      () => [rc("aws_kms_key_policy", ["forget"], { key_id: "1234abcd-12ab-34cd-56ef-1234567890ab", policy: policy(ROOT, AURA_ST) }, null)],
      [],
    ],
    [
      "bypass_policy_lockout_safety_check turned on in a separate key policy resource",
      () => [rc("aws_kms_key", ["no-op"], key(), key()), rc("aws_kms_key_policy", ["update"], { key_id: ARN, policy: policy(ROOT, AURA_ST), bypass_policy_lockout_safety_check: false }, { key_id: ARN, policy: policy(ROOT, AURA_ST), bypass_policy_lockout_safety_check: true })],
      ["high AURA-KEY-8: bypass_policy_lockout_safety_check = true: KMS no longer refuses a policy that locks the account out of its key"],
    ],
    [
      "a grant whose grantee and operations are known only after apply",
      () => [rc("aws_kms_key", ["no-op"], key(), key()), { ...rc("aws_kms_grant", ["create"], null, { key_id: ARN }), afterUnknown: { grantee_principal: true, operations: true } }],
      ["high AURA-KEY-8: a grant gives (operations known after apply) to (grantee known after apply) outside the key policy"],
    ],
    [
      "a grant's constraints change (the same grantee and operations)",
      () => [rc("aws_kms_key", ["no-op"], key(), key()), rc("aws_kms_grant", ["update"], { key_id: ARN, grantee_principal: APP_ROLE, operations: ["Decrypt"], constraints: [{ encryption_context_equals: { app: "a" } }] }, { key_id: ARN, grantee_principal: APP_ROLE, operations: ["Decrypt"], constraints: [] })],
      [`high AURA-KEY-8: a grant gives Decrypt to ${APP_ROLE} outside the key policy`],
    ],
    [
      "a grant to another account's assumed-role session revoked",
      () => [rc("aws_kms_key", ["no-op"], key(), key()), rc("aws_kms_grant", ["delete"], { key_id: ARN, grantee_principal: `arn:aws:sts::${AURA}:assumed-role/aura/s1`, operations: ["Decrypt"] }, null)],
      [`high AURA-KEY-6: the grant of Decrypt to arn:aws:sts::${AURA}:assumed-role/aura/s1 (another account: Aura's side may rely on it) is revoked`],
    ],
    [
      "a role and the root of one foreign account both get decrypt: one finding for the account",
      () => [upd(key(), key({ policy: policy(ROOT, AURA_ST, { Effect: "Allow", Principal: { AWS: [`arn:aws:iam::${OTHER}:root`, `arn:aws:iam::${OTHER}:role/x`] }, Action: "kms:Decrypt", Resource: "*" }) }))],
      [`high AURA-KEY-8: any principal of account ${OTHER} may now kms:Decrypt`],
    ],
    [
      "with --config, a principal the config names that gets PutKeyPolicy is still full control",
      () => [upd(key(), key({ policy: policy(ROOT, AURA_ST, { Effect: "Allow", Principal: { AWS: APP_ROLE }, Action: ["kms:Decrypt", "kms:PutKeyPolicy"], Resource: "*" }) }))],
      [`high AURA-KEY-8: ${APP_ROLE} may now kms:Decrypt, kms:PutKeyPolicy (full control: whoever may put the key policy may give anyone anything)`],
      awsKnown,
    ],
    [
      "with --config, Aura's account keeping its pinned use when the statement is rewritten is quiet",
      () => [upd(key(), key({ policy: policy(ROOT, { ...AURA_ST, Sid: "Neo4j Aura" }) }))],
      [],
      awsKnown,
    ],
    [
      "with --config, a new key: Aura's account beyond its use (PutKeyPolicy) is reported",
      () => [rc("aws_kms_key", ["create"], null, { description: "Aura CMK", policy: policy(ROOT, { ...AURA_ST, Action: [...AURA_ST.Action, "kms:PutKeyPolicy"] }) })],
      [`high AURA-KEY-8: any principal of account ${AURA} may now kms:CreateGrant, kms:Decrypt, kms:DescribeKey, kms:Encrypt, kms:GenerateDataKey, kms:GenerateDataKeyPair, kms:GenerateDataKeyPairWithoutPlaintext, kms:GenerateDataKeyWithoutPlaintext, kms:ListGrants, kms:PutKeyPolicy, kms:ReEncryptFrom, kms:ReEncryptTo, kms:RevokeGrant (full control: whoever may put the key policy may give anyone anything)`],
      awsKnown,
    ],
  ];

  // A default for the optional column keeps the function's arity at 3: with 4, jest would pass a done callback.
  test.each(cases)("%s", (_name, changes, expected, known: KnownPrincipals | undefined = undefined) => {
    expect(keyFindings(changes(), TODAY, known)).toEqual([...expected].sort());
  });
});
