import { AURA_PRODUCTS, PRODUCT_LABELS, type AuraProduct } from "../../../domain/aura/names";
import { TwinError, isInstance, type Instance, type StackReader } from "./terraform";

/**
 * What the twin reads from one region stack's cdk.tf.json: the private endpoint and where it sits, the
 * security group rules in front of it, and the private DNS (zones, records, response policies, links).
 * Network ids are namespaced by cloud (`aws:vpc-...`, `gcp:projects/p/global/networks/n`,
 * `azure:/subscriptions/.../virtualnetworks/v`) so one world can hold every cloud.
 */

export type Cloud = "aws" | "gcp" | "azure";

export interface EndpointModel {
  stack: string;
  cloud: Cloud;
  resource: string;
  network: string;
  /** One private address per subnet (AWS: one network interface per subnet). */
  subnets: string[];
  /** AWS: the security group ids in front of the endpoint (evaluated). */
  securityGroups: string[];
  /** AWS: the endpoint service's region (for the endpoint's DNS name). */
  region?: string;
  /** The resource whose computed attributes hold the addresses (GCP: the compute address; else the endpoint). */
  addressResource: string;
}

/** What Aura serves behind the endpoint, from the stack's literal outputs (the twin plays Aura's side). */
export interface AuraSide {
  product: AuraProduct;
  orchestrations: string[];
  customEndpoints: string[];
}

export type RuleSource = { cidr: string } | { cidr6: string } | { securityGroup: string };

export interface IngressRuleModel {
  stack: string;
  resource: string;
  description: string;
  protocol: "tcp" | "udp" | "all";
  fromPort?: number;
  toPort?: number;
  source: RuleSource;
}

export interface RecordModel {
  stack: string;
  resource: string;
  /** Identity of the zone the record belongs to (AWS zone id, GCP project/zone name, Azure group/zone name). */
  zoneKey: string;
  /** Fully qualified, lower case, no trailing dot; may start with `*.`. */
  name: string;
  type: string;
  values?: string[];
  /** AWS alias: the DNS name whose addresses answer. */
  alias?: string;
}

export interface ZoneModel {
  stack: string;
  resource: string;
  key: string;
  apex: string;
  /** Networks the zone is created with, in order (AWS: the first is the one it is created in). */
  networks: string[];
}

/** A zone made visible in another network (AWS zone association, Azure virtual network link). */
export interface ZoneLinkModel {
  stack: string;
  resource: string;
  zoneKey: string;
  network: string;
  /** Azure `resolution_policy = NxDomainRedirect`: NXDOMAIN falls back to public resolution. */
  nxdomainRedirect: boolean;
}

export interface ResponsePolicyModel {
  stack: string;
  resource: string;
  key: string;
  networks: string[];
}

export interface ResponsePolicyRuleModel {
  stack: string;
  resource: string;
  policyKey: string;
  dnsName: string;
  localData: Array<{ type: string; rrdatas: string[] }> | null;
  bypass: boolean;
}

export interface DnsModel {
  zones: ZoneModel[];
  links: ZoneLinkModel[];
  records: RecordModel[];
  policies: ResponsePolicyModel[];
  rules: ResponsePolicyRuleModel[];
}

/** Resource types that do not change the network path (keys, IAM, waits); any other unknown type is refused. */
const NO_NETWORK_EFFECT = [
  /^aws_kms_/,
  /^aws_iam_/,
  /^aws_lambda_/,
  /^aws_vpc_security_group_egress_rule$/,
  /^aws_route53_vpc_association_authorization$/,
  /^google_kms_/,
  /^google_project_iam_/,
  /^azurerm_key_vault/,
  /^azurerm_role_assignment$/,
  // Aura's service principal in the customer's tenant (the key's role goes to it): identity, not network.
  /^azuread_service_principal$/,
  /^terraform_data$/,
];
const MODELLED = new Set([
  "aws_vpc_endpoint",
  "aws_security_group",
  "aws_vpc_security_group_ingress_rule",
  "aws_route53_zone",
  "aws_route53_zone_association",
  "aws_route53_record",
  "google_compute_address",
  "google_compute_forwarding_rule",
  "google_dns_managed_zone",
  "google_dns_record_set",
  "google_dns_response_policy",
  "google_dns_response_policy_rule",
  "azurerm_private_endpoint",
  "azurerm_private_dns_zone",
  "azurerm_private_dns_zone_virtual_network_link",
  "azurerm_private_dns_a_record",
]);

