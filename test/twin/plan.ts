import { createHash } from "node:crypto";
import { auraPorts } from "../../domain/aura/names";
import type { DnsView, RecordData } from "./dns/resolution";
import { cidrContains, cidrsOverlap, ipToNumber, ipv4Range, isIpv4Cidr, numberToIp } from "./net/ipv4";
import { endpointRuleset } from "./net/nftables";
import {
  checkResourceTypes,
  cloudOf,
  hasNoNetworkEffect,
  readAuraSide,
  readDns,
  readEndpoint,
  readIngressRules,
  type AuraSide,
  type Cloud,
  type DnsModel,
  type IngressRuleModel,
} from "./model/stacks";
import { StackReader, TwinError, type Instance, type StackJson } from "./model/terraform";

/**
 * The twin of a deployment, decided from synthesized stacks alone: which hosts exist, their addresses,
 * the nftables ruleset in front of each endpoint, what each network's resolver answers, the outputs
 * terraform would print, and what the clouds would refuse at apply. Pure (no I/O): net/world.ts builds it.
 *
 * Addresses: every network gets a /16 of 100.64.0.0/10 (RFC 6598, private to verify) that overlaps no
 * allowed CIDR; its resolver is base+2 (like a VPC's Route 53 Resolver), endpoint interfaces are
 * base+(10+i).10, one per subnet. Clients sit in each allowed CIDR (at its network address + 10) and in
 * each referenced security group; an outside client sits in the network outside every allowed source.
 * The public resolver is 198.19.0.53; public answers come from 198.18.0.0/16 (dns/resolution.ts).
 */

export interface TwinInput {
  /** Stacks in the order they are applied (a later zone that conflicts with an earlier one fails). */
  stacks: ReadonlyArray<{ name: string; json: StackJson }>;
  /** Which network holds the clients of an allowed CIDR (default: the network of the endpoint that allows it). */
  clientNetworks?: Readonly<Record<string, string>>;
}

export interface PlannedNetwork {
  id: string;
  cidr: string;
  resolver: string;
}

export interface PlannedEndpoint {
  stack: string;
  cloud: Cloud;
  resource: string;
  network: string;
  addresses: string[];
  aura: AuraSide;
  ports: number[];
  rules: IngressRuleModel[] | null;
  ruleset: string;
}

export interface PlannedClient {
  /** Short, unique: what the client stands for (`10.20.0.0/16 in aws:vpc-0a1b...`). */
  label: string;
  kind: "cidr" | "security-group" | "outside" | "inside";
  /** The network whose resolver the client asks, or null for a host outside every network (public DNS only). */
  network: string | null;
  address: string;
  dnsServer: string;
  /** The allowed CIDR or security group it stands in, if any. */
  source?: string;
}

export interface TwinPlan {
  networks: PlannedNetwork[];
  endpoints: PlannedEndpoint[];
  clients: PlannedClient[];
  views: DnsView[];
  /** Names the public DNS answers with fixed addresses (AWS endpoint DNS names answer their interfaces' addresses). */
  publicRecords: Record<string, string[]>;
  publicResolver: string;
  /** `terraform output` of each stack, as cdktf's --outputs-file writes them: { stack: { name: value } }. */
  outputs: Record<string, Record<string, unknown>>;
  /** What the clouds would refuse at apply (the resource is then missing in the twin). */
  applyErrors: string[];
}

export const PUBLIC_RESOLVER = "198.19.0.53";

/** Client labels, so tests name the hosts the plan makes. */
export const clientLabel = {
  cidr: (cidr: string, network: string) => `${cidr} in ${network}`,
  member: (securityGroup: string, network: string) => `member of ${securityGroup} in ${network}`,
  outsideSources: (network: string) => `outside the allowed sources in ${network}`,
  inside: (network: string) => `inside ${network}`,
  outsideNetworks: (network: string) => `outside every network (for ${network})`,
};
const POOL_FIRST = ipToNumber("100.64.0.0");
const POOL_LAST = ipToNumber("100.127.255.255");
/** Stable made-up identifiers: the same stacks always get the same ids. */
const hex = (seed: string, length: number) => createHash("sha256").update(seed).digest("hex").slice(0, length);

/** Computed attributes the twin answers for: ids, the endpoint's addresses and DNS names. */
interface Known {
  addresses: Map<string, string[]>;
  endpointDnsNames: Map<string, string>;
}

