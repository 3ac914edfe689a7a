import { create } from "xmlbuilder2";
import type { VerifyReport } from "./run";

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
