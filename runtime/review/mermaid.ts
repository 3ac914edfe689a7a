/**
 * Renders the graph as a Mermaid flowchart (GitHub and GitLab render ```mermaid blocks in comments; syntax facts:
 * docs/vendor-facts.md, Plan review).
 * Changed parts carry a class (colour) and a word in the label, so the change is visible without colour too.
 */
import type { Graph, GraphNode, Status } from "./graph";

const CLASS_DEFS: Record<Exclude<Status, "unchanged">, string> = {
  created: "fill:#dafbe1,stroke:#1a7f37,color:#000",
  changed: "fill:#fff8c5,stroke:#9a6700,color:#000",
  replaced: "fill:#ffebe9,stroke:#cf222e,stroke-width:3px,color:#000",
  deleted: "fill:#ffebe9,stroke:#cf222e,stroke-dasharray:5 5,color:#000",
};

/** Mermaid label text inside double quotes: entity codes for characters Mermaid would read as syntax. */
export function mermaidText(s: string): string {
  return s.replace(/&/g, "#amp;").replace(/"/g, "#quot;").replace(/</g, "#lt;").replace(/>/g, "#gt;");
}

const SHAPES: Record<GraphNode["kind"], [string, string]> = {
  network: ["[(", ")]"],
  endpoint: ["[", "]"],
  "security-group": ["[/", "/]"],
  aura: ["([", "])"],
  zone: ["[", "]"],
  key: ["{{", "}}"],
  access: ["[[", "]]"],
};

function nodeLine(n: GraphNode): string {
  const lines = n.status === "unchanged" ? n.lines : [`${n.lines[0]} [${n.status}]`, ...n.lines.slice(1)];
  const [open, close] = SHAPES[n.kind];
  return `${n.id}${open}"${lines.map(mermaidText).join("<br/>")}"${close}`;
}

export function renderMermaid(graph: Graph): string {
  const out = ["flowchart LR"];
  for (const [name, style] of Object.entries(CLASS_DEFS)) out.push(`  classDef ${name} ${style}`);
  for (const n of graph.nodes.filter((x) => !x.stack)) out.push(`  ${nodeLine(n)}`);
  for (const stack of graph.stacks) {
    const inside = graph.nodes.filter((x) => x.stack === stack);
    if (!inside.length) continue;
    out.push(`  subgraph ${stack.replace(/[^A-Za-z0-9_]/g, "_")}["${mermaidText(stack)}"]`);
    for (const n of inside) out.push(`    ${nodeLine(n)}`);
    out.push("  end");
  }
  for (const e of graph.edges) out.push(`  ${e.from} ${e.dotted ? "-.->" : "-->"}${e.label ? `|${mermaidText(e.label)}|` : ""} ${e.to}`);
  for (const status of Object.keys(CLASS_DEFS)) {
    const ids = graph.nodes.filter((n) => n.status === status).map((n) => n.id);
    if (ids.length) out.push(`  class ${ids.join(",")} ${status}`);
  }
  return out.join("\n") + "\n";
}
