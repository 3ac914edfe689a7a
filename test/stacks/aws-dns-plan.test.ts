import { execFile } from "node:child_process";
import * as fs from "node:fs";
import * as path from "node:path";
import { promisify } from "node:util";
import { exampleConfig } from "../../config/example";
import { startFakeEc2, type FakeVpc } from "../support/fake-ec2";
import { clone, synthConfig } from "../support/synth";
import { describeWithTerraform, stageStack, withOfflineAwsProviders, type PlanJson, type TerraformRun } from "../support/terraform";

/**
 * Real offline `terraform init/validate/plan` of the AWS DNS features the example leaves out: the VPC DNS
 * attribute postconditions (data "aws_vpc", read from a loopback fake of the EC2 API) and zones shared
 * with a VPC of another account through a second aws provider alias.
 */

const execFileAsync = promisify(execFile);
const STACK = "aura-aws-us-east-1";
const OWN_VPC = "vpc-0a1b2c3d4e5f60718";
const PEER_VPC = "vpc-0b1b2c3d4e5f60718"; // same account, us-west-2
const SPOKE_VPC = "vpc-0c1b2c3d4e5f60718"; // account 444455556666, eu-west-1
const SPOKE_ACCOUNT = "444455556666";

/** Async, so the fake EC2 server in this process can answer while terraform runs. */
async function tf(run: TerraformRun, args: string[]): Promise<{ status: number; output: string }> {
  try {
    const r = await execFileAsync("terraform", [...args, "-no-color"], { cwd: run.dir, env: run.env, maxBuffer: 256 * 1024 * 1024, timeout: 900_000 });
    return { status: 0, output: `${r.stdout}${r.stderr}` };
  } catch (err) {
    const e = err as { code?: number; stdout?: string; stderr?: string };
    return { status: typeof e.code === "number" ? e.code : 1, output: `${e.stdout ?? ""}${e.stderr ?? ""}` };
  }
}

function config(otherAccount: boolean): any {
  const c = clone(exampleConfig) as any;
  c.regions = [c.regions[0]];
  delete c.neo4jAccess;
  delete c.regions[0].customerManagedKey;
  c.regions[0].dns.checkVpcDnsSettings = true;
  c.regions[0].network.additionalVpcs = [{ vpcId: PEER_VPC, region: "us-west-2" }];
  if (otherAccount) {
    c.regions[0].network.otherAccountVpcs = [{ vpcId: SPOKE_VPC, region: "eu-west-1", accountId: SPOKE_ACCOUNT, roleArn: `arn:aws:iam::${SPOKE_ACCOUNT}:role/route53-association` }];
  }
  return c;
}

/**
 * Test-only provider settings on the staged copy: every aws provider (aliases included) reads EC2 from
 * the fake, and the spoke alias uses the fake credentials directly instead of assuming its role (STS is
 * not reachable offline). What the app synthesizes is checked separately, assume_role included.
 */
function pointProvidersAt(run: TerraformRun, ec2Url: string): void {
  withOfflineAwsProviders(run.dir);
  const file = path.join(run.dir, "cdk.tf.json");
  const json = JSON.parse(fs.readFileSync(file, "utf8"));
  for (const p of json.provider.aws as Array<Record<string, unknown>>) {
    p.endpoints = [{ ec2: ec2Url }];
    delete p.assume_role;
  }
  fs.writeFileSync(file, JSON.stringify(json, null, 2));
}

const ON: FakeVpc = { enableDnsSupport: true, enableDnsHostnames: true };

// Terraform runs are slow on a loaded machine: the AWS provider starts once per provider block (three
// here), which took 3 minutes per plan at load average 30 on 2 cores (seconds when idle). So: one init,
// one passing plan that covers both features, and one failing plan.
jest.setTimeout(1_800_000);

