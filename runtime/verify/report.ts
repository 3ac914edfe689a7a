import type { CheckResult, VerifyReport } from "./run";

/** Renderers of a verify report (text and JSON; JUnit is in junit.ts so the Lambda bundle leaves its XML library out). Pure. */

const MARK: Record<CheckResult["status"], string> = { pass: "PASS", fail: "FAIL", skip: "SKIP" };

/** One line per check: status, name, check, reason; then a summary line. */
export function renderTable(report: VerifyReport): string {
  const rows = report.results.map((r) => [MARK[r.status], r.host, r.check, r.detail + (r.attempts > 1 ? ` (${r.attempts} attempts)` : "")]);
  const header = ["STATUS", "NAME", "CHECK", "DETAIL"];
  const widths = [0, 1, 2].map((i) => Math.max(header[i]!.length, ...rows.map((r) => r[i]!.length)));
  const line = (cells: string[]) => cells.map((c, i) => (i < 3 ? c.padEnd(widths[i]!) : c)).join("  ").trimEnd();
  const summary = `${report.passed} passed, ${report.failed} failed, ${report.skipped} skipped in ${(report.durationMs / 1000).toFixed(1)} s: ${
    report.ok ? "the private path works" : "the private path is NOT proven; fix the failures above (README: Verify the private path after deploy)"
  }`;
  return [line(header), ...rows.map(line), "", summary].join("\n") + "\n";
}

export function renderJson(report: VerifyReport): string {
  return JSON.stringify(report, null, 2) + "\n";
}
