import { App } from "cdktf";
import { exampleConfig } from "../../config/example";
import { parseConfig } from "../../config/load";
import { composeApp } from "../../stacks/compose";
import { synthWarnings } from "../../stacks/warnings";
import { clone } from "../support/synth";

/**
 * One Neo4j CMK Application's service principal named by two Azure stacks of one tenant: the synth warns once
 * (the rule itself is tabled in test/domain/azure/aura-principal.test.ts).
 */
describe("one Neo4j CMK Application's service principal managed by several stacks", () => {
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
