import type { Command } from "commander";

/** A mistake in the user's input or environment: printed as one line, never with a stack trace. */
export class UserError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "UserError";
  }
}

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
