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
