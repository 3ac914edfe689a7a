import { z } from "zod";
import { CUSTOM_ENDPOINT_DOMAIN, orchDomain } from "../domain/aura/names";
import { backendSchema } from "./backend";
import { tagsSchema } from "./common";
import { awsRegionSchema } from "./aws";
import { azureRegionSchema } from "./azure";
import { gcpRegionSchema } from "./gcp";
import { neo4jAccessSchema } from "../domain/neo4j/access-model";
import { dnsSettingsProblems } from "../domain/aura/dns-config-rules";
import { AWS_TAGS_ADDED, AWS_TAG_LIMITS, AZURE_TAGS_ADDED, AZURE_TAG_LIMITS, GCP_LABELS_ADDED, GCP_LABEL_LIMITS, tagCountProblem } from "../domain/tags";

/** One region of one cloud; becomes one stack. */
export const regionSchema = z.discriminatedUnion("cloud", [awsRegionSchema, gcpRegionSchema, azureRegionSchema], {
  error: 'must be "aws", "gcp" or "azure"',
});

export const configSchema = z
  .strictObject({
    /** Short name used in resource names and tags. */
    project: z.string().regex(/^[a-z][a-z0-9-]{0,30}[a-z0-9]$/, { error: "must be 2-32 lowercase letters, digits and hyphens, starting with a letter" }),
    /** Stack names are `<stackPrefix>-<cloud>-<region>`. */
    stackPrefix: z.string().regex(/^[a-z][a-z0-9-]{0,20}$/, { error: "must be lowercase letters, digits and hyphens, starting with a letter" }).default("aura"),
    tags: tagsSchema.default({}),
    backend: backendSchema,
    regions: z.array(regionSchema).default([]),
    /** Roles, privileges and aliases of one DBMS, applied with Cypher after provisioning (its own stack). */
    neo4jAccess: neo4jAccessSchema.optional(),
  })
  .superRefine((config, ctx) => {
    if (config.regions.length === 0 && !config.neo4jAccess) {
      ctx.addIssue({ code: "custom", path: ["regions"], input: config.regions, message: "list at least one region (or give neo4jAccess)" });
    }
    const seen = new Map<string, number>();
    config.regions.forEach((r, i) => {
      const key = `${r.cloud}-${r.region}`;
      const first = seen.get(key);
      if (first !== undefined) {
        ctx.addIssue({
          code: "custom",
          path: ["regions", i, "region"],
          input: r.region,
          message: `${r.cloud} region ${r.region} is already configured at regions[${first}]; one private endpoint per region serves every instance there, so merge the two entries`,
        });
      } else seen.set(key, i);
      for (const { field, problem } of dnsSettingsProblems(r.dns)) {
        ctx.addIssue({ code: "custom", path: ["regions", i, "dns", field], input: (r.dns as unknown as Record<string, unknown>)[field], message: problem });
      }
      // Every set of tags that lands on one resource counts against the cloud's per-resource limit.
      const count =
        r.cloud === "aws"
          ? tagCountProblem([config.tags, r.tags, r.customerManagedKey?.tags], AWS_TAGS_ADDED, AWS_TAG_LIMITS.perResource, "AWS")
          : r.cloud === "azure"
            ? tagCountProblem([config.tags, r.tags, r.customerManagedKey?.tags], AZURE_TAGS_ADDED, AZURE_TAG_LIMITS.perResource, "Azure")
            : tagCountProblem([config.tags, r.labels, r.customerManagedKey?.labels], GCP_LABELS_ADDED, GCP_LABEL_LIMITS.perResource, "GCP", "labels");
      if (count) ctx.addIssue({ code: "custom", path: ["regions", i, r.cloud === "gcp" ? "labels" : "tags"], input: undefined, params: { noValue: true }, message: count });
      // A zone for a domain the region does not serve is a typo: the zone it meant would be created again next to the existing one.
      const domains = [...r.orchestrations.map(orchDomain), ...(r.dns.customEndpoints.length > 0 ? [CUSTOM_ENDPOINT_DOMAIN] : [])];
      for (const [domain, zoneId] of Object.entries(r.dns.existingZones)) {
        if (domains.includes(domain)) continue;
        ctx.addIssue({
          code: "custom",
          path: ["regions", i, "dns", "existingZones", domain],
          input: zoneId,
          message: `is given for ${domain}, which this region does not serve (its domains: ${domains.join(", ")}); fix the domain or remove the entry`,
        });
      }
    });
  });

export type AuraSecureConfig = z.infer<typeof configSchema>;
export type AuraSecureConfigInput = z.input<typeof configSchema>;
export type RegionConfig = z.infer<typeof regionSchema>;
