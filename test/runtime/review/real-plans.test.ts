import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { exampleConfig } from "../../../config/example";
import { loadPlans } from "../../../runtime/review/plan-format";
import { reviewPlans } from "../../../runtime/review/review";
import { buildGraph } from "../../../runtime/review/graph";
import { instancesFromPlans } from "../../../runtime/review/instances";
import { renderMarkdown } from "../../../runtime/review/markdown";
import { expectGolden } from "../../support/golden";
import { priorStateFromPlan, writePriorState } from "../../support/plan-state";
import { runAuraSecure } from "../../support/run-cli";
import { clone, synthConfig, type SynthResult } from "../../support/synth";
import { describeWithTerraform, keepLocalStateIn, stageStack, terraform, withOfflineAwsProviders, type TerraformRun } from "../../support/terraform";

/**
 * Real plans, planned offline by terraform (DESIGN.md section 3), shared by every assertion below because each
 * plan of the AWS stack costs tens of seconds here:
 * - empty: the example's aura-aws-us-east-1 against an empty state (creates only);
 * - changed: the same stack against a state holding those resources (written by the test), with the endpoint
 *   service name changed (replace), the customer managed key removed (delete) and the client CIDR widened;
 * - access: the Neo4j access stack planned after a real `terraform apply` (terraform_data runs offline; the
 *   runner's command is `true`, so no database is needed), with a role widened and a grant moved.
 */
const AWS = "aura-aws-us-east-1";
const ACCESS = "aura-neo4j-access-dbms-a";
const GOLDEN = path.join(__dirname, "golden", "review.md");

