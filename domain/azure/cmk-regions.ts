/**
 * The Azure regions Aura has listed for customer managed keys. The list moved between versions of Aura's
 * documentation: the encryption page listed seven regions; the current customer-managed-keys page lists
 * none. Sources and dates: docs/vendor-facts.md, "Azure customer managed keys".
 */

export const AURA_CMK_DOC_URL = "https://neo4j.com/docs/aura/security/customer-managed-keys/";

/** Normalized locations of the last published list ("Australia Southeast" is "australiasoutheast"). */
export const AURA_AZURE_CMK_LISTED_REGIONS: readonly string[] = [
  "australiasoutheast",
  "southeastasia",
  "northeurope",
  "germanywestcentral",
  "uksouth",
  "centralus",
  "uaenorth",
];

/** A synth warning when a key's region is not on that list, or undefined. Pure. */
export function azureCmkRegionWarning(region: string, configPath: string): string | undefined {
  if (AURA_AZURE_CMK_LISTED_REGIONS.includes(region)) return undefined;
  return (
    `${configPath}: Azure region ${region} is not one Aura has listed for customer managed keys (${AURA_AZURE_CMK_LISTED_REGIONS.join(", ")}). ` +
    `The list changed between versions of Aura's documentation (an earlier encryption page listed these regions; the current page, ${AURA_CMK_DOC_URL}, lists none): ` +
    "check that the Aura console offers customer managed keys for this region before creating instances with the key."
  );
}
