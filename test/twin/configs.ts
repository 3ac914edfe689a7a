import { exampleConfig } from "../../config/example";
import type { AuraSecureConfigInput } from "../../config/schema";

/**
 * The configs the twin builds besides the example: two regions sharing a network, and several custom
 * endpoints per region on every cloud. Made-up ids, no data sources (the stacks plan offline).
 */

type Region = NonNullable<AuraSecureConfigInput["regions"]>[number];

const clone = <T>(v: T): T => JSON.parse(JSON.stringify(v)) as T;
const example = (cloud: string): Region => clone(exampleConfig.regions!.find((r) => r.cloud === cloud)!);

export const SHARED = {
  vpcA: "vpc-0aaa1111bbbb2222c",
  vpcB: "vpc-0ddd3333eeee4444f",
  appsA: "10.20.0.0/16",
  appsB: "10.40.0.0/16",
  orchA: "0010",
  orchB: "0011",
  endpointA: "east-aaaaaa-111111",
  endpointB: "west-bbbbbb-222222",
};

function sharedRegion(which: "A" | "B", records: "per-endpoint" | "wildcard"): Region {
  const a = which === "A";
  return {
    cloud: "aws",
    region: a ? "us-east-1" : "eu-west-1",
    product: "virtual-dedicated-cloud",
    accountId: "111122223333",
    orchestrations: [a ? SHARED.orchA : SHARED.orchB],
    endpointServiceName: a ? "com.amazonaws.vpce.us-east-1.vpce-svc-0aaaaaaaaaaaaaaa1" : "com.amazonaws.vpce.eu-west-1.vpce-svc-0bbbbbbbbbbbbbbb2",
    network: {
      vpcId: a ? SHARED.vpcA : SHARED.vpcB,
      subnets: a ? { "use1-az1": "subnet-0aaaaaaaaaaaaaa01", "use1-az2": "subnet-0aaaaaaaaaaaaaa02" } : { "euw1-az1": "subnet-0bbbbbbbbbbbbbb01", "euw1-az2": "subnet-0bbbbbbbbbbbbbb02" },
      // Each region's endpoint takes clients of both VPCs (peered); each region's zones serve both VPCs.
      allowedCidrs: [
        { cidr: SHARED.appsA, description: `application subnets of ${SHARED.vpcA}` },
        { cidr: SHARED.appsB, description: `application subnets of ${SHARED.vpcB}` },
      ],
      additionalVpcs: [a ? { vpcId: SHARED.vpcB, region: "eu-west-1" } : { vpcId: SHARED.vpcA, region: "us-east-1" }],
    },
    dns: { customEndpoints: [a ? SHARED.endpointA : SHARED.endpointB], customEndpointRecords: records, checkVpcDnsSettings: false },
  } as Region;
}

/** Two regions whose zones are associated with both VPCs (network.additionalVpcs): one shared network. */
export function sharedNetworkConfig(records: "per-endpoint" | "wildcard" = "per-endpoint", regions: Array<"A" | "B"> = ["A", "B"]): AuraSecureConfigInput {
  return { project: "acme-shared", backend: { type: "local" }, regions: regions.map((r) => sharedRegion(r, records)) } as AuraSecureConfigInput;
}

export const CUSTOM = {
  aws: ["orders-abcdef-123456", "payments-abcdef-234567", "search-abcdef-345678"],
  gcp: ["reports-abcdef-456789", "ledger-abcdef-567890"],
  azure: ["billing-abcdef-678901", "audit-abcdef-789012"],
};

/** Several custom endpoints per region with per-endpoint records, on AWS, GCP (managed zones) and Azure. */
export function customEndpointsConfig(): AuraSecureConfigInput {
  const aws = example("aws");
  aws.orchestrations = ["0000", "0004"];
  aws.dns = { customEndpoints: CUSTOM.aws, customEndpointRecords: "per-endpoint", checkVpcDnsSettings: false } as Region["dns"];
  delete (aws as { customerManagedKey?: unknown }).customerManagedKey;
  const gcp = example("gcp");
  gcp.dns = { gcpMode: "managed-zone", customEndpoints: CUSTOM.gcp } as Region["dns"];
  delete (gcp as { customerManagedKey?: unknown }).customerManagedKey;
  const azure = example("azure");
  azure.dns = { customEndpoints: CUSTOM.azure } as Region["dns"];
  delete (azure as { customerManagedKey?: unknown }).customerManagedKey;
  return { project: "acme-endpoints", backend: { type: "local" }, regions: [aws, gcp, azure] } as AuraSecureConfigInput;
}

/** The example with the us-east-1 records in one zone for all of endpoints.neo4j.io (customEndpointZones "domain"). */
export function wholeDomainZoneConfig(): AuraSecureConfigInput {
  const c = clone(exampleConfig);
  const east = c.regions!.find((r) => r.region === "us-east-1")!;
  (east.dns as { customEndpointZones?: string }).customEndpointZones = "domain";
  return c;
}

/** Outputs as another Aura project's stack would print them: a custom endpoint this deployment does not list. */
export function otherProjectOutputs(name: string): Record<string, Record<string, unknown>> {
  return {
    "another-aura-project": {
      aura_console: { product: "AuraDB Virtual Dedicated Cloud", connectivity_checks: [`nslookup ${name}.endpoints.neo4j.io`] },
      private_uri_patterns: [],
    },
  };
}
