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
      // Every AWS provider of this region's stack refuses credentials of any other account (allowed_account_ids).
      // A multi-account pipeline adds assumeRoleArn: a role in this account that it assumes.
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
        // A private zone per record name (the default): other custom endpoints keep resolving publicly.
        customEndpointZones: "per-name",
        // The check reads the VPC at plan time (a data source). The example's VPC is made up and its
        // stacks must plan offline, so it is off here; leave it out (on) in a real config.
        checkVpcDnsSettings: false,
      },
      // A customer managed key; the statement is what the Aura console generates (the published sample).
      // It could equally be { file: "keys/aura-statement.json" } or the JSON text.
      customerManagedKey: {
        alias: "acme-graph-aura-us-east-1",
        adminPrincipals: ["arn:aws:iam::111122223333:role/kms-admin"],
        auraStatement: {
          Sid: "Allow access for Neo4j",
          Effect: "Allow",
          Principal: { AWS: "*" },
          Action: ["kms:Encrypt", "kms:Decrypt", "kms:ReEncrypt*", "kms:GenerateDataKey*", "kms:DescribeKey", "kms:CreateGrant", "kms:ListGrants", "kms:RevokeGrant"],
          Resource: "*",
          Condition: { StringEquals: { "kms:CallerAccount": "999988887777" } },
        },
        auraApi: { name: "acme-graph-us-east-1", tenantId: "6f1e2d3c-4b5a-4968-8776-655443322110" },
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
      // The wildcard needs a zone for all of endpoints.neo4j.io: synth warns that every custom endpoint
      // name then resolves to this region's endpoint inside the VPC.
      dns: { customEndpoints: ["analytics-fedcba-654321"], customEndpointRecords: "wildcard", checkVpcDnsSettings: false },
    },
    {
      cloud: "gcp",
      region: "europe-west1",
      product: "virtual-dedicated-cloud",
      projectId: "acme-graph-prod",
      orchestrations: ["0002"],
      // Aura's attachment lives in Aura's project; copy the URL from the Aura console.
      serviceAttachment: "https://www.googleapis.com/compute/v1/projects/neo4j-aura-orch-0002/regions/europe-west1/serviceAttachments/production-orch-0002-psc",
      network: {
        network: "projects/acme-graph-prod/global/networks/apps",
        subnetwork: "projects/acme-graph-prod/regions/europe-west1/subnetworks/apps-europe-west1",
      },
      // A response policy answers exactly Aura's names and leaves the rest of neo4j.io to public DNS.
      dns: { gcpMode: "response-policy", customEndpoints: ["reports-abcdef-234567"] },
      // The three service accounts the Aura console lists for customer managed keys.
      customerManagedKey: {
        auraServiceAccounts: [
          "aura-cmk-1@neo4j-aura-keys.iam.gserviceaccount.com",
          "aura-cmk-2@neo4j-aura-keys.iam.gserviceaccount.com",
          "aura-cmk-3@neo4j-aura-keys.iam.gserviceaccount.com",
        ],
        auraApi: { name: "acme-graph-europe-west1", tenantId: "6f1e2d3c-4b5a-4968-8776-655443322110" },
      },
    },
    {
      cloud: "azure",
      region: "eastus",
      product: "virtual-dedicated-cloud",
      subscriptionId: "00000000-1111-2222-3333-444444444444",
      resourceGroupName: "rg-acme-graph-network",
      orchestrations: ["0003"],
      privateLinkServiceAlias: "production-orch-0003-service.5a8e0c4e-1b7d-4c3a-9f2e-6d1c0b9a8e7f.eastus.azure.privatelinkservice",
      network: {
        subnetId:
          "/subscriptions/00000000-1111-2222-3333-444444444444/resourceGroups/rg-acme-graph-network/providers/Microsoft.Network/virtualNetworks/vnet-apps-eastus/subnets/snet-private-endpoints",
      },
      dns: { customEndpoints: ["billing-abcdef-345678"] },
      customerManagedKey: {
        vaultName: "kv-acme-aura-eastus",
        tenantId: "11111111-2222-3333-4444-555555555555",
        keySize: 4096,
        // The "Neo4j CMK Application ID" the Aura console shows: the stack creates (or adopts) its service
        // principal in this tenant and gives it the key role. Pipelines that may not create service
        // principals give auraServicePrincipalObjectId instead.
        auraApplicationId: "0a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d",
        administratorObjectIds: ["8b7c6d5e-4f3a-4b2c-8d9e-0f1a2b3c4d5e"],
      },
    },
  ],
  // A self-managed Neo4j Enterprise (DBMS A) in the us-east-1 VPC reaches an Aura database through the
  // private endpoint with a remote alias (reference 000). Passwords are environment variable names.
  neo4jAccess: {
    id: "dbms-a",
    connection: { uri: "neo4j+s://dbms-a.internal.acme.example:7687", user: "admin", password: { env: "DBMS_A_ADMIN_PASSWORD" } },
    remoteAliases: [
      {
        name: "orders-aura",
        target: "neo4j",
        url: "neo4j+s://abcd1234.production-orch-0000.neo4j.io:7687",
        credentials: { type: "stored", user: "alias_user", password: { env: "AURA_ALIAS_USER_PASSWORD" } },
        driver: { ssl_enforced: true, connection_timeout: "5s", connection_pool_max_size: 10 },
      },
    ],
    roles: [{ name: "orders_readers", privileges: [{ privilege: "ACCESS", database: "orders-aura" }] }],
    users: [{ name: "carol", roles: ["orders_readers"], homeDatabase: "orders-aura" }],
  },
};
