/**
 * What an IAM identity policy allows, as (action, resource) patterns, and what a change adds: the review judges
 * the access runner's role by it (a policy widened to `secretsmanager:*` on `*` reads every secret). Patterns are
 * compared as IAM globs: an added pattern that an earlier one already matches adds nothing. Pure.
 */
import { globMatches, policyStatements, type Statement } from "./key-policy-eval";

export interface AllowPattern {
  action: string;
  resource: string;
  /** A Condition narrows it; the review does not evaluate identity-policy conditions. */
  conditioned: boolean;
}

const strings = (v: unknown): string[] => (typeof v === "string" ? [v] : Array.isArray(v) ? v.filter((x): x is string => typeof x === "string") : []);

/** Allow patterns of a policy (JSON text or object); NotAction/NotResource become `*` (they allow nearly everything). */
export function allowPatterns(policy: unknown): AllowPattern[] | null {
  const statements = policyStatements(policy);
  if (!statements) return null;
  return statements
    .filter((s: Statement) => s.Effect === "Allow")
    .flatMap((s) => {
      const actions = s.NotAction !== undefined ? ["*"] : strings(s.Action);
      const resources = s.NotResource !== undefined ? ["*"] : strings(s.Resource);
      const conditioned = s.Condition !== undefined && Object.keys(s.Condition as object).length > 0;
      return actions.flatMap((action) => resources.map((resource) => ({ action, resource, conditioned })));
    });
}

/** Does an earlier pattern already allow everything this one does? */
function covered(p: AllowPattern, by: AllowPattern): boolean {
  const act = by.action === "*" || globMatches(by.action, p.action, true);
  const res = by.resource === "*" || globMatches(by.resource, p.resource, false);
  return act && res && (!by.conditioned || p.conditioned);
}

export const isWildcard = (p: AllowPattern) => p.action.includes("*") || p.resource === "*";

/** Patterns after that no pattern before covers. */
export function widenedPatterns(before: readonly AllowPattern[], after: readonly AllowPattern[]): AllowPattern[] {
  return after.filter((p) => !before.some((b) => covered(p, b)));
}
