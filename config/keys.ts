import * as fs from "node:fs";
import * as path from "node:path";
import { z } from "zod";
import { IPV4_ADDRESS_OR_PREFIX } from "../domain/cidr";
import { buildKeyPolicy, awsPartition, IAM_PRINCIPAL_ARN_PATTERN } from "../domain/aura/key-policy";
import { AZURE_LOCATION_PATTERN, RESOURCE_GROUP_PATTERN, normalizeAzureLocation, parseSubnetId } from "../domain/azure/names";
import { GCP_REGION_PATTERN } from "../domain/gcp/names";
import { AWS_REGION_PATTERN, awsTagsSchema, azureTagsSchema, gcpLabelsSchema, terraformText } from "./common";
import { formatValue } from "../domain/errors";
import { auraApiBaseUrlSchema, auraApiCredentialsSchema, auraCmkRunnerSchema } from "../domain/aura/aura-api";
import { AWS_DELETION_WINDOW, AWS_ROTATION_PERIOD } from "../domain/aws/kms-limits";

/** Customer managed key config of each cloud (DESIGN.md section 5). */

const UUID = /^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$/;

/** AWS limits of automatic rotation (90-2560 days, AWS default 365) and of the deletion window (7-30 days). */
export const AWS_ROTATION_DAYS = AWS_ROTATION_PERIOD;
export const AWS_DELETION_WINDOW_DAYS = AWS_DELETION_WINDOW;

const intIn = (min: number, max: number, what: string) =>
  z.int({ error: `must be a whole number of days, ${min}-${max} (${what})` }).min(min, { error: `must be at least ${min} days (${what})` }).max(max, { error: `must be at most ${max} days (${what})` });

/** Opting out of prevent_destroy must be written out; `false` is as good as leaving it out, so refuse it. */
const allowDestroy = z.literal(true, { error: "set to true only to let terraform destroy the key (data encrypted with it becomes unrecoverable); leave it out otherwise" }).optional();

/** The Aura API hand-off: `POST /v1/customer-managed-keys`. */
export const auraApiSchema = z.strictObject({
  name: z.string().regex(/^[A-Za-z0-9][A-Za-z0-9 ._-]{0,63}$/, { error: "must be 1-64 letters, digits, spaces, dots, underscores or hyphens: the key's name in Aura" }),
  tenantId: z.string().regex(/^[A-Za-z0-9-]{1,64}$/, { error: "must be the Aura project (tenant) id shown in the Aura console or `aura-cli tenants list`" }),
  /** Defaults from the region's product: enterprise-db or enterprise-ds. */
  instanceType: z.string().regex(/^[a-z][a-z0-9-]{1,40}$/, { error: 'must be an Aura API instance type like "enterprise-db" or "enterprise-ds"' }).optional(),
  /** Aura API base URL; https, or http on loopback only (tests). */
  baseUrl: auraApiBaseUrlSchema.optional(),
  /** Secret references of an Aura API client: with them the stack registers the key at deploy time. */
  credentials: auraApiCredentialsSchema.optional(),
  /** How the registration runs (CLI command, deadline, poll interval). */
  runner: auraCmkRunnerSchema.optional(),
});
export type AuraApiConfig = z.infer<typeof auraApiSchema>;

/**
 * The statement(s) the Aura console generated, exactly as given: `{ file }` (read relative to the config
 * file's folder, or the working directory for configs given as objects), JSON text, one statement, a list
 * of statements or a whole policy. Parsed and linted by checkCustomerManagedKeys once the config is valid.
 */
