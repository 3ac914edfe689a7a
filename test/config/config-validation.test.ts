import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { exampleConfig } from "../../config/example";
import { loadConfigFile, parseConfig, resolveConfigFile } from "../../config/load";
import { configProblems } from "../support/config-errors";
import { clone } from "../support/synth";

/** A minimal valid config with one AWS region; each bad-input case breaks one thing. */
function base(): any {
  return {
    project: "acme",
    regions: [
      {
        cloud: "aws",
        region: "us-east-1",
        product: "virtual-dedicated-cloud",
        accountId: "111122223333",
        orchestrations: ["0000"],
        endpointServiceName: "com.amazonaws.vpce.us-east-1.vpce-svc-0123456789abcdef0",
        network: {
          vpcId: "vpc-0123456789abcdef0",
          subnets: { "use1-az1": "subnet-0123456789abcdef1", "use1-az2": "subnet-0123456789abcdef2" },
          allowedCidrs: [{ cidr: "10.0.0.0/16", description: "apps" }],
        },
      },
    ],
  };
}

function problemsOf(mutate: (c: any) => void): string[] {
  const c = base();
  mutate(c);
  return configProblems(c);
}

const r0 = "regions[0]";

// Each case: what to break, and fragments every message must contain (path, value, what is allowed).
const badInputs: Array<[string, (c: any) => void, string[]]> = [
  ["project with capitals", (c) => (c.project = "Acme"), ["project: got \"Acme\"", "lowercase"]],
  ["unknown top-level key", (c) => (c.regionz = []), ["regionz: unknown key; did you mean \"regions\"?"]],
  ["no regions", (c) => (c.regions = []), ["regions: got []", "at least one region"]],
  ["unknown cloud", (c) => (c.regions[0].cloud = "oci"), [`${r0}.cloud: got "oci"`]],
  ["region name", (c) => (c.regions[0].region = "us-east"), [`${r0}.region: got "us-east"`, 'like "us-east-1"']],
  ["product", (c) => (c.regions[0].product = "auradb-free"), [`${r0}.product: got "auradb-free"`, '"virtual-dedicated-cloud", "ds-enterprise"']],
  ["account id", (c) => (c.regions[0].accountId = "1234"), [`${r0}.accountId: got "1234"`, "12-digit"]],
  ["orch id", (c) => (c.regions[0].orchestrations = ["ORCH 1"]), [`${r0}.orchestrations[0]: got "ORCH 1"`, "production-orch-<orch>"]],
  ["no orchestrations", (c) => (c.regions[0].orchestrations = []), [`${r0}.orchestrations: got []`, "at least one"]],
  ["duplicate orch", (c) => (c.regions[0].orchestrations = ["0000", "0000"]), [`${r0}.orchestrations: got ["0000","0000"]`, "twice"]],
  ["service name format", (c) => (c.regions[0].endpointServiceName = "vpce-svc-123"), [`${r0}.endpointServiceName: got "vpce-svc-123"`, "com.amazonaws.vpce.us-east-1.vpce-svc-"]],
  [
    "service name of another region",
    (c) => (c.regions[0].endpointServiceName = "com.amazonaws.vpce.eu-west-1.vpce-svc-0123456789abcdef0"),
    [`${r0}.endpointServiceName: got "com.amazonaws.vpce.eu-west-1.vpce-svc-0123456789abcdef0"`, "service of eu-west-1", "for us-east-1"],
  ],
  ["vpc id", (c) => (c.regions[0].network.vpcId = "my-vpc"), [`${r0}.network.vpcId: got "my-vpc"`, "vpc-0123456789abcdef0"]],
  ["AZ name instead of AZ ID", (c) => (c.regions[0].network.subnets = { "us-east-1a": "subnet-0123456789abcdef1" }), [`${r0}.network.subnets["us-east-1a"]: got key "us-east-1a"`, "AZ IDs like \"use1-az1\""]],
  ["unsupported AZ use1-az3", (c) => (c.regions[0].network.subnets["use1-az3"] = "subnet-0123456789abcdef3"), [`${r0}.network.subnets["use1-az3"]: got "subnet-0123456789abcdef3"`, "use1-az3 in us-east-1 is not supported"]],
  ["AZ ID of another region", (c) => (c.regions[0].network.subnets = { "euw1-az1": "subnet-0123456789abcdef1" }), [`${r0}.network.subnets["euw1-az1"]`, 'start with "use1-"']],
  ["same subnet in two AZs", (c) => (c.regions[0].network.subnets["use1-az4"] = "subnet-0123456789abcdef1"), [`${r0}.network.subnets["use1-az4"]`, "also given for use1-az1"]],
  ["subnet id", (c) => (c.regions[0].network.subnets = { "use1-az1": "sub-1" }), [`${r0}.network.subnets["use1-az1"]: got "sub-1"`, "subnet-0123456789abcdef0"]],
  ["no subnets", (c) => delete c.regions[0].network.subnets, [`${r0}.network.subnets: is missing`, "keyed by AZ ID"]],
  ["subnets and subnetIds", (c) => (c.regions[0].network.subnetIds = ["subnet-0123456789abcdef1"]), [`${r0}.network.subnetIds`, "not both"]],
  ["no allowed sources", (c) => (c.regions[0].network.allowedCidrs = []), [`${r0}.network.allowedCidrs: got []`, "nothing could connect"]],
  ["bad CIDR", (c) => (c.regions[0].network.allowedCidrs[0].cidr = "10.0.0.300/16"), [`${r0}.network.allowedCidrs[0].cidr: got "10.0.0.300/16"`, "IPv4 CIDR"]],
  ["CIDR with host bits set", (c) => (c.regions[0].network.allowedCidrs[0].cidr = "10.20.0.1/16"), [`${r0}.network.allowedCidrs[0].cidr: got "10.20.0.1/16"`, "host bits set", "10.20.0.0/16"]],
  ["CIDR with a leading zero", (c) => (c.regions[0].network.allowedCidrs[0].cidr = "010.20.0.0/16"), [`${r0}.network.allowedCidrs[0].cidr: got "010.20.0.0/16"`, "without leading zeros"]],
  ["every address in disguise (10.0.0.0/0)", (c) => (c.regions[0].network.allowedCidrs[0].cidr = "10.0.0.0/0"), [`${r0}.network.allowedCidrs[0].cidr: got "10.0.0.0/0"`, "0.0.0.0/0"]],
  ["every address in disguise (0.0.0.0/00)", (c) => (c.regions[0].network.allowedCidrs[0].cidr = "0.0.0.0/00"), [`${r0}.network.allowedCidrs[0].cidr: got "0.0.0.0/00"`, "without leading zeros"]],
  ["CIDR listed twice", (c) => c.regions[0].network.allowedCidrs.push({ cidr: "10.0.0.0/16", description: "again" }), [`${r0}.network.allowedCidrs[1].cidr: got "10.0.0.0/16"`, "already listed at allowedCidrs[0]"]],
  [
    "security group listed twice",
    (c) => (c.regions[0].network.allowedSecurityGroups = [{ id: "sg-0123456789abcdef0", description: "a" }, { id: "sg-0123456789abcdef0", description: "b" }]),
    [`${r0}.network.allowedSecurityGroups[1].id: got "sg-0123456789abcdef0"`, "already listed at allowedSecurityGroups[0]"],
  ],
  ["0.0.0.0/0 without opt-in", (c) => (c.regions[0].network.allowedCidrs[0].cidr = "0.0.0.0/0"), [`${r0}.network.allowedCidrs[0].cidr: got "0.0.0.0/0"`, "allowAnyIpv4Source: true"]],
  ["rule without description", (c) => delete c.regions[0].network.allowedCidrs[0].description, [`${r0}.network.allowedCidrs[0].description: is missing`, "needs a description"]],
  ["a range wider than /8 without opt-in", (c) => (c.regions[0].network.allowedCidrs[0].cidr = "0.0.0.0/1"), [`${r0}.network.allowedCidrs[0].cidr: got "0.0.0.0/1"`, "2,092,957,696 public IPv4 addresses, more than one /8", "allowAnyIpv4Source: true"]],
  ["the whole internet in two halves without opt-in", (c) => (c.regions[0].network.allowedCidrs = [{ cidr: "0.0.0.0/1", description: "low half" }, { cidr: "128.0.0.0/1", description: "high half" }]), [`${r0}.network.allowedCidrs[0].cidr: got "0.0.0.0/1"`, `${r0}.network.allowedCidrs[1].cidr: got "128.0.0.0/1"`]],
  ["two public /8s, each fine alone, together wider than one /8", (c) => (c.regions[0].network.allowedCidrs = [{ cidr: "11.0.0.0/8", description: "a" }, { cidr: "12.0.0.0/8", description: "b" }]), [`${r0}.network.allowedCidrs: got ["11.0.0.0/8","12.0.0.0/8"]; 11.0.0.0/8, 12.0.0.0/8 together cover 33,554,432 public IPv4 addresses, more than one /8 (IPv4) or /32 (IPv6): the endpoint would accept connections from all of them; list your client networks, or set allowAnyIpv4Source: true if you really mean it`]],
  ["Terraform template in a rule description", (c) => (c.regions[0].network.allowedCidrs[0].description = "apps ${var.x}"), [`${r0}.network.allowedCidrs[0].description: got "apps \${var.x}"`, 'must not contain "${" or "%{"']],
  ["Terraform template in a tag value", (c) => (c.tags = { team: "%{ if x }" }), ['tags.team: got "%{ if x }"', "Terraform reads them as a template"]],
  ["opt-in set to false", (c) => (c.regions[0].network.allowAnyIpv4Source = false), [`${r0}.network.allowAnyIpv4Source: got false`, "set to true only"]],
  ["security group id", (c) => (c.regions[0].network.allowedSecurityGroups = [{ id: "default", description: "x" }]), [`${r0}.network.allowedSecurityGroups[0].id: got "default"`, "sg-"]],
  ["custom endpoint name", (c) => (c.regions[0].dns = { customEndpoints: ["My_Endpoint"] }), [`${r0}.dns.customEndpoints[0]`, "my_endpoint", "lowercase letters, digits and hyphens"]],
  ["custom endpoint mode", (c) => (c.regions[0].dns = { customEndpoints: ["a"], customEndpointRecords: "all" }), [`${r0}.dns.customEndpointRecords: got "all"`, '"per-endpoint"', '"wildcard"']],
  ["existing zone id not a Route53 id", (c) => (c.regions[0].dns = { existingZones: { "production-orch-0000.neo4j.io": "/hostedzone/abc" } }), [`${r0}.dns.existingZones["production-orch-0000.neo4j.io"]: got "/hostedzone/abc"`, "Route53 hosted zone id"]],
  ["existing zone for a foreign domain", (c) => (c.regions[0].dns = { existingZones: { "example.com": "Z1" } }), [`${r0}.dns.existingZones`, "Aura domain"]],
  [
    "existing zone for an orchestration the region does not list",
    (c) => (c.regions[0].dns = { existingZones: { "production-orch-0001.neo4j.io": "Z1" } }),
    [`${r0}.dns.existingZones["production-orch-0001.neo4j.io"]: got "Z1"`, "does not serve (its domains: production-orch-0000.neo4j.io)"],
  ],
  [
    "existing custom endpoint zone without custom endpoints",
    (c) => (c.regions[0].dns = { existingZones: { "endpoints.neo4j.io": "Z1" } }),
    [`${r0}.dns.existingZones["endpoints.neo4j.io"]: got "Z1"`, "which this region does not serve"],
  ],
  ["dns strategy", (c) => (c.regions[0].dns = { strategy: "public" }), [`${r0}.dns.strategy: got "public"`, '"private-zone"']],
  ["unknown network key", (c) => (c.regions[0].network.subnet = {}), [`${r0}.network.subnet: unknown key; did you mean "subnets"?`]],
  ["same region twice", (c) => c.regions.push(clone(c.regions[0])), ["regions[1].region: got \"us-east-1\"", "already configured at regions[0]"]],
  ["s3 backend without bucket", (c) => (c.backend = { type: "s3", region: "eu-west-1" }), ["backend.bucket: is missing; must be"]],
  ["local state inside cdktf.out", (c) => (c.backend = { type: "local", stateDir: "cdktf.out/state" }), ['backend.stateDir: got "cdktf.out/state"', "cdktf-cli deletes that folder"]],
  ["unknown backend", (c) => (c.backend = { type: "consul" }), ['backend.type: got "consul"', 'must have type "local", "s3", "gcs", "azurerm" or "cloud"']],
];

