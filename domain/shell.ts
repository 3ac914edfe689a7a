/**
 * The shell crossing: text that becomes part of a `sh -c` command line, in a local-exec provisioner or in a
 * command printed for users to copy. A command the user wrote (cliCommand) is theirs to write, but must be
 * one line of printable text, so nothing appended to it can be split off into a second command. Every
 * value we place into a command is quoted, so it arrives as one argument, byte for byte.
 */
import { quote } from "shell-quote";
import { z } from "zod";

/**
 * Characters that need no quoting in an argument (the set Python's shlex.quote leaves alone), plus "#" after
 * the first character: sh starts a comment only at the beginning of a word (`arn:...#jsonKey` stays one word).
 */
const SAFE_ARGUMENT = /^[A-Za-z0-9_@%+=:,./-][A-Za-z0-9_@%+=:,./#-]*$/;

/**
 * One argument as sh reads it back byte for byte. Quoting is shell-quote's; plain ids and ARNs are left as
 * they are (shell-quote would backslash every ":" in `env:NAME`), so printed commands stay readable.
 */
export function shellArgument(value: string): string {
  return SAFE_ARGUMENT.test(value) ? value : quote([value]);
}

/** Arguments joined into a command-line fragment, each quoted. */
export function shellArguments(values: readonly string[]): string {
  return values.map(shellArgument).join(" ");
}

/**
 * Line breaks and control characters, which would end the command early (newline, CR, U+0085, U+2028,
 * U+2029 show as line breaks and some terminals run what follows) or cannot be passed at all (NUL). Tab is
 * whitespace to sh and stays allowed.
 */
const NOT_ONE_LINE = /[\u0000-\u0008\u000a-\u001f\u007f-\u009f\u2028\u2029]/;

/** Why `text` cannot be the start of a provisioner's command (the program and its own arguments), or null. */
export function shellCommandProblem(text: string): string | null {
  if (typeof text !== "string" || text.trim() === "") return 'must be the command that starts the CLI, e.g. "npx --no aura-secure"';
  if (NOT_ONE_LINE.test(text)) {
    return "must be one line of printable text: a line break or control character would end the command there and run the rest (with our arguments) as a command of its own";
  }
  return null;
}

/** Why `text` cannot be a value quoted into a command line, or null: NUL cannot be passed as an argument at all. */
export function shellValueProblem(text: string): string | null {
  return text.includes("\u0000") ? "must not contain a NUL character (no program can receive it as an argument)" : null;
}

/** The `cliCommand` of the provisioners (Neo4j access runner, key registration runner): one schema, one rule. */
export const cliCommandSchema = z
  .string({ error: 'must be the command that starts the CLI, e.g. "npx --no aura-secure"' })
  .superRefine((text, ctx) => {
    const problem = shellCommandProblem(text);
    if (problem) ctx.addIssue({ code: "custom", input: text, message: problem });
  })
  .default("npx --no aura-secure");
