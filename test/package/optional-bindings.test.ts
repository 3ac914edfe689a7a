import { App } from "cdktf";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";

/**
 * The GCP and Azure bindings are optional peer dependencies: composeApp loads their stacks only for such a
 * region, and a config with one in an app that lacks the binding gets a message naming what to install.
 * The missing package is simulated by a module factory that throws what Node throws for a missing module.
 */
function missing(name: string): never {
  const err = new Error(`Cannot find module '${name}'`) as Error & { code: string };
  err.code = "MODULE_NOT_FOUND";
  throw err;
}

describe.each([
  ["@cdktf/provider-google", "gcp", 2],
  ["@cdktf/provider-azurerm", "azure", 3],
])("composeApp without %s", (binding, cloud, index) => {
  test(`a ${cloud} region fails with regions[${index}] and the install command; AWS regions need no such binding`, () => {
    const outdir = fs.mkdtempSync(path.join(os.tmpdir(), "aura-optional-"));
    jest.isolateModules(() => {
      jest.doMock(`${binding}/lib/provider`, () => missing(`${binding}/lib/provider`));
      /* eslint-disable @typescript-eslint/no-require-imports */
      const { composeApp } = require("../../stacks/compose") as typeof import("../../stacks/compose");
      const { parseConfig } = require("../../config/load") as typeof import("../../config/load");
      const { exampleConfig } = require("../../config/example") as typeof import("../../config/example");
      const config = parseConfig(exampleConfig);
      expect(config.regions[index]!.cloud).toBe(cloud);
      expect(() => composeApp(new App({ outdir }), config)).toThrow(
        `regions[${index}]: this region needs the provider binding ${binding}, which is not installed; add it to your app (npm install ${binding}@`,
      );
      const awsOnly = { ...config, regions: config.regions.filter((r) => r.cloud === "aws"), neo4jAccess: undefined };
      expect(composeApp(new App({ outdir }), awsOnly).map((s) => s.name)).toEqual(["aura-aws-us-east-1", "aura-aws-eu-west-1"]);
    });
    jest.dontMock(`${binding}/lib/provider`);
    fs.rmSync(outdir, { recursive: true, force: true });
  });
});

describe("composeApp without @cdktf/provider-azuread", () => {
  test("an Azure key given by auraApplicationId says what to install; the same key by object id, and every other region, need no azuread binding", () => {
    const outdir = fs.mkdtempSync(path.join(os.tmpdir(), "aura-optional-"));
    jest.isolateModules(() => {
      jest.doMock("@cdktf/provider-azuread/lib/provider", () => missing("@cdktf/provider-azuread/lib/provider"));
      /* eslint-disable @typescript-eslint/no-require-imports */
      const { composeApp } = require("../../stacks/compose") as typeof import("../../stacks/compose");
      const { parseConfig } = require("../../config/load") as typeof import("../../config/load");
      const { exampleConfig } = require("../../config/example") as typeof import("../../config/example");
      const config = parseConfig(exampleConfig);
      expect((config.regions[3] as { customerManagedKey?: { auraApplicationId?: string } }).customerManagedKey?.auraApplicationId).toBeDefined();
      expect(() => composeApp(new App({ outdir }), config)).toThrow(
        "regions[3].customerManagedKey: auraApplicationId needs the provider binding @cdktf/provider-azuread, which is not installed; add it to your app (npm install @cdktf/provider-azuread@^14.3.1)",
      );
      const byObjectId = JSON.parse(JSON.stringify(exampleConfig));
      delete byObjectId.regions[3].customerManagedKey.auraApplicationId;
      byObjectId.regions[3].customerManagedKey.auraServicePrincipalObjectId = "7a6b5c4d-3e2f-4a1b-9c8d-7e6f5a4b3c2d";
      expect(composeApp(new App({ outdir }), parseConfig(byObjectId)).map((s) => s.name)).toContain("aura-azure-eastus");
    });
    jest.dontMock("@cdktf/provider-azuread/lib/provider");
    fs.rmSync(outdir, { recursive: true, force: true });
  });
});
