/**
 * The review: every rule over every change of every plan, the per-stack counts and the changes no rule
 * flagged. Pure and deterministic (sorted by severity, stack, address, rule id).
 */
import type { ChangeKind, ResourceChange, StackPlan } from "./plan-format";
import { severityRank, type Finding, type Rule, type RuleContext, type Severity } from "./rule";
import { RULES } from "./rules";
import { mergeNetworks, networksFromPlans, sharedWith, type StackNetworks } from "./networks";
import { byText } from "./values";

export interface Counts {
  add: number;
  change: number;
  replace: number;
  destroy: number;
}

export interface OtherChange {
  address: string;
  action: ChangeKind;
  /** Top-level attributes that change (updates and replacements). */
  attributes: string[];
}

export interface StackReview {
  stack: string;
  counts: Counts;
  /** Changes no rule flagged, in address order. */
  other: OtherChange[];
}

export interface ReviewResult {
  stacks: StackReview[];
  findings: Finding[];
}

export function countChanges(changes: readonly ResourceChange[]): Counts {
  const counts: Counts = { add: 0, change: 0, replace: 0, destroy: 0 };
  for (const c of changes) {
    if (c.kind === "create") counts.add++;
    else if (c.kind === "update") counts.change++;
    else if (c.kind === "replace") counts.replace++;
    else if (c.kind === "delete") counts.destroy++;
  }
  return counts;
}

/** Top-level attribute names whose values differ, or become known only after apply. */
export function changedAttributes(c: ResourceChange): string[] {
  const b = c.before ?? {};
  const a = c.after ?? {};
  const unknown = c.afterUnknown && typeof c.afterUnknown === "object" ? (c.afterUnknown as Record<string, unknown>) : {};
  const keys = new Set([...Object.keys(b), ...Object.keys(a)]);
  return [...keys].filter((k) => JSON.stringify(b[k]) !== JSON.stringify(a[k]) || (unknown[k] !== undefined && unknown[k] !== false && c.kind !== "create")).sort();
}

export function compareFindings(x: Finding, y: Finding): number {
  return (
    severityRank(x.severity) - severityRank(y.severity) ||
    byText(x.stack, y.stack) ||
    byText(x.address, y.address) ||
    byText(x.ruleId, y.ruleId) ||
    byText(x.detail, y.detail)
  );
}

export function runRules(plans: readonly StackPlan[], networks: StackNetworks, rules: readonly Rule[] = RULES): Finding[] {
  const findings: Finding[] = [];
  for (const plan of plans) {
    const ctx: RuleContext = { stackChanges: plan.changes, sharedNetworkStacks: (s) => sharedWith(networks, s) };
    for (const change of plan.changes) {
      if (change.kind === "no-op" || change.kind === "read") continue;
      for (const rule of rules) {
        for (const hit of rule.check(change, ctx)) {
          findings.push({
            ruleId: rule.id,
            severity: rule.severity,
            title: rule.title,
            stack: plan.stack,
            address: change.address,
            action: change.kind,
            detail: hit.detail,
            meaning: rule.meaning,
            fix: rule.fix,
            ...(hit.cypher ? { cypher: hit.cypher } : {}),
          });
        }
      }
    }
  }
  return findings.sort(compareFindings);
}

/** Reviews plans; `configNetworks` (from the app config) adds networks of stacks whose plans are not given. */
export function reviewPlans(plans: readonly StackPlan[], configNetworks?: StackNetworks): ReviewResult {
  const networks = configNetworks ? mergeNetworks(networksFromPlans(plans), configNetworks) : networksFromPlans(plans);
  const findings = runRules(plans, networks);
  const flagged = new Set(findings.map((f) => `${f.stack}\u0000${f.address}`));
  const stacks = [...plans]
    .sort((a, b) => byText(a.stack, b.stack))
    .map((p) => ({
      stack: p.stack,
      counts: countChanges(p.changes),
      other: p.changes
        .filter((c) => c.kind !== "no-op" && c.kind !== "read" && !flagged.has(`${p.stack}\u0000${c.address}`))
        .map((c) => ({ address: c.address, action: c.kind, attributes: c.kind === "update" || c.kind === "replace" ? changedAttributes(c) : [] }))
        .sort((a, b) => byText(a.address, b.address)),
    }));
  return { stacks, findings };
}

/** Does any finding reach `level`? (the --fail-on gate) */
export function reaches(findings: readonly Finding[], level: Severity): boolean {
  return findings.some((f) => severityRank(f.severity) <= severityRank(level));
}