export const auraStatementSchema = z
  .unknown()
  .superRefine((v, ctx) => {
    const isObject = typeof v === "object" && v !== null && !Array.isArray(v);
    const fileRef = isObject && "file" in v;
    const ok = fileRef
      ? Object.keys(v).length === 1 && typeof (v as { file: unknown }).file === "string" && (v as { file: string }).file.length > 0
      : (typeof v === "string" && v.length > 0) || Array.isArray(v) || isObject;
    if (!ok) {
      ctx.addIssue({
        code: "custom",
        input: v,
        message: fileRef
          ? 'a file source is { file: "<path of a JSON file>" } and nothing else'
          : 'must be { file: "keys/aura-statement.json" }, the JSON text, a statement object, a list of statements or a whole policy, as the Aura console generated it',
      });
    }
  })
  .transform((v): AuraStatementSource => (typeof v === "object" && v !== null && "file" in v ? { file: (v as { file: string }).file } : { inline: v }));

/** `inline` holds the parsed value; for a file source it is filled in by checkCustomerManagedKeys. */
export interface AuraStatementSource {
  file?: string;
  inline?: unknown;
}

const awsRegion = z.string().regex(AWS_REGION_PATTERN, { error: 'must be an AWS region like "eu-west-1"' });
const iamPrincipal = z.string().regex(IAM_PRINCIPAL_ARN_PATTERN, {
  error: 'must be an IAM principal ARN: "arn:aws:iam::111122223333:root", "...:role/<name>" or "...:user/<name>"',
});

export const MRK_ARN_PATTERN = /^arn:(aws|aws-cn|aws-us-gov):kms:([a-z]{2}(?:-gov)?-[a-z]+-[0-9]+):([0-9]{12}):key\/mrk-[0-9a-f]{32}$/;

