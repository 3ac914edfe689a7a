/**
 * Renders the graph as Graphviz DOT and, through Graphviz compiled to WebAssembly (@viz-js/viz, no browser and
 * no native binary; docs/vendor-facts.md, Plan review), as SVG.
 */
import type { Graph, GraphNode, Status } from "./graph";

const FILL: Record<Status, string> = { created: "#dafbe1", changed: "#fff8c5", replaced: "#ffebe9", deleted: "#ffebe9", unchanged: "#ffffff" };
const SHAPE: Record<GraphNode["kind"], string> = { network: "cylinder", endpoint: "box", "security-group": "parallelogram", aura: "ellipse", zone: "folder", key: "hexagon", access: "component" };

const q = (s: string) => `"${s.replace(/\\/g, "\\\\").replace(/"/g, '\\"').replace(/\n/g, "\\n")}"`;

function nodeLine(n: GraphNode): string {
  const lines = n.status === "unchanged" ? n.lines : [`${n.lines[0]} [${n.status}]`, ...n.lines.slice(1)];
  const style = n.status === "deleted" ? "filled,dashed" : n.status === "replaced" ? "filled,bold" : "filled";
  return `${n.id} [label=${q(lines.join("\n"))}, shape=${SHAPE[n.kind]}, style=${q(style)}, fillcolor=${q(FILL[n.status])}]`;
}

export function renderDot(graph: Graph): string {
  const out = ["digraph aura {", "  rankdir=LR;", '  node [fontname="Helvetica", fontsize=10];', '  edge [fontname="Helvetica", fontsize=9];'];
  for (const n of graph.nodes.filter((x) => !x.stack)) out.push(`  ${nodeLine(n)};`);
  graph.stacks.forEach((stack, i) => {
    const inside = graph.nodes.filter((x) => x.stack === stack);
    if (!inside.length) return;
    out.push(`  subgraph cluster_${i} {`, `    label=${q(stack)};`, '    style="rounded";');
    for (const n of inside) out.push(`    ${nodeLine(n)};`);
    out.push("  }");
  });
  for (const e of graph.edges) out.push(`  ${e.from} -> ${e.to}${e.label || e.dotted ? ` [${[e.label ? `label=${q(e.label)}` : "", e.dotted ? "style=dashed" : ""].filter(Boolean).join(", ")}]` : ""};`);
  out.push("}");
  return out.join("\n") + "\n";
}

/** SVG of the graph, rendered by Graphviz (WebAssembly). */
export async function renderSvg(graph: Graph): Promise<string> {
  const { instance } = await import("@viz-js/viz");
  const viz = await instance();
  return viz.renderString(renderDot(graph), { format: "svg", engine: "dot" });
}
