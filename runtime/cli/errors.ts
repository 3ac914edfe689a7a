import type { Command } from "commander";
import { UserError } from "../../domain/errors";

// One error class for user mistakes at synth and at run time; the CLI prints it as `error: <message>`.
export { UserError };

export interface CliStreams {
  stderr: { write(chunk: string): unknown };
}

/** Set to see the stack of an unexpected error (a bug); users never see one otherwise. */
export const DEBUG_ENV = "AURA_SECURE_DEBUG";

/** Every command of the tree throws instead of exiting and writes its errors to `stderr`. */
function routeErrors(command: Command, stderr: CliStreams["stderr"]): void {
  command.exitOverride().configureOutput({ writeErr: (s) => void stderr.write(s) });
  for (const sub of command.commands) routeErrors(sub, stderr);
}

// Recognised by its code rather than its class: this module is also in the Lambda bundle, which has no commander.
function isCommanderError(e: unknown): e is { exitCode: number } {
  const code = (e as { code?: unknown })?.code;
  return typeof code === "string" && code.startsWith("commander.") && typeof (e as { exitCode?: unknown }).exitCode === "number";
}

/**
 * Parses argv with the program: commander's own errors (unknown option, missing argument) and a
 * UserError become `error: <message>` on stderr and exit code 1. Anything else is a bug: one line that
 * says so, and its stack only with AURA_SECURE_DEBUG=1.
 */
export async function runCli(
  program: Command,
  argv: readonly string[] = process.argv,
  streams: CliStreams = { stderr: process.stderr },
): Promise<void> {
  routeErrors(program, streams.stderr);
  try {
    await program.parseAsync([...argv]);
  } catch (error) {
    if (isCommanderError(error)) {
      // Already printed by commander; --help and --version end here too, with 0.
      process.exitCode = error.exitCode;
      return;
    }
    if (error instanceof UserError) {
      streams.stderr.write(`error: ${error.message}\n`);
      process.exitCode = 1;
      return;
    }
    const message = error instanceof Error ? error.message : String(error);
    streams.stderr.write(
      `error: internal error in aura-secure: ${message.split("\n")[0]}\n` +
        (process.env[DEBUG_ENV] ? `${(error as Error)?.stack ?? ""}\n` : `This is a bug, not your input: please report it with the output of the same command run with ${DEBUG_ENV}=1.\n`),
    );
    process.exitCode = 1;
  }
}

/**
 * Renames config paths in a message to the flags the CLI user typed: the shared code speaks the
 * config's vocabulary (`connection.uri`), a command translates it for its own caller (`--uri`). Pure.
 */
export function inCallerTerms(message: string, names: Readonly<Record<string, string>>): string {
  let out = message;
  for (const [configPath, flag] of Object.entries(names)) out = out.split(configPath).join(flag);
  return out;
}
