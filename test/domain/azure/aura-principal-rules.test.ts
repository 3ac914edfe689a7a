/**
 * The warning for stacks of one tenant that each manage Aura's CMK service principal: which uses group
 * together, which stack gets the warning, and its whole text. Every expected value is written out.
 */
import { sharedAuraPrincipalWarnings, type AuraPrincipalUse } from "../../../domain/azure/aura-principal";

const TENANT = "72f988bf-86f1-41af-91ab-2d7cd011db47";
const OTHER_TENANT = "0b1c2d3e-4f50-6172-8394-a5b6c7d8e9f0";
const APP = "11111111-2222-3333-4444-555555555555";
const OTHER_APP = "66666666-7777-8888-9999-000000000000";
const TAIL =
  "destroying one of them with allowDestroy deletes the principal the others' keys are granted to. Keep auraApplicationId in one region and give the others auraServicePrincipalObjectId (that stack's aura_cmk.aura_service_principal_object_id output).";

const use = (stack: string, configPath: string, tenantId: string, applicationId: string): AuraPrincipalUse => ({ stack, configPath, tenantId, applicationId });

describe("sharedAuraPrincipalWarnings", () => {
  const cases: Array<[string, AuraPrincipalUse[], Array<{ stack: string; message: string }>]> = [
    ["no uses", [], []],
    ["one use", [use("aura-westeurope", "regions[0]", TENANT, APP)], []],
    ["two applications in one tenant", [use("a", "regions[0]", TENANT, APP), use("b", "regions[1]", TENANT, OTHER_APP)], []],
    ["one application in two tenants", [use("a", "regions[0]", TENANT, APP), use("b", "regions[1]", OTHER_TENANT, APP)], []],
    [
      "two stacks, one principal",
      [use("aura-westeurope", "regions[0]", TENANT, APP), use("aura-northeurope", "regions[1]", TENANT, APP)],
      [
        {
          stack: "aura-westeurope",
          message: `regions[0].customerManagedKey.auraApplicationId, regions[1].customerManagedKey.auraApplicationId name the same Neo4j CMK Application in tenant ${TENANT}, so each of aura-westeurope, aura-northeurope manages its one service principal; ${TAIL}`,
        },
      ],
    ],
    [
      "ids compared in any letter case; the first use's tenant is shown as written",
      [use("a", "regions[0]", TENANT.toUpperCase(), APP), use("b", "regions[1]", TENANT, APP.toUpperCase()), use("c", "regions[2]", OTHER_TENANT, APP)],
      [
        {
          stack: "a",
          message: `regions[0].customerManagedKey.auraApplicationId, regions[1].customerManagedKey.auraApplicationId name the same Neo4j CMK Application in tenant 72F988BF-86F1-41AF-91AB-2D7CD011DB47, so each of a, b manages its one service principal; ${TAIL}`,
        },
      ],
    ],
    [
      "two groups, each on its first stack, in order of first use",
      [
        use("a", "regions[0]", TENANT, APP),
        use("b", "regions[1]", OTHER_TENANT, OTHER_APP),
        use("c", "regions[2]", TENANT, APP),
        use("d", "regions[3]", OTHER_TENANT, OTHER_APP),
        use("e", "regions[4]", TENANT, APP),
      ],
      [
        {
          stack: "a",
          message: `regions[0].customerManagedKey.auraApplicationId, regions[2].customerManagedKey.auraApplicationId, regions[4].customerManagedKey.auraApplicationId name the same Neo4j CMK Application in tenant ${TENANT}, so each of a, c, e manages its one service principal; ${TAIL}`,
        },
        {
          stack: "b",
          message: `regions[1].customerManagedKey.auraApplicationId, regions[3].customerManagedKey.auraApplicationId name the same Neo4j CMK Application in tenant ${OTHER_TENANT}, so each of b, d manages its one service principal; ${TAIL}`,
        },
      ],
    ],
    // Case folding is lower-casing: ids that only upper-casing would merge (ß and SS) stay apart.
    ["tenants that differ as ß and SS", [use("a", "regions[0]", "tenant-ß", APP), use("b", "regions[1]", "TENANT-SS", APP)], []],
    ["applications that differ as ß and SS", [use("a", "regions[0]", TENANT, "app-ß"), use("b", "regions[1]", TENANT, "APP-SS")], []],
  ];
  test.each(cases)("%s", (_name, uses, expected) => {
    expect(sharedAuraPrincipalWarnings(uses)).toEqual(expected);
  });
});