describe("config validation: every bad input names its path, the value and what is allowed", () => {
  test("the base config of this table is valid", () => {
    expect(() => parseConfig(base())).not.toThrow();
  });

  test.each(badInputs)("%s", (_name, mutate, fragments) => {
    const problems = problemsOf(mutate);
    const joined = problems.join("\n");
    for (const fragment of fragments) expect(joined).toContain(fragment);
  });

  test("all problems are reported at once, not just the first", () => {
    const problems = problemsOf((c) => {
      c.project = "X";
      c.regions[0].accountId = "1";
    });
    expect(problems).toHaveLength(2);
  });

  test("the embedded example is valid", () => {
    expect(() => parseConfig(exampleConfig)).not.toThrow();
  });

  test("defaults fill in what a minimal config leaves out", () => {
    const config = parseConfig(base());
    expect(config.stackPrefix).toBe("aura");
    expect(config.backend).toEqual({ type: "local", stateDir: "." });
    const r = config.regions[0]!;
    expect(r.dns).toEqual({ strategy: "private-zone", customEndpoints: [], customEndpointRecords: "per-endpoint", customEndpointZones: "per-name", existingZones: {}, sharedResolvers: [], checkVpcDnsSettings: true });
  });

  test("custom endpoints may be given as full hostnames", () => {
    const c = base();
    c.regions[0].dns = { customEndpoints: ["Orders-1.endpoints.neo4j.io"] };
    expect(parseConfig(c).regions[0]!.dns.customEndpoints).toEqual(["orders-1"]);
  });
});

