/**
 * The principals an app config names, for the review: grants to them are expected, grants to others are not
 * ("crypto roles to principals the config does not name"). Read from each region's customerManagedKey: AWS
 * accounts and principals of Aura's statement and the key administrators and users, GCP's Aura service
 * accounts, Azure's Aura service principal (by object id, or by Application ID) and vault administrators.
 */
import type { AuraSecureConfig } from "../../config/schema";
import { accountOfPrincipal, policyStatements } from "../../domain/aws/key-policy-eval";
import { parseAuraStatements } from "../../domain/aura/key-policy";
import type { KnownPrincipals } from "./rule";

const ACCOUNT_KEYS = new Set(["kms:calleraccount", "aws:principalaccount", "aws:sourceaccount"]);

export function knownFromConfig(config: AuraSecureConfig): KnownPrincipals {
  const awsAuraAccounts = new Set<string>();
  const awsPrincipals = new Set<string>();
  const gcpAuraMembers = new Set<string>();
  const azureAuraPrincipals = new Set<string>();
  const azureAuraApplications = new Set<string>();
  const azurePrincipals = new Set<string>();
  for (const r of config.regions as ReadonlyArray<{ cloud: string; customerManagedKey?: Record<string, unknown> }>) {
    const key = r.customerManagedKey;
    if (!key) continue;
    if (r.cloud === "aws") {
      const source = key.auraStatement as { inline?: unknown } | undefined;
      const statements = parseAuraStatements(source?.inline ?? [], "auraStatement").statements.map((s) => s.statement);
      for (const st of policyStatements({ Statement: statements }) ?? []) {
        for (const p of [st.Principal, st.NotPrincipal]) {
          const aws = p && typeof p === "object" ? (p as Record<string, unknown>).AWS : undefined;
          for (const v of [aws].flat()) {
            if (typeof v !== "string") continue;
            const acct = accountOfPrincipal(v) ?? /^arn:aws[a-z-]*:(?:iam|sts)::(\d{12}):/.exec(v)?.[1];
            if (acct) awsAuraAccounts.add(acct);
          }
        }
        for (const block of Object.values((st.Condition as Record<string, Record<string, unknown>> | undefined) ?? {})) {
          for (const [k, v] of Object.entries(block ?? {})) {
            if (!ACCOUNT_KEYS.has(k.toLowerCase())) continue;
            for (const x of [v].flat()) if (typeof x === "string" && /^\d{12}$/.test(x)) awsAuraAccounts.add(x);
          }
        }
      }
      for (const p of [...((key.adminPrincipals as string[] | undefined) ?? []), ...((key.userPrincipals as string[] | undefined) ?? [])]) awsPrincipals.add(p);
    } else if (r.cloud === "gcp") {
      for (const sa of (key.auraServiceAccounts as string[] | undefined) ?? []) gcpAuraMembers.add(`serviceAccount:${sa}`);
    } else if (r.cloud === "azure") {
      const aura = key.auraServicePrincipalObjectId as string | undefined;
      if (aura) {
        azureAuraPrincipals.add(aura);
        azurePrincipals.add(aura);
      }
      const app = key.auraApplicationId as string | undefined;
      if (app) azureAuraApplications.add(app);
      for (const a of (key.administratorObjectIds as string[] | undefined) ?? []) azurePrincipals.add(a);
    }
  }
  return { awsAuraAccounts, awsPrincipals, gcpAuraMembers, azureAuraPrincipals, azureAuraApplications, azurePrincipals };
}
