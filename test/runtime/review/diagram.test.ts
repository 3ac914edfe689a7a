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
import { synthOutdir } from "../../support/synth-cache";

/** Parses XML and fails on any well-formedness error. */
function parseXml(text: string) {
  return new DOMParser({
    onError: (level, message) => {
      if (level !== "warning") throw new Error(message);
    },
  }).parseFromString(text, "image/svg+xml");
}

describe("aura-secure diagram from cdktf.out", () => {
  const synth = { outdir: "" };
  beforeAll(() => (synth.outdir = synthOutdir(exampleConfig)));
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

  test("creating every example stack (values as synthesized, all clouds) raises no finding but the first apply of the access runner (low)", () => {
    const inst = instancesFromCdktfOut(synth.outdir);
    // As terraform plans a first apply: values that reference other resources are known only after apply.
    const known = (v: unknown): unknown => (typeof v === "string" && v.includes("${") ? null : Array.isArray(v) ? v.map(known) : v && typeof v === "object" ? Object.fromEntries(Object.entries(v).map(([k, x]) => [k, known(x)])) : v);
    const unknown = (v: unknown): unknown => (typeof v === "string" && v.includes("${") ? true : Array.isArray(v) ? v.map(unknown) : v && typeof v === "object" ? Object.fromEntries(Object.entries(v).map(([k, x]) => [k, unknown(x)])) : false);
    // The plan's configuration section holds the provisioners (cdk.tf.json's `provisioner` blocks).
    const provisioners = (v: Record<string, unknown>) =>
      ((v.provisioner as Array<Record<string, { command?: string; when?: string }>> | undefined) ?? []).map((p) => {
        const [type, body] = Object.entries(p)[0]!;
        return { type, ...(body.command !== undefined ? { command: body.command } : {}), ...(body.when ? { when: body.when } : {}) };
      });
    // The configuration's `expressions.<arg>.references`, as terraform lists them for a plain traversal.
    const references = (v: Record<string, unknown>) =>
      Object.fromEntries(
        Object.entries(v).flatMap(([arg, x]) => {
          const refs = typeof x === "string" ? [...x.matchAll(/\$\{([a-z0-9_]+\.[A-Za-z0-9_-]+)((?:\.[A-Za-z0-9_]+)*)\}/g)].flatMap((m) => (m[2] ? [m[1]! + m[2], m[1]!] : [m[1]!])) : [];
          return refs.length ? [[arg, refs]] : [];
        }),
      );
    const plans: StackPlan[] = [...new Set(inst.map((i) => i.stack))].map((stack) => ({
      stack,
      file: stack,
      changes: inst.filter((i) => i.stack === stack).map((i) => ({ stack, address: i.address, type: i.type, name: i.address, kind: "create", actions: ["create"], before: null, after: known(i.values) as Record<string, unknown>, afterUnknown: unknown(i.values), replacePaths: [], provisioners: provisioners(i.values), configAddress: i.address, references: references(i.values) })),
      drift: [],
    }));
    expect(plans.map((p) => p.stack)).toEqual(["aura-aws-eu-west-1", "aura-aws-us-east-1", "aura-azure-eastus", "aura-gcp-europe-west1", "aura-neo4j-access-dbms-a"]);
    expect(reviewPlans(plans).findings.map((f) => `${f.severity} ${f.ruleId} ${f.stack} ${f.address}: ${f.detail}`)).toEqual(["low AURA-ACC-3 aura-neo4j-access-dbms-a terraform_data.neo4j_access_apply: new access runner"]);
  });

  test("additional and other-account VPCs that resolve the region's names through its zones are drawn (issue 22)", () => {
    const c = structuredClone(exampleConfig) as any;
    c.regions[0].network.additionalVpcs = [{ vpcId: "vpc-0b1c2d3e4f5a60719", region: "us-east-1" }];
    c.regions[0].network.otherAccountVpcs = [{ vpcId: "vpc-0c1d2e3f4a5b60720", region: "us-east-1", accountId: "444455556666", roleArn: "arn:aws:iam::444455556666:role/r53" }];
    c.regions[0].dns.checkVpcDnsSettings = false;
    const s = { outdir: synthOutdir(c) };
    try {
      const m = renderMermaid(buildGraph(instancesFromCdktfOut(s.outdir)));
      expect(m).toContain('net_aws_vpc_0b1c2d3e4f5a60719[("VPC vpc-0b1c2d3e4f5a60719")]');
      expect(m).toContain('net_aws_vpc_0c1d2e3f4a5b60720[("VPC vpc-0c1d2e3f4a5b60720<br/>account 444455556666")]');
      for (const net of ["net_aws_vpc_0b1c2d3e4f5a60719", "net_aws_vpc_0c1d2e3f4a5b60720"]) {
        expect(m).toContain(`${net} -.->|resolves via| aura_aws_us_east_1_zone_dns_zone_orch_0000`);
        expect(m).toContain(`${net} -.->|resolves via| aura_aws_us_east_1_zone_dns_zones_endpoint_names__orders_abcdef_123456__`);
      }
      // The endpoint's own VPC is drawn once, to the endpoint, not again to every zone.
      expect(m).not.toContain("net_aws_vpc_0a1b2c3d4e5f60718 -.->|resolves via|");
    } finally {
      fs.rmSync(s.outdir, { recursive: true, force: true });
    }
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
