import { buildGraph } from "../../../runtime/review/graph";
import { countsLine, mdText, renderMarkdown } from "../../../runtime/review/markdown";
import type { ReviewResult, StackReview } from "../../../runtime/review/review";
import type { Finding } from "../../../runtime/review/rule";

/**
 * The pull-request comment on hand-built review results: headline, counts, one section per rule and stack, the
 * Cypher of an access change once per change, long lists and details folded, acknowledgements, stale entries and
 * the changes without findings. Expected text written out.
 */
const graph = buildGraph([]);
const finding = (over: Partial<Finding>): Finding => ({ ruleId: "AURA-ACC-1", severity: "medium", title: "Neo4j access widened", stack: "dbms-a", address: "terraform_data.apply", action: "update", detail: "role r granted to user ann", meaning: "More access.", fix: "Check it.", ...over });
const counts = { add: 0, change: 1, replace: 0, destroy: 0, deposed: 0, forget: 0, import: 0, drift: 0 };
const stack = (name = "dbms-a", over: Partial<StackReview> = {}): StackReview => ({ stack: name, counts, other: [], ...over });
const result = (findings: Finding[], over: Partial<ReviewResult> = {}): ReviewResult => ({ stacks: [stack()], findings, stale: [], ...over });
/** The comment between two headings (the first included, the second not). */
const section = (md: string, from: string, to = "### What the plan results in") => md.slice(md.indexOf(from), md.indexOf(to));

describe("the Cypher of an access change", () => {
  const statements = (n: number) => Array.from({ length: n }, (_, i) => `GRANT ACCESS ON DATABASE \`db${i}\` TO \`r\``);
  const md = renderMarkdown(
    result([
      finding({ cypher: ["GRANT ROLE `r` TO `ann`"] }),
      finding({ ruleId: "AURA-ACC-2", title: "Neo4j access removed", detail: "role s revoked from user ann", cypher: ["GRANT ROLE `r` TO `ann`"] }),
      finding({ ruleId: "AURA-ACC-3", severity: "low", title: "New access runner", address: "terraform_data.first", action: "create", detail: "new access runner", cypher: statements(21) }),
      finding({ ruleId: "AURA-ACC-3", severity: "low", title: "New access runner", stack: "dbms-b", address: "terraform_data.first", action: "create", detail: "new access runner", cypher: statements(20) }),
      finding({ ruleId: "AURA-ACC-4", title: "Connection", address: "terraform_data.none", detail: "x", cypher: [] }),
      finding({ ruleId: "AURA-ACC-4", title: "Connection", address: "terraform_data.ticks", detail: "y", cypher: ["CREATE ROLE `a```b`"] }),
    ]),
    graph,
  );

  test("the headline counts open findings by severity", () => {
    expect(md.split("\n").slice(0, 3)).toEqual(["## Aura plan review", "", "**4 medium, 2 low** finding(s) in 1 stack(s)."]);
  });

  test("shown once per change; a second finding of the same change points to it", () => {
    expect(section(md, "#### MEDIUM AURA-ACC-2", "#### LOW")).toBe(
      ["#### MEDIUM AURA-ACC-2: Neo4j access removed (`dbms-a`)", "", "- update `terraform_data.apply`: role s revoked from user ann", "", "**What it means for Aura:** More access.", "", "**What to do:** Check it.", "", "The Cypher `terraform_data.apply` will run is shown above.", "", ""].join("\n"),
    );
  });

  test("more than 20 statements fold; 20 do not; the same address in another stack is shown again", () => {
    const low = section(md, "#### LOW AURA-ACC-3", "#### MEDIUM AURA-ACC-4");
    expect(low.split("\n").filter((l) => l.startsWith("Cypher ") || l.startsWith("<details>") || l === "```cypher")).toEqual([
      "Cypher `terraform_data.first` will run (assuming the server holds the previous state):",
      "<details><summary>21 statements</summary>",
      "```cypher",
      "Cypher `terraform_data.first` will run (assuming the server holds the previous state):",
      "```cypher",
    ]);
    expect(low).toContain("GRANT ACCESS ON DATABASE `db20` TO `r`;\n```\n\n</details>");
    expect(low).toContain("GRANT ACCESS ON DATABASE `db19` TO `r`;\n```\n");
  });

  test("a change that runs no Cypher says so; a fence is longer than any backtick run inside", () => {
    expect(section(md, "#### MEDIUM AURA-ACC-4")).toBe(
      [
        "#### MEDIUM AURA-ACC-4: Connection (`dbms-a`)",
        "",
        "- update `terraform_data.none`: x",
        "- update `terraform_data.ticks`: y",
        "",
        "**What it means for Aura:** More access.",
        "",
        "**What to do:** Check it.",
        "",
        "`terraform_data.none` will run no Cypher.",
        "",
        "Cypher `terraform_data.ticks` will run (assuming the server holds the previous state):",
        "",
        "````cypher",
        "CREATE ROLE `a```b`;",
        "````",
        "",
        "",
      ].join("\n"),
    );
  });
});

