/**
 * The picture of what a plan results in (or what cdktf.out describes): networks -> private endpoint ->
 * Aura orchestration, the security group guarding the endpoint, private zones with their records, keys and
 * the Neo4j access runner. Built from resource instances; rendered by mermaid.ts and dot.ts. Pure.
 */
import { parsePrivateLinkAlias, parseSubnetId } from "../../domain/azure/names";
import { accessSpec, runnerState } from "./access-state";
import { RECORD_TYPES, recordName, ZONE_TYPES, zoneName } from "./dns";
import { networksOfResource } from "./networks";
import { rulesOfValues } from "./posture/network";
import type { ChangeKind } from "./plan-format";
import { ENDPOINT_TYPES } from "./rules/endpoint-replaced";
import { block, byText, str } from "./values";

export type Status = "created" | "changed" | "replaced" | "deleted" | "unchanged";

export interface Instance {
  stack: string;
  address: string;
  type: string;
  values: Record<string, unknown>;
  status: Status;
}

export interface GraphNode {
  id: string;
  kind: "network" | "endpoint" | "security-group" | "aura" | "zone" | "key" | "access";
  /** Lines of the label. */
  lines: string[];
  status: Status;
  /** The stack the node belongs to; undefined for shared nodes (networks, Aura orchestrations). */
  stack?: string;
}

export interface GraphEdge {
  from: string;
  to: string;
  label?: string;
  dotted?: boolean;
}

export interface Graph {
  stacks: string[];
  nodes: GraphNode[];
  edges: GraphEdge[];
}

export function statusOf(kind: ChangeKind): Status {
  return kind === "create" ? "created" : kind === "update" ? "changed" : kind === "replace" ? "replaced" : kind === "delete" ? "deleted" : "unchanged";
}

/** A node's status from its own and its parts' (records of a zone, rules of a security group). */
function rollUp(own: Status, parts: Status[]): Status {
  if (own !== "unchanged") return own;
  return parts.some((p) => p !== "unchanged") ? "changed" : "unchanged";
}

const KEY_TYPES = ["aws_kms_key", "aws_kms_replica_key", "google_kms_crypto_key", "azurerm_key_vault_key"];
const MAX_RECORDS = 6;
const safeId = (s: string) => s.replace(/[^A-Za-z0-9_]/g, "_");
const short = (s: string, n = 48) => (s.length > n ? `…${s.slice(-(n - 1))}` : s);
/**
 * The resource part of an address with its instance key: `module.m.aws_route53_zone.zone["eu.example.com"]` ->
 * `zone["eu.example.com"]` (the key may hold dots, so the address is not cut at its last dot).
 */
