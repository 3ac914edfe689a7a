import type { Command } from "commander";
import { buildProgram } from "../../bin/cli";
import { runCli } from "../../runtime/cli/errors";
import { recordOutput } from "./secret-sweep";

export interface CliResult {
  code: number;
  stdout: string;
  stderr: string;
}

/**
 * Runs `aura-secure <args>` in this process (fast; the spawned binary is tested in test/bin).
 * Only for arguments commander accepts: its own parse errors call process.exit.
 */
export async function runAuraSecure(args: string[], env: Record<string, string | undefined> = {}): Promise<CliResult> {
  return runProgram(buildProgram(), args, env);
}

/** Runs `args` through a program of the test's own making (e.g. a command built with a virtual clock), as runAuraSecure does. */
export async function runProgram(program: Command, args: string[], env: Record<string, string | undefined> = {}): Promise<CliResult> {
  const savedEnv: Record<string, string | undefined> = {};
  for (const [name, value] of Object.entries(env)) {
    savedEnv[name] = process.env[name];
    if (value === undefined) delete process.env[name];
    else process.env[name] = value;
  }
  let stdout = "";
  let stderr = "";
  const out = jest.spyOn(process.stdout, "write").mockImplementation((chunk: string | Uint8Array) => {
    stdout += String(chunk);
    return true;
  });
  process.exitCode = undefined;
  try {
    await runCli(program, ["node", "aura-secure", ...args], { stderr: { write: (chunk: string) => (stderr += chunk) } });
    return { code: Number(process.exitCode ?? 0), stdout, stderr };
  } finally {
    // The spy hides stdout from the sweep's own watch: record what was captured.
    recordOutput(`aura-secure ${args.join(" ").slice(0, 60)} (in-process) stdout`, stdout);
    recordOutput(`aura-secure ${args.join(" ").slice(0, 60)} (in-process) stderr`, stderr);
    process.exitCode = undefined;
    out.mockRestore();
    for (const [name, value] of Object.entries(savedEnv)) {
      if (value === undefined) delete process.env[name];
      else process.env[name] = value;
    }
  }
}
