import type { IConstruct } from "constructs";

/**
 * The warnings constructs added with cdktf's Annotations, as `path: message` lines. cdktf-cli prints them;
 * `npm run synth` runs without it, so the app prints them itself.
 */
export function synthWarnings(root: IConstruct): string[] {
  return root.node
    .findAll()
    .flatMap((c) => c.node.metadata.filter((m) => m.type === "@cdktf/warn").map((m) => `${c.node.path}: ${String(m.data)}`));
}

/**
 * Whether cdktf-cli (or cdktn-cli, its fork) started the app: `cdktf synth` runs the app with
 * CDKTF_CONTINUE_SYNTH_ON_ERROR_ANNOTATIONS=true and a CDKTF_CONTEXT_JSON holding `cdktfRelativeModules`
 * (cli-core's synth-stack.js, 0.21.0). Then the CLI prints the manifest's annotations itself (as WARN),
 * prints every line the app writes to stderr as `[ERROR]`, and removes the stack folders the synth did not
 * write; so the app must print neither its warnings nor the stale-folder warning. Pure.
 */
export function runByCdktfCli(env: Readonly<Record<string, string | undefined>>): boolean {
  if (env.CDKTF_CONTINUE_SYNTH_ON_ERROR_ANNOTATIONS !== undefined) return true;
  try {
    const context = JSON.parse(env.CDKTF_CONTEXT_JSON ?? "null") as unknown;
    return typeof context === "object" && context !== null && "cdktfRelativeModules" in context;
  } catch {
    return false;
  }
}