export const awsKeySchema = z
  .strictObject({
    /** Alias name without "alias/"; defaults to `<project>-aura-<region>`. */
    alias: z
      .string()
      .transform((a) => a.replace(/^alias\//, ""))
      .pipe(
        z
          .string()
          .regex(/^[A-Za-z0-9/_-]{1,250}$/, { error: 'must be 1-250 letters, digits, "/", "_" or "-" (with or without the "alias/" prefix)' })
          .refine((a) => !a.startsWith("aws/"), { error: 'must not start with "aws/": that prefix is reserved for AWS managed keys' }),
      )
      .optional(),
    description: terraformText(z.string().min(1).max(8192, { error: "must be at most 8192 characters" })).optional(),
    /** Automatic rotation; on unless turned off explicitly. */
    rotation: z.boolean({ error: "must be true or false (automatic yearly rotation; on by default)" }).default(true),
    rotationPeriodDays: intIn(AWS_ROTATION_DAYS.min, AWS_ROTATION_DAYS.max, `AWS KMS automatic rotation period; AWS default ${AWS_ROTATION_DAYS.default}`).optional(),
    deletionWindowDays: intIn(AWS_DELETION_WINDOW_DAYS.min, AWS_DELETION_WINDOW_DAYS.max, "AWS KMS waiting period before deletion").default(AWS_DELETION_WINDOW_DAYS.default),
    allowDestroy,
    multiRegion: z.boolean({ error: "must be true or false" }).default(false),
    /** Regions (configured AWS regions of this config) whose stacks get an aws_kms_replica_key of this key. */
    replicas: z
      .array(awsRegion)
      .default([])
      .refine((r) => new Set(r).size === r.length, { error: "lists a region twice" }),
    /**
     * ARN of this (multi-Region) key once it exists: replicas are created only when it is set, so every
     * stack plans on its own, without reading another stack's state.
     */
    primaryKeyArn: z.string().regex(MRK_ARN_PATTERN, { error: 'must be the ARN of a multi-Region key: "arn:aws:kms:<region>:<account>:key/mrk-<32 hex>" (the kms_key_arn output)' }).optional(),
    adminPrincipals: z.array(iamPrincipal).default([]),
    userPrincipals: z.array(iamPrincipal).default([]),
    auraStatement: auraStatementSchema,
    /** Region of the Aura instance(s) that use the key; defaults to this entry's region. */
    instanceRegion: awsRegion.optional(),
    auraApi: auraApiSchema.optional(),
    tags: awsTagsSchema.default({}),
  })
  .superRefine((k, ctx) => {
    if (!k.rotation && k.rotationPeriodDays !== undefined) {
      ctx.addIssue({ code: "custom", path: ["rotationPeriodDays"], input: k.rotationPeriodDays, message: "is set but rotation is false; remove it or turn rotation on" });
    }
    if (k.replicas.length > 0 && !k.multiRegion) {
      ctx.addIssue({ code: "custom", path: ["replicas"], input: k.replicas, message: "replicas need a multi-Region key: set multiRegion: true (it cannot be changed after creation)" });
    }
    if (k.primaryKeyArn !== undefined && k.replicas.length === 0) {
      ctx.addIssue({ code: "custom", path: ["primaryKeyArn"], input: k.primaryKeyArn, message: "is only used to create replicas; list them in replicas or remove it" });
    }
  });

export type AwsKeyConfig = z.infer<typeof awsKeySchema>;

const serviceAccount = z.string().regex(/^[a-z][a-z0-9-]{4,28}[a-z0-9]@[a-z][a-z0-9-]{4,28}[a-z0-9]\.iam\.gserviceaccount\.com$/, {
  error: 'must be a service account email like "aura-kms@my-project.iam.gserviceaccount.com", as listed in the Aura console',
});
const gcpName = z.string().regex(/^[a-zA-Z0-9_-]{1,63}$/, { error: "must be 1-63 letters, digits, underscores or hyphens" });

export const gcpKeySchema = z.strictObject({
  /** Defaults to `<project>-aura-<region>`. Key rings cannot be deleted: pick the name once. */
  keyRing: gcpName.optional(),
  keyName: gcpName.default("aura-cmk"),
  rotation: z.boolean({ error: "must be true or false (automatic rotation; on by default)" }).default(true),
  rotationPeriodDays: intIn(1, 36500, "Cloud KMS automatic rotation period").default(365),
  /** How long destroyed versions stay restorable; the Cloud KMS maximum (120 days) unless set lower. */
  destroyScheduledDays: intIn(1, 120, "Cloud KMS scheduled-for-destruction period").default(120),
  protectionLevel: z.enum(["SOFTWARE", "HSM"], { error: 'must be "SOFTWARE" or "HSM"' }).default("SOFTWARE"),
  allowDestroy,
  /** The service accounts the Aura console lists for the key (three at the time of writing). */
  auraServiceAccounts: z
    .array(serviceAccount)
    .min(1, { error: "list the service accounts the Aura console shows for customer managed keys" })
    .refine((a) => new Set(a).size === a.length, { error: "lists a service account twice" }),
  instanceRegion: z.string().regex(GCP_REGION_PATTERN, { error: 'must be a GCP region like "europe-west1"' }).optional(),
  auraApi: auraApiSchema.optional(),
  labels: gcpLabelsSchema.default({}),
});
export type GcpKeyConfig = z.infer<typeof gcpKeySchema>;

export const azureKeySchema = z
  .strictObject({
    /** Globally unique, 3-24 characters. */
    vaultName: z.string().regex(/^[a-zA-Z](?!.*--)[a-zA-Z0-9-]{1,22}[a-zA-Z0-9]$/, { error: "must be 3-24 letters, digits and single hyphens, starting with a letter (globally unique)" }),
    /** Resource group of the vault; defaults to the region's resource group. */
    resourceGroupName: z
      .string()
      .regex(RESOURCE_GROUP_PATTERN, { error: "must be the name of an existing resource group (1-90 letters, digits, _ . - ( ), not ending with a dot)" })
      .optional(),
    /** Entra ID tenant of the vault. */
    tenantId: z.string().regex(UUID, { error: "must be the Entra ID (Azure AD) tenant id of the vault, a UUID" }),
    sku: z.enum(["standard", "premium"], { error: 'must be "standard" or "premium" (premium for HSM-backed keys)' }).default("standard"),
    keyName: z.string().regex(/^[a-zA-Z0-9-]{1,127}$/, { error: "must be 1-127 letters, digits or hyphens" }).default("aura-cmk"),
    keyType: z.enum(["RSA", "RSA-HSM"], { error: 'must be "RSA" or "RSA-HSM"' }).default("RSA"),
    keySize: z.number({ error: "must be 2048, 3072 or 4096" }).refine((n) => n === 2048 || n === 3072 || n === 4096, { error: "must be 2048, 3072 or 4096" }).default(4096),
    rotation: z.boolean({ error: "must be true or false (automatic rotation; on by default)" }).default(true),
    rotateAfterDays: intIn(7, 36500, "Key Vault rotates at least 7 days after creation").default(365),
    softDeleteRetentionDays: intIn(7, 90, "Key Vault soft-delete retention").default(90),
    allowDestroy,
    /**
     * The "Neo4j CMK Application ID" the Aura console shows: the stack creates (or adopts, if it exists) that
     * application's service principal in your tenant with the azuread provider and gives it Aura's role.
     */
    auraApplicationId: z.string().regex(UUID, { error: 'must be the "Neo4j CMK Application ID" (a UUID) the Aura console shows' }).optional(),
    /** Object id of the Aura CMK application's service principal in your tenant, for pipelines that may not create it. */
    auraServicePrincipalObjectId: z.string().regex(UUID, { error: "must be the object id (UUID) of the Aura CMK application's service principal in your tenant" }).optional(),
    /**
     * Which Key Identifier Aura is given (console hand-off and Aura API): "versioned", the key version's Key
     * Identifier Aura's CMK page asks for (default), or "versionless".
     */
    auraKeyIdentifier: z.enum(["versioned", "versionless"], { error: 'must be "versioned" (the key version\'s Key Identifier, as Aura\'s CMK page asks) or "versionless"' }).default("versioned"),
    /** Principals (object ids) that get "Key Vault Administrator" on the vault, e.g. the deploying identity. */
    administratorObjectIds: z.array(z.string().regex(UUID, { error: "must be an Entra ID object id (UUID)" })).default([]),
    /**
     * The vault firewall, as Aura's CMK page offers it: "all" networks, "selected" networks and IPs, or
     * "disabled"; trusted Microsoft services bypass it whenever it is restricted.
     */
    publicNetworkAccess: z
      .enum(["all", "selected", "disabled"], {
        error: 'must be "all" (public access from all networks), "selected" (only allowedIpRanges and allowedSubnetIds) or "disabled" (private endpoint only)',
      })
      .default("all"),
    allowedIpRanges: z
      .array(
        z.string().regex(IPV4_ADDRESS_OR_PREFIX, {
          error: 'must be a public IPv4 address or CIDR like "203.0.113.10" or "203.0.113.0/24" (numbers 0-255 without leading zeros)',
        }),
      )
      .default([]),
    allowedSubnetIds: z
      .array(
        // The same parser as the endpoint's subnetId: Azure's name characters only (a "${" would reach Terraform as a template).
        z
          .string()
          .refine((v) => parseSubnetId(v) !== null, {
            error: 'must be a subnet resource id like "/subscriptions/<subscription>/resourceGroups/<group>/providers/Microsoft.Network/virtualNetworks/<vnet>/subnets/<subnet>"',
          })
          .transform((v) => v.trim()),
      )
      .default([]),
    /** Seconds to wait after new administratorObjectIds assignments before creating the key (RBAC propagation); 0 = no wait. */
    rbacPropagationWaitSeconds: z
      .int({ error: "must be a whole number of seconds, 0-1800 (0 turns the wait off)" })
      .min(0, { error: "must be a whole number of seconds, 0-1800 (0 turns the wait off)" })
      .max(1800, { error: "must be a whole number of seconds, 0-1800 (0 turns the wait off)" })
      .default(120),
    /** Normalized like the region's location ("West Europe" is "westeurope"), so the two compare. */
    instanceRegion: z
      .string()
      .transform(normalizeAzureLocation)
      .pipe(z.string().regex(AZURE_LOCATION_PATTERN, { error: 'must be an Azure location like "westeurope" or "West Europe"' }))
      .optional(),
    auraApi: auraApiSchema.optional(),
    tags: azureTagsSchema.default({}),
  })
  .superRefine((k, ctx) => {
    // Exactly one way to name Aura's service principal (docs/vendor-facts.md, "Azure customer managed keys").
    if (k.auraApplicationId === undefined && k.auraServicePrincipalObjectId === undefined) {
      ctx.addIssue({
        code: "custom",
        path: [],
        params: { noValue: true },
        message:
          "give auraApplicationId (the Neo4j CMK Application ID from the Aura console: the stack creates or adopts its service principal) or auraServicePrincipalObjectId (the object id of a service principal you created with az ad sp create --id <Application ID>)",
      });
    } else if (k.auraApplicationId !== undefined && k.auraServicePrincipalObjectId !== undefined) {
      ctx.addIssue({
        code: "custom",
        path: ["auraServicePrincipalObjectId"],
        input: k.auraServicePrincipalObjectId,
        message: "is given together with auraApplicationId; give exactly one: auraApplicationId lets the stack create (or adopt) the service principal, auraServicePrincipalObjectId names one you created",
      });
    }
    if (k.keyType === "RSA-HSM" && k.sku !== "premium") {
      ctx.addIssue({ code: "custom", path: ["keyType"], input: k.keyType, message: 'HSM-backed keys need sku: "premium"' });
    }
    if (k.publicNetworkAccess !== "selected") {
      for (const field of ["allowedIpRanges", "allowedSubnetIds"] as const) {
        if (k[field].length > 0) {
          ctx.addIssue({ code: "custom", path: [field], input: k[field], message: `applies to publicNetworkAccess "selected" only (got "${k.publicNetworkAccess}"); remove it or set publicNetworkAccess: "selected"` });
        }
      }
    } else if (k.allowedIpRanges.length === 0 && k.allowedSubnetIds.length === 0) {
      ctx.addIssue({
        code: "custom",
        path: ["publicNetworkAccess"],
        input: k.publicNetworkAccess,
        message: '"selected" needs allowedIpRanges or allowedSubnetIds (at least the network terraform runs from, or it cannot create the key); use "disabled" for private endpoint access only',
      });
    }
  });
export type AzureKeyConfig = z.infer<typeof azureKeySchema>;

/** Reads the statement file of a source relative to baseDir and parses it; errors name the config path. */
export function resolveAuraStatementSource(source: AuraStatementSource, baseDir: string, configPath: string): { value?: unknown; where: string; errors: string[] } {
  if (source.file === undefined || source.inline !== undefined) return { value: source.inline, where: configPath, errors: [] };
  const where = `${configPath}.file (${source.file})`;
  const file = path.resolve(baseDir, source.file);
  let text: string;
  try {
    text = fs.readFileSync(file, "utf8");
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code ?? "error";
    return { where, errors: [`${configPath}.file: got ${formatValue(source.file)}; cannot read ${file} (${code}): give a JSON file with the statement(s) from the Aura console, relative to the config file's folder`] };
  }
  try {
    return { value: JSON.parse(text), where, errors: [] };
  } catch (err) {
    return { where, errors: [`${configPath}.file: got ${formatValue(source.file)}; ${file} is not valid JSON (${(err as Error).message}); save the console's JSON unchanged`] };
  }
}

/** The alias of a key whose config names none; its replicas carry the same alias. */
export function defaultKeyAlias(project: string, region: string): string {
  return `${project}-aura-${region}`;
}

interface AwsRegionWithKey {
  cloud: "aws";
  region: string;
  accountId: string;
  customerManagedKey?: AwsKeyConfig;
}

/**
 * Checks of customer managed keys that need more than one field: reads statement files (filling in
 * `auraStatement.inline`), composes and lints each AWS key policy, and checks replicas against the
 * configured regions. Returns one message per problem; warnings are reported again at synth.
 */
export function checkCustomerManagedKeys(project: string, regions: ReadonlyArray<{ cloud: string; region: string }>, baseDir: string): string[] {
  const problems: string[] = [];
  const awsRegions = new Map<string, number>();
  regions.forEach((r, i) => {
    if (r.cloud === "aws") awsRegions.set(r.region, i);
  });
  const aliases = new Map<string, string>();
  const claimAlias = (region: string, alias: string, where: string) => {
    const key = `${region}/${alias}`;
    const prior = aliases.get(key);
    if (prior !== undefined) problems.push(`${where}: got ${formatValue(alias)}; alias/${alias} is already used in ${region} by ${prior}; aliases are unique per region`);
    else aliases.set(key, where);
  };

  regions.forEach((entry, i) => {
    const other = (entry as { customerManagedKey?: { instanceRegion?: string } }).customerManagedKey;
    if (entry.cloud !== "aws" && other?.instanceRegion !== undefined && other.instanceRegion !== entry.region) {
      problems.push(
        `regions[${i}].customerManagedKey.instanceRegion: got ${formatValue(other.instanceRegion)}, but the key is created in ${entry.region}; Aura only uses keys in the instance's own region: configure the key in the ${other.instanceRegion} entry`,
      );
    }
    if (entry.cloud !== "aws") return;
    const r = entry as AwsRegionWithKey;
    const key = r.customerManagedKey;
    if (!key) return;
    const at = `regions[${i}].customerManagedKey`;
    // Default aliases count too: a written alias must not take the one another key gets by default.
    const alias = key.alias ?? defaultKeyAlias(project, r.region);
    claimAlias(r.region, alias, `${at}.alias`);

    const source = resolveAuraStatementSource(key.auraStatement, baseDir, `${at}.auraStatement`);
    problems.push(...source.errors);
    if (source.errors.length === 0) {
      key.auraStatement.inline = source.value;
      const result = buildKeyPolicy({
        accountId: r.accountId,
        partition: awsPartition(r.region),
        adminPrincipals: key.adminPrincipals,
        userPrincipals: key.userPrincipals,
        auraStatement: source.value,
        keyRegion: r.region,
        instanceRegion: key.instanceRegion ?? r.region,
        configPath: at,
        auraStatementWhere: source.where,
      });
      problems.push(...result.errors);
    }

    const partition = awsPartition(r.region);
    [...key.adminPrincipals.map((p, j) => [p, `adminPrincipals[${j}]`]), ...key.userPrincipals.map((p, j) => [p, `userPrincipals[${j}]`])].forEach(([arn, field]) => {
      if (!arn!.startsWith(`arn:${partition}:`)) problems.push(`${at}.${field}: got ${formatValue(arn)}; ${r.region} is in partition ${partition}: use arn:${partition}:iam::...`);
    });

    if (key.primaryKeyArn) {
      const m = /^arn:[^:]+:kms:([^:]+):([0-9]{12}):/.exec(key.primaryKeyArn)!;
      if (m[1] !== r.region || m[2] !== r.accountId) {
        problems.push(`${at}.primaryKeyArn: got ${formatValue(key.primaryKeyArn)}; must be this key's ARN, in ${r.region} and account ${r.accountId} (the kms_key_arn output of this region's stack)`);
      }
    }
    key.replicas.forEach((replica, j) => {
      if (replica === r.region) {
        problems.push(`${at}.replicas[${j}]: got ${formatValue(replica)}; that is the key's own region; list other regions`);
      } else if (!awsRegions.has(replica)) {
        problems.push(
          `${at}.replicas[${j}]: got ${formatValue(replica)}; a replica lives in that region's stack, but no AWS region ${replica} is configured; add a regions entry for ${replica} or remove the replica`,
        );
      } else claimAlias(replica, alias, `${at}.alias (replica in ${replica})`);
    });
  });
  return problems;
}