describe("config files", () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "aura-config-"));

  test("YAML and JSON files load to the same config", () => {
    const yamlFile = path.join(dir, "aura.yaml");
    const jsonFile = path.join(dir, "aura.json");
    const { stringify } = require("yaml") as typeof import("yaml");
    fs.writeFileSync(yamlFile, stringify(base()));
    fs.writeFileSync(jsonFile, JSON.stringify(base()));
    expect(loadConfigFile(yamlFile)).toEqual(loadConfigFile(jsonFile));
  });

  test("a missing file is a clear error", () => {
    expect(() => loadConfigFile(path.join(dir, "nope.yaml"))).toThrow(/nope\.yaml: cannot read the config file \(ENOENT\)/);
  });

  test("broken JSON names the file", () => {
    const file = path.join(dir, "broken.json");
    fs.writeFileSync(file, "{ project: ");
    expect(() => loadConfigFile(file)).toThrow(/broken\.json: not valid JSON/);
  });

  test("problems in a file are reported with the file name", () => {
    const file = path.join(dir, "bad.yaml");
    fs.writeFileSync(file, "project: acme\nregions: []\n");
    expect(() => loadConfigFile(file)).toThrow(/Invalid .*bad\.yaml:\n  - regions: got \[\]/);
  });

  test.each([
    [undefined, {}, null],
    [undefined, { AURA_CONFIG: "env.yaml" }, "env.yaml"],
    ["cli.yaml", { AURA_CONFIG: "env.yaml" }, "cli.yaml"],
    [undefined, { AURA_CONFIG: "  " }, null],
  ])("config file from --config %p and env %p is %p", (option, env, expected) => {
    expect(resolveConfigFile(option, env)).toBe(expected);
  });
});
