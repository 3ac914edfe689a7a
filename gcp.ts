/**
 * `cdktf-aura-secure/gcp`: the GCP constructs and region stack. Kept out of the main entry because they
 * need @cdktf/provider-google, an optional peer dependency an app for another cloud does not install.
 */
export { PscEndpoint } from "./constructs/gcp/psc-endpoint";
export { CloudDnsPrivateZone } from "./constructs/gcp/cloud-dns-private-zone";
export { CloudDnsResponsePolicy } from "./constructs/gcp/cloud-dns-response-policy";
export { AuraGcpKmsKey } from "./constructs/gcp/kms-key";
export { GcpRegionStack } from "./stacks/gcp-region-stack";
