import { renderDot } from "../../../runtime/review/dot";
import type { Graph, GraphNode, Status } from "../../../runtime/review/graph";
import { mermaidText, renderMermaid } from "../../../runtime/review/mermaid";

/** renderMermaid and renderDot on hand-built graphs (no plan, no synth), compared with the whole text. */

const CLASS_DEFS = [
  "  classDef created fill:#dafbe1,stroke:#1a7f37,color:#000",
  "  classDef changed fill:#fff8c5,stroke:#9a6700,color:#000",
  "  classDef replaced fill:#ffebe9,stroke:#cf222e,stroke-width:3px,color:#000",
  "  classDef deleted fill:#ffebe9,stroke:#cf222e,stroke-dasharray:5 5,color:#000",
].join("\n");
const DOT_HEADER = ["digraph aura {", "  rankdir=LR;", '  node [fontname="Helvetica", fontsize=10];', '  edge [fontname="Helvetica", fontsize=9];'].join("\n");

/** Shared nodes first, then two stacks (one of them empty, which draws no subgraph), edges of every kind. */
const GRAPH: Graph = {
  stacks: ["empty-stack", "aura-aws-us-east-1", "t.2"],
  nodes: [
    { id: "net_aws_vpc_1", kind: "network", lines: ["VPC vpc-1"], status: "unchanged" },
    { id: "aura_orch_0000", kind: "aura", lines: ['Aura "orch" <0000> & co'], status: "created" },
    { id: "s_endpoint", kind: "endpoint", lines: ["VPC endpoint (PrivateLink)", "svc\\name"], status: "replaced", stack: "aura-aws-us-east-1" },
    { id: "s_sg", kind: "security-group", lines: ["SG [sg-1]", 'with `backtick` and "quote"'], status: "changed", stack: "aura-aws-us-east-1" },
    { id: "s_zone", kind: "zone", lines: ["zone.example", "*.zone.example", "api.zone.example"], status: "deleted", stack: "aura-aws-us-east-1" },
    { id: "s_key", kind: "key", lines: ["Key ünïcode ✓"], status: "created", stack: "aura-aws-us-east-1" },
    { id: "s_access", kind: "access", lines: ["Runner"], status: "unchanged", stack: "aura-aws-us-east-1" },
    { id: "t_endpoint", kind: "endpoint", lines: ["VPC endpoint (PrivateLink)", "other"], status: "unchanged", stack: "t.2" },
  ],
  edges: [
    { from: "net_aws_vpc_1", to: "s_endpoint" },
    { from: "s_sg", to: "s_endpoint", label: 'port "7687"' },
    { from: "s_zone", to: "aura_orch_0000", dotted: true },
    { from: "s_key", to: "aura_orch_0000", label: "uses <key>", dotted: true },
    { from: "net_aws_vpc_1", to: "t_endpoint", label: "", dotted: false },
  ],
};

