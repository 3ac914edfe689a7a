/**
 * The review: every rule over every change (and every posture rule over every stack) of every plan, the same
 * rules over the changes made outside Terraform (`resource_drift`), the per-stack counts, acknowledgements, and
 * the changes nothing flagged. Pure and deterministic (sorted by severity, stack, address, rule id).
 */
import { applyAcknowledgements, type AcknowledgementFile, type StaleAcknowledgement } from "./acknowledgements";
import { isCosmetic, changedAttributes } from "./coverage";
import type { ChangeKind, ResourceChange, StackPlan } from "./plan-format";
import { gates, severityRank, type Finding, type KnownPrincipals, type Rule, type RuleContext, type Severity } from "./rule";
import { DRIFT_RULES, RULES } from "./rules";
import { mergeNetworks, networksFromPlans, sharedWith, type StackNetworks } from "./networks";
import { byText, isActive, replaceReason } from "./values";

export { changedAttributes } from "./coverage";

export interface Counts {
  add: number;
  change: number;
  replace: number;
  /** Deletes, deposed objects included. */
  destroy: number;
  /** Of the deletes, deposed objects (left by a failed create_before_destroy). */
  deposed: number;
  forget: number;
  import: number;
  /** Resources changed outside Terraform since the last run. */
  drift: number;
}

export interface OtherChange {
  address: string;
  action: ChangeKind;
  /** Top-level attributes that change (updates and replacements). */
  attributes: string[];
  /** Why it is replaced or deleted (action_reason, replace_paths), when the plan says. */
  reason?: string;
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
  /** Acknowledgement entries that match no finding. */
  stale: StaleAcknowledgement[];
}

export interface ReviewOptions {
  /** Networks of stacks from the app config (which regions share a network). */
  configNetworks?: StackNetworks;
  /** Principals the app config names. */
  known?: KnownPrincipals;
  /** The review's clock; now by default. */
  now?: Date;
  acknowledgements?: AcknowledgementFile;
}

export function countChanges(changes: readonly ResourceChange[], drift: readonly ResourceChange[] = []): Counts {
  const counts: Counts = { add: 0, change: 0, replace: 0, destroy: 0, deposed: 0, forget: 0, import: 0, drift: new Set(drift.map((d) => d.address)).size };
  for (const c of changes) {
    if (c.kind === "create") counts.add++;
    else if (c.kind === "update") counts.change++;
    else if (c.kind === "replace") counts.replace++;
    else if (c.kind === "delete") counts.destroy++;
    else if (c.kind === "forget") counts.forget++;
    if (c.kind === "delete" && c.deposed) counts.deposed++;
    if (c.importing) counts.import++;
  }
  return counts;
}

export function compareFindings(x: Finding, y: Finding): number {
  return (
    severityRank(x.severity) - severityRank(y.severity) ||
    byText(x.stack, y.stack) ||
    byText(x.address, y.address) ||
    byText(x.deposed ?? "", y.deposed ?? "") ||
    byText(x.ruleId, y.ruleId) ||
    byText(x.detail, y.detail)
  );
}

function finding(rule: Rule, stack: string, change: ResourceChange, hit: { detail: string; cypher?: string[]; severity?: Severity }): Finding {
  return {
    ruleId: rule.id,
    severity: hit.severity ?? rule.severity,
    title: rule.title,
    stack,
    address: change.address,
    action: change.kind,
    detail: hit.detail,
    meaning: rule.meaning,
    fix: rule.fix,
    ...(hit.cypher ? { cypher: hit.cypher } : {}),
    ...(change.deposed ? { deposed: change.deposed } : {}),
  };
}

