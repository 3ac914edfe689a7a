import type { AuraSecureConfigInput } from "./schema";

/**
 * The embedded example: what `npm run synth` builds with no argument. Every id is made up, and it uses
 * no data source, so its stacks plan offline. Copy it to a YAML or JSON file as a starting point.
 */
export const exampleConfig: AuraSecureConfigInput = {
  project: "acme-graph",
  tags: { owner: "platform-team", "cost-center": "graph" },
  backend: { type: "local" },
  regions: [
    {
      cloud: "aws",
      region: "us-east-1",
      product: "virtual-dedicated-cloud",
      accountId: "111122223333",
      orchestrations: ["0000"],
      endpointServiceName: "com.amazonaws.vpce.us-east-1.vpce-svc-0a1b2c3d4e5f60718",
      network: {
        vpcId: "vpc-0a1b2c3d4e5f60718",
        // use1-az3 is left out on purpose: Aura does not serve it.
        subnets: {
          "use1-az1": "subnet-0a1b2c3d4e5f60711",
          "use1-az2": "subnet-0a1b2c3d4e5f60712",
          "use1-az4": "subnet-0a1b2c3d4e5f60714",
        },
        allowedCidrs: [{ cidr: "10.20.0.0/16", description: "application subnets of vpc-0a1b2c3d4e5f60718" }],
        allowedSecurityGroups: [{ id: "sg-0a1b2c3d4e5f60719", description: "CI runners that apply Cypher" }],
      },
      dns: {
        strategy: "private-zone",
        customEndpoints: ["orders-abcdef-123456"],
        customEndpointRecords: "per-endpoint",
      },
    },
    {
      cloud: "aws",
      region: "eu-west-1",
      product: "ds-enterprise",
      accountId: "111122223333",
      orchestrations: ["0001"],
      endpointServiceName: "com.amazonaws.vpce.eu-west-1.vpce-svc-0f1e2d3c4b5a69788",
      network: {
        vpcId: "vpc-0f1e2d3c4b5a69788",
        subnets: {
          "euw1-az1": "subnet-0f1e2d3c4b5a69781",
          "euw1-az2": "subnet-0f1e2d3c4b5a69782",
        },
        allowedCidrs: [{ cidr: "10.30.0.0/16", description: "analytics subnets of vpc-0f1e2d3c4b5a69788" }],
      },
      dns: { customEndpoints: ["analytics-fedcba-654321"], customEndpointRecords: "wildcard" },
    },
  ],
};
