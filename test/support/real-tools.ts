import { spawnSync } from "child_process";

/** True when the program is on PATH. */
export function hasTool(tool: string): boolean {
  return spawnSync("sh", ["-c", `command -v ${tool}`], { stdio: "ignore" }).status === 0;
}

/**
 * CI has every tool a test needs (`.ci/run` sets AURA_REQUIRE_TOOLS=1): there a test that would be skipped for a
 * missing tool, root or terraform fails instead, so a broken CI image cannot turn real tests into silent skips.
 */
export const TOOLS_REQUIRED = process.env.AURA_REQUIRE_TOOLS === "1";

/** Why the tools are missing ("keytool, openssl not installed"), or null when all are on PATH. */
export function missingToolsReason(tools: readonly string[]): string | null {
  const missing = tools.filter((tool) => !hasTool(tool));
  return missing.length ? `${missing.join(", ")} not installed` : null;
}

/** Why a test that needs root cannot run, or null when it can. `setpriv` too when it switches users. */
export function rootReason(needsSetpriv = false): string | null {
  if (process.getuid?.() !== 0) return "not running as root";
  return needsSetpriv ? missingToolsReason(["setpriv"]) : null;
}

/** A test that cannot run here: skipped with the reason in its name, or failed when AURA_REQUIRE_TOOLS=1. */
function unavailable(name: string, reason: string): void {
  if (TOOLS_REQUIRED) {
    test(`${name} (required: AURA_REQUIRE_TOOLS=1, but ${reason})`, () => {
      throw new Error(`AURA_REQUIRE_TOOLS=1: this machine must run "${name}", but ${reason}`);
    });
  } else test.skip(`${name} (skipped: ${reason})`, () => undefined);
}

/** Registers the test when `reason` is null; otherwise it is reported skipped (or failed on CI) with the reason. */
export function testUnless(reason: string | null, name: string, fn: () => unknown, timeout?: number): void {
  if (reason) unavailable(name, reason);
  else test(name, fn as () => Promise<void>, timeout);
}

/** A describe block that runs when `reason` is null; otherwise one skipped (or, on CI, failing) test says why. */
export function describeUnless(reason: string | null, name: string, fn: () => void): void {
  if (reason) describe(name, () => unavailable(name, reason));
  else describe(name, fn);
}

/** Registers the test when every tool exists; otherwise the runner reports it skipped, the missing tools in its name. */
export function testWithTools(name: string, tools: string[], fn: () => unknown, timeout?: number): void {
  testUnless(missingToolsReason(tools), name, fn, timeout);
}

export function run(command: string, args: string[], options: { env?: NodeJS.ProcessEnv; input?: string; cwd?: string } = {}) {
  const result = spawnSync(command, args, { encoding: "utf8", env: { ...process.env, ...options.env }, input: options.input, cwd: options.cwd });
  return { status: result.status, stdout: result.stdout ?? "", stderr: result.stderr ?? "" };
}