/** Every rule over one set of changes of one stack. */
function runOn(stack: string, changes: readonly ResourceChange[], base: Omit<RuleContext, "stack" | "stackChanges">, rules: readonly Rule[]): Finding[] {
  const ctx: RuleContext = { ...base, stack, stackChanges: changes };
  const out: Finding[] = [];
  for (const rule of rules) {
    if (rule.check) {
      for (const change of changes) {
        if (!isActive(change) && !change.importing && !change.unknownActions) continue;
        for (const hit of rule.check(change, ctx)) out.push(finding(rule, stack, change, hit));
      }
    }
    if (rule.checkStack) for (const hit of rule.checkStack(ctx)) out.push(finding(rule, stack, hit.change, hit));
  }
  // One finding per rule, change and detail (posture rules may name a change twice).
  const seen = new Set<string>();
  return out.filter((f) => {
    const key = `${f.ruleId}\u0000${f.address}\u0000${f.deposed ?? ""}\u0000${f.detail}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

const deepEqual = (a: unknown, b: unknown) => JSON.stringify(a ?? null) === JSON.stringify(b ?? null);

/**
 * Changes made outside Terraform: each drifted resource is reported (medium, or low when only cosmetic
 * attributes drifted), and the posture rules judge the drift itself. A drift this plan puts back is capped at
 * medium (applying repairs it); one the plan keeps stands at the rule's severity.
 */
function driftFindings(plan: StackPlan, base: Omit<RuleContext, "stack" | "stackChanges">): Finding[] {
  if (!plan.drift.length) return [];
  const reverted = (d: ResourceChange) => {
    const rc = plan.changes.find((c) => c.address === d.address && !c.deposed);
    if (!rc || (rc.kind !== "update" && rc.kind !== "replace")) return false;
    return changedAttributes(d).every((a) => deepEqual(rc.after?.[a], d.before?.[a]));
  };
  const posture = runOn(plan.stack, plan.drift, base, DRIFT_RULES).map((f): Finding => {
    const d = plan.drift.find((x) => x.address === f.address)!;
    const back = reverted(d);
    return { ...f, drift: true, severity: back && f.severity === "high" ? "medium" : f.severity, detail: `changed outside Terraform: ${f.detail}; ${back ? "this plan puts it back" : "this plan keeps it"}` };
  });
  const summary = plan.drift.map((d): Finding => {
    const attrs = changedAttributes(d);
    const meaningful = attrs.filter((a) => !isCosmetic(a));
    const back = reverted(d);
    return {
      ruleId: "AURA-DRIFT-1",
      severity: meaningful.length || d.kind === "delete" ? "medium" : "low",
      title: "Changed outside Terraform",
      stack: plan.stack,
      address: d.address,
      action: d.kind,
      detail: `${d.kind === "delete" ? "deleted outside Terraform" : `${attrs.join(", ") || "(no attribute)"} changed outside Terraform (e.g. in the console)`}; ${back ? "this plan puts it back" : d.kind === "delete" ? "this plan creates it again" : "this plan keeps it"}`,
      meaning: "Someone changed this resource outside Terraform since the last apply (resource_drift). Changes that bypass the pipeline also bypass this review; the posture rules judge the drift itself as well (findings marked drift).",
      fix: "Find out who changed it and why (cloud audit logs); then either put the change into the configuration, or apply this plan to put it back.",
      drift: true,
    };
  });
  return [...posture, ...summary];
}

/** Runs every rule over every plan; `options` adds config context, the clock and acknowledgements. */
export function runRules(plans: readonly StackPlan[], networks: StackNetworks, options: Omit<ReviewOptions, "configNetworks" | "acknowledgements"> = {}, rules: readonly Rule[] = RULES): Finding[] {
  const base = { sharedNetworkStacks: (s: string) => sharedWith(networks, s), now: options.now ?? new Date(), ...(options.known ? { known: options.known } : {}) };
  const findings: Finding[] = [];
  for (const plan of plans) {
    findings.push(...runOn(plan.stack, plan.changes, base, rules));
    if (rules === RULES) findings.push(...driftFindings(plan, base));
  }
  return findings.sort(compareFindings);
}

/** Reviews plans. */
export function reviewPlans(plans: readonly StackPlan[], options: ReviewOptions | StackNetworks = {}): ReviewResult {
  const opts: ReviewOptions = options instanceof Map ? { configNetworks: options } : options;
  const networks = opts.configNetworks ? mergeNetworks(networksFromPlans(plans), opts.configNetworks) : networksFromPlans(plans);
  const now = opts.now ?? new Date();
  const raw = runRules(plans, networks, { now, ...(opts.known ? { known: opts.known } : {}) });
  const { findings, stale } = opts.acknowledgements ? applyAcknowledgements(raw, opts.acknowledgements, now) : { findings: raw, stale: [] };
  const flagged = new Set(findings.map((f) => `${f.stack}\u0000${f.address}`));
  const stacks = [...plans]
    .sort((a, b) => byText(a.stack, b.stack))
    .map((p) => ({
      stack: p.stack,
      counts: countChanges(p.changes, p.drift),
      other: p.changes
        .filter((c) => isActive(c) && !flagged.has(`${p.stack}\u0000${c.address}`))
        .map((c) => ({
          address: c.address,
          action: c.kind,
          attributes: c.kind === "update" || c.kind === "replace" ? changedAttributes(c) : [],
          ...((c.kind === "replace" || c.kind === "delete") && (c.actionReason || c.replacePaths.length) ? { reason: replaceReason(c) } : {}),
        }))
        .sort((a, b) => byText(a.address, b.address)),
    }));
  return { stacks, findings, stale };
}

/** Does any finding that gates (not acknowledged, or acknowledged and expired) reach `level`? (the --fail-on gate) */
export function reaches(findings: readonly Finding[], level: Severity): boolean {
  return findings.some((f) => gates(f) && severityRank(f.severity) <= severityRank(level));
}
