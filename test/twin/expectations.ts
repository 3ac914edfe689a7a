import * as fs from "node:fs";
import type { CheckResult } from "../../runtime/verify/run";
import type { VerifyRun } from "./verify-run";

/**
 * What each verify check must report in a twin run, and the tally behind `twin: N checks, M passed`:
 * every check of every run is compared with its expectation (N), and counted when it matches (M).
 * `npm run test:twin` (test/twin/run.js) sets TWIN_TALLY to the file the counts go to.
 */

export type Status = CheckResult["status"];

/** First matching rule decides; a check no rule matches must pass. */
export interface Expect {
  /** Matched against `<check id>`, e.g. /tcp:443$/ or /^c-orders.* dns$/. */
  id: RegExp;
  status: Status;
  /** When given, the detail must match too (the reason names what broke). */
  detail?: RegExp;
}

export function mismatches(run: VerifyRun, rules: readonly Expect[]): string[] {
  const out: string[] = [];
  let matched = 0;
  for (const r of run.report.results) {
    const rule = rules.find((x) => x.id.test(r.id));
    const status = rule?.status ?? "pass";
    const ok = r.status === status && (!rule?.detail || rule.detail.test(r.detail));
    if (ok) matched++;
    else out.push(`${r.id}: expected ${status}${rule?.detail ? ` matching ${rule.detail}` : ""}, got ${r.status}: ${r.detail}`);
  }
  // A rule that no check matched is a wrong expectation (a renamed check would make it vacuous).
  for (const rule of rules) {
    if (!run.report.results.some((r) => rule.id.test(r.id))) out.push(`no check matches ${rule.id}`);
  }
  tally(run.report.results.length, matched);
  return out;
}

export function tally(checks: number, passed: number): void {
  const file = process.env.TWIN_TALLY;
  if (file) fs.appendFileSync(file, `${JSON.stringify({ checks, passed })}\n`);
}

export function tallySkipped(reason: string): void {
  const file = process.env.TWIN_TALLY;
  if (file) fs.appendFileSync(file, `${JSON.stringify({ skipped: reason })}\n`);
}