/** True for resource types whose attributes no network decision depends on (keys, IAM, waits). */
export function hasNoNetworkEffect(type: string): boolean {
  return NO_NETWORK_EFFECT.some((r) => r.test(type));
}

/** Refuses a stack holding a resource type the twin cannot tell is harmless to the network path. */
export function checkResourceTypes(reader: StackReader): void {
  for (const type of reader.types()) {
    if (MODELLED.has(type) || hasNoNetworkEffect(type)) continue;
    throw new TwinError(`${reader.stack}: the twin does not model ${type} and cannot tell whether it changes the network path`);
  }
}

const str = (v: unknown, what: string): string => {
  if (typeof v !== "string") throw new TwinError(`${what}: expected a string, got ${JSON.stringify(v)}`);
  return v;
};
const list = (v: unknown): unknown[] => (Array.isArray(v) ? v : v === undefined || v === null ? [] : [v]);
const obj = (v: unknown, what: string): Record<string, unknown> => {
  if (typeof v !== "object" || v === null || Array.isArray(v) || isInstance(v)) throw new TwinError(`${what}: expected an object, got ${JSON.stringify(v)}`);
  return v as Record<string, unknown>;
};
export const fqdn = (name: string): string => name.toLowerCase().replace(/\.$/, "");

export function awsNetwork(vpcId: string): string {
  return `aws:${vpcId}`;
}

/** `https://www.googleapis.com/compute/v1/projects/p/global/networks/n` or `projects/p/global/networks/n`. */
export function gcpNetwork(value: string): string {
  const m = /^(?:https:\/\/(?:www|compute)\.googleapis\.com\/compute\/(?:v1|beta)\/)?(projects\/[^/]+\/global\/networks\/[^/]+)$/.exec(value);
  if (!m) throw new TwinError(`not a GCP network: ${value}`);
  return `gcp:${m[1]}`;
}

/** A VNet id from a VNet or subnet id; Azure ids compare case-insensitively. */
export function azureNetwork(id: string): string {
  const m = /^(\/subscriptions\/[^/]+\/resourcegroups\/[^/]+\/providers\/microsoft\.network\/virtualnetworks\/[^/]+)(?:\/subnets\/[^/]+)?$/i.exec(id);
  if (!m) throw new TwinError(`not an Azure virtual network or subnet id: ${id}`);
  return `azure:${m[1]!.toLowerCase()}`;
}

export function cloudOf(reader: StackReader): Cloud | null {
  const types = reader.types();
  if (types.includes("aws_vpc_endpoint")) return "aws";
  if (types.includes("google_compute_forwarding_rule")) return "gcp";
  if (types.includes("azurerm_private_endpoint")) return "azure";
  return null;
}

