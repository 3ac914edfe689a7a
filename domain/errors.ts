import type { z } from "zod";

/** A mistake in the user's input or environment: printed as its message, never with a stack trace. */
export class UserError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "UserError";
  }
}

/**
 * A user's mistake in the config. The CLI prints `message` only: every line names the config path,
 * the value received and what is allowed, so no stack trace is needed.
 */
export class ConfigError extends UserError {
  constructor(
    readonly problems: readonly string[],
    readonly source = "config",
  ) {
    super(`Invalid ${source}:\n${problems.map((p) => `  - ${p}`).join("\n")}`);
    this.name = "ConfigError";
  }
}

/** `regions[0].network.subnets["use1-az1"]` from a zod path. */
export function formatPath(path: readonly PropertyKey[]): string {
  let out = "";
  for (const part of path) {
    if (typeof part === "number") out += `[${part}]`;
    else if (typeof part === "string" && /^[A-Za-z_][A-Za-z0-9_]*$/.test(part)) out += out ? `.${part}` : part;
    else out += `[${JSON.stringify(String(part))}]`;
  }
  return out || "(root)";
}

export function formatValue(value: unknown): string {
  if (value === undefined) return "nothing";
  const text = JSON.stringify(value);
  if (text === undefined) return String(value);
  return text.length > 80 ? `${text.slice(0, 77)}...` : text;
}

/** One line per zod issue: `<path>: got <value>; <what is allowed>`. */
export function formatZodIssues(issues: readonly z.core.$ZodIssue[]): string[] {
  return issues.flatMap((issue) => {
    // Unions report each branch; show the most specific branch's problems instead of "invalid input".
    if (issue.code === "invalid_union" && issue.errors.length > 0) {
      const best = [...issue.errors].sort((a, b) => b.length - a.length)[0] ?? [];
      if (best.length > 0)
        return formatZodIssues(best.map((inner) => ({ ...inner, path: [...issue.path, ...inner.path] })));
    }
    // Record keys: the key is the value at fault, and the inner issue says what is allowed.
    if (issue.code === "invalid_key") {
      const inner = issue.issues.map((i) => i.message).join("; ");
      return [`${formatPath(issue.path)}: got key ${formatValue(issue.input)}; ${inner}`];
    }
    const where = formatPath(issue.path);
    if (issue.code === "unrecognized_keys") {
      return [`${where}: unknown key(s) ${issue.keys.map((k) => JSON.stringify(k)).join(", ")}; remove them or check the spelling`];
    }
    let input = "input" in issue ? (issue as { input?: unknown }).input : undefined;
    // A discriminated union reports the whole object at the discriminator's path: show the discriminator.
    const last = issue.path[issue.path.length - 1];
    if (issue.code === "invalid_union" && typeof last === "string" && input !== null && typeof input === "object" && last in input) {
      input = (input as Record<string, unknown>)[last];
    }
    return [`${where}: got ${formatValue(input)}; ${issue.message}`];
  });
}
