/**
 * The shape of a review rule (cdk-nag style): an id, a severity, what the change means for Aura, what to do,
 * and a pure check over one resource change. The context gives the rest of the stack's plan and which
 * stacks share a network, for the few rules that compare across resources.
 */
import type { ResourceChange } from "./plan-format";

export const SEVERITIES = ["high", "medium", "low"] as const;
export type Severity = (typeof SEVERITIES)[number];

export interface RuleContext {
  /** Every change of the same stack (for rules that compare before and after across resources). */
  stackChanges: readonly ResourceChange[];
  /** Other stacks whose networks (VPC, VNet, GCP network) overlap this stack's, from the plans and the config. */
  sharedNetworkStacks(stack: string): string[];
}

/** One problem a rule found in one change. */
export interface Hit {
  /** What exactly changed, in one line: names, values. */
  detail: string;
  /** Statements this change will run (Neo4j access), shown as Cypher. */
  cypher?: string[];
}

export interface Rule {
  /** Stable id, e.g. AURA-KEY-1. */
  id: string;
  severity: Severity;
  title: string;
  /** What the change means for Aura (why it matters). */
  meaning: string;
  /** What to do about it. */
  fix: string;
  check(change: ResourceChange, ctx: RuleContext): Hit[];
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
}

/** Rank for sorting and for --fail-on: high before medium before low. */
export function severityRank(s: Severity): number {
  return SEVERITIES.indexOf(s);
}
