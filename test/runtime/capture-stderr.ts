import { CliResult, runAuraSecure } from "../support/run-cli";
import { recordOutput } from "../support/secret-sweep";

/**
 * runAuraSecure, also capturing what commands write straight to process.stderr (warnings), which
 * runAuraSecure itself leaves alone; `stderr` then holds the error line and the warnings, in order.
 */
export async function runWithWarnings(args: string[], env: Record<string, string | undefined> = {}): Promise<CliResult> {
  let warnings = "";
  const spy = jest.spyOn(process.stderr, "write").mockImplementation((chunk: string | Uint8Array) => {
    warnings += String(chunk);
    return true;
  });
  try {
    const result = await runAuraSecure(args, env);
    return { ...result, stderr: warnings + result.stderr };
  } finally {
    recordOutput(`aura-secure ${args.join(" ").slice(0, 60)} (in-process) warnings`, warnings);
    spy.mockRestore();
  }
}
