import { buildGraph, resourcePart, ruleGuards, statusOf, type Graph, type GraphEdge, type GraphNode, type Status } from "../../../runtime/review/graph";
import { instancesFromPlans } from "../../../runtime/review/instances";
import type { ChangeKind, ResourceChange, StackPlan } from "../../../runtime/review/plan-format";
import { changeFactory } from "../../support/hand-built-plans";

/**
 * The graph `aura-secure review` draws, from hand-built plans (documented plan format) through instancesFromPlans:
 * every node (id, kind, label lines, status, stack) and edge written out, per resource type, change kind and cloud,
 * with look-alikes that must not link (another VPC, another zone, a deleted association).
 */
type Values = Record<string, unknown>;
type Kind = ChangeKind;
const ACTIONS: Record<Kind, string[]> = { create: ["create"], update: ["update"], replace: ["delete", "create"], delete: ["delete"], "no-op": ["no-op"], forget: ["forget"], read: ["read"] };
const make = changeFactory("x");

/** A change of the resource at `address` (`type.name`, optionally under modules) whose values are `values`. */
function rc(address: string, values: Values, kind: Kind = "no-op", extra: Partial<ResourceChange> = {}): ResourceChange {
  const parts = address.replace(/^(module\.[^.[]+(\["[^"]*"\])?\.)+/, "").split(".");
  const before = kind === "create" ? null : values;
  const after = kind === "delete" || kind === "forget" ? null : values;
  return make(parts[0]!, ACTIONS[kind], before, after, { address, name: parts.slice(1).join("."), ...extra });
}
const plan = (stack: string, changes: ResourceChange[]): StackPlan => ({ stack, file: `${stack}.json`, changes, drift: [] });
const graphOf = (...plans: StackPlan[]): Graph => buildGraph(instancesFromPlans(plans));
const one = (changes: ResourceChange[]): Graph => graphOf(plan("s", changes));

const node = (id: string, kind: GraphNode["kind"], lines: string[], status: Status = "unchanged", stack: string | undefined = "s"): GraphNode => ({ id, kind, lines, status, ...(stack ? { stack } : {}) });
const net = (id: string, ...lines: string[]): GraphNode => ({ id, kind: "network", lines, status: "unchanged" });
const orch = (o: string): GraphNode => ({ id: `aura_orch_${o}`, kind: "aura", lines: [`Aura orchestration ${o}`, `*.production-orch-${o}.neo4j.io`], status: "unchanged" });
const edge = (from: string, to: string, label?: string, dotted?: boolean): GraphEdge => ({ from, to, ...(label ? { label } : {}), ...(dotted ? { dotted } : {}) });

const GCP = "https://www.googleapis.com/compute/v1/projects";
const SUB = "/subscriptions/00000000-0000-0000-0000-000000000001/resourceGroups";
const ALIAS_0003 = "production-orch-0003-service.11111111-2222-3333-4444-555555555555.eastus.azure.privatelinkservice";
const AWS_EP = { vpc_id: "vpc-1", service_name: "com.amazonaws.vpce.svc-1" };

describe("statusOf", () => {
  test.each<[ChangeKind, Status]>([
    ["create", "created"],
    ["update", "changed"],
    ["replace", "replaced"],
    ["delete", "deleted"],
    ["no-op", "unchanged"],
    ["read", "unchanged"],
    ["forget", "unchanged"],
  ])("%s -> %s", (kind, status) => {
    expect(statusOf(kind)).toBe(status);
  });
});

describe("empty plans", () => {
  test("no plan: no stack, no node", () => {
    expect(graphOf()).toEqual({ stacks: [], nodes: [], edges: [] });
  });
  test("plans without changes: no stack, no node (stacks are those of the resources)", () => {
    expect(graphOf(plan("zeta", []), plan("alpha", []))).toEqual({ stacks: [], nodes: [], edges: [] });
  });
  test("resources the graph does not know draw nothing", () => {
    expect(one([rc("aws_s3_bucket.b", { bucket: "x" }, "create"), rc("terraform_data.t", { input: { owned: { roles: [] } } }, "create"), rc("terraform_data.u", { input: "not json" })])).toEqual({ stacks: ["s"], nodes: [], edges: [] });
  });
});

describe("each change kind gives the node's status", () => {
  test.each<[Kind, Status]>([
    ["create", "created"],
    ["update", "changed"],
    ["replace", "replaced"],
    ["delete", "deleted"],
    ["no-op", "unchanged"],
    ["forget", "unchanged"],
    ["read", "unchanged"],
  ])("a KMS key whose change is %s is %s", (kind, status) => {
    expect(one([rc("aws_kms_key.cmk_key", { description: "Aura CMK" }, kind)])).toEqual({ stacks: ["s"], nodes: [node("s_key_cmk_key", "key", ["KMS key", "Aura CMK"], status)], edges: [] });
  });

  test.each<[string, Values, string[], GraphNode, string]>([
    ["aws_vpc_endpoint", AWS_EP, ["VPC endpoint (PrivateLink)", "com.amazonaws.vpce.svc-1"], net("net_aws_vpc_1", "VPC vpc-1"), "aura_s"],
    ["google_compute_forwarding_rule", { network: `${GCP}/acme/global/networks/aura-net`, target: `${GCP}/neo4j/regions/europe-west1/serviceAttachments/sa-0001` }, ["PSC forwarding rule", "sa-0001"], net("net_gcp_aura_net", "VPC network aura-net"), "aura_s"],
    [
      "azurerm_private_endpoint",
      { name: "aura-pe", subnet_id: `${SUB}/rg-aura/providers/Microsoft.Network/virtualNetworks/VNet-Aura/subnets/endpoints`, private_service_connection: [{ private_connection_resource_alias: ALIAS_0003 }] },
      ["Private endpoint (Private Link)", "aura-pe", "…44-555555555555.eastus.azure.privatelinkservice"],
      net("net_azure_vnet_aura", "VNet vnet-aura"),
      "aura_orch_0003",
    ],
  ])("%s: network -> endpoint -> Aura, for every change kind", (type, values, lines, network, aura) => {
    const auraNode = aura === "aura_s" ? node("aura_s", "aura", ["Aura"]) : orch("0003");
    for (const [kind, status] of [["create", "created"], ["update", "changed"], ["replace", "replaced"], ["delete", "deleted"], ["no-op", "unchanged"], ["forget", "unchanged"]] as const) {
      expect(one([rc(`${type}.ep`, values, kind)])).toEqual({
        stacks: ["s"],
        nodes: [auraNode, network, node("s_endpoint", "endpoint", lines, status)].sort((a, b) => (a.id < b.id ? -1 : 1)),
        edges: [edge(network.id, "s_endpoint"), edge("s_endpoint", aura)].sort((a, b) => (a.from < b.from ? -1 : 1)),
      });
    }
  });

  test("a deposed object is not drawn: the key stays as its live change says", () => {
    const deposed = rc("aws_kms_key.cmk_key", { description: "old" }, "delete", { deposed: "abcd1234" });
    expect(one([deposed, rc("aws_kms_key.cmk_key", { description: "Aura CMK" })])).toEqual({ stacks: ["s"], nodes: [node("s_key_cmk_key", "key", ["KMS key", "Aura CMK"])], edges: [] });
  });
});

describe("a whole AWS region stack", () => {
  test("VPC -> endpoint -> orchestration, guarded, resolved by its zone, encrypted by its key; ids from the stack name", () => {
    const g = graphOf(
      plan("aura-aws-us-east-1", [
        rc("aws_vpc_endpoint.endpoint", { vpc_id: "vpc-0a1", service_name: "com.amazonaws.vpce.us-east-1.vpce-svc-0123" }),
        rc("aws_route53_zone.dns_zone_orch_0000", { name: "production-orch-0000.neo4j.io", vpc: [{ vpc_id: "vpc-0a1" }], zone_id: "Z0000" }),
        rc("aws_route53_record.wildcard", { name: "*.production-orch-0000.neo4j.io", zone_id: "Z0000" }, "create"),
        rc("aws_security_group.guard", { name: "aura-endpoint", ingress: [{ protocol: "tcp", from_port: 7687, to_port: 7687, cidr_blocks: ["10.0.0.0/16"] }], egress: [] }),
        rc("aws_kms_key.cmk_key", { description: "Aura CMK" }),
        rc("aws_kms_alias.cmk_alias", { name: "alias/aura" }),
      ]),
    );
    const sid = "aura_aws_us_east_1";
    expect(g).toEqual({
      stacks: ["aura-aws-us-east-1"],
      nodes: [
        node(`${sid}_endpoint`, "endpoint", ["VPC endpoint (PrivateLink)", "com.amazonaws.vpce.us-east-1.vpce-svc-0123"], "unchanged", "aura-aws-us-east-1"),
        node(`${sid}_key_cmk_key`, "key", ["KMS key", "alias/aura"], "unchanged", "aura-aws-us-east-1"),
        node(`${sid}_sg_guard`, "security-group", ["Security group aura-endpoint", "from 10.0.0.0/16", "ports 7687"], "unchanged", "aura-aws-us-east-1"),
        node(`${sid}_zone_dns_zone_orch_0000`, "zone", ["Private zone production-orch-0000.neo4j.io", "*.production-orch-0000.neo4j.io (created)"], "changed", "aura-aws-us-east-1"),
        orch("0000"),
        net("net_aws_vpc_0a1", "VPC vpc-0a1"),
      ],
      edges: [
        edge(`${sid}_endpoint`, "aura_orch_0000"),
        edge(`${sid}_key_cmk_key`, "aura_orch_0000", "encrypts", true),
        edge(`${sid}_sg_guard`, `${sid}_endpoint`, "guards", true),
        edge(`${sid}_zone_dns_zone_orch_0000`, `${sid}_endpoint`, "resolves to"),
        edge("net_aws_vpc_0a1", `${sid}_endpoint`),
      ],
    });
  });

  test("two orchestrations: the endpoint reaches both, the key encrypts for both", () => {
    expect(
      one([
        rc("aws_route53_zone.a", { name: "production-orch-0009.neo4j.io" }),
        rc("aws_route53_zone.b", { name: "production-orch-0001.neo4j.io" }),
        rc("aws_vpc_endpoint.ep", AWS_EP),
        rc("google_kms_crypto_key.k", { name: "k" }),
      ]),
    ).toEqual({
      stacks: ["s"],
      nodes: [orch("0001"), orch("0009"), net("net_aws_vpc_1", "VPC vpc-1"), node("s_endpoint", "endpoint", ["VPC endpoint (PrivateLink)", "com.amazonaws.vpce.svc-1"]), node("s_key_k", "key", ["Cloud KMS key", "k"]), node("s_zone_a", "zone", ["Private zone production-orch-0009.neo4j.io"]), node("s_zone_b", "zone", ["Private zone production-orch-0001.neo4j.io"])],
      edges: [
        edge("net_aws_vpc_1", "s_endpoint"),
        edge("s_endpoint", "aura_orch_0001"),
        edge("s_endpoint", "aura_orch_0009"),
        edge("s_key_k", "aura_orch_0001", "encrypts", true),
        edge("s_key_k", "aura_orch_0009", "encrypts", true),
        edge("s_zone_a", "s_endpoint", "resolves to"),
        edge("s_zone_b", "s_endpoint", "resolves to"),
      ],
    });
  });

  test("an orchestration named only by a zone, without an endpoint, draws no generic Aura node", () => {
    expect(one([rc("aws_route53_zone.z", { name: "production-orch-0000.neo4j.io" }), rc("aws_kms_key.k", { description: "d" })])).toEqual({
      stacks: ["s"],
      nodes: [orch("0000"), node("s_key_k", "key", ["KMS key", "d"]), node("s_zone_z", "zone", ["Private zone production-orch-0000.neo4j.io"])],
      edges: [edge("s_key_k", "aura_orch_0000", "encrypts", true)],
    });
  });
});

describe("endpoints", () => {
  const s48 = `svc-${"a".repeat(44)}`; // 48 characters: shown whole
  const s49 = `svc-${"b".repeat(45)}`; // 49 characters: the last 47 after an ellipsis
  test.each<[string, string, Values, string[], GraphNode[]]>([
    ["AWS without a service name", "aws_vpc_endpoint", { vpc_id: "vpc-1" }, ["VPC endpoint (PrivateLink)", "?"], [net("net_aws_vpc_1", "VPC vpc-1")]],
    ["AWS with a 48-character service name", "aws_vpc_endpoint", { vpc_id: "vpc-1", service_name: s48 }, ["VPC endpoint (PrivateLink)", s48], [net("net_aws_vpc_1", "VPC vpc-1")]],
    ["AWS with a 49-character service name", "aws_vpc_endpoint", { vpc_id: "vpc-1", service_name: s49 }, ["VPC endpoint (PrivateLink)", `…c-${"b".repeat(45)}`], [net("net_aws_vpc_1", "VPC vpc-1")]],
    ["AWS without a VPC", "aws_vpc_endpoint", { service_name: "x" }, ["VPC endpoint (PrivateLink)", "x"], []],
    ["GCP without a target", "google_compute_forwarding_rule", { network: `${GCP}/p/global/networks/n1` }, ["PSC forwarding rule", "?"], [net("net_gcp_n1", "VPC network n1")]],
    ["GCP target given as a name", "google_compute_forwarding_rule", { target: "sa-1" }, ["PSC forwarding rule", "sa-1"], []],
    ["Azure without name, connection or subnet", "azurerm_private_endpoint", {}, ["Private endpoint (Private Link)", "?"], []],
    ["Azure with an unparsable subnet id", "azurerm_private_endpoint", { name: "pe", subnet_id: "subnet-known-after-apply" }, ["Private endpoint (Private Link)", "pe"], []],
    ["Azure with a connection but no alias", "azurerm_private_endpoint", { name: "pe", private_service_connection: [{}] }, ["Private endpoint (Private Link)", "pe"], []],
    ["Azure with a short alias that is no Aura alias", "azurerm_private_endpoint", { name: "pe", private_service_connection: [{ private_connection_resource_alias: "other-service" }] }, ["Private endpoint (Private Link)", "pe", "other-service"], []],
  ])("%s", (_, type, values, lines, nets) => {
    expect(one([rc(`${type}.ep`, values)])).toEqual({
      stacks: ["s"],
      nodes: [node("aura_s", "aura", ["Aura"]), ...nets, node("s_endpoint", "endpoint", lines)],
      edges: [...nets.map((n) => edge(n.id, "s_endpoint")), edge("s_endpoint", "aura_s")],
    });
  });

  test("the 49-character name keeps its last 47 characters", () => {
    expect(one([rc("aws_vpc_endpoint.ep", { service_name: `X${"0123456789".repeat(4)}abcdefgh` })]).nodes[1]!.lines).toEqual(["VPC endpoint (PrivateLink)", "…123456789012345678901234567890123456789abcdefgh"]);
  });

  test("an Azure endpoint with an Aura alias reaches that orchestration, its subnet's VNet (lower case) leads to it", () => {
    expect(one([rc("azurerm_private_endpoint.pe", { name: "pe", subnet_id: "junk", private_service_connection: { private_connection_resource_alias: ALIAS_0003 } }, "create")])).toEqual({
      stacks: ["s"],
      nodes: [orch("0003"), node("s_endpoint", "endpoint", ["Private endpoint (Private Link)", "pe", "…44-555555555555.eastus.azure.privatelinkservice"], "created")],
      edges: [edge("s_endpoint", "aura_orch_0003")],
    });
  });

  test("endpoints numbered in address order; networks of one short name in three projects get suffixes", () => {
    const fr = (p: string, sa: string) => ({ network: `${GCP}/${p}/global/networks/aura-net`, target: `${GCP}/neo4j/regions/r/serviceAttachments/${sa}` });
    expect(one([rc("google_compute_forwarding_rule.psc_c", fr("p3", "sa-c")), rc("google_compute_forwarding_rule.psc_b", fr("p2", "sa-b"), "create"), rc("google_compute_forwarding_rule.psc_a", fr("p1", "sa-a"))])).toEqual({
      stacks: ["s"],
      nodes: [
        node("aura_s", "aura", ["Aura"]),
        net("net_gcp_aura_net", "VPC network aura-net"),
        net("net_gcp_aura_net_2", "VPC network aura-net"),
        net("net_gcp_aura_net_3", "VPC network aura-net"),
        node("s_endpoint", "endpoint", ["PSC forwarding rule", "sa-a"]),
        node("s_endpoint_1", "endpoint", ["PSC forwarding rule", "sa-b"], "created"),
        node("s_endpoint_2", "endpoint", ["PSC forwarding rule", "sa-c"]),
      ],
      edges: [
        edge("net_gcp_aura_net", "s_endpoint"),
        edge("net_gcp_aura_net_2", "s_endpoint_1"),
        edge("net_gcp_aura_net_3", "s_endpoint_2"),
        edge("s_endpoint", "aura_s"),
        edge("s_endpoint_1", "aura_s"),
        edge("s_endpoint_2", "aura_s"),
      ],
    });
  });

  test("two Azure VNets of one name in two resource groups are two networks", () => {
    const pe = (rg: string) => ({ name: `pe-${rg}`, subnet_id: `${SUB}/${rg}/providers/Microsoft.Network/virtualNetworks/vnet/subnets/s` });
    expect(one([rc("azurerm_private_endpoint.a", pe("rg-a")), rc("azurerm_private_endpoint.b", pe("rg-b"))])).toEqual({
      stacks: ["s"],
      nodes: [
        node("aura_s", "aura", ["Aura"]),
        net("net_azure_vnet", "VNet vnet"),
        net("net_azure_vnet_2", "VNet vnet"),
        node("s_endpoint", "endpoint", ["Private endpoint (Private Link)", "pe-rg-a"]),
        node("s_endpoint_1", "endpoint", ["Private endpoint (Private Link)", "pe-rg-b"]),
      ],
      edges: [edge("net_azure_vnet", "s_endpoint"), edge("net_azure_vnet_2", "s_endpoint_1"), edge("s_endpoint", "aura_s"), edge("s_endpoint_1", "aura_s")],
    });
  });
});

describe("security groups", () => {
  const base = (sg: GraphNode, ep: Status = "unchanged"): Graph => ({
    stacks: ["s"],
    nodes: [node("aura_s", "aura", ["Aura"]), net("net_aws_vpc_1", "VPC vpc-1"), node("s_endpoint", "endpoint", ["VPC endpoint (PrivateLink)", "com.amazonaws.vpce.svc-1"], ep), sg],
    edges: [edge("net_aws_vpc_1", "s_endpoint"), edge("s_endpoint", "aura_s"), edge(`${sg.id}`, "s_endpoint", "guards", true)],
  });
  const tcp = (from: number, to: number, extra: Values) => ({ protocol: "tcp", from_port: from, to_port: to, ...extra });
  const SG = "aws_security_group.guard";
  test.each<[string, ResourceChange[], GraphNode, Status?]>([
    ["inline ingress; egress is not a source", [rc(SG, { name: "g", ingress: [tcp(7687, 7687, { cidr_blocks: ["10.0.0.0/16"] })], egress: [{ protocol: "-1", from_port: 0, to_port: 0, cidr_blocks: ["0.0.0.0/0"] }] })], node("s_sg_guard", "security-group", ["Security group g", "from 10.0.0.0/16", "ports 7687"])],
    ["no ingress, no name", [rc(SG, { egress: [] })], node("s_sg_guard", "security-group", ["Security group", "from nobody", "ports none"])],
    [
      "sources sorted, ports in numeric order, ranges as from-to",
      [rc(SG, { name: "g", ingress: [tcp(7473, 7474, { cidr_blocks: ["192.168.0.0/16"] }), tcp(443, 443, { security_groups: ["sg-0abc"] }), tcp(80, 80, { cidr_blocks: ["10.0.0.0/8", "192.168.0.0/16"] })] }, "create")],
      node("s_sg_guard", "security-group", ["Security group g", "from 10.0.0.0/8, 192.168.0.0/16, sg-0abc", "ports 80, 443, 7473-7474"], "created"),
    ],
    ["every protocol is every port", [rc(SG, { name: "g", ingress: [{ protocol: "-1", from_port: 0, to_port: 0, cidr_blocks: ["10.1.0.0/16"] }] }, "update")], node("s_sg_guard", "security-group", ["Security group g", "from 10.1.0.0/16", "ports 0-65535"], "changed")],
    [
      "a rule resource created: its source counts and the group is changed",
      [rc(SG, { name: "g" }), rc("aws_vpc_security_group_ingress_rule.r", { security_group_id: "sg-1", ip_protocol: "tcp", from_port: 7687, to_port: 7687, cidr_ipv4: "172.16.0.0/12" }, "create")],
      node("s_sg_guard", "security-group", ["Security group g", "from 172.16.0.0/12", "ports 7687"], "changed"),
    ],
    [
      "a rule resource deleted: its source no longer counts, the group is changed",
      [rc(SG, { name: "g", ingress: [tcp(7687, 7687, { cidr_blocks: ["10.0.0.0/16"] })] }), rc("aws_vpc_security_group_ingress_rule.r", { security_group_id: "sg-1", ip_protocol: "tcp", from_port: 22, to_port: 22, cidr_ipv4: "172.16.0.0/12" }, "delete")],
      node("s_sg_guard", "security-group", ["Security group g", "from 10.0.0.0/16", "ports 7687"], "changed"),
    ],
    [
      "an egress rule resource created is no source and leaves the group unchanged",
      [rc(SG, { name: "g" }), rc("aws_vpc_security_group_egress_rule.r", { security_group_id: "sg-1", ip_protocol: "tcp", from_port: 443, to_port: 443, cidr_ipv4: "0.0.0.0/0" }, "create")],
      node("s_sg_guard", "security-group", ["Security group g", "from nobody", "ports none"]),
    ],
    ["the group deleted", [rc(SG, { name: "g", ingress: [tcp(7687, 7687, { cidr_blocks: ["10.0.0.0/16"] })] }, "delete")], node("s_sg_guard", "security-group", ["Security group g", "from 10.0.0.0/16", "ports 7687"], "deleted")],
  ])("%s", (_, changes, sg) => {
    expect(one([rc("aws_vpc_endpoint.ep", AWS_EP), ...changes])).toEqual(base(sg));
  });

  test("the endpoint created leaves the group unchanged", () => {
    expect(one([rc("aws_vpc_endpoint.ep", AWS_EP, "create"), rc(SG, { name: "g" })])).toEqual(base(node("s_sg_guard", "security-group", ["Security group g", "from nobody", "ports none"]), "created"));
  });

  test("two groups: each shows its own inline rules and status", () => {
    expect(one([rc("aws_security_group.a", { name: "a", ingress: [tcp(7687, 7687, { cidr_blocks: ["10.0.0.0/8"] })] }), rc("aws_security_group.b", { name: "b", ingress: [tcp(443, 443, { cidr_blocks: ["192.168.0.0/16"] })] }, "create")])).toEqual({
      stacks: ["s"],
      nodes: [node("s_sg_a", "security-group", ["Security group a", "from 10.0.0.0/8", "ports 7687"]), node("s_sg_b", "security-group", ["Security group b", "from 192.168.0.0/16", "ports 443"], "created")],
      edges: [],
    });
  });
});

describe("zones and records", () => {
  const g = (nodes: GraphNode[]): Graph => ({ stacks: ["s"], nodes, edges: [] });
  test("a record goes to the longest zone it falls in; the apex record to its zone", () => {
    expect(
      one([
        rc("aws_route53_zone.apex", { name: "neo4j.io" }),
        rc("aws_route53_zone.orch", { name: "production-orch-0000.neo4j.io" }),
        rc("aws_route53_record.wild", { name: "*.production-orch-0000.neo4j.io" }),
        rc("aws_route53_record.status", { name: "status.neo4j.io" }),
        rc("aws_route53_record.at", { name: "neo4j.io." }),
      ]),
    ).toEqual(g([orch("0000"), node("s_zone_apex", "zone", ["Private zone neo4j.io", "neo4j.io", "status.neo4j.io"]), node("s_zone_orch", "zone", ["Private zone production-orch-0000.neo4j.io", "*.production-orch-0000.neo4j.io"])]));
  });

  test("records of other domains go under existing zones, one per domain; a record without a name under ?", () => {
    expect(
      one([
        rc("aws_route53_zone.z", { name: "neo4j.io" }),
        rc("aws_route53_record.a", { name: "www.example.com" }),
        rc("aws_route53_record.b", { name: "api.example.com" }, "create"),
        rc("aws_route53_record.c", { name: "x.other.org" }),
        rc("aws_route53_record.d", {}),
        rc("aws_route53_record.e", { name: "localhost" }),
        rc("aws_route53_record.f", { name: "evilneo4j.io" }),
      ]),
    ).toEqual(
      g([
        node("s_zone_existing__", "zone", ["Existing zone ?", "aws_route53_record.d", "localhost"]),
        node("s_zone_existing_example_com", "zone", ["Existing zone example.com", "api.example.com (created)", "www.example.com"], "changed"),
        node("s_zone_existing_io", "zone", ["Existing zone io", "evilneo4j.io"]),
        node("s_zone_existing_other_org", "zone", ["Existing zone other.org", "x.other.org"]),
        node("s_zone_z", "zone", ["Private zone neo4j.io"]),
      ]),
    );
  });

  test("a response policy rule goes to the response policy, not to a managed zone of its domain", () => {
    expect(
      one([
        rc("google_dns_managed_zone.a_zone", { dns_name: "production-orch-0001.neo4j.io." }),
        rc("google_dns_response_policy.policy", { response_policy_name: "acme-policy" }),
        rc("google_dns_response_policy_rule.rule", { dns_name: "*.production-orch-0001.neo4j.io." }, "create"),
        rc("google_dns_record_set.rec", { name: "x.production-orch-0001.neo4j.io." }),
      ]),
    ).toEqual(g([orch("0001"), node("s_zone_a_zone", "zone", ["Private zone production-orch-0001.neo4j.io", "x.production-orch-0001.neo4j.io"]), node("s_zone_policy", "zone", ["Response policy acme-policy", "*.production-orch-0001.neo4j.io (created)"], "changed")]));
  });

  test("a response policy rule without a policy goes under an existing zone, not a managed zone of that domain", () => {
    expect(one([rc("google_dns_managed_zone.mz", { dns_name: "b.example.com." }), rc("google_dns_response_policy_rule.rule", { dns_name: "a.b.example.com." })])).toEqual(
      g([node("s_zone_existing_b_example_com", "zone", ["Existing zone b.example.com", "a.b.example.com"]), node("s_zone_mz", "zone", ["Private zone b.example.com"])]),
    );
  });

  test("Azure A records name their zone", () => {
    expect(one([rc("azurerm_private_dns_zone.dns", { name: "production-orch-0003.neo4j.io" }), rc("azurerm_private_dns_a_record.wild", { name: "*", zone_name: "production-orch-0003.neo4j.io" }, "replace")])).toEqual(
      g([orch("0003"), node("s_zone_dns", "zone", ["Private zone production-orch-0003.neo4j.io", "*.production-orch-0003.neo4j.io (replaced)"], "changed")]),
    );
  });

  test.each<[string, Kind, Kind[], Status, string[]]>([
    ["records of every kind, sorted, marked", "no-op", ["create", "delete", "replace", "no-op", "update"], "changed", ["a.neo4j.io (created)", "b.neo4j.io (deleted)", "c.neo4j.io (replaced)", "d.neo4j.io", "e.neo4j.io (changed)"]],
    ["six records are all shown", "no-op", ["no-op", "no-op", "no-op", "no-op", "no-op", "no-op"], "unchanged", ["a.neo4j.io", "b.neo4j.io", "c.neo4j.io", "d.neo4j.io", "e.neo4j.io", "f.neo4j.io"]],
    ["seven records: five and +2 more", "no-op", ["no-op", "no-op", "no-op", "no-op", "no-op", "no-op", "no-op"], "unchanged", ["a.neo4j.io", "b.neo4j.io", "c.neo4j.io", "d.neo4j.io", "e.neo4j.io", "+2 more"]],
    ["eight records: five and +3 more", "no-op", ["no-op", "no-op", "no-op", "no-op", "no-op", "no-op", "no-op", "no-op"], "unchanged", ["a.neo4j.io", "b.neo4j.io", "c.neo4j.io", "d.neo4j.io", "e.neo4j.io", "+3 more"]],
    ["the zone replaced, its records unchanged", "replace", ["no-op"], "replaced", ["a.neo4j.io"]],
    ["the zone created with its records", "create", ["create"], "created", ["a.neo4j.io (created)"]],
  ])("%s", (_, zoneKind, recordKinds, status, lines) => {
    // Given in reverse order so that the lines' order is the sort's.
    const records = recordKinds.map((k, n) => rc(`aws_route53_record.r${n}`, { name: `${"abcdefgh"[n]}.neo4j.io` }, k)).reverse();
    expect(one([rc("aws_route53_zone.z", { name: "neo4j.io" }, zoneKind), ...records])).toEqual(g([node("s_zone_z", "zone", ["Private zone neo4j.io", ...lines], status)]));
  });

  test.each<[string, ResourceChange]>([
    ["a Route 53 association alone", rc("aws_route53_zone_association.a", { zone_id: "Z1", vpc_id: "vpc-9" }, "create")],
    ["an Azure VNet link alone", rc("azurerm_private_dns_zone_virtual_network_link.l", { private_dns_zone_name: "privatelink.example.com", virtual_network_id: `${SUB}/rg/providers/Microsoft.Network/virtualNetworks/v` }, "create")],
  ])("%s is no zone", (_, change) => {
    expect(one([change])).toEqual({ stacks: ["s"], nodes: [], edges: [] });
  });
});

describe("networks that resolve through a zone", () => {
  const ZONE = "production-orch-0000.neo4j.io";
  const zoneNode = (status: Status = "unchanged") => node("s_zone_main", "zone", [`Private zone ${ZONE}`], status);
  /** The AWS zone on vpc-home (no endpoint: vpc-home resolves through it too) and the extra networks expected. */
  const expected = (extra: GraphNode[]): Graph => ({
    stacks: ["s"],
    nodes: [orch("0000"), ...[net("net_aws_vpc_home", "VPC vpc-home"), ...extra].sort((a, b) => (a.id < b.id ? -1 : 1)), zoneNode()],
    edges: [net("net_aws_vpc_home", "VPC vpc-home"), ...extra].map((n) => edge(n.id, "s_zone_main", "resolves via", true)).sort((a, b) => (a.from < b.from ? -1 : 1)),
  });
  const zone = (ids: Values) => rc("aws_route53_zone.main", { name: ZONE, vpc: [{ vpc_id: "vpc-home" }], ...ids });
  const assoc = (name: string, values: Values, kind: Kind = "create") => rc(`aws_route53_zone_association.${name}`, values, kind);
  const other = net("net_aws_vpc_other", "VPC vpc-other");
  test.each<[string, ResourceChange[], GraphNode[]]>([
    ["association by zone_id", [zone({ zone_id: "ZMAIN" }), assoc("a", { zone_id: "ZMAIN", vpc_id: "vpc-other" })], [other]],
    ["association by id", [zone({ id: "ZMAIN" }), assoc("a", { zone_id: "ZMAIN", vpc_id: "vpc-other" })], [other]],
    ["association by zone_id reference", [zone({}), assoc("a", { zone_id: "${aws_route53_zone.main.zone_id}", vpc_id: "vpc-other" })], [other]],
    ["association by id reference", [zone({}), assoc("a", { zone_id: "${aws_route53_zone.main.id}", vpc_id: "vpc-other" })], [other]],
    ["association of another account (provider)", [zone({ zone_id: "ZMAIN" }), assoc("a", { zone_id: "ZMAIN", vpc_id: "vpc-other", provider: "aws.account_111122223333" })], [net("net_aws_vpc_other", "VPC vpc-other", "account 111122223333")]],
    [
      "association authorized for another account",
      [zone({ zone_id: "ZMAIN" }), assoc("a", { zone_id: "ZMAIN", vpc_id: "vpc-other" }), rc("aws_route53_vpc_association_authorization.auth", { zone_id: "ZMAIN", vpc_id: "vpc-other" }, "create")],
      [net("net_aws_vpc_other", "VPC vpc-other", "account another account")],
    ],
    ["an authorization for another VPC says nothing of this one", [zone({ zone_id: "ZMAIN" }), assoc("a", { zone_id: "ZMAIN", vpc_id: "vpc-other" }), rc("aws_route53_vpc_association_authorization.auth", { zone_id: "ZMAIN", vpc_id: "vpc-third" })], [other]],
    ["the zone's own second VPC", [zone({ zone_id: "ZMAIN", vpc: [{ vpc_id: "vpc-home" }, { vpc_id: "vpc-other" }] })], [other]],
    ["the zone's VPC associated again: once", [zone({ zone_id: "ZMAIN" }), assoc("a", { zone_id: "ZMAIN", vpc_id: "vpc-home" })], []],
    ["look-alike: association deleted", [zone({ zone_id: "ZMAIN" }), assoc("a", { zone_id: "ZMAIN", vpc_id: "vpc-other" }, "delete")], []],
    ["look-alike: association of another zone", [zone({ zone_id: "ZMAIN", id: "ZMAIN" }), assoc("a", { zone_id: "ZOTHER", vpc_id: "vpc-other" })], []],
    ["look-alike: association without a VPC", [zone({ zone_id: "ZMAIN" }), assoc("a", { zone_id: "ZMAIN" })], []],
    ["look-alike: association whose zone is known after apply (null)", [zone({}), assoc("a", { zone_id: null, vpc_id: "vpc-other" })], []],
    ["look-alike: association without a zone id", [zone({}), assoc("a", { vpc_id: "vpc-other" })], []],
    ["look-alike: an Azure VNet link carrying the Route 53 zone's name", [zone({ zone_id: "ZMAIN" }), rc("azurerm_private_dns_zone_virtual_network_link.l", { private_dns_zone_name: ZONE, virtual_network_id: `${SUB}/rg/providers/Microsoft.Network/virtualNetworks/v` })], []],
    ["look-alike: reference to another zone", [zone({}), assoc("a", { zone_id: "${aws_route53_zone.other.zone_id}", vpc_id: "vpc-other" })], []],
    ["look-alike: reference with text before", [zone({}), assoc("a", { zone_id: "x${aws_route53_zone.main.zone_id}", vpc_id: "vpc-other" })], []],
    ["look-alike: reference with text after", [zone({}), assoc("a", { zone_id: "${aws_route53_zone.main.zone_id}x", vpc_id: "vpc-other" })], []],
  ])("%s", (_, changes, extra) => {
    expect(one(changes)).toEqual(expected(extra));
  });

  test("an association names only Route 53 zones (a Cloud DNS zone of that id is not one)", () => {
    expect(one([rc("google_dns_managed_zone.main", { dns_name: `${ZONE}.`, id: "ZMAIN" }), assoc("a", { zone_id: "ZMAIN", vpc_id: "vpc-other" })])).toEqual({ stacks: ["s"], nodes: [orch("0000"), zoneNode()], edges: [] });
  });

  test("a for_each zone is named by its indexed reference", () => {
    const g = one([rc('aws_route53_zone.main["k"]', { name: ZONE }), assoc("a", { zone_id: '${aws_route53_zone.main["k"].zone_id}', vpc_id: "vpc-other" })]);
    expect(g).toEqual({ stacks: ["s"], nodes: [orch("0000"), other, node("s_zone_main__k__", "zone", [`Private zone ${ZONE}`])], edges: [edge("net_aws_vpc_other", "s_zone_main__k__", "resolves via", true)] });
  });

  test("the endpoint's own VPC is not drawn twice; another VPC resolves via the zone", () => {
    expect(one([rc("aws_vpc_endpoint.ep", { vpc_id: "vpc-home", service_name: "svc" }), zone({ zone_id: "ZMAIN", vpc: [{ vpc_id: "vpc-home" }, { vpc_id: "vpc-other" }] })])).toEqual({
      stacks: ["s"],
      nodes: [orch("0000"), net("net_aws_vpc_home", "VPC vpc-home"), other, node("s_endpoint", "endpoint", ["VPC endpoint (PrivateLink)", "svc"]), zoneNode()],
      edges: [edge("net_aws_vpc_home", "s_endpoint"), edge("net_aws_vpc_other", "s_zone_main", "resolves via", true), edge("s_endpoint", "aura_orch_0000"), edge("s_zone_main", "s_endpoint", "resolves to")],
    });
  });

  const AZ = "production-orch-0003.neo4j.io";
  const vnet = (name: string) => `${SUB}/rg-hub/providers/Microsoft.Network/virtualNetworks/${name}`;
  const link = (name: string, values: Values, kind: Kind = "create") => rc(`azurerm_private_dns_zone_virtual_network_link.${name}`, values, kind);
  test.each<[string, ResourceChange[], GraphNode[]]>([
    ["a VNet link", [link("l", { private_dns_zone_name: AZ, virtual_network_id: vnet("VNet-Hub") })], [net("net_azure_vnet_hub", "VNet vnet-hub")]],
    ["look-alike: link deleted", [link("l", { private_dns_zone_name: AZ, virtual_network_id: vnet("vnet-hub") }, "delete")], []],
    ["look-alike: link of another zone", [link("l", { private_dns_zone_name: "privatelink.blob.core.windows.net", virtual_network_id: vnet("vnet-hub") })], []],
    ["look-alike: a Route 53 association carrying the zone's name", [rc("aws_route53_zone_association.a", { private_dns_zone_name: AZ, vpc_id: "vpc-9" })], []],
  ])("Azure: %s", (_, changes, extra) => {
    expect(one([rc("azurerm_private_dns_zone.dns", { name: AZ }), ...changes])).toEqual({
      stacks: ["s"],
      nodes: [orch("0003"), ...extra, node("s_zone_dns", "zone", [`Private zone ${AZ}`])],
      edges: extra.map((n) => edge(n.id, "s_zone_dns", "resolves via", true)),
    });
  });

  test("GCP: a managed zone and a response policy on the same peered network", () => {
    const nw = (n: string) => ({ network_url: `${GCP}/acme/global/networks/${n}` });
    expect(
      one([
        rc("google_compute_forwarding_rule.psc", { network: `${GCP}/acme/global/networks/aura-net`, target: "sa" }),
        rc("google_dns_managed_zone.z_b", { dns_name: "production-orch-0001.neo4j.io.", private_visibility_config: [{ networks: [nw("aura-net"), nw("peer-net")] }] }),
        rc("google_dns_response_policy.a", { response_policy_name: "policy", networks: [nw("peer-net")] }),
      ]),
    ).toEqual({
      stacks: ["s"],
      nodes: [
        orch("0001"),
        net("net_gcp_aura_net", "VPC network aura-net"),
        net("net_gcp_peer_net", "VPC network peer-net"),
        node("s_endpoint", "endpoint", ["PSC forwarding rule", "sa"]),
        node("s_zone_a", "zone", ["Response policy policy"]),
        node("s_zone_z_b", "zone", ["Private zone production-orch-0001.neo4j.io"]),
      ],
      edges: [
        edge("net_gcp_aura_net", "s_endpoint"),
        edge("net_gcp_peer_net", "s_zone_a", "resolves via", true),
        edge("net_gcp_peer_net", "s_zone_z_b", "resolves via", true),
        edge("s_endpoint", "aura_orch_0001"),
        edge("s_zone_a", "s_endpoint", "resolves to"),
        edge("s_zone_z_b", "s_endpoint", "resolves to"),
      ],
    });
  });
});

describe("stacks sharing nodes", () => {
  test("stacks sorted; a network first drawn with its account keeps it when another stack's endpoint sits in it", () => {
    const b = plan("b-east", [rc("aws_vpc_endpoint.ep", { vpc_id: "vpc-shared", service_name: "svc" }, "create"), rc("aws_route53_zone.z", { name: "production-orch-0000.neo4j.io", zone_id: "Z1" })]);
    const a = plan("a-west", [rc("aws_route53_zone.z", { name: "production-orch-0000.neo4j.io", zone_id: "Z2" }), rc("aws_route53_zone_association.x", { zone_id: "Z2", vpc_id: "vpc-shared", provider: "aws.account_111122223333" })]);
    expect(graphOf(b, a)).toEqual({
      stacks: ["a-west", "b-east"],
      nodes: [
        node("a_west_zone_z", "zone", ["Private zone production-orch-0000.neo4j.io"], "unchanged", "a-west"),
        orch("0000"),
        node("b_east_endpoint", "endpoint", ["VPC endpoint (PrivateLink)", "svc"], "created", "b-east"),
        node("b_east_zone_z", "zone", ["Private zone production-orch-0000.neo4j.io"], "unchanged", "b-east"),
        net("net_aws_vpc_shared", "VPC vpc-shared", "account 111122223333"),
      ],
      edges: [
        edge("b_east_endpoint", "aura_orch_0000"),
        edge("b_east_zone_z", "b_east_endpoint", "resolves to"),
        edge("net_aws_vpc_shared", "a_west_zone_z", "resolves via", true),
        edge("net_aws_vpc_shared", "b_east_endpoint"),
      ],
    });
  });
});

describe("keys", () => {
  const g = (...nodes: GraphNode[]): Graph => ({ stacks: ["s"], nodes, edges: [] });
  test.each<[string, ResourceChange[], GraphNode[]]>([
    ["KMS key with its alias", [rc("aws_kms_key.cmk_key", { description: "d" }), rc("aws_kms_alias.cmk_alias", { name: "alias/aura" })], [node("s_key_cmk_key", "key", ["KMS key", "alias/aura"])]],
    ["KMS key, alias created: changed", [rc("aws_kms_key.cmk_key", { description: "d" }), rc("aws_kms_alias.cmk_alias", { name: "alias/aura" }, "create")], [node("s_key_cmk_key", "key", ["KMS key", "alias/aura"], "changed")]],
    ["KMS key replaced, alias unchanged: replaced", [rc("aws_kms_key.cmk_key", { description: "d" }, "replace"), rc("aws_kms_alias.cmk_alias", { name: "alias/aura" })], [node("s_key_cmk_key", "key", ["KMS key", "alias/aura"], "replaced")]],
    ["KMS key with another key's alias: its description", [rc("aws_kms_key.cmk_key", { description: "d" }), rc("aws_kms_alias.other_alias", { name: "alias/other" }, "create"), rc("aws_iam_role.cmk", { name: "role" }, "create")], [node("s_key_cmk_key", "key", ["KMS key", "d"])]],
    [
      "two keys, each with its own alias",
      [rc("aws_kms_key.a_key", { description: "da" }), rc("aws_kms_key.b_key", { description: "db" }), rc("aws_kms_alias.a_alias", { name: "alias/a" }), rc("aws_kms_alias.b_alias", { name: "alias/b" }, "create")],
      [node("s_key_a_key", "key", ["KMS key", "alias/a"]), node("s_key_b_key", "key", ["KMS key", "alias/b"], "changed")],
    ],
    ["only the suffix _alias is dropped", [rc("aws_kms_key.cmk_alias_eu_key", { description: "d" }), rc("aws_kms_alias.cmk_alias_eu_alias", { name: "alias/eu" })], [node("s_key_cmk_alias_eu_key", "key", ["KMS key", "alias/eu"])]],
    ["only the suffix _key is dropped", [rc("aws_kms_key.cmk_key_eu_key", { description: "d" }), rc("aws_kms_alias.cmk_key_eu_alias", { name: "alias/eu" })], [node("s_key_cmk_key_eu_key", "key", ["KMS key", "alias/eu"])]],
    ["KMS key without alias or description", [rc("aws_kms_key.k", {})], [node("s_key_k", "key", ["KMS key", "?"])]],
    ["KMS replica key with its alias", [rc("aws_kms_replica_key.replica_key", { description: "r" }, "create"), rc("aws_kms_alias.replica_alias", { name: "alias/aura-replica" }, "create")], [node("s_key_replica_key", "key", ["KMS replica key", "alias/aura-replica"], "created")]],
    ["Cloud KMS key", [rc("google_kms_crypto_key.cmk", { name: "aura-key" }, "update")], [node("s_key_cmk", "key", ["Cloud KMS key", "aura-key"], "changed")]],
    ["Cloud KMS key without a name", [rc("google_kms_crypto_key.cmk", {})], [node("s_key_cmk", "key", ["Cloud KMS key", "?"])]],
    ["Key Vault key in its vault", [rc("aws_iam_role.reader", { name: "role" }), rc("azurerm_key_vault.vault", { name: "kv-aura" }), rc("azurerm_key_vault_key.cmk", { name: "aura-key" })], [node("s_key_cmk", "key", ["Key Vault key", "kv-aura/aura-key"])]],
    ["Key Vault key, vault updated: changed", [rc("azurerm_key_vault.vault", { name: "kv-aura" }, "update"), rc("azurerm_key_vault_key.cmk", { name: "aura-key" })], [node("s_key_cmk", "key", ["Key Vault key", "kv-aura/aura-key"], "changed")]],
    ["Key Vault key without vault or name", [rc("azurerm_key_vault_key.cmk", {})], [node("s_key_cmk", "key", ["Key Vault key", "?/?"])]],
    ["Key Vault key in an unnamed vault", [rc("azurerm_key_vault.vault", {}), rc("azurerm_key_vault_key.cmk", { name: "k" }, "delete")], [node("s_key_cmk", "key", ["Key Vault key", "?/k"], "deleted")]],
    ["a vault whose key is elsewhere: the vault", [rc("azurerm_key_vault.vault", { name: "kv-aura" }, "create")], [node("s_key_vault", "key", ["Key Vault", "kv-aura"], "created")]],
    ["an unnamed vault", [rc("azurerm_key_vault.vault", {})], [node("s_key_vault", "key", ["Key Vault", "?"])]],
    ["a vault's update leaves another cloud's key unchanged", [rc("aws_kms_key.k", { description: "d" }), rc("azurerm_key_vault.vault", { name: "kv" }, "update")], [node("s_key_k", "key", ["KMS key", "d"]), node("s_key_vault", "key", ["Key Vault", "kv"], "changed")]],
  ])("%s", (_, changes, nodes) => {
    expect(one(changes)).toEqual(g(...nodes));
  });
});

describe("the Neo4j access runner", () => {
  const state = (id?: string) => ({ ...(id ? { id } : {}), roles: [{ name: "r" }], users: [{ name: "u" }, { name: "v" }], localAliases: [{ name: "l" }], remoteAliases: [{ name: "x" }, { name: "y" }] });
  test.each<[string, ResourceChange[], GraphNode[]]>([
    ["local-exec runner", [rc("terraform_data.runner", { input: { state: state("aura-main") } }, "update")], [node("s_access", "access", ["Neo4j access aura-main", "1 role(s), 2 user(s), 3 alias(es)"], "changed")]],
    ["Lambda runner without an id", [rc("aws_lambda_invocation.apply", { input: JSON.stringify({ state: { roles: [], users: [{ name: "u" }] } }) }, "create")], [node("s_access", "access", ["Neo4j access", "0 role(s), 1 user(s), 0 alias(es)"], "created")]],
    ["the ownership part is not drawn", [rc("terraform_data.owned", { input: { owned: state("o") } }, "create")], []],
    [
      "two runners: the first's label, a change of the second shows",
      [rc("terraform_data.b_runner", { input: { state: state("b") } }, "create"), rc("terraform_data.a_runner", { input: { state: state("a") } })],
      [node("s_access", "access", ["Neo4j access a", "1 role(s), 2 user(s), 3 alias(es)"], "created")],
    ],
    [
      "two runners: a change of the first is not hidden by the second",
      [rc("terraform_data.a_runner", { input: { state: state("a") } }, "replace"), rc("terraform_data.b_runner", { input: { state: state("b") } })],
      [node("s_access", "access", ["Neo4j access a", "1 role(s), 2 user(s), 3 alias(es)"], "replaced")],
    ],
  ])("%s", (_, changes, nodes) => {
    expect(one(changes)).toEqual({ stacks: ["s"], nodes, edges: [] });
  });
});

describe("node ids: one node per resource, readable", () => {
  test.each<[string, string]>([
    ["aws_kms_key.cmk_key", "cmk_key"],
    ["module.eu.aws_kms_key.cmk_key", "cmk_key"],
    ['aws_route53_zone.zone["eu.example.com"]', 'zone["eu.example.com"]'],
    ['module.m["a.b"].aws_route53_zone.zone["x.y"]', 'zone["x.y"]'],
    ["aws_kms_key.k[3]", "k[3]"],
    ['aws_kms_key.k["a\\"].b"]', 'k["a\\"].b"]'],
    ["data.aws_vpc.main", "main"],
  ])("resourcePart(%s) = %s", (address, expected) => expect(resourcePart(address)).toBe(expected));

  test("zones of a for_each whose keys hold dots are two nodes, each with its own records", () => {
    const g = one([
      rc('aws_route53_zone.zone["production-orch-0001.neo4j.io"]', { name: "production-orch-0001.neo4j.io", zone_id: "Z1" }),
      rc('aws_route53_zone.zone["production-orch-0002.neo4j.io"]', { name: "production-orch-0002.neo4j.io", zone_id: "Z2" }, "create"),
    ]);
    expect(g.nodes.filter((n) => n.kind === "zone")).toEqual([
      node('s_zone_zone__production_orch_0001_neo4j_io__', "zone", ["Private zone production-orch-0001.neo4j.io"]),
      node('s_zone_zone__production_orch_0002_neo4j_io__', "zone", ["Private zone production-orch-0002.neo4j.io"], "created"),
    ]);
  });

  test("the same resource name in two modules: two keys, the second id numbered, each with its module's alias", () => {
    const g = one([
      rc("module.eu.aws_kms_key.cmk_key", { description: "eu key" }),
      rc("module.eu.aws_kms_alias.cmk_alias", { name: "alias/eu" }),
      rc("module.us.aws_kms_key.cmk_key", { description: "us key" }, "create"),
      rc("module.us.aws_kms_alias.cmk_alias", { name: "alias/us" }, "create"),
    ]);
    expect(g.nodes).toEqual([node("s_key_cmk_key", "key", ["KMS key", "alias/eu"]), node("s_key_cmk_key_2", "key", ["KMS key", "alias/us"], "created")]);
  });

  test("module instances with for_each keys: each key takes the alias of its own module instance", () => {
    const g = one([
      rc('module.region["eu.west"].aws_kms_key.cmk_key', { description: "eu key" }),
      rc('module.region["eu.west"].aws_kms_alias.cmk_alias', { name: "alias/eu" }),
      rc('module.region["us.east"].aws_kms_key.cmk_key', { description: "us key" }),
      rc('module.region["us.east"].aws_kms_alias.cmk_alias', { name: "alias/us" }),
    ]);
    expect(g.nodes).toEqual([node("s_key_cmk_key", "key", ["KMS key", "alias/eu"]), node("s_key_cmk_key_2", "key", ["KMS key", "alias/us"])]);
  });

  test("three resources of one name: the ids count up", () => {
    const g = one(["a", "b", "c"].map((m) => rc(`module.${m}.aws_kms_key.k`, { description: m })));
    expect(g.nodes).toEqual([node("s_key_k", "key", ["KMS key", "a"]), node("s_key_k_2", "key", ["KMS key", "b"]), node("s_key_k_3", "key", ["KMS key", "c"])]);
  });

  test("keys that differ only in characters an id cannot hold stay two nodes", () => {
    const g = one([rc('aws_kms_key.k["a.b"]', { description: "dot" }), rc('aws_kms_key.k["a-b"]', { description: "dash" })]);
    expect(g.nodes).toEqual([node("s_key_k__a_b__", "key", ["KMS key", "dash"]), node("s_key_k__a_b___2", "key", ["KMS key", "dot"])]);
  });

  test("an existing zone's records under a domain with dots keep the whole domain in the id", () => {
    const g = one([rc("aws_route53_record.r", { name: "db.eu.example.com", type: "A", zone_id: "Zother" }, "create")]);
    expect(g.nodes).toEqual([node("s_zone_existing_eu_example_com", "zone", ["Existing zone eu.example.com", "db.eu.example.com (created)"], "changed")]);
  });
});

describe("standalone security group rules are drawn on their own group", () => {
  const sg = (name: string, id?: string) => rc(`aws_security_group.${name}`, { name, ...(id ? { id } : {}) });
  const rule = (name: string, group: string | undefined, port: number, kind: Kind = "no-op") =>
    rc(`aws_vpc_security_group_ingress_rule.${name}`, { ...(group ? { security_group_id: group } : {}), ip_protocol: "tcp", from_port: port, to_port: port, cidr_ipv4: "10.9.0.0/16" }, kind);
  const sgNode = (name: string, from: string, ports: string, status: Status = "unchanged") => node(`s_sg_${name}`, "security-group", [`Security group ${name}`, `from ${from}`, `ports ${ports}`], status);

  test.each<[string, ResourceChange[], GraphNode[]]>([
    ["by the group id a plan holds", [sg("a", "sg-1"), sg("b", "sg-2"), rule("r", "sg-2", 22, "create")], [sgNode("a", "nobody", "none"), sgNode("b", "10.9.0.0/16", "22", "changed")]],
    ["by the reference cdktf.out holds", [sg("a"), sg("b"), rule("r", "${aws_security_group.b.id}", 22)], [sgNode("a", "nobody", "none"), sgNode("b", "10.9.0.0/16", "22")]],
    ["a reference to a group of another module is no group here", [sg("a"), rule("r", "${module.x.aws_security_group.a.id}", 22)], [sgNode("a", "nobody", "none")]],
    ["a group not known yet: drawn on every group", [sg("a", "sg-1"), sg("b", "sg-2"), rule("r", undefined, 22, "create")], [sgNode("a", "10.9.0.0/16", "22", "changed"), sgNode("b", "10.9.0.0/16", "22", "changed")]],
    ["a group whose id is not known yet may hold the rule", [sg("a"), rule("r", "sg-1", 22)], [sgNode("a", "10.9.0.0/16", "22")]],
    ["another group's rule", [sg("a", "sg-1"), rule("r", "sg-9", 22, "delete")], [sgNode("a", "nobody", "none")]],
  ])("%s", (_case, changes, expected) => {
    expect(one(changes).nodes).toEqual(expected);
  });

  test.each<[string, Record<string, unknown>, boolean]>([
    ["no group", {}, true],
    ["the group's id", { security_group_id: "sg-1" }, true],
    ["another id", { security_group_id: "sg-2" }, false],
    ["the reference to it", { security_group_id: "${aws_security_group.a.id}" }, true],
    ["a reference to another", { security_group_id: "${aws_security_group.ab.id}" }, false],
    ["its arn, not its id", { security_group_id: "${aws_security_group.a.arn}" }, false],
    ["a template with text before the reference", { security_group_id: "x-${aws_security_group.a.id}" }, false],
    ["a template with text after the reference", { security_group_id: "${aws_security_group.a.id}-x" }, false],
  ])("ruleGuards: %s", (_case, values, expected) => {
    const inst = (address: string, v: Record<string, unknown>) => ({ stack: "s", address, type: address.split(".")[0]!, values: v, status: "unchanged" as const });
    expect(ruleGuards(inst("aws_security_group_rule.r", values), inst("aws_security_group.a", { id: "sg-1" }))).toBe(expected);
  });
});
