import { z } from "zod";
import { AURA_PRODUCTS, CUSTOM_ENDPOINT_DOMAIN, CUSTOM_ENDPOINT_NAME_PATTERN, ORCH_ID_PATTERN, normalizeCustomEndpointName } from "../domain/aura/names";
import { ipv4CidrProblem } from "../domain/cidr";
import { awsTagProblems, azureTagProblems, gcpLabelProblems, type TagProblem } from "../domain/tags";
import { templateProblem } from "../domain/terraform-literal";

export { ipv4CidrProblem };

/** Schema pieces shared by the AWS, GCP and Azure region configs. */

export const AWS_REGION_PATTERN = /^[a-z]{2}(-gov)?-[a-z]+-[0-9]+$/;

export const productSchema = z.enum(AURA_PRODUCTS, {
  error: `must be one of ${AURA_PRODUCTS.map((p) => `"${p}"`).join(", ")} (AuraDB Virtual Dedicated Cloud or AuraDS Enterprise)`,
});

export const orchestrationsSchema = z
  .array(
    z.string().regex(ORCH_ID_PATTERN, {
      error: 'must be the orchestration id from the Private URI neo4j+s://<dbid>.production-orch-<orch>.neo4j.io, e.g. "0000" (lowercase letters and digits)',
    }),
    { error: "must be a list of orchestration ids" },
  )
  .min(1, { error: "list at least one orchestration id (the <orch> of production-orch-<orch>.neo4j.io)" })
  .refine((ids) => new Set(ids).size === ids.length, { error: "lists an orchestration id twice" });

export const customEndpointNameSchema = z
  .string()
  .transform(normalizeCustomEndpointName)
  .pipe(
    z.string().regex(CUSTOM_ENDPOINT_NAME_PATTERN, {
      error: `must be a custom endpoint name like "my-endpoint-abcdef-123456" or "my-endpoint-abcdef-123456.${CUSTOM_ENDPOINT_DOMAIN}" (lowercase letters, digits and hyphens, at most 61 characters)`,
    }),
  );

const zoneIdByDomain = z.record(
  z.string().regex(/^(production-orch-[a-z0-9]{1,20}|endpoints)\.neo4j\.io$/, {
    error: `keys must be an Aura domain: "production-orch-<orch>.neo4j.io" or "${CUSTOM_ENDPOINT_DOMAIN}"`,
  }),
  z.string().min(1, { error: "must be the id of an existing private zone" }),
);

/** DNS of one region. `strategy: "none"` leaves DNS to the user and still outputs the records needed. */
export const dnsSchema = z
  .strictObject({
    strategy: z.enum(["private-zone", "none"], { error: 'must be "private-zone" (create zones and records) or "none" (DNS managed elsewhere)' }).default("private-zone"),
    customEndpoints: z
      .array(customEndpointNameSchema)
      .default([])
      .refine((names) => new Set(names).size === names.length, { error: "lists a custom endpoint twice" }),
    customEndpointRecords: z
      .enum(["per-endpoint", "wildcard"], {
        error: 'must be "per-endpoint" (five A records per endpoint) or "wildcard" (*.endpoints.neo4j.io, only when no other region shares the network)',
      })
      .default("per-endpoint"),
    /**
     * Zones of per-endpoint records: "per-name" (default), a private zone per record name, so every other
     * name of endpoints.neo4j.io keeps resolving; "domain", one zone for all of endpoints.neo4j.io, which
     * hides every custom endpoint it does not hold (synth warns). The wildcard always uses "domain".
     */
    customEndpointZones: z
      .enum(["per-name", "domain"], {
        error: `must be "per-name" (a private zone per record name, hides nothing else) or "domain" (one zone for all of ${CUSTOM_ENDPOINT_DOMAIN}: every other custom endpoint stops resolving in the network)`,
      })
      .default("per-name"),
    existingZones: zoneIdByDomain.default({}),
    /**
     * The raised quota of private zones of this region's AWS account, Azure subscription or GCP project, when
     * it has one: the synth refuses a config whose zones pass the cloud's default quota unless it is stated.
     */
    zoneQuota: z
      .int({ error: "must be a whole number: the private zone quota your cloud granted this account, subscription or project" })
      .min(1, { error: "must be at least 1: the private zone quota your cloud granted this account, subscription or project" })
      .max(10_000_000, { error: "must be at most 10000000: the private zone quota your cloud granted this account, subscription or project" })
      .optional(),
    /**
     * Names of DNS resolvers that answer for this region's network and for other regions' networks too
     * (an on-premises or hub resolver forwarding neo4j.io, across clouds): regions naming the same
     * resolver count as sharing a network in the cross-region checks.
     */
    sharedResolvers: z
      .array(z.string().regex(/^[a-z0-9][a-z0-9._-]{0,62}$/, { error: 'must be a resolver name of your choice, like "corp-dns" (lowercase letters, digits, . _ -)' }))
      .default([]),
  })
  .default({ strategy: "private-zone", customEndpoints: [], customEndpointRecords: "per-endpoint", customEndpointZones: "per-name", existingZones: {}, sharedResolvers: [] });

