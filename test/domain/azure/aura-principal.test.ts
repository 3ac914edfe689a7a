import { sharedAuraPrincipalWarnings } from "../../../domain/azure/aura-principal";

const APP = "0a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d";
const TENANT = "11111111-2222-3333-4444-555555555555";

describe("one Neo4j CMK Application's service principal managed by several stacks", () => {
  test.each([
    ["one region", [{ stack: "a", configPath: "regions[0]", tenantId: TENANT, applicationId: APP }], 0],
    [
      "two tenants",
      [
        { stack: "a", configPath: "regions[0]", tenantId: TENANT, applicationId: APP },
        { stack: "b", configPath: "regions[1]", tenantId: "99999999-2222-3333-4444-555555555555", applicationId: APP },
      ],
      0,
    ],
    [
      "one tenant, ids in other case",
      [
        { stack: "a", configPath: "regions[0]", tenantId: TENANT, applicationId: APP },
        { stack: "b", configPath: "regions[1]", tenantId: TENANT.toUpperCase(), applicationId: APP.toUpperCase() },
      ],
      1,
    ],
  ] as const)("%s gives the expected number of warnings", (_name, uses, count) => {
    expect(sharedAuraPrincipalWarnings(uses)).toHaveLength(count);
  });
});
