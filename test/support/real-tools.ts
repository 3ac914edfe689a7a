import { spawnSync } from "child_process";

/** True when the program is on PATH. */
export function hasTool(tool: string): boolean {
  return spawnSync("sh", ["-c", `command -v ${tool}`], { stdio: "ignore" }).status === 0;
}

/** Registers the test when every tool exists; otherwise the runner reports it skipped, the missing tools in its name. */
export function testWithTools(name: string, tools: string[], fn: () => unknown, timeout?: number): void {
  const missing = tools.filter((tool) => !hasTool(tool));
  if (missing.length > 0) {
    test.skip(`${name} (skipped: ${missing.join(", ")} not installed)`, () => undefined);
    return;
  }
  test(name, fn as () => Promise<void>, timeout);
}

export function run(command: string, args: string[], options: { env?: NodeJS.ProcessEnv; input?: string; cwd?: string } = {}) {
  const result = spawnSync(command, args, { encoding: "utf8", env: { ...process.env, ...options.env }, input: options.input, cwd: options.cwd });
  return { status: result.status, stdout: result.stdout ?? "", stderr: result.stderr ?? "" };
}