describe("findings listed", () => {
  test("nine findings of one rule and stack: seven shown, the rest folded", () => {
    const md = renderMarkdown(result(Array.from({ length: 9 }, (_, i) => finding({ address: `aws_route53_record.r${i}`, detail: `d${i}` }))), graph);
    const lines = section(md, "- update").split("\n");
    expect(lines.slice(0, 12)).toEqual([
      "- update `aws_route53_record.r0`: d0",
      "- update `aws_route53_record.r1`: d1",
      "- update `aws_route53_record.r2`: d2",
      "- update `aws_route53_record.r3`: d3",
      "- update `aws_route53_record.r4`: d4",
      "- update `aws_route53_record.r5`: d5",
      "- update `aws_route53_record.r6`: d6",
      "",
      "<details><summary>2 more finding(s)</summary>",
      "",
      "- update `aws_route53_record.r7`: d7",
      "- update `aws_route53_record.r8`: d8",
    ]);
  });

  test("eight findings are all shown", () => {
    const md = renderMarkdown(result(Array.from({ length: 8 }, (_, i) => finding({ address: `a.r${i}`, detail: `d${i}` }))), graph);
    expect(md).not.toContain("<details>");
    expect(md).toContain("- update `a.r7`: d7");
  });

  test("a detail of 400 characters is shown whole; 401 is cut and given in full below", () => {
    const md400 = renderMarkdown(result([finding({ detail: "a".repeat(400) })]), graph);
    expect(md400).toContain(`- update \`terraform_data.apply\`: ${"a".repeat(400)}\n`);
    const md401 = renderMarkdown(result([finding({ detail: `${"b".repeat(400)}c` })]), graph);
    expect(section(md401, "- update", "\n\n**What")).toBe([`- update \`terraform_data.apply\`: ${"b".repeat(400)}…`, "  <details><summary>full detail</summary>", "", `  ${"b".repeat(400)}c`, "", "  </details>"].join("\n"));
  });

  test("deposed objects, drift and addresses with backticks", () => {
    const md = renderMarkdown(result([finding({ action: "delete", deposed: "00aa", detail: "gone" }), finding({ drift: true, detail: "changed" }), finding({ address: "x.y[\"`a`\"]", detail: "z" })]), graph);
    expect(section(md, "- delete", "\n\n**What").split("\n")).toEqual([
      "- delete `terraform_data.apply` (deposed object `00aa`): gone",
      "- update `terraform_data.apply` (changed outside Terraform): changed",
      '- update <code>x.y["`a`"]</code>: z',
    ]);
  });

  test("acknowledged findings do not gate and say until when; expired ones gate and say so", () => {
    const ack = { reason: "CHG-1 <moving>", expires: "2027-01-31", expired: false, entry: "ack.yaml: acknowledgements[0]" };
    const md = renderMarkdown(result([finding({ detail: "kept", acknowledged: ack }), finding({ ruleId: "AURA-ACC-2", detail: "late", acknowledged: { ...ack, expires: "2026-11-30", expired: true } })]), graph);
    expect(md).toContain("**1 medium** finding(s) in 1 stack(s). 1 acknowledged finding(s) do not gate.");
    expect(md).toContain("- update `terraform_data.apply`: late **Acknowledgement expired on 2026-11-30: gates again** (ack.yaml: acknowledgements\\[0\\]: CHG-1 &lt;moving&gt;)");
    expect(section(md, "### Acknowledged findings (not gating)")).toContain("- update `terraform_data.apply`: kept Acknowledged until 2027-01-31: CHG-1 &lt;moving&gt; (ack.yaml: acknowledgements\\[0\\])");
    expect(md.indexOf("### Findings")).toBeLessThan(md.indexOf("### Acknowledged findings (not gating)"));
  });

  test("no findings", () => {
    const md = renderMarkdown(result([], { stacks: [stack("a"), stack("b")] }), graph);
    expect(md.split("\n").slice(0, 6)).toEqual(["## Aura plan review", "", "No findings in 2 stack(s).", "", "- `a`: 0 to add, 1 to change, 0 to replace, 0 to destroy", "- `b`: 0 to add, 1 to change, 0 to replace, 0 to destroy"]);
    expect(md).not.toContain("### Findings");
    expect(md).not.toContain("### Acknowledged");
  });

  test("only acknowledged findings", () => {
    const ack = { reason: "r", expires: "2027-01-31", expired: false, entry: "e" };
    expect(renderMarkdown(result([finding({ acknowledged: ack })]), graph).split("\n")[2]).toBe("No findings in 1 stack(s). 1 acknowledged finding(s) do not gate.");
  });
});