function computedFor(known: Known) {
  return (i: Instance, attribute: string, configured: unknown): unknown => {
    const key = `${i.stack} ${i.address}`;
    switch (`${i.type}.${attribute}`) {
      case "aws_vpc_endpoint.id":
        return `vpce-${hex(key, 17)}`;
      case "aws_vpc_endpoint.dns_entry": {
        const name = known.endpointDnsNames.get(key);
        if (!name) throw new TwinError(`${key}: dns_entry asked before the endpoint was placed`);
        // Only the regional entry: the zonal ones are named after AZs, which cdk.tf.json does not hold.
        return [{ dns_name: name, hosted_zone_id: `Z${hex(`${key} hz`, 13).toUpperCase()}` }];
      }
      case "aws_vpc_endpoint.network_interface_ids":
        return (known.addresses.get(key) ?? []).map((_, n) => `eni-${hex(`${key} ${n}`, 17)}`);
      case "google_compute_forwarding_rule.psc_connection_status":
        // The twin is the deployment after the endpoint was accepted in the Aura console.
        return "ACCEPTED";
      case "aws_security_group.id":
        return `sg-${hex(key, 17)}`;
      case "aws_route53_zone.id":
      case "aws_route53_zone.zone_id":
        return `Z${hex(key, 20).toUpperCase()}`;
      case "google_compute_address.address": {
        if (configured !== undefined) return configured;
        const a = known.addresses.get(key);
        if (!a) throw new TwinError(`${key}: address asked before the endpoint was placed`);
        return a[0];
      }
      case "azurerm_private_endpoint.private_service_connection": {
        const a = known.addresses.get(key);
        if (!a) throw new TwinError(`${key}: private_service_connection asked before the endpoint was placed`);
        const blocks = Array.isArray(configured) ? configured : [configured];
        return blocks.map((b) => ({ ...(b as object), private_ip_address: a[0] }));
      }
    }
    if (configured !== undefined) return undefined;
    // Identities no network decision depends on: stable made-up values.
    if (attribute === "id") return `twin-${i.type}-${hex(key, 12)}`;
    if (attribute === "arn") return `arn:aws:twin:::${i.type}/${hex(key, 12)}`;
    if (attribute === "key_id" || attribute === "psc_connection_id") return hex(key, 16);
    // Outputs of keys and the like: shown as placeholders, never read by the twin.
    if (hasNoNetworkEffect(i.type)) return `twin:${i.type}.${attribute}`;
    return undefined;
  };
}

