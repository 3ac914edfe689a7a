import { sourceSpanIssues, type SourceSpanIssue } from "../address-span-issues";
import { ipv4CidrProblem } from "../cidr";
import { assertProps, isToken, propKey, tagPropProblems, type PropProblem } from "../props";
import { awsTagProblems } from "../tags";
import { templateProblem } from "../terraform-literal";
import { AZ_ID_PATTERN, subnetProblems } from "./availability-zones";

/** Rules of an AWS PrivateLink endpoint shared by the config schema (config/aws.ts) and PrivateLinkEndpoint. */

export const AWS_ENDPOINT_SERVICE_PATTERN = /^com\.amazonaws\.vpce\.([a-z]{2}(?:-gov)?-[a-z]+-[0-9]+)\.vpce-svc-[0-9a-f]{17}$/;
export const VPC_ID_PATTERN = /^vpc-[0-9a-f]{8,17}$/;
export const SUBNET_ID_PATTERN = /^subnet-[0-9a-f]{8,17}$/;
export const SECURITY_GROUP_ID_PATTERN = /^sg-[0-9a-f]{8,17}$/;
export const SERVICE_NAME_HINT = 'must be the endpoint service name shown in the Aura console, like "com.amazonaws.vpce.us-east-1.vpce-svc-0123456789abcdef0"';

/** What the address-span rule says about the endpoint's client sources (domain/address-span.ts). */
export const ENDPOINT_SOURCES_WHAT = "the endpoint would accept connections from all of them";
const ANY_SOURCE_OPT_IN = (given: boolean | undefined) => ({ name: "allowAnyIpv4Source", given: given === true });

/** An endpoint service of another region than the endpoint's: PrivateLink connects within one region. */
export function endpointServiceRegionProblem(serviceName: string, region: string): string | null {
  const serviceRegion = AWS_ENDPOINT_SERVICE_PATTERN.exec(serviceName)?.[1];
  if (!serviceRegion || serviceRegion === region) return null;
  return `is an endpoint service of ${serviceRegion}, but this endpoint is in ${region}; use the service name the Aura console shows for ${region}`;
}

/**
 * Client CIDRs that cover the whole internet, or more public addresses than one /8, without the explicit
 * opt-in: judged by the number of addresses covered (domain/address-span.ts), so two /1 halves count as
 * 0.0.0.0/0. Each issue names an entry (`index`) or the whole list (null). Only valid CIDRs are judged.
 */
export function wideSourceIssues(cidrs: readonly string[], allowAnyIpv4Source: boolean | undefined): SourceSpanIssue[] {
  return sourceSpanIssues(cidrs, ENDPOINT_SOURCES_WHAT, ANY_SOURCE_OPT_IN(allowAnyIpv4Source), (cidr) => !ipv4CidrProblem(cidr));
}

export interface EndpointPropsInput {
  region: string;
  vpcId: string;
  endpointServiceName: string;
  subnetsByAzId?: Readonly<Record<string, string>>;
  subnetIds?: readonly string[];
  allowedCidrs: ReadonlyArray<{ cidr: string; description: string }>;
  allowedSecurityGroups: ReadonlyArray<{ id: string; description: string }>;
  allowAnyIpv4Source?: boolean;
  tags?: Readonly<Record<string, string>>;
}

