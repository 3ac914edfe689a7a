/**
 * `cdktf-aura-secure/azure`: the Azure constructs and region stack. Kept out of the main entry because they
 * need @cdktf/provider-azurerm, an optional peer dependency an app for another cloud does not install.
 */
export { AzurePrivateLinkEndpoint } from "./constructs/azure/private-link-endpoint";
export { AzurePrivateDns } from "./constructs/azure/private-dns";
export { AuraKeyVaultKey } from "./constructs/azure/key-vault-key";
export { AzureRegionStack } from "./stacks/azure-region-stack";
