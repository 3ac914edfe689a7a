import { z } from "zod";
import {
  AZURE_LOCATION_PATTERN,
  GUID_PATTERN,
  RESOURCE_GROUP_PATTERN,
  normalizeAzureLocation,
  parsePrivateDnsZoneId,
  parsePrivateLinkAlias,
  parseSubnetId,
  parseVnetId,
} from "../domain/azure/names";
import { customEndpointZoneIssues, dnsSchema, orchestrationsSchema, productSchema, azureTagsSchema, terraformText } from "./common";
import { azureKeySchema } from "./keys";

const ALIAS_HINT = 'the private link service alias shown in the Aura console, like "production-orch-0000-service.00000000-0000-0000-0000-000000000000.eastus.azure.privatelinkservice"';
const SUBNET_HINT = 'a subnet resource id like "/subscriptions/<subscription>/resourceGroups/<group>/providers/Microsoft.Network/virtualNetworks/<vnet>/subnets/<subnet>"';
const VNET_HINT = 'a virtual network resource id like "/subscriptions/<subscription>/resourceGroups/<group>/providers/Microsoft.Network/virtualNetworks/<vnet>"';

export const azureNetworkSchema = z.strictObject({
  /** The subnet that gives the private endpoint its address; its VNet gets the DNS zone links. */
  subnetId: z
    .string({ error: `must be ${SUBNET_HINT}` })
    .refine((v) => parseSubnetId(v) !== null, { error: `must be ${SUBNET_HINT}` })
    .transform((v) => parseSubnetId(v)!.id),
  /** More VNets whose resolvers must see the private zones (e.g. peered application VNets). */
  additionalVnetIds: z
    .array(
      z
        .string({ error: `must be ${VNET_HINT}` })
        .refine((v) => parseVnetId(v) !== null, { error: `must be ${VNET_HINT}` })
        .transform((v) => parseVnetId(v)!.id),
    )
    .default([]),
});

export const azureRegionSchema = z
  .strictObject({
    cloud: z.literal("azure"),
    /** The Azure location; "East US" and "eastus" are the same and normalize to "eastus". */
    region: z
      .string({ error: 'must be an Azure location like "eastus" or "East US"' })
      .transform(normalizeAzureLocation)
      .pipe(z.string().regex(AZURE_LOCATION_PATTERN, { error: 'must be an Azure location like "eastus" or "East US"' })),
    product: productSchema,
    /** The subscription that holds the endpoint: it must be allow-listed in the Aura console. */
    subscriptionId: z
      .string({ error: "must be the Azure subscription id (a GUID) that Aura must allow-list" })
      .transform((v) => v.trim().toLowerCase())
      .pipe(z.string().regex(GUID_PATTERN, { error: 'must be the Azure subscription id that Aura must allow-list, a GUID like "00000000-0000-0000-0000-000000000000"' })),
    /** An existing resource group for the endpoint and the private DNS zones. */
    resourceGroupName: z.string().regex(RESOURCE_GROUP_PATTERN, {
      error: "must be the name of an existing resource group (1-90 letters, digits, _ . - ( ), not ending with a dot)",
    }),
    orchestrations: orchestrationsSchema,
    privateLinkServiceAlias: z
      .string({ error: `must be ${ALIAS_HINT}` })
      .refine((v) => parsePrivateLinkAlias(v) !== null, { error: `must be ${ALIAS_HINT}` })
      .transform((v) => parsePrivateLinkAlias(v)!.alias),
    /** Shown to whoever accepts the connection in the Aura console (Azure allows 140 characters). */
    requestMessage: terraformText(z.string().min(1).max(140, { error: "must be at most 140 characters (Azure's limit for a request message)" })).optional(),
    network: azureNetworkSchema,
    dns: dnsSchema,
    tags: azureTagsSchema.default({}),
    customerManagedKey: azureKeySchema.optional(),
  })
  .superRefine((r, ctx) => {
    const alias = parsePrivateLinkAlias(r.privateLinkServiceAlias);
    if (alias && alias.location !== r.region) {
      ctx.addIssue({
        code: "custom",
        path: ["privateLinkServiceAlias"],
        input: r.privateLinkServiceAlias,
        message: `is a private link service in ${alias.location}, but this entry is for ${r.region}; use the alias the Aura console shows for ${r.region}`,
      });
    }
    const subnet = parseSubnetId(r.network.subnetId);
    if (subnet && subnet.vnet.subscriptionId !== r.subscriptionId) {
      ctx.addIssue({
        code: "custom",
        path: ["network", "subnetId"],
        input: r.network.subnetId,
        message: `is in subscription ${subnet.vnet.subscriptionId}, but subscriptionId is ${r.subscriptionId}; a private endpoint is created in its virtual network's subscription, and that is the one Aura allow-lists`,
      });
    }
    const own = subnet?.vnet.key;
    r.network.additionalVnetIds.forEach((id, i) => {
      const key = id.toLowerCase();
      if (key === own || r.network.additionalVnetIds.findIndex((o) => o.toLowerCase() === key) !== i) {
        ctx.addIssue({ code: "custom", path: ["network", "additionalVnetIds", i], input: id, message: "is listed already (the endpoint's own VNet is linked anyway); list each VNet once" });
      }
    });
    for (const issue of customEndpointZoneIssues(r.dns)) ctx.addIssue({ code: "custom", ...issue });
    for (const [domain, zoneId] of Object.entries(r.dns.existingZones)) {
      const zone = parsePrivateDnsZoneId(zoneId);
      if (zone && zone.name === domain && zone.subscriptionId !== r.subscriptionId) {
        ctx.addIssue({
          code: "custom",
          path: ["dns", "existingZones", domain],
          input: zoneId,
          message: `is in subscription ${zone.subscriptionId}, but this stack works in ${r.subscriptionId}; give a zone of ${r.subscriptionId} or let the stack create one`,
        });
      }
      if (!zone || zone.name !== domain) {
        ctx.addIssue({
          code: "custom",
          path: ["dns", "existingZones", domain],
          input: zoneId,
          message: `must be the resource id of the private DNS zone ${domain}, like "/subscriptions/<subscription>/resourceGroups/<group>/providers/Microsoft.Network/privateDnsZones/${domain}"`,
        });
      }
    }
  });

export type AzureRegionConfig = z.infer<typeof azureRegionSchema>;
export type AzureNetworkConfig = z.infer<typeof azureNetworkSchema>;
