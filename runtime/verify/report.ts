import { create } from "xmlbuilder2";
import type { CheckResult, VerifyReport } from "./run";

/** Renderers of a verify report. Pure. */

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

/** JUnit XML for CI test reports: one testsuite per name, one testcase per check. */
export function renderJunit(report: VerifyReport): string {
  const root = create({ version: "1.0", encoding: "UTF-8" }).ele("testsuites", {
    name: "aura-secure verify",
    tests: String(report.results.length),
    failures: String(report.failed),
    skipped: String(report.skipped),
    time: (report.durationMs / 1000).toFixed(3),
  });
  const hosts = [...new Set(report.results.map((r) => r.host))];
  for (const host of hosts) {
    const cases = report.results.filter((r) => r.host === host);
    const suite = root.ele("testsuite", {
      name: host,
      tests: String(cases.length),
      failures: String(cases.filter((c) => c.status === "fail").length),
      skipped: String(cases.filter((c) => c.status === "skip").length),
      time: (cases.reduce((n, c) => n + c.durationMs, 0) / 1000).toFixed(3),
    });
    for (const c of cases) {
      const tc = suite.ele("testcase", { classname: `aura-secure.verify.${host}`, name: c.check, time: (c.durationMs / 1000).toFixed(3) });
      if (c.status === "fail") tc.ele("failure", { message: c.detail, type: c.kind }).txt(c.detail);
      else if (c.status === "skip") tc.ele("skipped", { message: c.detail });
      else tc.ele("system-out").txt(c.detail);
    }
  }
  return root.end({ prettyPrint: true }) + "\n";
}