describeWithTerraform("terraform plan: VPC DNS settings checked at plan time, zones shared with another account", () => {
  const synth = synthConfig(config(true));
  const run = stageStack(synth.stackDir(STACK));
  let plan: PlanJson;
  let calls: string[] = [];
  beforeAll(async () => {
    const ec2 = await startFakeEc2({ [OWN_VPC]: ON, [PEER_VPC]: ON, [SPOKE_VPC]: ON });
    try {
      pointProvidersAt(run, ec2.url);
      for (const args of [["init", "-input=false"], ["validate"], ["plan", "-input=false", "-lock=false", "-refresh=false", "-out=plan.bin"]]) {
        const r = await tf(run, args);
        if (r.status !== 0) throw new Error(`terraform ${args.join(" ")} failed:\n${r.output}`);
      }
      plan = JSON.parse((await tf(run, ["show", "-json", "plan.bin"])).output) as PlanJson;
      calls = [...ec2.calls];
    } finally {
      await ec2.close();
    }
  });
  afterAll(() => {
    fs.rmSync(path.dirname(run.dir), { recursive: true, force: true });
    fs.rmSync(synth.outdir, { recursive: true, force: true });
  });

  test("synth: a data.aws_vpc per VPC the zones attach to, a postcondition per setting, read by the provider of the VPC's region and account", () => {
    const json = synth.json(STACK);
    expect(Object.keys(json.data.aws_vpc).sort()).toEqual([`vpc_dns_check_${OWN_VPC}`, `vpc_dns_check_${PEER_VPC}`, `vpc_dns_check_${SPOKE_VPC}`].sort());
    const peer = json.data.aws_vpc[`vpc_dns_check_${PEER_VPC}`];
    expect(peer.provider).toBe("aws.region_us-west-2");
    expect(json.data.aws_vpc[`vpc_dns_check_${OWN_VPC}`].provider).toBeUndefined();
    expect(peer.lifecycle.postcondition.map((p: any) => p.condition)).toEqual(["${self.enable_dns_support}", "${self.enable_dns_hostnames}"]);
    expect(peer.lifecycle.postcondition[0].error_message).toContain('has enableDnsSupport off, so it cannot resolve the Aura private zones: turn on "DNS resolution"');
    expect(json.provider.aws.find((p: any) => p.alias === "region_us-west-2").region).toBe("us-west-2");
  });

  test("synth: the spoke account's provider alias assumes its role; no credentials in the JSON", () => {
    const spoke = synth.json(STACK).provider.aws.find((p: any) => p.alias === `account_${SPOKE_ACCOUNT}_eu-west-1`);
    expect(spoke).toMatchObject({ region: "eu-west-1", assume_role: [{ role_arn: `arn:aws:iam::${SPOKE_ACCOUNT}:role/route53-association` }] });
    expect(JSON.stringify(synth.json(STACK).provider)).not.toMatch(/access_key|secret_key/);
  });

  test("with both settings on, the plan passes after reading every VPC's attributes through its provider", () => {
    for (const vpc of [OWN_VPC, PEER_VPC, SPOKE_VPC]) {
      expect(calls).toContain(`DescribeVpcAttribute ${vpc} enableDnsSupport`);
      expect(calls).toContain(`DescribeVpcAttribute ${vpc} enableDnsHostnames`);
    }
    expect((plan.resource_changes ?? []).map((z) => z.address)).toEqual(expect.arrayContaining(['aws_route53_zone.dns_zones_endpoint_names["orders-abcdef-123456"]']));
  });

  test("an authorization per zone in the zone's account, an association per zone with the spoke provider", () => {
    const changes = plan.resource_changes ?? [];
    const auth = changes.filter((r) => r.type === "aws_route53_vpc_association_authorization");
    const spokeAssoc = changes.filter((r) => r.address.startsWith(`aws_route53_zone_association.dns_associations_${SPOKE_ACCOUNT}[`));
    // One orchestration zone and five per-name zones of the custom endpoint.
    expect(auth).toHaveLength(6);
    expect(spokeAssoc).toHaveLength(6);
    for (const a of [...auth, ...spokeAssoc]) expect(a.change.after).toMatchObject({ vpc_id: SPOKE_VPC, vpc_region: "eu-west-1" });
    const config = plan.configuration as { root_module: { resources: Array<{ address: string; provider_config_key: string }> } };
    const providerOf = (address: string) => config.root_module.resources.find((r) => r.address === address)?.provider_config_key;
    expect(providerOf(`aws_route53_zone_association.dns_associations_${SPOKE_ACCOUNT}`)).toBe(`aws.account_${SPOKE_ACCOUNT}_eu-west-1`);
    expect(providerOf(`aws_route53_vpc_association_authorization.dns_authorizations_${SPOKE_ACCOUNT}`)).toBe("aws");
    expect(providerOf(`data.aws_vpc.vpc_dns_check_${SPOKE_VPC}`)).toBe(`aws.account_${SPOKE_ACCOUNT}_eu-west-1`);
  });

  test("the same-account peer VPC is associated by its own resource, and zones keep only the endpoint's VPC inline", () => {
    const changes = plan.resource_changes ?? [];
    expect(changes.filter((r) => r.address.startsWith("aws_route53_zone_association.dns_associations[")).map((r) => r.change.after.vpc_id)).toEqual(Array(6).fill(PEER_VPC));
    const zones = changes.filter((r) => r.type === "aws_route53_zone");
    expect([...new Set(zones.map((z) => JSON.stringify((z.change.after.vpc as Array<{ vpc_id: string }>).map((v) => v.vpc_id))))]).toEqual([JSON.stringify([OWN_VPC])]);
    expect([...new Set(changes.map((c) => c.change.actions.join()))]).toEqual(["create"]);
  });

  test("a VPC with DNS hostnames off stops the plan with a message naming the VPC, its config path and the setting", async () => {
    const ec2 = await startFakeEc2({ [OWN_VPC]: ON, [PEER_VPC]: ON, [SPOKE_VPC]: { enableDnsSupport: true, enableDnsHostnames: false } });
    try {
      pointProvidersAt(run, ec2.url);
      const failed = await tf(run, ["plan", "-input=false", "-lock=false", "-refresh=false"]);
      expect(failed.status).not.toBe(0);
      // Terraform wraps long messages: compare with whitespace collapsed.
      const output = failed.output.replace(/\s+/g, " ");
      expect(output).toContain(`VPC ${SPOKE_VPC} (eu-west-1, regions[0].network.otherAccountVpcs[0]) has enableDnsHostnames off, so Route53 private zones do not answer in it: turn on "DNS hostnames"`);
      expect(output).not.toContain(`VPC ${OWN_VPC} (`);
    } finally {
      await ec2.close();
    }
  });
});