describe("stale acknowledgements and changes without findings", () => {
  test("stale entries are listed with what they name", () => {
    const md = renderMarkdown(
      result([], {
        stale: [
          { entry: "ack.yaml: acknowledgements[1]", rule: "AURA-NET-1", address: "aws_vpc_endpoint.*", stack: "aura-aws-eu", reason: "old", expires: "2027-01-01" },
          { entry: "ack.yaml: acknowledgements[2]", rule: "AURA-DNS-1", address: "x", reason: "r_1", expires: "2027-02-01" },
        ],
      }),
      graph,
    );
    expect(section(md, "### Stale acknowledgements")).toBe(
      [
        "### Stale acknowledgements",
        "",
        "These entries match no finding of this review: the change they were for is gone, or the rule, address or stack does not match. Remove or fix them.",
        "",
        "- ack.yaml: acknowledgements\\[1\\]: AURA-NET-1 `aws_vpc_endpoint.*` in `aura-aws-eu` (expires 2027-01-01): old",
        "- ack.yaml: acknowledgements\\[2\\]: AURA-DNS-1 `x` (expires 2027-02-01): r\\_1",
        "",
        "",
      ].join("\n"),
    );
  });

  test("other changes fold per stack with their attributes and reason", () => {
    const other = [
      { action: "update", address: "aws_instance.a", attributes: ["ami", "user_data"], reason: "" },
      { action: "delete", address: "aws_s3_bucket.b", attributes: [], reason: "deleted: no longer in the configuration" },
    ] as unknown as StackReview["other"];
    const md = renderMarkdown(result([], { stacks: [stack("a", { other }), stack("b")] }), graph);
    expect(section(md, "### Other changes")).toBe(
      [
        "### Other changes",
        "",
        "<details><summary>`a`: 2 change(s) without findings</summary>",
        "",
        "- update `aws_instance.a` (ami, user\\_data)",
        "- delete `aws_s3_bucket.b`: deleted: no longer in the configuration",
        "",
        "</details>",
        "",
        "",
      ].join("\n"),
    );
  });
});

describe("pieces", () => {
  test.each([
    ["plain", "plain"],
    ["a\\b", "a\\\\b"],
    ["<script>", "&lt;script&gt;"],
    ["`x` *y* _z_ |w| [v]", "\\`x\\` \\*y\\* \\_z\\_ \\|w\\| \\[v\\]"],
  ])("mdText(%j) is %j", (text, expected) => {
    expect(mdText(text)).toBe(expected);
  });

  test.each<[Partial<typeof counts>, string]>([
    [{}, "- `s`: 0 to add, 1 to change, 0 to replace, 0 to destroy"],
    [{ add: 2, replace: 3, destroy: 4, deposed: 1 }, "- `s`: 2 to add, 1 to change, 3 to replace, 4 to destroy (1 deposed)"],
    [{ forget: 1, import: 2, drift: 3 }, "- `s`: 0 to add, 1 to change, 0 to replace, 0 to destroy, 1 to forget, 2 to import, 3 changed outside Terraform"],
    [{ import: 1 }, "- `s`: 0 to add, 1 to change, 0 to replace, 0 to destroy, 1 to import"],
  ])("counts %j", (over, expected) => {
    expect(countsLine(stack("s", { counts: { ...counts, ...over } }))).toBe(expected);
  });
});