/** The stack's private endpoint (exactly one per region stack). */
export function readEndpoint(reader: StackReader): EndpointModel {
  const cloud = cloudOf(reader);
  const at = (i: Instance) => `${reader.stack} ${i.address}`;
  const one = (type: string): Instance => {
    const all = reader.instances(type);
    if (all.length !== 1) throw new TwinError(`${reader.stack}: expected one ${type}, found ${all.length}`);
    return all[0]!;
  };
  if (cloud === "aws") {
    const e = one("aws_vpc_endpoint");
    if (reader.optional(e, "vpc_endpoint_type") !== "Interface") throw new TwinError(`${at(e)}: only Interface endpoints are modelled`);
    const service = str(reader.attr(e, "service_name"), `${at(e)} service_name`);
    const region = /^com\.amazonaws\.vpce\.([a-z0-9-]+)\.vpce-svc-[0-9a-f]+$/.exec(service)?.[1];
    if (!region) throw new TwinError(`${at(e)}: service_name ${service} is not an endpoint service name`);
    return {
      stack: reader.stack,
      cloud,
      resource: e.address,
      network: awsNetwork(str(reader.attr(e, "vpc_id"), `${at(e)} vpc_id`)),
      subnets: list(reader.attr(e, "subnet_ids")).map((s) => str(s, `${at(e)} subnet_ids`)),
      securityGroups: list(reader.optional(e, "security_group_ids")).map((s) => str(s, `${at(e)} security_group_ids`)),
      region,
      addressResource: e.address,
    };
  }
  if (cloud === "gcp") {
    const rule = one("google_compute_forwarding_rule");
    if (reader.optional(rule, "load_balancing_scheme") !== "") throw new TwinError(`${at(rule)}: only Private Service Connect endpoints (load_balancing_scheme "") are modelled`);
    // The stacks reserve the address as a resource and pass its id; a literal IP would be an address the twin cannot place.
    const ip = reader.attr(rule, "ip_address");
    const address = reader.instances("google_compute_address").find((a) => reader.attr(a, "id") === ip);
    if (!address) throw new TwinError(`${at(rule)}: ip_address ${JSON.stringify(ip)} is not the id of a google_compute_address of this stack`);
    return {
      stack: reader.stack,
      cloud,
      resource: rule.address,
      network: gcpNetwork(str(reader.attr(rule, "network"), `${at(rule)} network`)),
      subnets: [str(reader.attr(address, "subnetwork"), `${at(address)} subnetwork`)],
      securityGroups: [],
      addressResource: address.address,
    };
  }
  if (cloud === "azure") {
    const e = one("azurerm_private_endpoint");
    const subnet = str(reader.attr(e, "subnet_id"), `${at(e)} subnet_id`);
    return { stack: reader.stack, cloud, resource: e.address, network: azureNetwork(subnet), subnets: [subnet], securityGroups: [], addressResource: e.address };
  }
  throw new TwinError(`${reader.stack}: no private endpoint (aws_vpc_endpoint, google_compute_forwarding_rule or azurerm_private_endpoint)`);
}

const ORCH_URI = /^neo4j\+s:\/\/<dbid>\.production-orch-([a-z0-9]+)\.neo4j\.io$/;
const CUSTOM_CHECK = /^nslookup ([a-z0-9-]+)\.endpoints\.neo4j\.io$/;

/** Product, orchestrations and custom endpoints, from the stack's literal outputs (what Aura serves). */
export function readAuraSide(reader: StackReader): AuraSide {
  const outputs = reader.json.output ?? {};
  const console = outputs.aura_console?.value as Record<string, unknown> | undefined;
  const label = console?.product;
  const product = AURA_PRODUCTS.find((p) => PRODUCT_LABELS[p] === label);
  if (!product) throw new TwinError(`${reader.stack}: output aura_console.product ${JSON.stringify(label)} is not an Aura product`);
  const orchestrations = list(outputs.private_uri_patterns?.value).map((p) => {
    const m = ORCH_URI.exec(String(p));
    if (!m) throw new TwinError(`${reader.stack}: output private_uri_patterns holds ${JSON.stringify(p)}`);
    return m[1]!;
  });
  const customEndpoints = list(console?.connectivity_checks).flatMap((c) => {
    const m = CUSTOM_CHECK.exec(String(c));
    return m ? [m[1]!] : [];
  });
  return { product, orchestrations, customEndpoints };
}

/** The ingress rules of the endpoint's security groups (aws_vpc_security_group_ingress_rule). */
export function readIngressRules(reader: StackReader, endpoint: EndpointModel): IngressRuleModel[] {
  for (const sg of reader.instances("aws_security_group")) {
    if (!endpoint.securityGroups.includes(String(reader.attr(sg, "id")))) continue;
    if (list(reader.optional(sg, "ingress")).length) throw new TwinError(`${reader.stack} ${sg.address}: inline ingress blocks are not modelled`);
  }
  const rules: IngressRuleModel[] = [];
  for (const r of reader.instances("aws_vpc_security_group_ingress_rule")) {
    if (!endpoint.securityGroups.includes(String(reader.attr(r, "security_group_id")))) continue;
    const at = `${reader.stack} ${r.address}`;
    const proto = String(reader.attr(r, "ip_protocol")).toLowerCase();
    const protocol = proto === "-1" || proto === "all" ? "all" : proto === "tcp" || proto === "6" ? "tcp" : proto === "udp" || proto === "17" ? "udp" : null;
    if (!protocol) throw new TwinError(`${at}: ip_protocol ${proto} is not modelled (tcp, udp, -1)`);
    const given = ["cidr_ipv4", "cidr_ipv6", "referenced_security_group_id", "prefix_list_id"].filter((k) => reader.optional(r, k) !== undefined);
    if (given.length !== 1 || given[0] === "prefix_list_id") {
      throw new TwinError(`${at}: needs exactly one of cidr_ipv4, cidr_ipv6, referenced_security_group_id (prefix lists are not modelled)`);
    }
    const key = given[0]!;
    const value = str(reader.attr(r, key), `${at} ${key}`);
    const source: RuleSource = key === "cidr_ipv4" ? { cidr: value } : key === "cidr_ipv6" ? { cidr6: value } : { securityGroup: value };
    const ports = protocol === "all" ? {} : { fromPort: Number(reader.attr(r, "from_port")), toPort: Number(reader.attr(r, "to_port")) };
    rules.push({
      stack: reader.stack,
      resource: r.address,
      description: String(reader.optional(r, "description") ?? ""),
      protocol,
      ...ports,
      source,
    });
  }
  return rules;
}

