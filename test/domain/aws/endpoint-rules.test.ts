import { assertPrivateLinkEndpointProps, endpointServiceRegionProblem, privateLinkEndpointProblems, type EndpointPropsInput } from "../../../domain/aws/endpoint-rules";
import { PropsError, type PropProblem } from "../../../domain/props";

/**
 * Every prop rule of PrivateLinkEndpoint (the same function the config schema uses), one table row per rule
 * and variant: valid ids at the length limits, near-misses (a valid id plus junk, a wrong prefix or case),
 * tokens left to the cloud, subnet shapes, descriptions at 255 and 256 characters, wide sources.
 */

const SERVICE = "com.amazonaws.vpce.us-east-1.vpce-svc-0123456789abcdef0";
const TOKEN = "${TfToken[TOKEN.12]}";
const VPC_HINT = 'must be a VPC id like "vpc-0123456789abcdef0"';
const SERVICE_HINT = 'must be the endpoint service name shown in the Aura console, like "com.amazonaws.vpce.us-east-1.vpce-svc-0123456789abcdef0"';
const SUBNET_HINT = 'must be a subnet id like "subnet-0123456789abcdef0"';
const SG_HINT = 'must be a security group id like "sg-0123456789abcdef0"';
const DESCRIPTION_HINT = "every rule needs a description that says who connects: 1-255 characters AWS accepts in rule descriptions (no quotes or <>)";
const TEMPLATE = 'must not contain "${" or "%{" (Terraform reads them as a template); remove them';
const FORMAT = 'must be an IPv4 CIDR block like "10.0.0.0/16" (four numbers 0-255 without leading zeros, then /0-32)';

const base = (over: Partial<EndpointPropsInput> = {}): EndpointPropsInput => ({
  region: "us-east-1",
  vpcId: "vpc-0123456789abcdef0",
  endpointServiceName: SERVICE,
  subnetsByAzId: { "use1-az1": "subnet-0123456789abcdef0" },
  allowedCidrs: [{ cidr: "10.0.0.0/16", description: "apps" }],
  allowedSecurityGroups: [],
  ...over,
});

describe("privateLinkEndpointProblems: valid props", () => {
  test.each<[string, Partial<EndpointPropsInput>]>([
    ["the base props", {}],
    ["a VPC id of 8 hex digits (the old form)", { vpcId: "vpc-01234567" }],
    ["a VPC id of 17 hex digits", { vpcId: "vpc-0123456789abcdef0" }],
    ["a VPC id that is a token (known at apply)", { vpcId: TOKEN }],
    ["a GovCloud service in its region", { region: "us-gov-west-1", endpointServiceName: "com.amazonaws.vpce.us-gov-west-1.vpce-svc-0123456789abcdef0", subnetsByAzId: { "usgw1-az1": "subnet-0123456789abcdef0" } }],
    ["a service name that is a token", { endpointServiceName: TOKEN }],
    ["a region number of two digits", { region: "ap-east-12", endpointServiceName: "com.amazonaws.vpce.ap-east-12.vpce-svc-0123456789abcdef0", subnetsByAzId: undefined, subnetIds: ["subnet-0123456789abcdef0"] }],
    ["subnet ids instead of AZ keys", { subnetsByAzId: undefined, subnetIds: ["subnet-01234567", "subnet-0123456789abcdef0"] }],
    ["subnet ids that are tokens", { subnetsByAzId: undefined, subnetIds: [TOKEN] }],
    ["two AZs, two subnets", { subnetsByAzId: { "use1-az1": "subnet-0123456789abcdef0", "use1-az2": "subnet-0123456789abcdef1" } }],
    ["security groups only", { allowedCidrs: [], allowedSecurityGroups: [{ id: "sg-0123456789abcdef0", description: "ci runners" }] }],
    ["a security group id of 8 hex digits", { allowedSecurityGroups: [{ id: "sg-01234567", description: "ci" }] }],
    ["a security group id that is a token", { allowedSecurityGroups: [{ id: TOKEN, description: "ci" }] }],
    ["no source at all, but any IPv4 source opted in", { allowedCidrs: [], allowAnyIpv4Source: true }],
    ["0.0.0.0/0 with the opt-in", { allowedCidrs: [{ cidr: "0.0.0.0/0", description: "everyone" }], allowAnyIpv4Source: true }],
    ["a /8 of public space (not wider than one /8)", { allowedCidrs: [{ cidr: "11.0.0.0/8", description: "a partner" }] }],
    ["a description of exactly 255 characters", { allowedCidrs: [{ cidr: "10.0.0.0/16", description: "a".repeat(255) }] }],
    ["a description of one character", { allowedCidrs: [{ cidr: "10.0.0.0/16", description: "a" }] }],
    ["a description with every punctuation AWS accepts", { allowedCidrs: [{ cidr: "10.0.0.0/16", description: "a ._:/()#,@+=&;{}!$*-z" }] }],
    ["a lone $ without a brace", { allowedCidrs: [{ cidr: "10.0.0.0/16", description: "costs $5" }] }],
    ["valid tags", { tags: { team: "graph", "cost:center": "42" } }],
  ])("%s: no problem", (_name, over) => {
    expect(privateLinkEndpointProblems(base(over))).toEqual([]);
  });
});

