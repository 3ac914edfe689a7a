/**
 * The shape of a review rule (cdk-nag style): an id, a severity, what the change means for Aura, what to do,
 * and a pure check. Per-change rules look at one resource change; posture rules (`checkStack`) compare what a
 * whole stack allows before and after the plan (who may use a key, which addresses reach a port, which names
 * resolve privately) and name the changes that cause the difference.
 */
import type { ResourceChange } from "./plan-format";

export const SEVERITIES = ["high", "medium", "low"] as const;
export type Severity = (typeof SEVERITIES)[number];

/** Principals the app config names, so that grants to them are expected and grants to others are not. */
export interface KnownPrincipals {
  /** AWS accounts of Aura's key statements (kms:CallerAccount and the like). */
  awsAuraAccounts: ReadonlySet<string>;
  /** IAM principal ARNs the config names (key administrators and users). */
  awsPrincipals: ReadonlySet<string>;
  /** GCP members (`serviceAccount:...`) of Aura's service accounts. */
  gcpAuraMembers: ReadonlySet<string>;
  /** Entra ID object ids: Aura's CMK service principal. */
  azureAuraPrincipals: ReadonlySet<string>;
  /**
   * Application (client) ids of Aura's CMK application (auraApplicationId): its service principal's object id
   * is read from the azuread_service_principal of the plan whose client_id it is.
   */
  azureAuraApplications: ReadonlySet<string>;
  /** Entra ID object ids the config names (Aura's and the administrators). */
  azurePrincipals: ReadonlySet<string>;
}

export interface RuleContext {
  stack: string;
  /** Every change of the same stack, deposed objects included. */
  stackChanges: readonly ResourceChange[];
  /** Other stacks whose networks (VPC, VNet, GCP network) overlap this stack's, from the plans and the config. */
  sharedNetworkStacks(stack: string): string[];
  /** The review's clock (key expiry, acknowledgement expiry). */
  now: Date;
  /** From --config; undefined without it (then every new grant counts as unnamed). */
  known?: KnownPrincipals;
}

/** One problem a rule found in one change. */
export interface Hit {
  /** What exactly changed, in one line: names, values. */
  detail: string;
  /** Statements this change will run (Neo4j access), shown as Cypher. */
  cypher?: string[];
  /** A severity other than the rule's default (e.g. the whole internet instead of a wider range). */
  severity?: Severity;
}

/** A hit of a posture rule, naming the change that causes it. */
export interface StackHit extends Hit {
  change: ResourceChange;
}

export interface Rule {
  /** Stable id, e.g. AURA-KEY-1. */
  id: string;
  /** The default severity of the rule's hits (a hit may say otherwise: the whole internet, anyone may assume a role). */
  severity: Severity;
  title: string;
  /** What the change means for Aura (why it matters). */
  meaning: string;
  /** What to do about it. */
  fix: string;
  check?(change: ResourceChange, ctx: RuleContext): Hit[];
  checkStack?(ctx: RuleContext): StackHit[];
}

export interface Acknowledgement {
  reason: string;
  expires: string;
  /** True when the acknowledgement's date has passed: the finding gates again. */
  expired: boolean;
  /** Where the entry is: `aura-review.yaml: acknowledgements[2]`. */
  entry: string;
}

export interface Finding {
  ruleId: string;
  severity: Severity;
  title: string;
  stack: string;
  address: string;
  action: ResourceChange["kind"];
  detail: string;
  meaning: string;
  fix: string;
  cypher?: string[];
  /** The deposed object's key, when the change deletes a deposed object. */
  deposed?: string;
  /** Found in `resource_drift`: the change was made outside Terraform. */
  drift?: boolean;
  /** Set when an acknowledgement entry matches; an expired one no longer keeps the finding from gating. */
  acknowledged?: Acknowledgement;
}

/** Rank for sorting and for --fail-on: high before medium before low. */
export function severityRank(s: Severity): number {
  return SEVERITIES.indexOf(s);
}

/** Does this finding count for --fail-on? Acknowledged (and not expired) findings do not. */
export const gates = (f: Finding) => !f.acknowledged || f.acknowledged.expired;
