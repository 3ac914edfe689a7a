import { z } from "zod";
import { IPV4_ADDRESS } from "../domain/cidr";
import {
  GCP_PROJECT_ID_PATTERN,
  GCP_REGION_PATTERN,
  parseManagedZoneRef,
  parseNetwork,
  parseServiceAttachment,
  parseSubnetwork,
} from "../domain/gcp/names";
import { customEndpointZoneIssues, dnsSchema, gcpLabelsSchema, orchestrationsSchema, productSchema } from "./common";
import { gcpKeySchema } from "./keys";

const NETWORK_HINT = 'a VPC network self link like "projects/my-project/global/networks/my-vpc" (the https://www.googleapis.com/compute/v1/ form is accepted too)';

const networkSelfLink = z
  .string({ error: `must be ${NETWORK_HINT}` })
  .refine((v) => parseNetwork(v) !== null, { error: `must be ${NETWORK_HINT}` })
  .transform((v) => parseNetwork(v)!.selfLink);

const subnetworkSelfLink = z
  .string({ error: 'must be a subnetwork self link like "projects/my-project/regions/europe-west1/subnetworks/my-subnet"' })
  .refine((v) => parseSubnetwork(v) !== null, {
    error: 'must be a subnetwork self link like "projects/my-project/regions/europe-west1/subnetworks/my-subnet" (the https://www.googleapis.com/compute/v1/ form is accepted too)',
  })
  .transform((v) => parseSubnetwork(v)!.selfLink);

const ipv4 = z.string().regex(IPV4_ADDRESS, {
  error: 'must be a free IPv4 address of the subnetwork, like "10.10.0.5", four numbers 0-255 without leading zeros (leave it out to let GCP pick one)',
});

export const gcpNetworkSchema = z.strictObject({
  /** The VPC network the endpoint lives in; its resolvers see the private DNS. */
  network: networkSelfLink,
  /** Subnetwork in the stack's region that gives the endpoint its internal address. */
  subnetwork: subnetworkSelfLink,
  /** A fixed internal address for the endpoint; GCP picks one from the subnetwork otherwise. */
  address: ipv4.optional(),
  /** Lets clients in other regions of the network reach the endpoint (allow_psc_global_access). */
  globalAccess: z.boolean({ error: "must be true or false" }).default(false),
  /** More networks whose resolvers must see the private DNS (e.g. a Shared VPC host's other networks). */
  additionalNetworks: z.array(networkSelfLink).default([]),
});

/**
 * The common DNS options plus the GCP choice of mechanism: a private managed zone with wildcard records,
 * or a response policy (one per network, rules that override any zone; needs apex and wildcard rules).
 */
export const gcpDnsSchema = dnsSchema
  .unwrap()
  .extend({
    gcpMode: z
      .enum(["managed-zone", "response-policy"], {
        error: 'must be "managed-zone" (private Cloud DNS zones with A records) or "response-policy" (a response policy bound to the networks, apex and wildcard rules)',
      })
      .default("managed-zone"),
  })
  .default({ strategy: "private-zone", customEndpoints: [], customEndpointRecords: "per-endpoint", customEndpointZones: "per-name", existingZones: {}, sharedResolvers: [], gcpMode: "managed-zone" });

export const gcpRegionSchema = z
  .strictObject({
    cloud: z.literal("gcp"),
    region: z.string().regex(GCP_REGION_PATTERN, { error: 'must be a GCP region like "europe-west1"' }),
    product: productSchema,
    /** The consumer project: holds the endpoint, and must be allow-listed in the Aura console. */
    projectId: z.string().regex(GCP_PROJECT_ID_PATTERN, {
      error: 'must be the GCP project id that Aura must allow-list, like "acme-graph-prod" (6-30 lowercase letters, digits and hyphens, starting with a letter)',
    }),
    orchestrations: orchestrationsSchema,
    serviceAttachment: z
      .string({ error: "must be the service attachment URL shown in the Aura console" })
      .refine((v) => parseServiceAttachment(v) !== null, {
        error:
          'must be the service attachment URL shown in the Aura console, like "https://www.googleapis.com/compute/v1/projects/<project>/regions/<region>/serviceAttachments/<name>" (or "projects/<project>/regions/<region>/serviceAttachments/<name>")',
      })
      .transform((v) => parseServiceAttachment(v)!.url),
    network: gcpNetworkSchema,
    dns: gcpDnsSchema,
    labels: gcpLabelsSchema.default({}),
    customerManagedKey: gcpKeySchema.optional(),
  })
  .superRefine((r, ctx) => {
    const attachment = parseServiceAttachment(r.serviceAttachment);
    if (attachment && attachment.region !== r.region) {
      ctx.addIssue({
        code: "custom",
        path: ["serviceAttachment"],
        input: r.serviceAttachment,
        message: `is a service attachment in ${attachment.region}, but this entry is for ${r.region}; a PSC endpoint reaches attachments of its own region only, so use the URL the Aura console shows for ${r.region}`,
      });
    }
    if (attachment && attachment.project === r.projectId) {
      ctx.addIssue({
        code: "custom",
        path: ["serviceAttachment"],
        input: r.serviceAttachment,
        message: `is in your own project ${r.projectId}; the attachment lives in Aura's project, so copy the URL from the Aura console`,
      });
    }
    const subnet = parseSubnetwork(r.network.subnetwork);
    const network = parseNetwork(r.network.network);
    if (subnet && subnet.region !== r.region) {
      ctx.addIssue({
        code: "custom",
        path: ["network", "subnetwork"],
        input: r.network.subnetwork,
        message: `is a subnetwork of ${subnet.region}, but this entry is for ${r.region}; the endpoint's address must come from a subnetwork of ${r.region}`,
      });
    }
    if (subnet && network && subnet.project !== network.project) {
      ctx.addIssue({
        code: "custom",
        path: ["network", "subnetwork"],
        input: r.network.subnetwork,
        message: `is in project ${subnet.project}, but network.network is in ${network.project}; a subnetwork belongs to its network's project (the Shared VPC host)`,
      });
    }
    r.network.additionalNetworks.forEach((n, i) => {
      if (n === r.network.network || r.network.additionalNetworks.indexOf(n) !== i) {
        ctx.addIssue({ code: "custom", path: ["network", "additionalNetworks", i], input: n, message: "is listed already; list each network once" });
      }
    });
    if (r.dns.gcpMode === "managed-zone") for (const issue of customEndpointZoneIssues(r.dns)) ctx.addIssue({ code: "custom", ...issue });
    const existing = Object.entries(r.dns.existingZones);
    if (r.dns.gcpMode === "response-policy" && existing.length > 0) {
      ctx.addIssue({
        code: "custom",
        path: ["dns", "existingZones"],
        input: r.dns.existingZones,
        message: 'applies to gcpMode "managed-zone" only; a response policy has no zones, so remove existingZones or switch gcpMode',
      });
    }
    for (const [domain, zone] of existing) {
      if (!parseManagedZoneRef(zone)) {
        ctx.addIssue({
          code: "custom",
          path: ["dns", "existingZones", domain],
          input: zone,
          message: 'must be a Cloud DNS managed zone name like "aura-orch-0000" or "projects/<project>/managedZones/<name>"',
        });
      }
    }
  });

export type GcpRegionConfig = z.infer<typeof gcpRegionSchema>;
export type GcpNetworkConfig = z.infer<typeof gcpNetworkSchema>;