export type DnsConfig = z.infer<typeof dnsSchema>;

/**
 * Issues of a region's DNS settings that combine fields, reported by each cloud's region schema (paths
 * relative to the region). An existing zone for all of endpoints.neo4j.io hides names like a created one,
 * so it needs the same explicit choice.
 */
export function customEndpointZoneIssues(dns: Pick<DnsConfig, "customEndpointRecords" | "customEndpointZones" | "existingZones" | "customEndpoints">): Array<{ path: (string | number)[]; input: unknown; message: string }> {
  const issues: Array<{ path: (string | number)[]; input: unknown; message: string }> = [];
  const existing = dns.existingZones[CUSTOM_ENDPOINT_DOMAIN];
  if (existing !== undefined && dns.customEndpointRecords === "per-endpoint" && dns.customEndpointZones === "per-name" && dns.customEndpoints.length > 0) {
    issues.push({
      path: ["dns", "existingZones", CUSTOM_ENDPOINT_DOMAIN],
      input: existing,
      message: `puts the custom endpoint records into a zone for all of ${CUSTOM_ENDPOINT_DOMAIN}, which hides every other custom endpoint in the network; set dns.customEndpointZones: "domain" to choose that, or remove it (per-name zones need no shared zone)`,
    });
  }
  return issues;
}


/** Free text that becomes a Terraform argument and is declared "refuse" (domain/terraform-literal.ts): `${` and `%{` are refused. */
export function terraformText<T extends z.ZodString>(schema: T) {
  return schema.superRefine((text, ctx) => {
    const problem = templateProblem(text);
    if (problem) ctx.addIssue({ code: "custom", input: text, message: problem });
  });
}

/** A zod refinement from a domain rule returning problems keyed by map key (one source of truth per rule). */
function mapRule(rules: ReadonlyArray<(m: Record<string, string>) => TagProblem[]>) {
  return (map: Record<string, string>, ctx: z.RefinementCtx) => {
    const seen = new Set<string>();
    for (const rule of rules) {
      for (const { key, problem } of rule(map)) {
        if (seen.has(`${key}\u0000${problem}`)) continue;
        seen.add(`${key}\u0000${problem}`);
        ctx.addIssue({ code: "custom", path: key === undefined ? [] : [key], input: key === undefined ? map : map[key], message: problem });
      }
    }
  };
}

const tagMap = z.record(z.string(), z.string({ error: "tag values are strings (quote numbers and true/false)" }), { error: "must be a map of tag names to values" });

/** Tags of AWS resources. */
export const awsTagsSchema = tagMap.superRefine(mapRule([awsTagProblems]));
/** Tags of Azure resources. */
export const azureTagsSchema = tagMap.superRefine(mapRule([azureTagProblems]));
/** Top-level tags land on AWS and Azure resources (and become GCP labels): both clouds' rules. */
export const tagsSchema = tagMap.superRefine(mapRule([awsTagProblems, azureTagProblems]));

/** GCP labels (of a region's resources and of its key): what GCP accepts, so a bad label fails at synth, not apply. */
export const gcpLabelsSchema = z
  .record(z.string(), z.string({ error: "label values are strings (quote numbers and true/false)" }), { error: "must be a map of label keys to values" })
  .superRefine(mapRule([gcpLabelProblems]));