/** Every rule of PrivateLinkEndpoint's props. Pure. */
export function privateLinkEndpointProblems(p: EndpointPropsInput): PropProblem[] {
  const out: PropProblem[] = [];
  const check = (ok: boolean, prop: string, value: unknown, problem: string) => {
    if (!ok && !isToken(value)) out.push({ prop, value, problem });
  };
  check(typeof p.vpcId === "string" && VPC_ID_PATTERN.test(p.vpcId), "vpcId", p.vpcId, 'must be a VPC id like "vpc-0123456789abcdef0"');
  check(typeof p.endpointServiceName === "string" && AWS_ENDPOINT_SERVICE_PATTERN.test(p.endpointServiceName), "endpointServiceName", p.endpointServiceName, SERVICE_NAME_HINT);
  const serviceRegion = typeof p.endpointServiceName === "string" ? endpointServiceRegionProblem(p.endpointServiceName, p.region) : null;
  if (serviceRegion) out.push({ prop: "endpointServiceName", value: p.endpointServiceName, problem: serviceRegion });
  const bySubnets = p.subnetsByAzId ? Object.entries(p.subnetsByAzId) : [];
  if (bySubnets.length === 0 && (p.subnetIds ?? []).length === 0) {
    out.push({ prop: "subnetsByAzId", value: p.subnetsByAzId, problem: 'give subnets keyed by AZ ID, e.g. { "use1-az1": "subnet-..." } (or subnetIds when AZ IDs are unknown)' });
  }
  if (p.subnetsByAzId && p.subnetIds) out.push({ prop: "subnetIds", value: p.subnetIds, problem: "give either subnetsByAzId or subnetIds, not both" });
  for (const [azId, subnetId] of bySubnets) {
    check(AZ_ID_PATTERN.test(azId), `subnetsByAzId${propKey(azId)}`, subnetId, `keys must be AZ IDs like "use1-az1" (AZ names such as us-east-1a differ per account); got key ${JSON.stringify(azId)}`);
    check(SUBNET_ID_PATTERN.test(subnetId), `subnetsByAzId${propKey(azId)}`, subnetId, 'must be a subnet id like "subnet-0123456789abcdef0"');
  }
  for (const { azId, problem } of subnetProblems(p.region, bySubnets.map(([azId, subnetId]) => ({ azId, subnetId })))) {
    // Stryker disable next-line OptionalChaining: subnetProblems only names AZs of subnetsByAzId, so it is set here
    out.push({ prop: `subnetsByAzId${propKey(azId)}`, value: p.subnetsByAzId?.[azId], problem });
  }
  (p.subnetIds ?? []).forEach((id, i) => check(SUBNET_ID_PATTERN.test(id), `subnetIds[${i}]`, id, 'must be a subnet id like "subnet-0123456789abcdef0"'));
  if (p.allowedCidrs.length === 0 && p.allowedSecurityGroups.length === 0 && !p.allowAnyIpv4Source) {
    out.push({ prop: "allowedCidrs", value: p.allowedCidrs, problem: "list the client CIDRs or security groups allowed to reach Aura; nothing could connect otherwise" });
  }
  p.allowedCidrs.forEach((rule, i) => {
    const invalid = ipv4CidrProblem(rule.cidr);
    if (invalid) out.push({ prop: `allowedCidrs[${i}].cidr`, value: rule.cidr, problem: invalid });
    out.push(...descriptionProblems(`allowedCidrs[${i}].description`, rule.description));
  });
  const cidrs = p.allowedCidrs.map((r) => r.cidr);
  for (const { index, problem } of wideSourceIssues(cidrs, p.allowAnyIpv4Source)) {
    out.push(index === null ? { prop: "allowedCidrs", value: cidrs, problem } : { prop: `allowedCidrs[${index}].cidr`, value: cidrs[index], problem });
  }
  p.allowedSecurityGroups.forEach((g, i) => {
    check(SECURITY_GROUP_ID_PATTERN.test(g.id), `allowedSecurityGroups[${i}].id`, g.id, 'must be a security group id like "sg-0123456789abcdef0"');
    out.push(...descriptionProblems(`allowedSecurityGroups[${i}].description`, g.description));
  });
  out.push(...tagPropProblems("tags", p.tags, awsTagProblems));
  return out;
}

/** Security group rule descriptions: what AWS accepts, and no Terraform template sequence. */
export const RULE_DESCRIPTION_PATTERN = /^[A-Za-z0-9 ._:/()#,@+=&;{}!$*-]{1,255}$/;
function descriptionProblems(prop: string, text: string): PropProblem[] {
  if (typeof text !== "string" || !RULE_DESCRIPTION_PATTERN.test(text)) {
    return [{ prop, value: text, problem: "every rule needs a description that says who connects: 1-255 characters AWS accepts in rule descriptions (no quotes or <>)" }];
  }
  const template = templateProblem(text);
  return template ? [{ prop, value: text, problem: template }] : [];
}

export function assertPrivateLinkEndpointProps(path: string, p: EndpointPropsInput): void {
  assertProps("PrivateLinkEndpoint", path, privateLinkEndpointProblems(p));
}
