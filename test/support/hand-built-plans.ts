import { changeKind, type ResourceChange, type StackPlan } from "../../runtime/review/plan-format";
import { reviewPlans } from "../../runtime/review/review";
import type { KnownPrincipals } from "../../runtime/review/rule";

/**
 * Hand-built plan changes in the documented plan format (resource_changes[].change), for the review's tests, and
 * the AWS key policy statements they are built from (the account root's and the one the Aura console generates).
 */
type Values = Record<string, unknown> | null;

/** A change factory whose resources are named `<prefix>1`, `<prefix>2`... in stack "s". */
export function changeFactory(prefix: string) {
  let n = 0;
  return (type: string, actions: string[], before: Values, after: Values, extra: Partial<ResourceChange> = {}): ResourceChange => {
    const name = `${prefix}${++n}`;
    return { stack: "s", address: `${type}.${name}`, type, name, kind: changeKind(actions), actions, before, after, afterUnknown: {}, replacePaths: [], ...extra };
  };
}

/** Every key finding (AURA-KEY-*) of one stack's changes as "severity rule: detail", sorted. */
export function keyFindings(changes: ResourceChange[], now: Date, known?: KnownPrincipals): string[] {
  const plan: StackPlan = { stack: "s", file: "s.json", changes, drift: [] };
  return reviewPlans([plan], { now, ...(known ? { known } : {}) })
    .findings.filter((f) => f.ruleId.startsWith("AURA-KEY-"))
    .map((f) => `${f.severity} ${f.ruleId}: ${f.detail}`)
    .sort();
}

/** --config given, naming nobody. */
export const NO_KNOWN: KnownPrincipals = { awsAuraAccounts: new Set(), awsPrincipals: new Set(), gcpAuraMembers: new Set(), azureAuraPrincipals: new Set(), azureAuraApplications: new Set(), azurePrincipals: new Set() };

/** The key policy statement that lets the account's root (and so its IAM policies) administer the key. */
export const rootStatement = (account: string) => ({ Sid: "Enable IAM User Permissions", Effect: "Allow", Principal: { AWS: `arn:aws:iam::${account}:root` }, Action: "kms:*", Resource: "*" });

/** The statement the Aura console generates: "*" pinned to Aura's account by kms:CallerAccount. */
export const auraStatement = (auraAccount: string) => ({
  Sid: "Allow access for Neo4j",
  Effect: "Allow",
  Principal: { AWS: "*" },
  Action: ["kms:Encrypt", "kms:Decrypt", "kms:ReEncrypt*", "kms:GenerateDataKey*", "kms:DescribeKey", "kms:CreateGrant", "kms:ListGrants", "kms:RevokeGrant"],
  Resource: "*",
  Condition: { StringEquals: { "kms:CallerAccount": auraAccount } },
});

export const keyPolicy = (...statements: object[]) => JSON.stringify({ Version: "2012-10-17", Id: "aura-customer-managed-key", Statement: statements });