describeWithTerraform("aura-secure review of real terraform plans", () => {
  const work = fs.mkdtempSync(path.join(os.tmpdir(), "aura-review-"));
  const synths: SynthResult[] = [];
  const dirs = { empty: path.join(work, "empty"), changed: path.join(work, "changed") };
  const synth = (config: unknown) => {
    const s = synthConfig(config);
    synths.push(s);
    return s;
  };
  const plan = (run: TerraformRun, out: string) => {
    terraform(run, ["plan", "-input=false", "-lock=false", "-refresh=false", "-out=plan.bin"]);
    fs.mkdirSync(path.dirname(out), { recursive: true });
    fs.writeFileSync(out, terraform(run, ["show", "-json", "plan.bin"]));
  };
  /** Puts another synth's cdk.tf.json into a staged stack folder, keeping its state. */
  const restage = (s: SynthResult, stack: string, run: TerraformRun) => {
    fs.copyFileSync(path.join(s.stackDir(stack), "cdk.tf.json"), path.join(run.dir, "cdk.tf.json"));
    keepLocalStateIn(run.dir);
    withOfflineAwsProviders(run.dir);
  };

  beforeAll(() => {
    const base = clone(exampleConfig) as any;
    base.neo4jAccess.runner = { type: "local-exec", cliCommand: "true" };
    const s1 = synth(base);

    // AWS: empty state, then a state holding what that plan creates, then the changed config.
    const aws = stageStack(s1.stackDir(AWS), path.join(work, "tf"));
    withOfflineAwsProviders(aws.dir);
    terraform(aws, ["init", "-input=false"]);
    plan(aws, path.join(dirs.empty, `${AWS}.json`));
    writePriorState(aws.dir, priorStateFromPlan(JSON.parse(fs.readFileSync(path.join(dirs.empty, `${AWS}.json`), "utf8")), s1.json(AWS), "us-east-1"));
    const changed = clone(base);
    changed.regions[0].endpointServiceName = "com.amazonaws.vpce.us-east-1.vpce-svc-0a1b2c3d4e5f60799";
    delete changed.regions[0].customerManagedKey;
    changed.regions[0].network.allowedCidrs[0].cidr = "10.0.0.0/8";
    changed.neo4jAccess.roles[0].privileges.push({ privilege: "MATCH", graph: "*" });
    changed.neo4jAccess.users = [
      { name: "carol", roles: [], homeDatabase: "orders-aura" },
      { name: "dave", roles: ["orders_readers"] },
    ];
    const s2 = synth(changed);
    restage(s2, AWS, aws);
    plan(aws, path.join(dirs.changed, AWS, "plan.json"));

    // Access: a real apply of the example state, then the plan of the changed one.
    const access = stageStack(s1.stackDir(ACCESS), path.join(work, "tf"));
    terraform(access, ["init", "-input=false"]);
    terraform(access, ["apply", "-input=false", "-lock=false", "-auto-approve"]);
    restage(s2, ACCESS, access);
    plan(access, path.join(dirs.changed, ACCESS, "plan.json"));
  }, 600_000);

  afterAll(() => {
    fs.rmSync(work, { recursive: true, force: true });
    for (const s of synths) fs.rmSync(s.outdir, { recursive: true, force: true });
  });

  test("the empty-state plan creates everything and is harmless: no findings, exit 0 with --fail-on high", async () => {
    const [p] = loadPlans([dirs.empty]);
    expect(p!.changes.length).toBeGreaterThan(10);
    expect([...new Set(p!.changes.map((c) => c.kind))]).toEqual(["create"]);
    expect(reviewPlans([p!]).findings).toEqual([]);
    const r = await runAuraSecure(["review", dirs.empty, "--fail-on", "high"]);
    expect(r).toMatchObject({ code: 0, stderr: "" });
    expect(r.stdout).toContain("No findings in 1 stack(s).");
    expect(r.stdout).toContain(`- \`${AWS}\`: 22 to add, 0 to change, 0 to replace, 0 to destroy`);
  });

  test("terraform really plans a replace, deletes and updates against the written state", () => {
    const p = loadPlans([path.join(dirs.changed, AWS, "plan.json")])[0]!;
    const kind = (address: string) => p.changes.find((c) => c.address === address)?.kind;
    expect(kind("aws_vpc_endpoint.privatelink_endpoint")).toBe("replace");
    expect(p.changes.find((c) => c.address === "aws_vpc_endpoint.privatelink_endpoint")?.replacePaths).toEqual([["service_name"]]);
    expect(kind("aws_kms_key.cmk_key")).toBe("delete");
    expect(kind('aws_route53_record.dns_records_orch-0000["*"]')).toBe("update");
    expect(kind("aws_route53_zone.dns_zone_orch-0000")).toBe("no-op");
    expect(kind("aws_security_group.privatelink_security_group")).toBe("no-op");
  });

  test("replacing the endpoint and deleting the key are high findings that explain the Aura consequence; --fail-on high exits 2", async () => {
    const r = await runAuraSecure(["review", dirs.changed, "--fail-on", "high", "--format", "json"]);
    expect(r.code).toBe(2);
    const out = JSON.parse(r.stdout);
    const high = out.findings.filter((f: any) => f.severity === "high");
    expect(high).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ ruleId: "AURA-NET-1", address: "aws_vpc_endpoint.privatelink_endpoint", action: "replace", detail: expect.stringContaining("service_name") }),
        expect.objectContaining({ ruleId: "AURA-KEY-1", address: "aws_kms_key.cmk_key", action: "delete" }),
        expect.objectContaining({ ruleId: "AURA-ACC-1", stack: ACCESS }),
      ]),
    );
    expect(high.find((f: any) => f.ruleId === "AURA-NET-1").meaning).toMatch(/accepted in the Aura console/);
    expect(high.find((f: any) => f.ruleId === "AURA-KEY-1").meaning).toMatch(/instances become unavailable/);
    const medium = out.findings.filter((f: any) => f.severity === "medium").map((f: any) => `${f.ruleId} ${f.detail}`);
    expect(medium).toContain("AURA-SG-2 10.0.0.0/8 on port 7687 (was 10.20.0.0/16)");
    expect(medium.filter((m: string) => m.startsWith("AURA-DNS-2"))).toHaveLength(6);
    // --fail-on medium also trips; without --fail-on the review itself succeeds.
    expect((await runAuraSecure(["review", dirs.changed, "--fail-on", "medium"])).code).toBe(2);
    expect((await runAuraSecure(["review", dirs.changed])).code).toBe(0);
  });

  test("the access change is read from the runner's input diff and shown as the Cypher it will run", () => {
    const plans = loadPlans([path.join(dirs.changed, ACCESS, "plan.json")]);
    expect(plans[0]!.changes.map((c) => [c.address, c.kind])).toEqual([
      ["terraform_data.neo4j_access_apply", "replace"],
      ["terraform_data.neo4j_access_remove_on_destroy", "update"],
    ]);
    const findings = reviewPlans(plans).findings;
    const widened = findings.find((f) => f.ruleId === "AURA-ACC-1")!;
    expect(widened.detail).toContain("role orders_readers: GRANT MATCH ON GRAPH * (every database)");
    expect(widened.detail).toContain("role orders_readers granted to user dave");
    expect(widened.cypher).toEqual(
      expect.arrayContaining(["REVOKE ROLE `orders_readers` FROM `carol`", "GRANT ROLE `orders_readers` TO `dave`", "GRANT MATCH {*} ON GRAPH * NODE * TO `orders_readers`"]),
    );
    expect(widened.cypher!.join("\n")).not.toMatch(/CREATE ALIAS/); // the alias is unchanged
    const removed = findings.find((f) => f.ruleId === "AURA-ACC-2")!;
    expect(removed.detail).toBe("role orders_readers revoked from user carol");
  });

  test("golden Markdown of one full review (AWS stack and access stack)", () => {
    const plans = loadPlans([dirs.changed]);
    const md = renderMarkdown(reviewPlans(plans), buildGraph(instancesFromPlans(plans)));
    expectGolden(GOLDEN, md, "UPDATE_GOLDEN");
  });
});
