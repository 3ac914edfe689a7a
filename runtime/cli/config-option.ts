import { loadConfigFile } from "../../config/load";
import type { AuraSecureConfig } from "../../config/schema";
import { ConfigError, UserError } from "../../domain/errors";
import { readInputFile } from "./input-files";

const CONFIG_EXPECTED = "the app's config file (YAML or JSON)";

/**
 * Reads a config the way `fn` does, with the file checked first (a folder, an empty or missing file) and
 * its problems under the flag's name ("--config aura.yaml: invalid config: - regions[0]...").
 */
export function underConfigFlag<T>(file: string, flag: string, fn: () => T): T {
  readInputFile(file, flag, CONFIG_EXPECTED);
  try {
    return fn();
  } catch (error) {
    if (error instanceof ConfigError) throw new UserError(`${flag} ${file}: invalid config:\n${error.problems.map((p) => `  - ${p}`).join("\n")}`);
    throw error;
  }
}

/** `--config <file>` of a command: the app's config, validated. */
export function loadConfigOption(file: string, flag = "--config"): AuraSecureConfig {
  return underConfigFlag(file, flag, () => loadConfigFile(file));
}