describe("privateLinkEndpointProblems: one problem per mistake", () => {
  test.each<[string, Partial<EndpointPropsInput>, PropProblem[]]>([
    ["a VPC id of 7 hex digits", { vpcId: "vpc-0123456" }, [{ prop: "vpcId", value: "vpc-0123456", problem: VPC_HINT }]],
    ["a VPC id of 18 hex digits", { vpcId: "vpc-0123456789abcdef01" }, [{ prop: "vpcId", value: "vpc-0123456789abcdef01", problem: VPC_HINT }]],
    ["a valid VPC id plus junk", { vpcId: "vpc-0123456789abcdef0 " }, [{ prop: "vpcId", value: "vpc-0123456789abcdef0 ", problem: VPC_HINT }]],
    ["junk before a valid VPC id", { vpcId: "xvpc-0123456789abcdef0" }, [{ prop: "vpcId", value: "xvpc-0123456789abcdef0", problem: VPC_HINT }]],
    ["upper-case hex in a VPC id", { vpcId: "vpc-0123456789ABCDEF0" }, [{ prop: "vpcId", value: "vpc-0123456789ABCDEF0", problem: VPC_HINT }]],
    ["a subnet id where the VPC id goes", { vpcId: "subnet-0123456789abcdef0" }, [{ prop: "vpcId", value: "subnet-0123456789abcdef0", problem: VPC_HINT }]],
    ["a VPC id that is not a string", { vpcId: 42 as unknown as string }, [{ prop: "vpcId", value: 42, problem: VPC_HINT }]],
    ["a service name of 16 hex digits", { endpointServiceName: "com.amazonaws.vpce.us-east-1.vpce-svc-0123456789abcdef" }, [{ prop: "endpointServiceName", value: "com.amazonaws.vpce.us-east-1.vpce-svc-0123456789abcdef", problem: SERVICE_HINT }]],
    ["a valid service name plus junk", { endpointServiceName: `${SERVICE}x` }, [{ prop: "endpointServiceName", value: `${SERVICE}x`, problem: SERVICE_HINT }]],
    ["junk before a valid service name", { endpointServiceName: `x${SERVICE}` }, [{ prop: "endpointServiceName", value: `x${SERVICE}`, problem: SERVICE_HINT }]],
    ["a service name without its region", { endpointServiceName: "com.amazonaws.vpce.vpce-svc-0123456789abcdef0" }, [{ prop: "endpointServiceName", value: "com.amazonaws.vpce.vpce-svc-0123456789abcdef0", problem: SERVICE_HINT }]],
    ["a VPC id in a list (its text would match)", { vpcId: ["vpc-0123456789abcdef0"] as unknown as string }, [{ prop: "vpcId", value: ["vpc-0123456789abcdef0"], problem: VPC_HINT }]],
    [
      "a service name of another region in a list: one problem, no region comparison",
      { endpointServiceName: ["com.amazonaws.vpce.eu-west-1.vpce-svc-0123456789abcdef0"] as unknown as string },
      [{ prop: "endpointServiceName", value: ["com.amazonaws.vpce.eu-west-1.vpce-svc-0123456789abcdef0"], problem: SERVICE_HINT }],
    ],
    ["a service name that is not a string", { endpointServiceName: 7 as unknown as string }, [{ prop: "endpointServiceName", value: 7, problem: SERVICE_HINT }]],
    [
      "a service of another region",
      { endpointServiceName: "com.amazonaws.vpce.eu-west-1.vpce-svc-0123456789abcdef0" },
      [{ prop: "endpointServiceName", value: "com.amazonaws.vpce.eu-west-1.vpce-svc-0123456789abcdef0", problem: "is an endpoint service of eu-west-1, but this endpoint is in us-east-1; use the service name the Aura console shows for us-east-1" }],
    ],
    [
      "no subnets at all",
      { subnetsByAzId: undefined },
      [{ prop: "subnetsByAzId", value: undefined, problem: 'give subnets keyed by AZ ID, e.g. { "use1-az1": "subnet-..." } (or subnetIds when AZ IDs are unknown)' }],
    ],
    [
      "empty subnets by AZ and empty subnet ids",
      { subnetsByAzId: {}, subnetIds: [] },
      [
        { prop: "subnetsByAzId", value: {}, problem: 'give subnets keyed by AZ ID, e.g. { "use1-az1": "subnet-..." } (or subnetIds when AZ IDs are unknown)' },
        { prop: "subnetIds", value: [], problem: "give either subnetsByAzId or subnetIds, not both" },
      ],
    ],
    [
      "both subnet forms",
      { subnetIds: ["subnet-0123456789abcdef1"] },
      [{ prop: "subnetIds", value: ["subnet-0123456789abcdef1"], problem: "give either subnetsByAzId or subnetIds, not both" }],
    ],
    [
      "an AZ name as a key",
      { subnetsByAzId: { "us-east-1a": "subnet-0123456789abcdef0" } },
      [{ prop: 'subnetsByAzId["us-east-1a"]', value: "subnet-0123456789abcdef0", problem: 'keys must be AZ IDs like "use1-az1" (AZ names such as us-east-1a differ per account); got key "us-east-1a"' }, { prop: 'subnetsByAzId["us-east-1a"]', value: "subnet-0123456789abcdef0", problem: 'AZ ID us-east-1a is not in us-east-1 (AZ IDs there start with "use1-")' }],
    ],
    [
      "a bad subnet id under an AZ",
      { subnetsByAzId: { "use1-az1": "subnet-0123456789abcdef0x" } },
      [{ prop: 'subnetsByAzId["use1-az1"]', value: "subnet-0123456789abcdef0x", problem: SUBNET_HINT }],
    ],
    [
      "an AZ of another region",
      { subnetsByAzId: { "euw1-az1": "subnet-0123456789abcdef0" } },
      [{ prop: 'subnetsByAzId["euw1-az1"]', value: "subnet-0123456789abcdef0", problem: 'AZ ID euw1-az1 is not in us-east-1 (AZ IDs there start with "use1-")' }],
    ],
    [
      "the AZ Aura does not serve",
      { subnetsByAzId: { "use1-az3": "subnet-0123456789abcdef0" } },
      [{ prop: 'subnetsByAzId["use1-az3"]', value: "subnet-0123456789abcdef0", problem: "AZ ID use1-az3 in us-east-1 is not supported by Aura for private endpoints; pick a subnet in another availability zone" }],
    ],
    [
      "one subnet under two AZs",
      { subnetsByAzId: { "use1-az1": "subnet-0123456789abcdef0", "use1-az2": "subnet-0123456789abcdef0" } },
      [{ prop: 'subnetsByAzId["use1-az2"]', value: "subnet-0123456789abcdef0", problem: "subnet subnet-0123456789abcdef0 is also given for use1-az1; a subnet lives in exactly one AZ" }],
    ],
    [
      "junk before a valid subnet id",
      { subnetsByAzId: { "use1-az1": "my-subnet-0123456789abcdef0" } },
      [{ prop: 'subnetsByAzId["use1-az1"]', value: "my-subnet-0123456789abcdef0", problem: SUBNET_HINT }],
    ],
    [
      "a bad entry among subnet ids",
      { subnetsByAzId: undefined, subnetIds: ["subnet-0123456789abcdef0", "subnet-012"] },
      [{ prop: "subnetIds[1]", value: "subnet-012", problem: SUBNET_HINT }],
    ],
    [
      "no client source and no opt-in",
      { allowedCidrs: [], allowedSecurityGroups: [] },
      [{ prop: "allowedCidrs", value: [], problem: "list the client CIDRs or security groups allowed to reach Aura; nothing could connect otherwise" }],
    ],
    [
      "no client source, opt-in false",
      { allowedCidrs: [], allowedSecurityGroups: [], allowAnyIpv4Source: false },
      [{ prop: "allowedCidrs", value: [], problem: "list the client CIDRs or security groups allowed to reach Aura; nothing could connect otherwise" }],
    ],
    ["a CIDR with a three-digit prefix", { allowedCidrs: [{ cidr: "10.0.0.0/160", description: "apps" }] }, [{ prop: "allowedCidrs[0].cidr", value: "10.0.0.0/160", problem: FORMAT }]],
    [
      "a CIDR with host bits, second entry",
      { allowedCidrs: [{ cidr: "10.0.0.0/16", description: "apps" }, { cidr: "10.1.0.1/16", description: "ci" }] },
      [{ prop: "allowedCidrs[1].cidr", value: "10.1.0.1/16", problem: "has host bits set: the network address of a /16 is 10.1.0.0/16; write that (AWS refuses anything else)" }],
    ],
    ["an empty description", { allowedCidrs: [{ cidr: "10.0.0.0/16", description: "" }] }, [{ prop: "allowedCidrs[0].description", value: "", problem: DESCRIPTION_HINT }]],
    ["a description of 256 characters", { allowedCidrs: [{ cidr: "10.0.0.0/16", description: "a".repeat(256) }] }, [{ prop: "allowedCidrs[0].description", value: "a".repeat(256), problem: DESCRIPTION_HINT }]],
    ["a description with a double quote", { allowedCidrs: [{ cidr: "10.0.0.0/16", description: 'the "apps"' }] }, [{ prop: "allowedCidrs[0].description", value: 'the "apps"', problem: DESCRIPTION_HINT }]],
    ["a description with <", { allowedCidrs: [{ cidr: "10.0.0.0/16", description: "apps <prod>" }] }, [{ prop: "allowedCidrs[0].description", value: "apps <prod>", problem: DESCRIPTION_HINT }]],
    ["a description ending in a newline", { allowedCidrs: [{ cidr: "10.0.0.0/16", description: "apps\n" }] }, [{ prop: "allowedCidrs[0].description", value: "apps\n", problem: DESCRIPTION_HINT }]],
    ["a description that is not a string", { allowedCidrs: [{ cidr: "10.0.0.0/16", description: 5 as unknown as string }] }, [{ prop: "allowedCidrs[0].description", value: 5, problem: DESCRIPTION_HINT }]],
    ["a description with a Terraform template", { allowedCidrs: [{ cidr: "10.0.0.0/16", description: "apps ${var.x}" }] }, [{ prop: "allowedCidrs[0].description", value: "apps ${var.x}", problem: TEMPLATE }]],
    ["a description with % (not a character AWS accepts there)", { allowedCidrs: [{ cidr: "10.0.0.0/16", description: "apps %{if}" }] }, [{ prop: "allowedCidrs[0].description", value: "apps %{if}", problem: DESCRIPTION_HINT }]],
    [
      "a security group id of 7 hex digits",
      { allowedSecurityGroups: [{ id: "sg-0123456", description: "ci" }] },
      [{ prop: "allowedSecurityGroups[0].id", value: "sg-0123456", problem: SG_HINT }],
    ],
    [
      "a valid security group id plus junk",
      { allowedSecurityGroups: [{ id: "sg-0123456789abcdef0-x", description: "ci" }] },
      [{ prop: "allowedSecurityGroups[0].id", value: "sg-0123456789abcdef0-x", problem: SG_HINT }],
    ],
    [
      "junk before a valid security group id",
      { allowedSecurityGroups: [{ id: "my-sg-0123456789abcdef0", description: "ci" }] },
      [{ prop: "allowedSecurityGroups[0].id", value: "my-sg-0123456789abcdef0", problem: SG_HINT }],
    ],
    [
      "a security group name instead of its id",
      { allowedSecurityGroups: [{ id: "default", description: "ci" }] },
      [{ prop: "allowedSecurityGroups[0].id", value: "default", problem: SG_HINT }],
    ],
    [
      "a security group without a description",
      { allowedSecurityGroups: [{ id: "sg-0123456789abcdef0", description: "" }] },
      [{ prop: "allowedSecurityGroups[0].description", value: "", problem: DESCRIPTION_HINT }],
    ],
    [
      "a security group description with a template",
      { allowedSecurityGroups: [{ id: "sg-0123456789abcdef0", description: "${x}" }] },
      [{ prop: "allowedSecurityGroups[0].description", value: "${x}", problem: TEMPLATE }],
    ],
    ["a reserved tag key", { tags: { "aws:team": "graph" } }, [{ prop: 'tags["aws:team"]', value: "graph", problem: 'tag keys must not start with "aws:": AWS reserves that prefix' }]],
  ])("%s", (_name, over, expected) => {
    expect(privateLinkEndpointProblems(base(over))).toEqual(expected);
  });
});