export function planTwin(input: TwinInput): TwinPlan {
  const known: Known = { addresses: new Map(), endpointDnsNames: new Map() };
  const readers = input.stacks.map((s) => new StackReader(s.name, s.json, computedFor(known)));
  for (const r of readers) {
    checkResourceTypes(r);
    if (!cloudOf(r)) throw new TwinError(`${r.stack}: not a region stack (no private endpoint); give the twin region stacks only`);
  }
  const endpointModels = readers.map(readEndpoint);
  const rulesByStack = new Map(readers.map((r, n) => [r.stack, endpointModels[n]!.cloud === "aws" ? readIngressRules(r, endpointModels[n]!) : null]));
  const allowedCidrs = [...rulesByStack.values()].flatMap((rules) => (rules ?? []).flatMap((r) => ("cidr" in r.source ? [r.source.cidr] : [])));
  for (const cidr of [...allowedCidrs, ...Object.keys(input.clientNetworks ?? {})]) {
    if (cidrsOverlap(cidr, "198.18.0.0/15")) throw new TwinError(`allowed CIDR ${cidr} overlaps 198.18.0.0/15, which the twin keeps for its public side`);
  }

  // Networks: a free /16 of 100.64.0.0/10 each, in order of first appearance.
  const networks = new Map<string, PlannedNetwork>();
  let nextBlock = POOL_FIRST;
  const network = (id: string): PlannedNetwork => {
    const existing = networks.get(id);
    if (existing) return existing;
    while (nextBlock <= POOL_LAST) {
      const cidr = `${numberToIp(nextBlock)}/16`;
      nextBlock += 65536;
      if (allowedCidrs.some((c) => isIpv4Cidr(c) && cidrsOverlap(c, cidr))) continue;
      const planned = { id, cidr, resolver: numberToIp(ipv4Range(cidr)[0] + 2) };
      networks.set(id, planned);
      return planned;
    }
    throw new TwinError("no free /16 left in 100.64.0.0/10 for the twin's networks");
  };
  const taken = new Set<string>([PUBLIC_RESOLVER]);
  const take = (address: string, what: string) => {
    if (taken.has(address)) throw new TwinError(`twin address ${address} for ${what} is already in use`);
    taken.add(address);
    return address;
  };

  // Endpoint interfaces: one address per subnet.
  const interfaceCount = new Map<string, number>();
  const endpoints: PlannedEndpoint[] = endpointModels.map((e, n) => {
    const net = network(e.network);
    const base = ipv4Range(net.cidr)[0];
    const addresses = e.subnets.map((subnet) => {
      const k = interfaceCount.get(e.network) ?? 0;
      interfaceCount.set(e.network, k + 1);
      return take(numberToIp(base + (10 + k) * 256 + 10), `${e.stack} ${e.resource} in ${subnet}`);
    });
    known.addresses.set(`${e.stack} ${e.addressResource}`, addresses);
    if (e.cloud === "aws") {
      // The regional DNS name AWS gives an interface endpoint: <vpce id>-<suffix>.<service id>.<region>.vpce.amazonaws.com.
      const reader = readers[n]!;
      const vpce = reader.instances("aws_vpc_endpoint")[0]!;
      const id = String(reader.attr(vpce, "id"));
      const service = String(reader.attr(vpce, "service_name")).replace(/^com\.amazonaws\.vpce\.[a-z0-9-]+\./, "");
      known.endpointDnsNames.set(`${e.stack} ${e.resource}`, `${id}-${hex(id, 8)}.${service}.${e.region}.vpce.amazonaws.com`);
    }
    const aura = readAuraSide(readers[n]!);
    return {
      stack: e.stack,
      cloud: e.cloud,
      resource: e.resource,
      network: e.network,
      addresses,
      aura,
      ports: auraPorts(aura.product).map((p) => p.port),
      rules: rulesByStack.get(e.stack) ?? null,
      ruleset: "",
    };
  });

  // Clients: in each allowed CIDR and security group, and one outside them per network.
  const clients: PlannedClient[] = [];
  const members: Record<string, string[]> = {};
  const addClient = (c: Omit<PlannedClient, "dnsServer">) => {
    if (clients.some((x) => x.label === c.label)) return;
    clients.push({ ...c, dnsServer: c.network ? network(c.network).resolver : PUBLIC_RESOLVER });
  };
  const slot = (net: PlannedNetwork, third: number, what: string) => {
    const base = ipv4Range(net.cidr)[0];
    for (let k = 10; k < 250; k++) {
      const a = numberToIp(base + third * 256 + k);
      if (!taken.has(a)) return take(a, what);
    }
    throw new TwinError(`no free address in ${net.cidr} for ${what}`);
  };
  for (const e of endpoints) {
    const net = network(e.network);
    if (!e.rules) {
      addClient({ label: clientLabel.inside(e.network), kind: "inside", network: e.network, address: slot(net, 100, clientLabel.inside(e.network)) });
      addClient({ label: clientLabel.outsideNetworks(e.network), kind: "outside", network: null, address: slot(net, 251, clientLabel.outsideNetworks(e.network)) });
      continue;
    }
    for (const r of e.rules) {
      if ("cidr" in r.source) {
        const cidr = r.source.cidr;
        const home = input.clientNetworks?.[cidr] ?? e.network;
        const label = clientLabel.cidr(cidr, home);
        if (clients.some((c) => c.label === label)) continue;
        const [first, last] = ipv4Range(cidr);
        const candidates = last - first >= 16 ? [first + 10, first + 11, first + 12] : [first, last];
        const address = candidates.map(numberToIp).find((a) => !taken.has(a));
        if (!address) throw new TwinError(`no free address in ${cidr} for a client`);
        addClient({ label, kind: "cidr", network: home, address: take(address, label), source: cidr });
      } else if ("securityGroup" in r.source) {
        const sg = r.source.securityGroup;
        if (clients.some((c) => c.source === sg)) continue;
        if (endpointModels.some((m) => m.securityGroups.includes(sg))) continue; // the endpoint's own group: its interfaces
        const address = slot(net, 200, `member of ${sg}`);
        members[sg] = [...(members[sg] ?? []), address];
        addClient({ label: clientLabel.member(sg, e.network), kind: "security-group", network: e.network, address, source: sg });
      }
    }
  }
  for (const e of endpoints) {
    if (!e.rules) continue;
    const net = network(e.network);
    const label = clientLabel.outsideSources(e.network);
    if (clients.some((c) => c.label === label)) continue;
    const address = slot(net, 250, label);
    if (allowedCidrs.some((c) => isIpv4Cidr(c) && cidrContains(c, address))) throw new TwinError(`outside client ${address} falls in an allowed CIDR`);
    addClient({ label, kind: "outside", network: e.network, address });
  }
  for (const e of endpoints) {
    const model = endpointModels.find((m) => m.stack === e.stack)!;
    e.ruleset = endpointRuleset({ rules: e.rules, members, ownGroups: model.securityGroups, ownAddresses: e.addresses });
  }

  // DNS: zones, links, records and policies applied stack by stack, as terraform apply would.
  const applyErrors: string[] = [];
  const publicRecords: Record<string, string[]> = {};
  for (const [key, name] of known.endpointDnsNames) publicRecords[name] = known.addresses.get(key) ?? [];
  const dns: DnsModel[] = readers.map(readDns);
  const zones = new Map<string, { apex: string; source: string; networks: Map<string, boolean>; records: RecordData[] }>();
  const zoneOn = (net: string, apex: string) => [...zones.values()].find((z) => z.apex === apex && z.networks.has(net));
  const attach = (zoneKey: string, net: string, redirect: boolean, by: string): boolean => {
    const zone = zones.get(zoneKey)!;
    const clash = zoneOn(net, zone.apex);
    if (clash && clash !== zone) {
      applyErrors.push(`${by}: ConflictingDomainExists: ${net} already sees a private zone ${zone.apex} (${clash.source})`);
      return false;
    }
    network(net);
    zone.networks.set(net, redirect);
    return true;
  };
  const policies = new Map<string, { source: string; networks: string[]; rules: DnsView["policyRules"] }>();
  dns.forEach((m) => {
    for (const z of m.zones) {
      const source = `${z.stack} ${z.resource}`;
      if (zones.has(z.key)) {
        applyErrors.push(`${source}: a zone ${z.key} exists already`);
        continue;
      }
      zones.set(z.key, { apex: z.apex, source, networks: new Map(), records: [] });
      // AWS creates the zone with its first VPC: a conflict there means no zone at all.
      const [first, ...rest] = z.networks;
      if (first !== undefined && !attach(z.key, first, false, source)) {
        zones.delete(z.key);
        continue;
      }
      for (const net of rest) attach(z.key, net, false, source);
    }
    for (const l of m.links) {
      const source = `${l.stack} ${l.resource}`;
      if (!zones.has(l.zoneKey)) applyErrors.push(`${source}: no zone ${l.zoneKey} to link`);
      else attach(l.zoneKey, l.network, l.nxdomainRedirect, source);
    }
    for (const r of m.records) {
      const source = `${r.stack} ${r.resource}`;
      const zone = zones.get(r.zoneKey);
      if (!zone) {
        applyErrors.push(`${source}: no zone ${r.zoneKey} for record ${r.name}`);
        continue;
      }
      if (r.name !== zone.apex && !r.name.endsWith(`.${zone.apex}`)) {
        applyErrors.push(`${source}: record ${r.name} is not inside zone ${zone.apex}`);
        continue;
      }
      if (zone.records.some((x) => x.name === r.name && x.type === r.type)) {
        applyErrors.push(`${source}: record ${r.name} ${r.type} exists already in ${zone.source}`);
        continue;
      }
      const values = r.alias !== undefined ? publicRecords[r.alias] : r.values;
      if (!values) {
        applyErrors.push(`${source}: alias target ${r.alias} is not a name the twin knows`);
        continue;
      }
      zone.records.push({ name: r.name, type: r.type, values: [...values] });
    }
    for (const p of m.policies) {
      const source = `${p.stack} ${p.resource}`;
      for (const net of p.networks) {
        const other = [...policies.values()].find((x) => x.networks.includes(net));
        if (other) applyErrors.push(`${source}: ${net} is already bound to response policy ${other.source} (one per network)`);
      }
      policies.set(p.key, { source, networks: p.networks.filter((n) => ![...policies.values()].some((x) => x.networks.includes(n))), rules: [] });
    }
    for (const r of m.rules) {
      const policy = policies.get(r.policyKey);
      const source = `${r.stack} ${r.resource}`;
      if (!policy) applyErrors.push(`${source}: no response policy ${r.policyKey}`);
      else policy.rules.push({ source, dnsName: r.dnsName, localData: r.localData, bypass: r.bypass });
    }
  });

  const cloudOfNetwork = (id: string): Cloud => id.split(":")[0] as Cloud;
  const views: DnsView[] = [...networks.values()].map((n) => ({
    network: n.id,
    cloud: cloudOfNetwork(n.id),
    policyRules: [...policies.values()].filter((p) => p.networks.includes(n.id)).flatMap((p) => p.rules),
    zones: [...zones.values()].filter((z) => z.networks.has(n.id)).map((z) => ({ source: z.source, apex: z.apex, records: z.records, nxdomainRedirect: z.networks.get(n.id)! })),
  }));
  const outputs = Object.fromEntries(readers.map((r) => [r.stack, r.outputs()]));
  return { networks: [...networks.values()], endpoints, clients, views, publicRecords, publicResolver: PUBLIC_RESOLVER, outputs, applyErrors };
}
