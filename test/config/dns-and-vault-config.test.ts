import { exampleConfig } from "../../config/example";
import { parseConfig } from "../../config/load";
import { configProblems } from "../support/config-errors";
import { clone } from "../support/synth";

/** The DNS layout, VPC check, other-account VPC and Azure vault fields: defaults and each rejection. */

const AZ = 3; // the example's Azure region
const withChange = (change: (c: any) => void): any => {
  const c = clone(exampleConfig) as any;
  change(c);
  return c;
};

describe("config: DNS layout and checks", () => {
  test("defaults: per-name zones and the VPC check on", () => {
    const c = withChange((c) => {
      c.regions[0].dns = { customEndpoints: ["x-abcdef-123456"] };
    });
    const dns = parseConfig(c).regions[0]!.dns as { customEndpointZones: string; checkVpcDnsSettings: boolean };
    expect(dns.customEndpointZones).toBe("per-name");
    expect(dns.checkVpcDnsSettings).toBe(true);
  });

  test.each<[string, (c: any) => void, string]>([
    ["an unknown zone layout", (c) => (c.regions[0].dns.customEndpointZones = "zone"), 'regions[0].dns.customEndpointZones: got "zone"; must be "per-name" (a private zone per record name, hides nothing else) or "domain"'],
    ["a check that is not a boolean", (c) => (c.regions[0].dns.checkVpcDnsSettings = "yes"), 'regions[0].dns.checkVpcDnsSettings: got "yes"; must be true or false'],
    [
      "an existing whole-domain zone without choosing the domain layout (Azure)",
      (c) => (c.regions[AZ].dns.existingZones = { "endpoints.neo4j.io": `/subscriptions/${c.regions[AZ].subscriptionId}/resourceGroups/rg-dns/providers/Microsoft.Network/privateDnsZones/endpoints.neo4j.io` }),
      `regions[${AZ}].dns.existingZones["endpoints.neo4j.io"]: got "/subscriptions/`,
    ],
    [
      "another account's VPC in the region's own account",
      (c) => (c.regions[0].network.otherAccountVpcs = [{ vpcId: "vpc-0c1b2c3d4e5f60718", region: "eu-west-1", accountId: "111122223333", roleArn: "arn:aws:iam::111122223333:role/assoc" }]),
      'regions[0].network.otherAccountVpcs[0].accountId: got "111122223333"; is this region\'s own account (accountId); list VPCs of 111122223333 in network.additionalVpcs',
    ],
    [
      "a role of another account than the VPC's",
      (c) => (c.regions[0].network.otherAccountVpcs = [{ vpcId: "vpc-0c1b2c3d4e5f60718", region: "eu-west-1", accountId: "444455556666", roleArn: "arn:aws:iam::777788889999:role/assoc" }]),
      "regions[0].network.otherAccountVpcs[0].roleArn: got \"arn:aws:iam::777788889999:role/assoc\"; is a role of account 777788889999, but the VPC is in 444455556666",
    ],
    [
      "a role that is not an IAM role ARN",
      (c) => (c.regions[0].network.otherAccountVpcs = [{ vpcId: "vpc-0c1b2c3d4e5f60718", region: "eu-west-1", accountId: "444455556666", roleArn: "assoc" }]),
      'regions[0].network.otherAccountVpcs[0].roleArn: got "assoc"; must be the ARN of a role in the VPC\'s account',
    ],
    [
      "the endpoint's own VPC listed again",
      (c) => (c.regions[0].network.otherAccountVpcs = [{ vpcId: c.regions[0].network.vpcId, region: "us-east-1", accountId: "444455556666", roleArn: "arn:aws:iam::444455556666:role/assoc" }]),
      'regions[0].network.otherAccountVpcs[0].vpcId: got "vpc-0a1b2c3d4e5f60718"; is listed already',
    ],
  ])("refuses %s, naming the path and what is allowed", (_name, change, message) => {
    expect(configProblems(withChange(change)).join("\n")).toContain(message);
  });

  test("an existing whole-domain zone is accepted with customEndpointZones: domain", () => {
    const c = withChange((c) => {
      c.regions[0].dns.existingZones = { "endpoints.neo4j.io": "Z0123456789ABCDEFGHIJ" };
      c.regions[0].dns.customEndpointZones = "domain";
    });
    expect(parseConfig(c).regions[0]!.dns.existingZones).toEqual({ "endpoints.neo4j.io": "Z0123456789ABCDEFGHIJ" });
  });
});

describe("config: Azure key vault network access and RBAC wait", () => {
  test("defaults: all networks, no rules, a 120 s wait", () => {
    const key = (parseConfig(exampleConfig).regions[AZ] as any).customerManagedKey;
    expect(key).toMatchObject({ publicNetworkAccess: "all", allowedIpRanges: [], allowedSubnetIds: [], rbacPropagationWaitSeconds: 120 });
  });

  test.each<[string, (k: any) => void, string]>([
    ["an unknown access mode", (k) => (k.publicNetworkAccess = "private"), `regions[${AZ}].customerManagedKey.publicNetworkAccess: got "private"; must be "all"`],
    ["selected without any rule", (k) => (k.publicNetworkAccess = "selected"), `regions[${AZ}].customerManagedKey.publicNetworkAccess: got "selected"; "selected" needs allowedIpRanges or allowedSubnetIds`],
    ["rules without selected", (k) => (k.allowedIpRanges = ["203.0.113.10"]), `regions[${AZ}].customerManagedKey.allowedIpRanges: got ["203.0.113.10"]; applies to publicNetworkAccess "selected" only (got "all")`],
    ["an IP range that is not IPv4", (k) => Object.assign(k, { publicNetworkAccess: "selected", allowedIpRanges: ["2001:db8::/32"] }), `regions[${AZ}].customerManagedKey.allowedIpRanges[0]: got "2001:db8::/32"; must be a public IPv4 address or CIDR`],
    ["an IP range with a leading zero", (k) => Object.assign(k, { publicNetworkAccess: "selected", allowedIpRanges: ["203.0.113.010"] }), `regions[${AZ}].customerManagedKey.allowedIpRanges[0]: got "203.0.113.010"; must be a public IPv4 address or CIDR like "203.0.113.10" or "203.0.113.0/24" (numbers 0-255 without leading zeros)`],
    ["a negative wait", (k) => (k.rbacPropagationWaitSeconds = -1), `regions[${AZ}].customerManagedKey.rbacPropagationWaitSeconds: got -1; must be a whole number of seconds, 0-1800`],
    ["a wait over 30 minutes", (k) => (k.rbacPropagationWaitSeconds = 3600), `regions[${AZ}].customerManagedKey.rbacPropagationWaitSeconds: got 3600; must be a whole number of seconds, 0-1800`],
  ])("refuses %s", (_name, change, message) => {
    expect(configProblems(withChange((c) => change(c.regions[AZ].customerManagedKey))).join("\n")).toContain(message);
  });

  test("selected with the runner's address is accepted", () => {
    const c = withChange((c) => Object.assign(c.regions[AZ].customerManagedKey, { publicNetworkAccess: "selected", allowedIpRanges: ["203.0.113.0/24"] }));
    expect((parseConfig(c).regions[AZ] as any).customerManagedKey.allowedIpRanges).toEqual(["203.0.113.0/24"]);
  });
});