describe("privateLinkEndpointProblems: sources too wide", () => {
  test("0.0.0.0/0 without the opt-in is named at its entry", () => {
    const problems = privateLinkEndpointProblems(base({ allowedCidrs: [{ cidr: "10.0.0.0/16", description: "apps" }, { cidr: "0.0.0.0/0", description: "all" }] }));
    expect(problems.map((p) => [p.prop, p.value])).toEqual([["allowedCidrs[1].cidr", "0.0.0.0/0"]]);
    expect(problems[0]!.problem).toMatch(
      /^0\.0\.0\.0\/0 together cover the whole internet \([\d,]+ public IPv4 addresses\): the endpoint would accept connections from all of them; list your client networks, or set allowAnyIpv4Source: true if you really mean it$/,
    );
  });

  test("two public /8s, each fine alone, are too wide together: named on the list", () => {
    const problems = privateLinkEndpointProblems(base({ allowedCidrs: [{ cidr: "11.0.0.0/8", description: "partner a" }, { cidr: "12.0.0.0/8", description: "partner b" }] }));
    expect(problems.map((p) => [p.prop, p.value])).toEqual([["allowedCidrs", ["11.0.0.0/8", "12.0.0.0/8"]]]);
    expect(problems[0]!.problem).toBe(
      "11.0.0.0/8, 12.0.0.0/8 together cover 33,554,432 public IPv4 addresses, more than one /8 (IPv4) or /32 (IPv6): the endpoint would accept connections from all of them; list your client networks, or set allowAnyIpv4Source: true if you really mean it",
    );
  });

  test("the opt-in false is no opt-in", () => {
    expect(privateLinkEndpointProblems(base({ allowedCidrs: [{ cidr: "0.0.0.0/0", description: "all" }], allowAnyIpv4Source: false })).map((p) => p.prop)).toEqual(["allowedCidrs[0].cidr"]);
  });

  test("an invalid CIDR is reported once, by the CIDR rule, not judged for its span", () => {
    expect(privateLinkEndpointProblems(base({ allowedCidrs: [{ cidr: "10.0.0.0/0", description: "all" }] }))).toEqual([
      { prop: "allowedCidrs[0].cidr", value: "10.0.0.0/0", problem: "is every IPv4 address (a /0 is 0.0.0.0/0 whatever the address); list your client CIDRs" },
    ]);
  });
});