describe("renderMermaid", () => {
  test("a whole graph: shapes, words and classes for changes, subgraphs per stack, edge kinds, escaping", () => {
    expect(renderMermaid(GRAPH)).toBe(`flowchart LR
${CLASS_DEFS}
  net_aws_vpc_1[("VPC vpc-1")]
  aura_orch_0000(["Aura #quot;orch#quot; #lt;0000#gt; #amp; co [created]"])
  subgraph aura_aws_us_east_1["aura-aws-us-east-1"]
    s_endpoint["VPC endpoint (PrivateLink) [replaced]<br/>svc\\name"]
    s_sg[/"SG [sg-1] [changed]<br/>with \`backtick\` and #quot;quote#quot;"/]
    s_zone["zone.example [deleted]<br/>*.zone.example<br/>api.zone.example"]
    s_key{{"Key ünïcode ✓ [created]"}}
    s_access[["Runner"]]
  end
  subgraph t_2["t.2"]
    t_endpoint["VPC endpoint (PrivateLink)<br/>other"]
  end
  net_aws_vpc_1 --> s_endpoint
  s_sg -->|port #quot;7687#quot;| s_endpoint
  s_zone -.-> aura_orch_0000
  s_key -.->|uses #lt;key#gt;| aura_orch_0000
  net_aws_vpc_1 --> t_endpoint
  class aura_orch_0000,s_key created
  class s_sg changed
  class s_endpoint replaced
  class s_zone deleted
`);
  });

  test("an empty graph is the header and the class definitions only", () => {
    expect(renderMermaid({ stacks: [], nodes: [], edges: [] })).toBe(`flowchart LR\n${CLASS_DEFS}\n`);
    expect(renderMermaid({ stacks: ["a", "b"], nodes: [], edges: [] })).toBe(`flowchart LR\n${CLASS_DEFS}\n`);
  });

  test.each<[GraphNode["kind"], string]>([
    ["network", 'n[("L")]'],
    ["endpoint", 'n["L"]'],
    ["security-group", 'n[/"L"/]'],
    ["aura", 'n(["L"])'],
    ["zone", 'n["L"]'],
    ["key", 'n{{"L"}}'],
    ["access", 'n[["L"]]'],
  ])("a %s node is drawn as %s", (kind, line) => {
    expect(renderMermaid({ stacks: [], nodes: [{ id: "n", kind, lines: ["L"], status: "unchanged" }], edges: [] })).toBe(`flowchart LR\n${CLASS_DEFS}\n  ${line}\n`);
  });

  test.each<[Status, string, string]>([
    ["unchanged", 'n["A<br/>B"]', ""],
    ["created", 'n["A [created]<br/>B"]', "\n  class n created"],
    ["changed", 'n["A [changed]<br/>B"]', "\n  class n changed"],
    ["replaced", 'n["A [replaced]<br/>B"]', "\n  class n replaced"],
    ["deleted", 'n["A [deleted]<br/>B"]', "\n  class n deleted"],
  ])("a %s node: its word and its class", (status, line, classLine) => {
    const g: Graph = { stacks: ["my stack-1"], nodes: [{ id: "n", kind: "endpoint", lines: ["A", "B"], status, stack: "my stack-1" }], edges: [] };
    expect(renderMermaid(g)).toBe(`flowchart LR\n${CLASS_DEFS}\n  subgraph my_stack_1["my stack-1"]\n    ${line}\n  end${classLine}\n`);
  });

  test("mermaidText replaces &, quotes and angle brackets with entity codes (& first, so codes are not doubled)", () => {
    expect(mermaidText('a & b "c" <d> #amp;')).toBe("a #amp; b #quot;c#quot; #lt;d#gt; #amp;");
    expect(mermaidText("plain `x` [y] ü")).toBe("plain `x` [y] ü");
  });
});