export function resourcePart(address: string): string {
  const m = /^(.*?)(\[(?:"(?:[^"\\]|\\.)*"|\d+)\])?$/.exec(address)!;
  return `${m[1]!.split(".").pop()}${m[2] ?? ""}`;
}

/** The module an address sits in: `module.a.module.b.aws_kms_key.k` -> `module.a.module.b.`, "" at the root. */
const modulePath = (address: string) => /^(?:module\.[^.[]+(?:\[(?:"(?:[^"\\]|\\.)*"|\d+)\])?\.)*/.exec(address)![0];

/**
 * Whether a standalone rule (aws_security_group_rule, aws_vpc_security_group_*_rule) belongs to a security group:
 * by the `${aws_security_group.x.id}` reference cdktf.out holds, or by the group id a plan holds. A rule whose group
 * is not known yet, or a group whose id is not, may be either's: it is drawn on the group (shown rather than hidden).
 */
export function ruleGuards(rule: Instance, sg: Instance): boolean {
  const group = str(rule.values.security_group_id);
  if (!group) return true;
  const ref = /^\$\{(.+)\.id\}$/.exec(group);
  if (ref) return ref[1] === sg.address;
  const id = str(sg.values.id);
  return !id || id === group;
}
const orchOf = (name: string | undefined) => (name ? /production-orch-([a-z0-9]+)\.neo4j\.io/.exec(name)?.[1] : undefined);

function networkLabel(key: string): string {
  const [cloud, ...rest] = key.split(":");
  const id = rest.join(":");
  if (cloud === "aws") return `VPC ${id}`;
  if (cloud === "gcp") return `VPC network ${id.split("/").pop()}`;
  if (cloud === "azure") return `VNet ${id.split("/").pop()}`;
  return key;
}

function endpointLines(i: Instance): string[] {
  const v = i.values;
  if (i.type === "aws_vpc_endpoint") return ["VPC endpoint (PrivateLink)", short(str(v.service_name) ?? "?")];
  if (i.type === "google_compute_forwarding_rule") return ["PSC forwarding rule", short(str(v.target)?.split("/").pop() ?? "?")];
  const conn = block(v.private_service_connection);
  return ["Private endpoint (Private Link)", str(v.name) ?? "?", short(str(conn?.private_connection_resource_alias) ?? "")].filter(Boolean);
}

/** The zone a `${aws_route53_zone.name["key"].zone_id}` expression (cdktf.out) or a zone id (plans) names. */
function namesZone(zoneId: unknown, zone: Instance): boolean {
  if (typeof zoneId !== "string") return false;
  const ref = /^\$\{(aws_route53_zone\.[^.[]+(?:\["[^"]*"\])?)\.(?:zone_)?id\}$/.exec(zoneId);
  if (ref) return ref[1] === zone.address;
  return zoneId === str(zone.values.zone_id) || zoneId === str(zone.values.id);
}

/** Networks a zone is attached to, with the account when another account's VPC is associated. */
function zoneLinks(zone: Instance, stackInstances: readonly Instance[]): Array<{ network: string; account?: string }> {
  const out = networksOfResource(zone.type, zone.values).map((network) => ({ network }));
  const authorized = new Set(stackInstances.filter((i) => i.type === "aws_route53_vpc_association_authorization").map((i) => str(i.values.vpc_id)));
  if (zone.type === "aws_route53_zone") {
    for (const a of stackInstances.filter((i) => i.type === "aws_route53_zone_association" && i.status !== "deleted" && namesZone(i.values.zone_id, zone))) {
      const vpc = str(a.values.vpc_id);
      if (!vpc) continue;
      const account = /account_(\d{12})/.exec(str(a.values.provider) ?? "")?.[1] ?? (authorized.has(vpc) ? "another account" : undefined);
      out.push({ network: `aws:${vpc}`, ...(account ? { account } : {}) });
    }
  }
  if (zone.type === "azurerm_private_dns_zone") {
    for (const l of stackInstances.filter((i) => i.type === "azurerm_private_dns_zone_virtual_network_link" && i.status !== "deleted" && str(i.values.private_dns_zone_name) === str(zone.values.name))) {
      out.push(...networksOfResource(l.type, l.values).map((network) => ({ network })));
    }
  }
  const seen = new Set<string>();
  // Stryker disable next-line MethodExpression,LogicalOperator: a repeated network is drawn by its first entry either way (addNode keeps the first node, addEdge the first edge)
  return out.filter((l) => !seen.has(l.network) && (seen.add(l.network), true));
}

export function buildGraph(instances: readonly Instance[]): Graph {
  const nodes = new Map<string, GraphNode>();
  const edges: GraphEdge[] = [];
  const stacks = [...new Set(instances.map((i) => i.stack))].sort();
  const addNode = (n: GraphNode) => {
    const old = nodes.get(n.id);
    if (!old) nodes.set(n.id, n);
    else if (old.status === "unchanged") old.status = n.status;
  };
  // Short readable ids for networks; a clash of short names between two different networks gets a suffix.
  const netIds = new Map<string, string>();
  const netId = (key: string) => {
    let id = netIds.get(key);
    if (id) return id;
    const base = `net_${safeId(key.split(":")[0] + "_" + key.split("/").pop()!.split(":").pop()!)}`;
    id = base;
    for (let n = 2; [...netIds.values()].includes(id); n++) id = `${base}_${n}`;
    netIds.set(key, id);
    return id;
  };
  // The id of one resource's node (each resource asks once): readable (the resource part of its address), and two
  // resources never share one (the same name in two modules, keys that differ only in characters an id cannot hold).
  const takenIds = new Set<string>();
  const resourceId = (prefix: string, address: string, readable = resourcePart(address)) => {
    const base = `${prefix}_${safeId(readable)}`;
    let id = base;
    for (let n = 2; takenIds.has(id); n++) id = `${base}_${n}`;
    takenIds.add(id);
    return id;
  };
  const addEdge = (e: GraphEdge) => {
    if (!edges.some((x) => x.from === e.from && x.to === e.to)) edges.push(e);
  };

  for (const stack of stacks) {
    const mine = instances.filter((i) => i.stack === stack).sort((a, b) => byText(a.address, b.address));
    const sid = safeId(stack);

    // Aura orchestrations this stack reaches: from its zones and records, or the Azure alias.
    const orchs = new Set<string>();
    for (const i of mine) {
      const name = ZONE_TYPES.includes(i.type) ? zoneName(i.type, i.values) : RECORD_TYPES.includes(i.type) ? recordName(i.type, i.values) : undefined;
      const o = orchOf(name);
      if (o) orchs.add(o);
      if (i.type === "azurerm_private_endpoint") {
        // Stryker disable next-line StringLiteral: any stand-in text without an Aura alias parses to null, as "" does
        const alias = parsePrivateLinkAlias(str(block(i.values.private_service_connection)?.private_connection_resource_alias) ?? "");
        if (alias) orchs.add(alias.orch);
      }
    }
    // Stryker disable next-line MethodExpression: the order of auraIds only orders edges, and buildGraph sorts the edges by (from, to) before returning them
    const auraIds: string[] = [...orchs].sort().map((o) => {
      const id = `aura_orch_${safeId(o)}`;
      addNode({ id, kind: "aura", lines: [`Aura orchestration ${o}`, `*.production-orch-${o}.neo4j.io`], status: "unchanged" });
      return id;
    });

    const endpoints = mine.filter((i) => ENDPOINT_TYPES[i.type]);
    if (endpoints.length && !auraIds.length) {
      const id = `aura_${sid}`;
      addNode({ id, kind: "aura", lines: ["Aura"], status: "unchanged", stack });
      auraIds.push(id);
    }
    const endpointNets = new Set<string>();
    const endpointIds = endpoints.map((e, n) => {
      const id = `${sid}_endpoint${n ? `_${n}` : ""}`;
      addNode({ id, kind: "endpoint", lines: endpointLines(e), status: e.status, stack });
      const nets = e.type === "azurerm_private_endpoint" ? [parseSubnetId(str(e.values.subnet_id) ?? "")?.vnet.key].filter((k): k is string => !!k).map((k) => `azure:${k}`) : networksOfResource(e.type, e.values);
      for (const net of nets) {
        endpointNets.add(net);
        const nid = netId(net);
        addNode({ id: nid, kind: "network", lines: [networkLabel(net)], status: "unchanged" });
        addEdge({ from: nid, to: id });
      }
      for (const a of auraIds) addEdge({ from: id, to: a });
      return id;
    });

    // Security groups guarding the endpoint, with their sources and ports.
    const ingressOf = (i: Instance) => rulesOfValues(i.type, i.values).filter((r) => r.direction === "ingress");
    const rules = mine.filter((i) => ingressOf(i).length && i.type !== "aws_security_group");
    for (const sg of mine.filter((i) => i.type === "aws_security_group")) {
      const own = rules.filter((r) => ruleGuards(r, sg));
      const ingress = [...ingressOf(sg), ...own.filter((r) => r.status !== "deleted").flatMap(ingressOf)];
      const sources = [...new Set(ingress.flatMap((x) => [...x.cidrs, ...x.named]))].sort();
      const ports = [...new Set(ingress.map((x) => (x.fromPort === x.toPort ? String(x.fromPort) : `${x.fromPort}-${x.toPort}`)))].sort((a, b) => parseInt(a) - parseInt(b));
      const id = resourceId(`${sid}_sg`, sg.address);
      addNode({
        id,
        kind: "security-group",
        lines: [`Security group ${str(sg.values.name) ?? ""}`.trim(), `from ${sources.join(", ") || "nobody"}`, `ports ${ports.join(", ") || "none"}`],
        status: rollUp(sg.status, own.map((r) => r.status)),
        stack,
      });
      for (const e of endpointIds) addEdge({ from: id, to: e, label: "guards", dotted: true });
    }

    // Zones with their records; records whose zone is elsewhere go under their domain.
    const records = mine.filter((i) => RECORD_TYPES.includes(i.type));
    const used = new Set<Instance>();
    const zones = mine.filter((i) => ZONE_TYPES.includes(i.type) && i.type !== "aws_route53_zone_association" && i.type !== "azurerm_private_dns_zone_virtual_network_link");
    const zoneNodes: { id: string; domain: string; own: Status; kind: string; recs: Instance[]; inst?: Instance }[] = zones.map((z) => ({
      id: resourceId(`${sid}_zone`, z.address),
      domain: zoneName(z.type, z.values) ?? z.address,
      own: z.status,
      kind: z.type === "google_dns_response_policy" ? "Response policy" : "Private zone",
      recs: [],
      inst: z,
    }));
    for (const r of records) {
      const name = recordName(r.type, r.values) ?? "";
      const zone = r.type === "google_dns_response_policy_rule" ? zoneNodes.find((z) => z.kind === "Response policy") : [...zoneNodes].sort((a, b) => b.domain.length - a.domain.length).find((z) => name === z.domain || name.endsWith(`.${z.domain}`));
      if (zone) {
        zone.recs.push(r);
        used.add(r);
      }
    }
    for (const r of records.filter((x) => !used.has(x))) {
      const domain = (recordName(r.type, r.values) ?? "").split(".").slice(1).join(".") || "?";
      let z = zoneNodes.find((x) => x.domain === domain && x.kind === "Existing zone");
      if (!z) zoneNodes.push((z = { id: resourceId(`${sid}_zone_existing`, domain, domain), domain, own: "unchanged", kind: "Existing zone", recs: [] }));
      z.recs.push(r);
    }
    for (const z of zoneNodes) {
      const mark = (s: Status) => (s === "unchanged" ? "" : ` (${s})`);
      const recLines = z.recs
        .map((r) => `${recordName(r.type, r.values) ?? r.address}${mark(r.status)}`)
        .sort();
      const shown = recLines.length > MAX_RECORDS ? [...recLines.slice(0, MAX_RECORDS - 1), `+${recLines.length - MAX_RECORDS + 1} more`] : recLines;
      addNode({ id: z.id, kind: "zone", lines: [`${z.kind} ${z.domain}`, ...shown], status: rollUp(z.own, z.recs.map((r) => r.status)), stack });
      for (const e of endpointIds) addEdge({ from: z.id, to: e, label: "resolves to" });
      // Networks beyond the endpoint's own that resolve Aura's names through this zone (additional VPCs,
      // other accounts' VPCs, peered VNets and networks): the peered network reaching the other region's names.
      if (!z.inst) continue;
      for (const link of zoneLinks(z.inst, mine)) {
        if (endpointNets.has(link.network)) continue;
        const nid = netId(link.network);
        addNode({ id: nid, kind: "network", lines: [networkLabel(link.network), ...(link.account ? [`account ${link.account}`] : [])], status: "unchanged" });
        addEdge({ from: nid, to: z.id, label: "resolves via", dotted: true });
      }
    }

    // Keys: Aura encrypts with them.
    const aliases = mine.filter((i) => i.type === "aws_kms_alias");
    const vault = mine.find((i) => i.type === "azurerm_key_vault");
    const keys = mine.filter((i) => KEY_TYPES.includes(i.type));
    // A Key Vault whose key is not in this plan still holds Aura's key: draw the vault itself.
    if (vault && !keys.some((k) => k.type === "azurerm_key_vault_key")) keys.push(vault);
    for (const k of keys) {
      const alias = aliases.find((a) => modulePath(a.address) === modulePath(k.address) && resourcePart(a.address).replace(/_alias$/, "") === resourcePart(k.address).replace(/_key$/, ""));
      const lines =
        k.type === "google_kms_crypto_key"
          ? ["Cloud KMS key", str(k.values.name) ?? "?"]
          : k.type === "azurerm_key_vault_key"
            ? ["Key Vault key", `${str(vault?.values.name) ?? "?"}/${str(k.values.name) ?? "?"}`]
            : k.type === "azurerm_key_vault"
              ? ["Key Vault", str(k.values.name) ?? "?"]
            : [k.type === "aws_kms_replica_key" ? "KMS replica key" : "KMS key", str(alias?.values.name) ?? str(k.values.description) ?? "?"];
      const id = resourceId(`${sid}_key`, k.address);
      addNode({ id, kind: "key", lines, status: rollUp(k.status, [...(alias ? [alias.status] : []), ...(k.type === "azurerm_key_vault_key" && vault ? [vault.status] : [])]), stack });
      for (const a of auraIds) addEdge({ from: id, to: a, label: "encrypts", dotted: true });
    }

    // The Neo4j access runner.
    for (const r of mine) {
      const state = runnerState(r.type, r.values);
      if (!state) continue;
      const spec = accessSpec(state);
      addNode({
        id: `${sid}_access`,
        kind: "access",
        lines: [`Neo4j access ${str(state.id) ?? ""}`.trim(), `${spec.roles.length} role(s), ${spec.users.length} user(s), ${spec.localAliases.length + spec.remoteAliases.length} alias(es)`],
        status: r.status,
        stack,
      });
    }
  }
  const ordered = [...nodes.values()].sort((a, b) => byText(a.id, b.id));
  return { stacks, nodes: ordered, edges: edges.sort((a, b) => byText(a.from, b.from) || byText(a.to, b.to)) };
}