describe("assertPrivateLinkEndpointProps", () => {
  test("valid props pass", () => {
    expect(() => assertPrivateLinkEndpointProps("app/aura", base())).not.toThrow();
  });

  test("problems throw one PropsError naming the construct, its path, each prop, value and rule", () => {
    const thrown = (() => {
      try {
        assertPrivateLinkEndpointProps("app/aura/endpoint", base({ vpcId: "vpc-1", allowedSecurityGroups: [{ id: "sg-1", description: "ci" }] }));
      } catch (e) {
        return e;
      }
      return undefined;
    })();
    expect(thrown).toBeInstanceOf(PropsError);
    expect((thrown as PropsError).message).toBe(
      "PrivateLinkEndpoint at app/aura/endpoint: invalid props:\n" +
        `  - vpcId: got "vpc-1"; ${VPC_HINT}\n` +
        `  - allowedSecurityGroups[0].id: got "sg-1"; ${SG_HINT}`,
    );
  });
});

describe("endpointServiceRegionProblem", () => {
  test.each<[string, string, string | null]>([
    [SERVICE, "us-east-1", null],
    [SERVICE, "us-east-2", "is an endpoint service of us-east-1, but this endpoint is in us-east-2; use the service name the Aura console shows for us-east-2"],
    ["com.amazonaws.vpce.us-gov-east-1.vpce-svc-0123456789abcdef0", "us-gov-west-1", "is an endpoint service of us-gov-east-1, but this endpoint is in us-gov-west-1; use the service name the Aura console shows for us-gov-west-1"],
    ["not a service name", "us-east-1", null],
  ])("%s in %s", (service, region, expected) => {
    expect(endpointServiceRegionProblem(service, region)).toBe(expected);
  });
});
