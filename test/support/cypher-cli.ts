import { Command } from "commander";
import { runCli } from "../../runtime/cli/errors";
import { cypherCommand } from "../../runtime/cypher/cli";
import { recordOutput } from "./secret-sweep";

/**
 * Runs `aura-secure cypher <args>` in this process with its own environment and captured streams (the
 * command takes them as dependencies, so nothing touches process.env or stdout); the exit code as the CLI sets it.
 */
export async function runCypher(env: Record<string, string>, args: string[]): Promise<{ out: string; err: string; code: number }> {
  let out = "";
  let err = "";
  const program = new Command("aura-secure").exitOverride();
  program.addCommand(cypherCommand({ env, stdout: { write: (c: string) => (out += c) }, stderr: { write: (c: string) => (err += c) } }));
  const prev = process.exitCode;
  process.exitCode = undefined;
  await runCli(program, ["node", "aura-secure", "cypher", ...args], { stderr: { write: (c: string) => (err += c) } });
  const code = Number(process.exitCode ?? 0);
  process.exitCode = prev;
  // In-process output never reaches the worker's streams: the secret sweep reads it here.
  recordOutput(`cypher ${args.join(" ").slice(0, 60)}`, out, err);
  return { out, err, code };
}
