import { UserError } from "./errors";

export const ENV_NAME_PATTERN = /^[A-Za-z_][A-Za-z0-9_]*$/;

export function validateEnvName(name: string, input: string): string {
  if (!ENV_NAME_PATTERN.test(name)) {
    throw new UserError(`${input} ${JSON.stringify(name)} is not an environment variable name; allowed: letters, digits and '_', not starting with a digit`);
  }
  return name;
}

export interface PasswordSourceOptions {
  passwordEnv?: string;
  passwordStdin?: boolean;
}

/** Reads all of stdin; one trailing newline (from `echo` or a here-string) is not part of the secret. */
export async function readStdin(stream: NodeJS.ReadableStream = process.stdin): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(Buffer.isBuffer(chunk) ? chunk : Buffer.from(String(chunk)));
  return Buffer.concat(chunks).toString("utf8").replace(/\r?\n$/, "");
}

/**
 * Secrets come from the environment or stdin, never from argv (visible in `ps` and shell history).
 * Returns the value and a description of its source for error messages; never the value in a message.
 */
export async function readSecret(
  options: PasswordSourceOptions,
  defaultEnv: string,
  env: NodeJS.ProcessEnv = process.env,
  stdin: () => Promise<string> = () => readStdin(),
): Promise<{ value: string | undefined; source: string }> {
  if (options.passwordStdin && options.passwordEnv) {
    throw new UserError("--password-stdin and --password-env are exclusive; use one");
  }
  if (options.passwordStdin) return { value: await stdin(), source: "stdin" };
  const name = validateEnvName(options.passwordEnv ?? defaultEnv, "--password-env");
  return { value: env[name], source: `environment variable ${name}` };
}
