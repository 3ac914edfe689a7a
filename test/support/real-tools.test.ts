import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";

const ROOT = path.resolve(__dirname, "../..");

/** Runs one throwaway test file with jest, as CI would, and returns jest's JSON report. */
function runJest(source: string, env: NodeJS.ProcessEnv) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "require-tools-"));
  fs.writeFileSync(path.join(dir, "probe.test.ts"), source);
  const config = { rootDir: dir, testEnvironment: "node", transform: { "^.+\\.ts$": [require.resolve("ts-jest"), { diagnostics: false }] } };
  const result = spawnSync(process.execPath, [require.resolve("jest/bin/jest"), "--config", JSON.stringify(config), "--json", "--ci"], { cwd: ROOT, encoding: "utf8", env: { ...process.env, ...env } });
  const report = JSON.parse(result.stdout) as { numPassedTests: number; numFailedTests: number; numPendingTests: number; testResults: { assertionResults: { title: string; status: string }[] }[] };
  return { status: result.status, report, titles: report.testResults.flatMap((r) => r.assertionResults.map((a) => `${a.status}: ${a.title}`)) };
}

const probe = `
import { testWithTools } from ${JSON.stringify(path.join(ROOT, "test/support/real-tools"))};
testWithTools("uses a tool this machine cannot have", ["aura-no-such-tool-4711"], () => undefined);
testWithTools("uses sh", ["sh"], () => undefined);
`;

describe("tests that need a missing tool", () => {
  test("are reported skipped, with the reason in the name, when tools are not required", () => {
    const { status, titles } = runJest(probe, { AURA_REQUIRE_TOOLS: "" });
    expect(status).toBe(0);
    expect(titles.sort()).toEqual(["passed: uses sh", "pending: uses a tool this machine cannot have (skipped: aura-no-such-tool-4711 not installed)"]);
  });

  test("fail the run when AURA_REQUIRE_TOOLS=1 (CI, where every tool exists)", () => {
    const { status, titles } = runJest(probe, { AURA_REQUIRE_TOOLS: "1" });
    expect(status).toBe(1);
    expect(titles.sort()).toEqual(["failed: uses a tool this machine cannot have (required: AURA_REQUIRE_TOOLS=1, but aura-no-such-tool-4711 not installed)", "passed: uses sh"]);
  });
});
