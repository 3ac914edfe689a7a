import { App } from "cdktf";
import { exampleConfig } from "../../../config/example";
import { parseConfig } from "../../../config/load";
import { sharedAuraPrincipalWarnings } from "../../../domain/azure/aura-principal";
import { composeApp } from "../../../stacks/compose";
import { synthWarnings } from "../../../stacks/warnings";
import { clone } from "../../support/synth";

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

  test("the synth warns on the first stack, naming both config paths and the way out", () => {
    const c = clone(exampleConfig) as any;
    const west = clone(c.regions[3]);
    west.region = "westeurope";
    west.privateLinkServiceAlias = west.privateLinkServiceAlias.replace(".eastus.", ".westeurope.");
    west.orchestrations = ["0004"];
    west.dns = { strategy: "none" };
    west.customerManagedKey.vaultName = "kv-acme-aura-weu";
    c.regions.push(west);
    const app = new App({ skipValidation: true });
    composeApp(app, parseConfig(c));
    expect(synthWarnings(app).filter((w) => w.includes("Neo4j CMK Application"))).toEqual([
      expect.stringMatching(
        /^aura-azure-eastus: regions\[3\]\.customerManagedKey\.auraApplicationId, regions\[4\]\.customerManagedKey\.auraApplicationId name the same Neo4j CMK Application in tenant 11111111-.*give the others auraServicePrincipalObjectId/,
      ),
    ]);
  });
});