/** Zones, links, records and response policies of a stack. */
export function readDns(reader: StackReader): DnsModel {
  const m: DnsModel = { zones: [], links: [], records: [], policies: [], rules: [] };
  const s = reader.stack;
  const at = (i: Instance) => `${s} ${i.address}`;

  for (const z of reader.instances("aws_route53_zone")) {
    const vpcs = list(reader.optional(z, "vpc")).map((v) => awsNetwork(str(obj(v, `${at(z)} vpc`).vpc_id, `${at(z)} vpc.vpc_id`)));
    if (!vpcs.length) throw new TwinError(`${at(z)}: a public hosted zone; the twin models private zones only`);
    m.zones.push({ stack: s, resource: z.address, key: String(reader.attr(z, "zone_id")), apex: fqdn(str(reader.attr(z, "name"), `${at(z)} name`)), networks: vpcs });
  }
  for (const a of reader.instances("aws_route53_zone_association")) {
    m.links.push({ stack: s, resource: a.address, zoneKey: String(reader.attr(a, "zone_id")), network: awsNetwork(str(reader.attr(a, "vpc_id"), `${at(a)} vpc_id`)), nxdomainRedirect: false });
  }
  for (const r of reader.instances("aws_route53_record")) {
    for (const policy of ["set_identifier", "weighted_routing_policy", "latency_routing_policy", "failover_routing_policy", "geolocation_routing_policy"]) {
      if (reader.optional(r, policy) !== undefined) throw new TwinError(`${at(r)}: ${policy} is not modelled`);
    }
    const alias = reader.optional(r, "alias");
    m.records.push({
      stack: s,
      resource: r.address,
      zoneKey: String(reader.attr(r, "zone_id")),
      name: fqdn(str(reader.attr(r, "name"), `${at(r)} name`)),
      type: str(reader.attr(r, "type"), `${at(r)} type`).toUpperCase(),
      ...(alias !== undefined
        ? { alias: fqdn(str(obj(list(alias)[0], `${at(r)} alias`).name, `${at(r)} alias.name`)) }
        : { values: list(reader.attr(r, "records")).map((v) => str(v, `${at(r)} records`)) }),
    });
  }

  const gcpKey = (project: unknown, name: unknown, what: string) => `${str(project, `${what} project`)}/${str(name, `${what} name`)}`;
  for (const z of reader.instances("google_dns_managed_zone")) {
    if (reader.optional(z, "visibility") !== "private") throw new TwinError(`${at(z)}: a public managed zone; the twin models private zones only`);
    for (const kind of ["forwarding_config", "peering_config"]) {
      if (reader.optional(z, kind) !== undefined) throw new TwinError(`${at(z)}: ${kind} is not modelled`);
    }
    const networks = list(obj(reader.attr(z, "private_visibility_config"), `${at(z)} private_visibility_config`).networks).map((n) =>
      gcpNetwork(str(obj(n, `${at(z)} networks`).network_url, `${at(z)} network_url`)),
    );
    m.zones.push({ stack: s, resource: z.address, key: gcpKey(reader.attr(z, "project"), reader.attr(z, "name"), at(z)), apex: fqdn(str(reader.attr(z, "dns_name"), `${at(z)} dns_name`)), networks });
  }
  for (const r of reader.instances("google_dns_record_set")) {
    m.records.push({
      stack: s,
      resource: r.address,
      zoneKey: gcpKey(reader.attr(r, "project"), reader.attr(r, "managed_zone"), at(r)),
      name: fqdn(str(reader.attr(r, "name"), `${at(r)} name`)),
      type: str(reader.attr(r, "type"), `${at(r)} type`).toUpperCase(),
      values: list(reader.attr(r, "rrdatas")).map((v) => str(v, `${at(r)} rrdatas`)),
    });
  }
  for (const p of reader.instances("google_dns_response_policy")) {
    const networks = list(reader.optional(p, "networks")).map((n) => gcpNetwork(str(obj(n, `${at(p)} networks`).network_url, `${at(p)} network_url`)));
    if (reader.optional(p, "gke_clusters") !== undefined) throw new TwinError(`${at(p)}: gke_clusters are not modelled`);
    m.policies.push({ stack: s, resource: p.address, key: gcpKey(reader.attr(p, "project"), reader.attr(p, "response_policy_name"), at(p)), networks });
  }
  for (const r of reader.instances("google_dns_response_policy_rule")) {
    const local = reader.optional(r, "local_data");
    const behavior = reader.optional(r, "behavior");
    if ((local === undefined) === (behavior === undefined)) throw new TwinError(`${at(r)}: needs exactly one of local_data and behavior`);
    if (behavior !== undefined && behavior !== "bypassResponsePolicy") throw new TwinError(`${at(r)}: behavior ${JSON.stringify(behavior)} is not modelled`);
    m.rules.push({
      stack: s,
      resource: r.address,
      policyKey: gcpKey(reader.attr(r, "project"), reader.attr(r, "response_policy"), at(r)),
      dnsName: fqdn(str(reader.attr(r, "dns_name"), `${at(r)} dns_name`)),
      localData:
        local === undefined
          ? null
          : list(obj(list(local)[0], `${at(r)} local_data`).local_datas).map((d) => {
              const data = obj(d, `${at(r)} local_datas`);
              if (fqdn(str(data.name, `${at(r)} local_datas.name`)) !== fqdn(str(reader.attr(r, "dns_name"), ""))) {
                throw new TwinError(`${at(r)}: local data name ${String(data.name)} must match dns_name (Cloud DNS requires it)`);
              }
              return { type: str(data.type, `${at(r)} local_datas.type`).toUpperCase(), rrdatas: list(data.rrdatas).map((v) => str(v, `${at(r)} rrdatas`)) };
            }),
      bypass: behavior !== undefined,
    });
  }

  const azKey = (group: unknown, zone: unknown, what: string) => `${str(group, `${what} resource_group_name`)}/${fqdn(str(zone, `${what} zone name`))}`.toLowerCase();
  for (const z of reader.instances("azurerm_private_dns_zone")) {
    m.zones.push({ stack: s, resource: z.address, key: azKey(reader.attr(z, "resource_group_name"), reader.attr(z, "name"), at(z)), apex: fqdn(str(reader.attr(z, "name"), `${at(z)} name`)), networks: [] });
  }
  for (const l of reader.instances("azurerm_private_dns_zone_virtual_network_link")) {
    const policy = reader.optional(l, "resolution_policy");
    if (policy !== undefined && policy !== "Default" && policy !== "NxDomainRedirect") throw new TwinError(`${at(l)}: resolution_policy ${String(policy)} is not modelled`);
    m.links.push({
      stack: s,
      resource: l.address,
      zoneKey: azKey(reader.attr(l, "resource_group_name"), reader.attr(l, "private_dns_zone_name"), at(l)),
      network: azureNetwork(str(reader.attr(l, "virtual_network_id"), `${at(l)} virtual_network_id`)),
      nxdomainRedirect: policy === "NxDomainRedirect",
    });
  }
  for (const r of reader.instances("azurerm_private_dns_a_record")) {
    const zone = fqdn(str(reader.attr(r, "zone_name"), `${at(r)} zone_name`));
    const label = str(reader.attr(r, "name"), `${at(r)} name`).toLowerCase();
    m.records.push({
      stack: s,
      resource: r.address,
      zoneKey: azKey(reader.attr(r, "resource_group_name"), zone, at(r)),
      name: label === "@" ? zone : `${label}.${zone}`,
      type: "A",
      values: list(reader.attr(r, "records")).map((v) => str(v, `${at(r)} records`)),
    });
  }
  return m;
}
