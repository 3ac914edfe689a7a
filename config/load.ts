import * as fs from "node:fs";
import * as path from "node:path";
import { parse as parseYaml, YAMLParseError } from "yaml";
import { ConfigError, formatZodIssues } from "../domain/errors";
import { checkCustomerManagedKeys } from "./keys";
import { configSchema, type AuraSecureConfig } from "./schema";

/** Validates a config object; throws ConfigError listing every problem with its path. */
export function parseConfig(input: unknown, source = "config", baseDir = process.cwd()): AuraSecureConfig {
  const result = configSchema.safeParse(input, { reportInput: true });
  if (!result.success) throw new ConfigError(formatZodIssues(result.error.issues, { schema: configSchema, input }), source);
  // Key statement files are read relative to baseDir (the config file's folder) and every key policy is linted here.
  const keyProblems = checkCustomerManagedKeys(result.data.project, result.data.regions, baseDir);
  if (keyProblems.length > 0) throw new ConfigError(keyProblems, source);
  return result.data;
}

/** Reads a JSON or YAML config file (by extension; YAML is a superset of JSON so anything else parses as YAML). */
export function readConfigFile(file: string): unknown {
  let text: string;
  try {
    text = fs.readFileSync(file, "utf8");
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    throw new ConfigError([`${file}: cannot read the config file (${code ?? "error"}); give an existing JSON or YAML file`], "config file");
  }
  try {
    return path.extname(file).toLowerCase() === ".json" ? JSON.parse(text) : parseYaml(text);
  } catch (err) {
    const detail = err instanceof YAMLParseError || err instanceof SyntaxError ? err.message.split("\n")[0] : String(err);
    throw new ConfigError([`${file}: not valid ${path.extname(file) === ".json" ? "JSON" : "YAML"}: ${detail}`], "config file");
  }
}

export function loadConfigFile(file: string): AuraSecureConfig {
  return parseConfig(readConfigFile(file), file, path.dirname(path.resolve(file)));
}

/** The config file to use: the `--config` option wins over AURA_CONFIG; null means the embedded example. */
export function resolveConfigFile(option: string | undefined, env: NodeJS.ProcessEnv): string | null {
  if (option !== undefined) return option;
  const fromEnv = env.AURA_CONFIG?.trim();
  return fromEnv ? fromEnv : null;
}
