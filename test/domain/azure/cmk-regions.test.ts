import { AURA_AZURE_CMK_LISTED_REGIONS, AURA_CMK_DOC_URL, azureCmkRegionWarning } from "../../../domain/azure/cmk-regions";

/** domain/azure/cmk-regions.ts: the last list Aura published (docs/vendor-facts.md, "Azure customer managed keys"). */

const LISTED = "australiasoutheast, southeastasia, northeurope, germanywestcentral, uksouth, centralus, uaenorth";
const warning = (path: string, region: string) =>
  `${path}: Azure region ${region} is not one Aura has listed for customer managed keys (${LISTED}). ` +
  "The list changed between versions of Aura's documentation (an earlier encryption page listed these regions; the current page, https://neo4j.com/docs/aura/security/customer-managed-keys/, lists none): " +
  "check that the Aura console offers customer managed keys for this region before creating instances with the key.";

describe("the listed regions", () => {
  test("the page and the seven locations, in the published order", () => {
    expect(AURA_CMK_DOC_URL).toBe("https://neo4j.com/docs/aura/security/customer-managed-keys/");
    expect(AURA_AZURE_CMK_LISTED_REGIONS).toEqual(["australiasoutheast", "southeastasia", "northeurope", "germanywestcentral", "uksouth", "centralus", "uaenorth"]);
  });
});

describe("azureCmkRegionWarning", () => {
  test.each(["australiasoutheast", "southeastasia", "northeurope", "germanywestcentral", "uksouth", "centralus", "uaenorth"])("%s is listed: no warning", (region) => {
    expect(azureCmkRegionWarning(region, "regions[0].customerManagedKey")).toBeUndefined();
  });

  test.each<[string, string]>([
    ["westeurope", "regions[0].customerManagedKey"],
    ["eastus", "regions[2].customerManagedKey"],
    ["uksouth2", "regions[1].customerManagedKey"],
    ["northeurope ", "regions[0].customerManagedKey"],
    ["UK South", "regions[0].customerManagedKey"],
    ["", "regions[3].customerManagedKey"],
  ])("%j is not listed: the warning names the path, the region, the list and the page", (region, path) => {
    expect(azureCmkRegionWarning(region, path)).toBe(warning(path, region));
  });

  test("one warning written out in full", () => {
    expect(azureCmkRegionWarning("westeurope", "regions[0].customerManagedKey")).toBe(
      "regions[0].customerManagedKey: Azure region westeurope is not one Aura has listed for customer managed keys (australiasoutheast, southeastasia, northeurope, germanywestcentral, uksouth, centralus, uaenorth). The list changed between versions of Aura's documentation (an earlier encryption page listed these regions; the current page, https://neo4j.com/docs/aura/security/customer-managed-keys/, lists none): check that the Aura console offers customer managed keys for this region before creating instances with the key.",
    );
  });
});
