import * as fs from "node:fs";
import * as path from "node:path";
import { exampleConfig } from "../../config/example";
import { ConfigError } from "../../domain/errors";
import { localStatePath } from "../../stacks/backend";
import { clone, synthConfig } from "../support/synth";

function awsOnlyExample(): any {
  const c = clone(exampleConfig) as any;
  c.regions = c.regions.filter((r: any) => r.cloud === "aws");
  delete c.neo4jAccess;
  return c;
}

describe("composition of the AWS stacks", () => {
  test("one stack per cloud and region, named <prefix>-<cloud>-<region>", () => {
    const synth = synthConfig(awsOnlyExample());
    expect(synth.stacks.map((s) => s.name)).toEqual(["aura-aws-us-east-1", "aura-aws-eu-west-1"]);
    expect(fs.readdirSync(path.join(synth.outdir, "stacks")).sort()).toEqual(["aura-aws-eu-west-1", "aura-aws-us-east-1"]);
  });

  test("two synths of the same config are byte-identical", () => {
    const a = synthConfig(awsOnlyExample());
    const b = synthConfig(awsOnlyExample());
    for (const s of a.stacks) {
      expect(fs.readFileSync(path.join(b.stackDir(s.name), "cdk.tf.json"), "utf8")).toBe(fs.readFileSync(path.join(a.stackDir(s.name), "cdk.tf.json"), "utf8"));
    }
  });

  test("Terraform addresses are readable and come from config keys", () => {
    const json = synthConfig(awsOnlyExample()).json("aura-aws-us-east-1");
    expect(Object.keys(json.resource.aws_vpc_endpoint)).toEqual(["privatelink_endpoint"]);
    expect(Object.keys(json.resource.aws_route53_zone).sort()).toEqual(["dns_zone_orch-0000", "dns_zones_endpoint_names"]);
    expect(Object.keys(json.resource.aws_route53_record).sort()).toEqual(["dns_records_endpoint_names", "dns_records_orch-0000"]);
    expect(Object.keys(json.resource.aws_vpc_security_group_ingress_rule)).toContain("privatelink_ingress_bolt_10-20-0-0-16");
  });

  test("aura_console checks the custom endpoints' names too, not only the orchestrations", () => {
    const checks = synthConfig(awsOnlyExample()).json("aura-aws-us-east-1").output.aura_console.value.connectivity_checks;
    expect(checks).toEqual([
      "nslookup <dbid>.production-orch-0000.neo4j.io",
      "nc -vz <dbid>.production-orch-0000.neo4j.io 7687",
      "nc -vz <dbid>.production-orch-0000.neo4j.io 443",
      "nc -vz <dbid>.production-orch-0000.neo4j.io 7474",
      "curl https://<dbid>.production-orch-0000.neo4j.io",
      "nslookup orders-abcdef-123456.endpoints.neo4j.io",
      "nc -vz orders-abcdef-123456.endpoints.neo4j.io 7687",
      "curl https://orders-abcdef-123456.endpoints.neo4j.io",
    ]);
  });

  test("adding a custom endpoint adds records without renaming any existing resource", () => {
    const before = synthConfig(awsOnlyExample()).json("aura-aws-us-east-1");
    const changed = awsOnlyExample();
    changed.regions[0].dns.customEndpoints.push("billing-111111-222222");
    const after = synthConfig(changed).json("aura-aws-us-east-1");
    for (const [type, resources] of Object.entries(before.resource as Record<string, object>)) {
      for (const name of Object.keys(resources)) expect(after.resource[type]).toHaveProperty([name]);
    }
    const keys = (json: any) => Object.keys(json.resource.aws_route53_zone.dns_zones_endpoint_names.for_each);
    expect(keys(after)).toEqual(expect.arrayContaining(keys(before)));
    expect(keys(after).length).toBe(keys(before).length + 5);
  });

  test("every output has a description", () => {
    const json = synthConfig(awsOnlyExample()).json("aura-aws-us-east-1");
    const outputs = Object.entries(json.output as Record<string, { description?: string }>);
    expect(outputs.map(([name]) => name)).toEqual(
      expect.arrayContaining(["endpoint_id", "endpoint_dns_entries", "security_group_id", "zone_ids", "dns_records", "private_uri_patterns", "aura_console"]),
    );
    for (const [, o] of outputs) expect(o.description?.length ?? 0).toBeGreaterThan(20);
  });

  test("the provider is pinned to the region, tags default, and no credentials are in the JSON", () => {
    const json = synthConfig(awsOnlyExample()).json("aura-aws-eu-west-1");
    expect(json.provider.aws[0].region).toBe("eu-west-1");
    expect(json.provider.aws[0].default_tags[0].tags).toMatchObject({ project: "acme-graph", owner: "platform-team" });
    expect(JSON.stringify(json.provider)).not.toMatch(/access_key|secret_key/);
    expect(json.terraform.required_providers.aws.version).toBe("5.100.0");
  });

  test("local state by default, one file per stack in the folder synth ran from, outside cdktf.out", () => {
    const synth = synthConfig(awsOnlyExample());
    const local = synth.json("aura-aws-us-east-1").terraform.backend.local;
    expect(path.resolve(synth.stackDir("aura-aws-us-east-1"), local.path)).toBe(path.resolve("terraform.aura-aws-us-east-1.tfstate"));
  });

  test.each([
    ["cdktf.out", "aura-aws-us-east-1", ".", "/repo", "../../../terraform.aura-aws-us-east-1.tfstate"],
    ["cdktf.out", "s", "state", "/repo", "../../../state/terraform.s.tfstate"],
    ["build/tf", "s", "/var/lib/tf", "/repo", "../../../../../var/lib/tf/terraform.s.tfstate"],
  ])("localStatePath(%p, %p, %p, %p) = %p", (outdir, stack, stateDir, cwd, expected) => {
    expect(localStatePath(outdir, stack, stateDir, cwd)).toBe(expected);
  });

  test("S3 backend: key derived from the stack name, encrypted, with use_lockfile", () => {
    const c = awsOnlyExample();
    c.backend = { type: "s3", bucket: "acme-tf-state", region: "eu-west-1", keyPrefix: "aura/prod" };
    const backend = synthConfig(c).json("aura-aws-eu-west-1").terraform.backend;
    expect(backend).toEqual({ s3: { bucket: "acme-tf-state", key: "aura/prod/aura-aws-eu-west-1.tfstate", region: "eu-west-1", encrypt: true, use_lockfile: true } });
  });

  test("dns.strategy none creates no zone or record but still outputs the records to create", () => {
    const c = awsOnlyExample();
    c.regions[0].dns.strategy = "none";
    const json = synthConfig(c).json("aura-aws-us-east-1");
    expect(json.resource.aws_route53_zone).toBeUndefined();
    expect(json.resource.aws_route53_record).toBeUndefined();
    expect(json.output.dns_records.value).toContain("*.production-orch-0000.neo4j.io");
  });
});