describe("renderDot", () => {
  test("a whole graph: shapes, styles and fills for changes, clusters per stack (numbered by stack), edge kinds, escaping", () => {
    expect(renderDot(GRAPH)).toBe(`${DOT_HEADER}
  net_aws_vpc_1 [label="VPC vpc-1", shape=cylinder, style="filled", fillcolor="#ffffff"];
  aura_orch_0000 [label="Aura \\"orch\\" <0000> & co [created]", shape=ellipse, style="filled", fillcolor="#dafbe1"];
  subgraph cluster_1 {
    label="aura-aws-us-east-1";
    style="rounded";
    s_endpoint [label="VPC endpoint (PrivateLink) [replaced]\\nsvc\\\\name", shape=box, style="filled,bold", fillcolor="#ffebe9"];
    s_sg [label="SG [sg-1] [changed]\\nwith \`backtick\` and \\"quote\\"", shape=parallelogram, style="filled", fillcolor="#fff8c5"];
    s_zone [label="zone.example [deleted]\\n*.zone.example\\napi.zone.example", shape=folder, style="filled,dashed", fillcolor="#ffebe9"];
    s_key [label="Key ünïcode ✓ [created]", shape=hexagon, style="filled", fillcolor="#dafbe1"];
    s_access [label="Runner", shape=component, style="filled", fillcolor="#ffffff"];
  }
  subgraph cluster_2 {
    label="t.2";
    style="rounded";
    t_endpoint [label="VPC endpoint (PrivateLink)\\nother", shape=box, style="filled", fillcolor="#ffffff"];
  }
  net_aws_vpc_1 -> s_endpoint;
  s_sg -> s_endpoint [label="port \\"7687\\""];
  s_zone -> aura_orch_0000 [style=dashed];
  s_key -> aura_orch_0000 [label="uses <key>", style=dashed];
  net_aws_vpc_1 -> t_endpoint;
}
`);
  });

  test("an empty graph is the header and the closing brace", () => {
    expect(renderDot({ stacks: [], nodes: [], edges: [] })).toBe(`${DOT_HEADER}\n}\n`);
    expect(renderDot({ stacks: ["a"], nodes: [], edges: [] })).toBe(`${DOT_HEADER}\n}\n`);
  });

  test("labels cannot break out of DOT quoting: backslashes, quotes and newlines are escaped", () => {
    const g: Graph = {
      stacks: ['st"a\\ck\nx'],
      nodes: [{ id: "n", kind: "key", lines: ['a"b', "c\\d\ne"], status: "unchanged", stack: 'st"a\\ck\nx' }],
      edges: [{ from: "n", to: "n", label: 'x\\"];evil\nnext' }],
    };
    expect(renderDot(g)).toBe(`${DOT_HEADER}
  subgraph cluster_0 {
    label="st\\"a\\\\ck\\nx";
    style="rounded";
    n [label="a\\"b\\nc\\\\d\\ne", shape=hexagon, style="filled", fillcolor="#ffffff"];
  }
  n -> n [label="x\\\\\\"];evil\\nnext"];
}
`);
  });

  test.each<[GraphNode["kind"], string]>([
    ["network", "cylinder"],
    ["endpoint", "box"],
    ["security-group", "parallelogram"],
    ["aura", "ellipse"],
    ["zone", "folder"],
    ["key", "hexagon"],
    ["access", "component"],
  ])("a %s node has shape %s", (kind, shape) => {
    expect(renderDot({ stacks: [], nodes: [{ id: "n", kind, lines: ["L"], status: "unchanged" }], edges: [] })).toBe(`${DOT_HEADER}\n  n [label="L", shape=${shape}, style="filled", fillcolor="#ffffff"];\n}\n`);
  });

  test.each<[Status, string, string, string]>([
    ["unchanged", "A\\nB", "filled", "#ffffff"],
    ["created", "A [created]\\nB", "filled", "#dafbe1"],
    ["changed", "A [changed]\\nB", "filled", "#fff8c5"],
    ["replaced", "A [replaced]\\nB", "filled,bold", "#ffebe9"],
    ["deleted", "A [deleted]\\nB", "filled,dashed", "#ffebe9"],
  ])("a %s node: label %s, style %s, fill %s", (status, label, style, fill) => {
    const g: Graph = { stacks: ["s"], nodes: [{ id: "n", kind: "endpoint", lines: ["A", "B"], status, stack: "s" }], edges: [] };
    expect(renderDot(g)).toBe(`${DOT_HEADER}\n  subgraph cluster_0 {\n    label="s";\n    style="rounded";\n    n [label="${label}", shape=box, style="${style}", fillcolor="${fill}"];\n  }\n}\n`);
  });

  test.each<[string, Partial<Graph["edges"][number]>, string]>([
    ["plain", {}, "  a -> b;"],
    ["labelled", { label: "L" }, '  a -> b [label="L"];'],
    ["dotted", { dotted: true }, "  a -> b [style=dashed];"],
    ["labelled and dotted", { label: "L", dotted: true }, '  a -> b [label="L", style=dashed];'],
  ])("a %s edge", (_name, extra, line) => {
    expect(renderDot({ stacks: [], nodes: [], edges: [{ from: "a", to: "b", ...extra }] })).toBe(`${DOT_HEADER}\n${line}\n}\n`);
  });
});
