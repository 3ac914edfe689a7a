import { ConfigError } from "../../domain/errors";
import { parseConfig } from "../../config/load";

/** The ConfigError `run` throws; fails the test when it throws nothing or something else. */
export function configErrorOf(run: () => unknown): ConfigError {
  try {
    run();
  } catch (err) {
    if (err instanceof ConfigError) return err;
    throw err;
  }
  throw new Error("expected a ConfigError");
}

/** The problems parseConfig reports for a config it must reject (statement files relative to baseDir). */
export function configProblems(config: unknown, baseDir?: string): string[] {
  return [...configErrorOf(() => parseConfig(config, "config", baseDir)).problems];
}