describe("cross-region refusals at synth", () => {
  function sharedVpc(mode: "per-endpoint" | "wildcard"): any {
    const c = awsOnlyExample();
    // The eu-west-1 zones are also associated with the us-east-1 app VPC: endpoints of two regions in one VPC.
    c.regions[1].network.additionalVpcs = [{ vpcId: c.regions[0].network.vpcId, region: "us-east-1" }];
    c.regions[1].dns.customEndpointRecords = mode;
    c.regions[0].dns.existingZones = { "endpoints.neo4j.io": "Z0SHARED" };
    c.regions[1].dns.existingZones = { "endpoints.neo4j.io": "Z0SHARED" };
    c.regions[0].dns.customEndpointZones = "domain";
    c.regions[1].dns.customEndpointZones = "domain";
    return c;
  }

  test("the wildcard is refused when endpoints of two regions are linked to one VPC, naming both and why", () => {
    let error: unknown;
    try {
      synthConfig(sharedVpc("wildcard"));
    } catch (err) {
      error = err;
    }
    expect(error).toBeInstanceOf(ConfigError);
    const message = (error as ConfigError).message;
    expect(message).toContain('regions[1].dns.customEndpointRecords: got "wildcard"');
    expect(message).toContain("aws:vpc-0a1b2c3d4e5f60718 is linked to 2 regions (aura-aws-us-east-1, aura-aws-eu-west-1)");
    expect(message).toContain("breaks custom endpoints of the other regions");
  });

  test("the same setup with per-endpoint records synthesizes", () => {
    expect(synthConfig(sharedVpc("per-endpoint")).stacks).toHaveLength(2);
  });

  test("with the default per-name zones, the same shared VPC needs no shared zone: each endpoint's names are its own zones", () => {
    const c = sharedVpc("per-endpoint");
    for (const r of c.regions) {
      r.dns.existingZones = {};
      delete r.dns.customEndpointZones;
    }
    const synth = synthConfig(c);
    expect(Object.keys(synth.json("aura-aws-eu-west-1").resource.aws_route53_zone.dns_zones_endpoint_names.for_each)).toContain("analytics-fedcba-654321");
  });

  test("an existing zone for the whole domain needs customEndpointZones: \"domain\" said out loud", () => {
    const c = sharedVpc("per-endpoint");
    delete c.regions[0].dns.customEndpointZones;
    expect(() => synthConfig(c)).toThrow(/regions\[0\]\.dns\.existingZones\["endpoints\.neo4j\.io"\]: got "Z0SHARED"; puts the custom endpoint records into a zone for all of endpoints\.neo4j\.io, which hides every other custom endpoint/);
  });

  test("both regions creating endpoints.neo4j.io in one VPC is refused", () => {
    const c = sharedVpc("per-endpoint");
    c.regions[0].dns.existingZones = {};
    c.regions[1].dns.existingZones = {};
    expect(() => synthConfig(c)).toThrow(/regions\[0\] and regions\[1\] would each create a private zone endpoints\.neo4j\.io/);
  });
});
