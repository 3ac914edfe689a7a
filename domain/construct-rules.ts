import { CUSTOM_ENDPOINT_DOMAIN } from "./aura/names";
import { IPV4_ADDRESS } from "./cidr";
import { AWS_DELETION_WINDOW, AWS_ROTATION_PERIOD } from "./aws/kms-limits";
import { GUID_PATTERN, parsePrivateLinkAlias, parseSubnetId, parsePrivateDnsZoneId } from "./azure/names";
import { GCP_PROJECT_ID_PATTERN, parseNetwork, parseServiceAttachment, parseSubnetwork } from "./gcp/names";
import { isToken, tagPropProblems, type PropProblem } from "./props";
import { awsTagProblems, azureTagProblems, gcpLabelProblems } from "./tags";
import { templateProblem } from "./terraform-literal";

/**
 * Prop rules of the DNS, key and endpoint constructs of GCP and Azure, and of the AWS DNS and key
 * constructs: the same facts the config schema checks, from the same domain functions. Pure.
 */

// A per-name zone (`<name>.endpoints.neo4j.io`, `a-<name>...`) holds one custom endpoint name at its apex.
const AURA_ZONE = /^(production-orch-[a-z0-9]{1,20}\.neo4j\.io|(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)?endpoints\.neo4j\.io)$/;
const LABEL = /^(\*|[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?)$/;

interface ZoneLike {
  domain: string;
  existingZoneId?: string;
  records: ReadonlyArray<{ label: string; fqdn: string }>;
}

/** DNS refusals every cloud's DNS construct shares: only Aura's domains, records inside their zone, each zone once. */
export function plannedZoneProblems(zones: readonly ZoneLike[], existingZoneId?: (id: string) => string | null): PropProblem[] {
  const out: PropProblem[] = [];
  const seen = new Set<string>();
  zones.forEach((z, i) => {
    if (!AURA_ZONE.test(z.domain)) {
      out.push({ prop: `zones[${i}].domain`, value: z.domain, problem: `must be an Aura domain: "production-orch-<orch>.neo4j.io", "${CUSTOM_ENDPOINT_DOMAIN}" or one name in it (a private zone for any wider domain hides every other name in it); plan zones with planRegionDns` });
    }
    if (seen.has(z.domain)) out.push({ prop: `zones[${i}].domain`, value: z.domain, problem: "is planned twice; one zone per domain" });
    seen.add(z.domain);
    z.records.forEach((r, j) => {
      const apex = r.label === "@" && r.fqdn === z.domain;
      if (!apex && (!LABEL.test(r.label) || r.fqdn !== `${r.label}.${z.domain}`)) {
        out.push({ prop: `zones[${i}].records[${j}]`, value: r, problem: `must be a record of ${z.domain}: "@" for the apex, or a DNS label ("*" or lowercase letters, digits, hyphens) with fqdn "<label>.${z.domain}"` });
      }
    });
    if (z.existingZoneId !== undefined && existingZoneId && !isToken(z.existingZoneId)) {
      const problem = existingZoneId(z.existingZoneId);
      if (problem) out.push({ prop: `zones[${i}].existingZoneId`, value: z.existingZoneId, problem });
    }
  });
  return out;
}

export function route53DnsProblems(p: { zones: readonly ZoneLike[]; vpcs: ReadonlyArray<{ vpcId: string; region: string }>; tags?: Readonly<Record<string, string>> }): PropProblem[] {
  const out = plannedZoneProblems(p.zones, (id) => (/^Z[0-9A-Z]{1,32}$/.test(id) ? null : 'must be a Route53 hosted zone id like "Z0123456789ABCDEFGHIJ"'));
  if (p.zones.some((z) => !z.existingZoneId) && p.vpcs.length === 0) out.push({ prop: "vpcs", value: p.vpcs, problem: "list at least one VPC: a private zone without VPCs answers no one" });
  p.vpcs.forEach((v, i) => {
    if (!/^[a-z]{2}(-gov)?-[a-z]+-[0-9]+$/.test(v.region)) out.push({ prop: `vpcs[${i}].region`, value: v.region, problem: 'must be an AWS region like "us-east-1"' });
  });
  return [...out, ...tagPropProblems("tags", p.tags, awsTagProblems)];
}

function ipProblems(ip: string): PropProblem[] {
  return isToken(ip) || IPV4_ADDRESS.test(ip) ? [] : [{ prop: "ipAddress", value: ip, problem: "must be the endpoint's IPv4 address, four numbers 0-255 without leading zeros (or its attribute, e.g. endpoint.address.address)" }];
}

export function gcpDnsProblems(p: { project: string; zones: readonly ZoneLike[]; networks: readonly string[]; ipAddress: string; labels?: Readonly<Record<string, string>> }): PropProblem[] {
  const out = plannedZoneProblems(p.zones);
  if (!GCP_PROJECT_ID_PATTERN.test(p.project)) out.push({ prop: "project", value: p.project, problem: 'must be a GCP project id like "acme-graph-prod"' });
  if (p.networks.length === 0) out.push({ prop: "networks", value: p.networks, problem: "list at least one network: private DNS without networks answers no one" });
  p.networks.forEach((n, i) => {
    if (!isToken(n) && !parseNetwork(n)) out.push({ prop: `networks[${i}]`, value: n, problem: 'must be a VPC network self link like "projects/my-project/global/networks/my-vpc"' });
  });
  return [...out, ...ipProblems(p.ipAddress), ...tagPropProblems("labels", p.labels, gcpLabelProblems)];
}

export function azureDnsProblems(p: { zones: readonly ZoneLike[]; vnets: readonly unknown[]; ipAddress: string; tags?: Readonly<Record<string, string>> }): PropProblem[] {
  const out = plannedZoneProblems(p.zones, (id) => (parsePrivateDnsZoneId(id) ? null : 'must be the resource id of an Azure private DNS zone ("/subscriptions/.../privateDnsZones/<domain>")'));
  if (p.zones.some((z) => !z.existingZoneId) && p.vnets.length === 0) out.push({ prop: "vnets", value: p.vnets, problem: "list at least one VNet: a private zone without links answers no one" });
  return [...out, ...ipProblems(p.ipAddress), ...tagPropProblems("tags", p.tags, azureTagProblems)];
}

export function pscEndpointProblems(p: { project: string; region: string; network: string; subnetwork: string; serviceAttachment: string; address?: string; labels?: Readonly<Record<string, string>> }): PropProblem[] {
  const out: PropProblem[] = [];
  if (!GCP_PROJECT_ID_PATTERN.test(p.project)) out.push({ prop: "project", value: p.project, problem: 'must be the GCP project id that Aura allow-lists, like "acme-graph-prod"' });
  const attachment = parseServiceAttachment(p.serviceAttachment);
  if (!attachment) out.push({ prop: "serviceAttachment", value: p.serviceAttachment, problem: "must be the service attachment URL shown in the Aura console (projects/<project>/regions/<region>/serviceAttachments/<name>)" });
  else if (attachment.region !== p.region) out.push({ prop: "serviceAttachment", value: p.serviceAttachment, problem: `is a service attachment in ${attachment.region}, but the endpoint is in ${p.region}; a PSC endpoint reaches attachments of its own region only` });
  if (!isToken(p.network) && !parseNetwork(p.network)) out.push({ prop: "network", value: p.network, problem: 'must be a VPC network self link like "projects/my-project/global/networks/my-vpc"' });
  const subnet = isToken(p.subnetwork) ? undefined : parseSubnetwork(p.subnetwork);
  if (subnet === null) out.push({ prop: "subnetwork", value: p.subnetwork, problem: 'must be a subnetwork self link like "projects/my-project/regions/europe-west1/subnetworks/my-subnet"' });
  else if (subnet && subnet.region !== p.region) out.push({ prop: "subnetwork", value: p.subnetwork, problem: `is a subnetwork of ${subnet.region}, but the endpoint is in ${p.region}` });
  if (p.address !== undefined && !IPV4_ADDRESS.test(p.address)) out.push({ prop: "address", value: p.address, problem: 'must be a free IPv4 address of the subnetwork, like "10.10.0.5" (four numbers 0-255 without leading zeros)' });
  return [...out, ...tagPropProblems("labels", p.labels, gcpLabelProblems)];
}

export function azureEndpointProblems(p: { location: string; subnetId: string; privateLinkServiceAlias: string; requestMessage: string; tags?: Readonly<Record<string, string>> }): PropProblem[] {
  const out: PropProblem[] = [];
  const alias = parsePrivateLinkAlias(p.privateLinkServiceAlias);
  if (!alias) out.push({ prop: "privateLinkServiceAlias", value: p.privateLinkServiceAlias, problem: "must be the private link service alias shown in the Aura console (<name>.<guid>.<region>.azure.privatelinkservice)" });
  else if (alias.location !== p.location) out.push({ prop: "privateLinkServiceAlias", value: p.privateLinkServiceAlias, problem: `is a private link service in ${alias.location}, but the endpoint is in ${p.location}; use the alias the Aura console shows for ${p.location}` });
  if (!isToken(p.subnetId) && !parseSubnetId(p.subnetId)) out.push({ prop: "subnetId", value: p.subnetId, problem: "must be a subnet resource id (/subscriptions/<s>/resourceGroups/<g>/providers/Microsoft.Network/virtualNetworks/<v>/subnets/<n>)" });
  if (typeof p.requestMessage !== "string" || p.requestMessage.length === 0 || p.requestMessage.length > 140) {
    out.push({ prop: "requestMessage", value: p.requestMessage, problem: "must be 1-140 characters (Azure's limit for a request message)" });
  } else if (templateProblem(p.requestMessage)) out.push({ prop: "requestMessage", value: p.requestMessage, problem: templateProblem(p.requestMessage)! });
  return [...out, ...tagPropProblems("tags", p.tags, azureTagProblems)];
}

const inRange = (prop: string, value: number | undefined, r: { min: number; max: number }, what: string): PropProblem[] =>
  value === undefined || (Number.isInteger(value) && value >= r.min && value <= r.max) ? [] : [{ prop, value, problem: `must be a whole number of days, ${r.min}-${r.max} (${what})` }];

export function awsKeyProblems(p: { alias: string; accountId: string; description?: string; deletionWindowDays?: number; rotationPeriodDays?: number; primaryKeyArn?: string; region: string; tags?: Readonly<Record<string, string>> }): PropProblem[] {
  const out: PropProblem[] = [];
  const alias = p.alias.replace(/^alias\//, "");
  if (!/^[A-Za-z0-9/_-]{1,250}$/.test(alias)) out.push({ prop: "alias", value: p.alias, problem: 'must be 1-250 letters, digits, "/", "_" or "-"' });
  if (alias.startsWith("aws/")) out.push({ prop: "alias", value: p.alias, problem: 'must not start with "aws/": that prefix is reserved for AWS managed keys' });
  if (!/^[0-9]{12}$/.test(p.accountId)) out.push({ prop: "accountId", value: p.accountId, problem: "must be the 12-digit AWS account id of the key (quote it: leading zeros count)" });
  if (p.description !== undefined && templateProblem(p.description)) out.push({ prop: "description", value: p.description, problem: templateProblem(p.description)! });
  out.push(...inRange("deletionWindowDays", p.deletionWindowDays, AWS_DELETION_WINDOW, "AWS KMS waiting period before deletion"));
  out.push(...inRange("rotationPeriodDays", p.rotationPeriodDays, AWS_ROTATION_PERIOD, "AWS KMS automatic rotation period"));
  if (p.primaryKeyArn !== undefined && !isToken(p.primaryKeyArn)) {
    const m = /^arn:(aws|aws-cn|aws-us-gov):kms:([a-z0-9-]+):([0-9]{12}):key\/mrk-[0-9a-f]{32}$/.exec(p.primaryKeyArn);
    if (!m) out.push({ prop: "primaryKeyArn", value: p.primaryKeyArn, problem: 'must be the ARN of a multi-Region key: "arn:aws:kms:<region>:<account>:key/mrk-<32 hex>"' });
    else if (m[2] === p.region) out.push({ prop: "primaryKeyArn", value: p.primaryKeyArn, problem: `is a key of ${p.region}, the replica's own region; a replica lives in another region than its primary` });
  }
  return [...out, ...tagPropProblems("tags", p.tags, awsTagProblems)];
}

export function gcpKeyProblems(p: { project: string; region: string; keyRingName: string; keyName: string; rotationPeriodDays?: number; destroyScheduledDays?: number; auraServiceAccounts: readonly string[]; labels?: Readonly<Record<string, string>> }): PropProblem[] {
  const out: PropProblem[] = [];
  if (!GCP_PROJECT_ID_PATTERN.test(p.project)) out.push({ prop: "project", value: p.project, problem: 'must be a GCP project id like "acme-graph-prod"' });
  for (const prop of ["keyRingName", "keyName"] as const) {
    if (!/^[a-zA-Z0-9_-]{1,63}$/.test(p[prop])) out.push({ prop, value: p[prop], problem: "must be 1-63 letters, digits, underscores or hyphens" });
  }
  out.push(...inRange("rotationPeriodDays", p.rotationPeriodDays, { min: 1, max: 36500 }, "Cloud KMS automatic rotation period"));
  out.push(...inRange("destroyScheduledDays", p.destroyScheduledDays, { min: 1, max: 120 }, "Cloud KMS scheduled-for-destruction period"));
  if (p.auraServiceAccounts.length === 0) out.push({ prop: "auraServiceAccounts", value: p.auraServiceAccounts, problem: "list the service accounts the Aura console shows for customer managed keys" });
  p.auraServiceAccounts.forEach((a, i) => {
    if (!/^[^@\s]+@[a-z][a-z0-9-]{4,28}[a-z0-9]\.iam\.gserviceaccount\.com$/.test(a)) out.push({ prop: `auraServiceAccounts[${i}]`, value: a, problem: 'must be a service account email like "aura-kms@my-project.iam.gserviceaccount.com"' });
  });
  return [...out, ...tagPropProblems("labels", p.labels, gcpLabelProblems)];
}

export function azureKeyProblems(p: {
  vaultName: string;
  keySize?: number;
  keyType?: string;
  sku?: string;
  rotateAfterDays?: number;
  softDeleteRetentionDays?: number;
  auraApplicationId?: string;
  auraServicePrincipalObjectId?: string;
  tags?: Readonly<Record<string, string>>;
}): PropProblem[] {
  const out: PropProblem[] = [];
  // Exactly one way to name Aura's service principal, as the config schema requires.
  if ((p.auraApplicationId === undefined) === (p.auraServicePrincipalObjectId === undefined)) {
    out.push({
      prop: "auraApplicationId",
      value: p.auraApplicationId,
      problem: "give exactly one of auraApplicationId (the Neo4j CMK Application ID: its service principal is created here) and auraServicePrincipalObjectId (a service principal created beforehand)",
    });
  }
  for (const prop of ["auraApplicationId", "auraServicePrincipalObjectId"] as const) {
    const v = p[prop];
    if (v !== undefined && !isToken(v) && !GUID_PATTERN.test(v.toLowerCase())) out.push({ prop, value: v, problem: "must be a UUID like 00000000-0000-0000-0000-000000000000" });
  }
  if (!/^[a-zA-Z](?!.*--)[a-zA-Z0-9-]{1,22}[a-zA-Z0-9]$/.test(p.vaultName)) out.push({ prop: "vaultName", value: p.vaultName, problem: "must be 3-24 letters, digits and single hyphens, starting with a letter (globally unique)" });
  if (p.keySize !== undefined && ![2048, 3072, 4096].includes(p.keySize)) out.push({ prop: "keySize", value: p.keySize, problem: "must be 2048, 3072 or 4096 (RSA sizes Aura accepts)" });
  if (p.keyType === "RSA-HSM" && p.sku !== "premium") out.push({ prop: "keyType", value: p.keyType, problem: 'HSM-backed keys need sku: "premium"' });
  out.push(...inRange("rotateAfterDays", p.rotateAfterDays, { min: 7, max: 36500 }, "Key Vault rotates at least 7 days after creation"));
  out.push(...inRange("softDeleteRetentionDays", p.softDeleteRetentionDays, { min: 7, max: 90 }, "Key Vault soft-delete retention"));
  return [...out, ...tagPropProblems("tags", p.tags, azureTagProblems)];
}
