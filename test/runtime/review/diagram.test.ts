import * as fs from "node:fs";
import * as path from "node:path";
import { DOMParser } from "@xmldom/xmldom";
import { exampleConfig } from "../../../config/example";
import { buildGraph, type Instance } from "../../../runtime/review/graph";
import { instancesFromCdktfJson, instancesFromCdktfOut } from "../../../runtime/review/instances";
import type { StackPlan } from "../../../runtime/review/plan-format";
import { reviewPlans } from "../../../runtime/review/review";
import { mermaidText, renderMermaid } from "../../../runtime/review/mermaid";
import { renderDot } from "../../../runtime/review/dot";
import { runAuraSecure } from "../../support/run-cli";
import { synthConfig, type SynthResult } from "../../support/synth";

/** Parses XML and fails on any well-formedness error. */
function parseXml(text: string) {
  return new DOMParser({
    onError: (level, message) => {
      if (level !== "warning") throw new Error(message);
    },
  }).parseFromString(text, "image/svg+xml");
}

describe("aura-secure diagram from cdktf.out", () => {
  let synth: SynthResult;
  beforeAll(() => (synth = synthConfig(exampleConfig)));
  afterAll(() => fs.rmSync(synth.outdir, { recursive: true, force: true }));

  test("writes Mermaid and an SVG rendered by Graphviz (WebAssembly) that names the endpoint and the zones", async () => {
    const svgFile = path.join(synth.outdir, "aura.svg");
    const mmdFile = path.join(synth.outdir, "aura.mmd");
    const r = await runAuraSecure(["diagram", "--out", synth.outdir, "--svg", svgFile, "--mermaid", mmdFile]);
    expect(r).toMatchObject({ code: 0, stderr: "" });
    const svg = fs.readFileSync(svgFile, "utf8");
    expect(svg.length).toBeGreaterThan(1000);
    const doc = parseXml(svg);
    expect(doc.documentElement!.nodeName).toBe("svg");
    const text = [...Array.from(doc.getElementsByTagName("text"))].map((t) => t.textContent).join("\n");
    for (const name of ["VPC endpoint (PrivateLink)", "Private zone production-orch-0000.neo4j.io", "Private zone endpoints.neo4j.io", "PSC forwarding rule", "Response policy acme-graph-aura-europe-west1", "Private endpoint (Private Link)", "Aura orchestration 0003", "alias/acme-graph-aura-us-east-1"]) {
      expect(text).toContain(name);
    }
    const mermaid = fs.readFileSync(mmdFile, "utf8");
    expect(mermaid.startsWith("flowchart LR\n")).toBe(true);
    expect(mermaid).toContain("net_aws_vpc_0a1b2c3d4e5f60718 --> aura_aws_us_east_1_endpoint");
    expect(mermaid).toContain("aura_aws_us_east_1_endpoint --> aura_orch_0000");
    expect(mermaid).toContain("aura_aws_us_east_1_zone_dns_zone_orch_0000 -->|resolves to| aura_aws_us_east_1_endpoint");
    expect(mermaid).toContain("aura_aws_us_east_1_key_cmk_key -.->|encrypts| aura_orch_0000");
    expect(mermaid).not.toMatch(/\$\{/); // references to other resources are resolved to names
    expect(mermaid).not.toMatch(/^\s*class /m); // nothing is marked changed without a plan
    // Without a file option the Mermaid goes to stdout, identical to the file.
    expect((await runAuraSecure(["diagram", "--out", synth.outdir])).stdout).toBe(mermaid);
  });

  test("creating every example stack (values as synthesized, all clouds) raises no high or medium finding", () => {
    const inst = instancesFromCdktfOut(synth.outdir);
    const plans: StackPlan[] = [...new Set(inst.map((i) => i.stack))].map((stack) => ({
      stack,
      file: stack,
      changes: inst.filter((i) => i.stack === stack).map((i) => ({ stack, address: i.address, type: i.type, name: i.address, kind: "create", actions: ["create"], before: null, after: i.values, afterUnknown: {}, replacePaths: [] })),
    }));
    expect(plans.map((p) => p.stack)).toEqual(["aura-aws-eu-west-1", "aura-aws-us-east-1", "aura-azure-eastus", "aura-gcp-europe-west1", "aura-neo4j-access-dbms-a"]);
    expect(reviewPlans(plans).findings.map((f) => `${f.severity} ${f.ruleId} ${f.stack}`)).toEqual(["low AURA-ACC-3 aura-neo4j-access-dbms-a"]);
  });

  test("a folder that is not a synth output is a clear error", async () => {
    const r = await runAuraSecure(["diagram", "--out", path.join(synth.outdir, "nope")]);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/--out \S+nope does not exist; expected the synth output folder .*run `npm run synth`/);
  });
});

describe("graph rendering", () => {
  const inst = (address: string, type: string, values: Record<string, unknown>, status: Instance["status"] = "unchanged"): Instance => ({ stack: "s", address, type, values, status });

  test("changed parts are marked by class and by word; a shared VPC is one node", () => {
    const g = buildGraph([
      inst("aws_vpc_endpoint.e", "aws_vpc_endpoint", { vpc_id: "vpc-1", service_name: "svc" }, "replaced"),
      inst("aws_route53_zone.z", "aws_route53_zone", { name: "production-orch-0000.neo4j.io", vpc: [{ vpc_id: "vpc-1" }] }),
      inst('aws_route53_record.r["*"]', "aws_route53_record", { name: "*.production-orch-0000.neo4j.io" }, "changed"),
      inst("aws_kms_key.k", "aws_kms_key", { description: "d" }, "deleted"),
      { ...inst("aws_vpc_endpoint.e", "aws_vpc_endpoint", { vpc_id: "vpc-1", service_name: "svc2" }), stack: "t" },
    ]);
    const m = renderMermaid(g);
    expect(m).toContain('s_endpoint["VPC endpoint (PrivateLink) [replaced]<br/>svc"]');
    expect(m).toContain("class s_zone_z changed");
    expect(m).toContain("class s_endpoint replaced");
    expect(m).toContain("class s_key_k deleted");
    expect(m).toContain("*.production-orch-0000.neo4j.io (changed)");
    expect(m.match(/net_aws_vpc_1\[/g)).toHaveLength(1);
    expect(m).toContain("net_aws_vpc_1 --> t_endpoint");
    expect(renderDot(g)).toContain('style="filled,dashed"');
  });

  test("label text cannot break out of Mermaid or DOT quoting", () => {
    expect(mermaidText('a"b<c>')).toBe("a#quot;b#lt;c#gt;");
    const g = buildGraph(instancesFromCdktfJson("s", { resource: { aws_vpc_endpoint: { e: { vpc_id: "vpc-1", service_name: 'x"];evil' } } } }));
    expect(renderMermaid(g)).toContain("x#quot;];evil");
    expect(renderDot(g)).toContain('x\\"];evil');
  });
});
