import type { Command } from "commander";
import { UserError } from "../../domain/errors";

// One error class for user mistakes at synth and at run time; the CLI prints it as `error: <message>`.
export { UserError };

export interface CliStreams {
  stderr: { write(chunk: string): unknown };
}

/**
 * Parses argv with the program and turns a UserError into `error: <message>` on stderr and exit code 1.
 * Anything else is a bug and keeps its stack trace.
 */
export async function runCli(
  program: Command,
  argv: readonly string[] = process.argv,
  streams: CliStreams = { stderr: process.stderr },
): Promise<void> {
  try {
    await program.parseAsync([...argv]);
  } catch (error) {
    if (error instanceof UserError) {
      streams.stderr.write(`error: ${error.message}\n`);
      process.exitCode = 1;
      return;
    }
    throw error;
  }
}
