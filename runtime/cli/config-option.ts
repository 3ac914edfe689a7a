import { loadConfigFile } from "../../config/load";
import type { AuraSecureConfig } from "../../config/schema";
import { ConfigError, UserError } from "../../domain/errors";
import { readInputFile } from "./input-files";

/**
 * `--config <file>` of a command: the app's config, its problems under the flag's name
 * ("--config aura.yaml: invalid config: - regions[0]...").
 */
export function loadConfigOption(file: string, flag = "--config"): AuraSecureConfig {
  readInputFile(file, flag, "the app's config file (YAML or JSON)");
  try {
    return loadConfigFile(file);
  } catch (error) {
    if (error instanceof ConfigError) throw new UserError(`${flag} ${file}: invalid config:\n${error.problems.map((p) => `  - ${p}`).join("\n")}`);
    throw error;
  }
}
