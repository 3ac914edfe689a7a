import type { ResourceChange } from "../../../runtime/review/plan-format";
import { attachmentChanges, guardLabel, networkPosture, portPhrase } from "../../../runtime/review/posture/network";
import type { RuleContext } from "../../../runtime/review/rule";
import { changeFactory } from "../../support/hand-built-plans";

/**
 * The network posture's parts that the rules' messages and gates rest on, on hand-built changes: which groups guard
 * the endpoint and the runner, what an attachment change adds, which guards are new, and which change causes a
 * widening. Expected values are written out.
 */
const rc = changeFactory("n");
const ctx = (changes: ResourceChange[]): RuleContext => ({ stack: "s", stackChanges: changes, sharedNetworkStacks: () => [], now: new Date("2026-12-06T12:00:00Z") });
const SG = "sg-0123456789abcdef0";
const ing = (sg: string, cidr: string, port: number, over: Record<string, unknown> = {}) => ({ security_group_id: sg, cidr_ipv4: cidr, ip_protocol: "tcp", from_port: port, to_port: port, ...over });

describe("attachment changes of the endpoint and the runner", () => {
  const ep = (sgs: string[]) => ({ vpc_id: "vpc-1", security_group_ids: sgs });
  const fn = (sgs: string[]) => ({ function_name: "runner", vpc_config: [{ security_group_ids: sgs, subnet_ids: ["subnet-1"] }] });
  test.each<[string, () => ResourceChange, string[]]>([
    ["a group added to the endpoint", () => rc("aws_vpc_endpoint", ["update"], ep(["sg-a"]), ep(["sg-a", "sg-b"])), ["security group sg-b now guards the private endpoint: whatever it admits reaches Aura's ports"]],
    ["a group added to the runner's function", () => rc("aws_lambda_function", ["update"], fn(["sg-a"]), fn(["sg-a", "sg-c"])), ["security group sg-c now guards the access runner's function: whatever it admits reaches the function"]],
    ["the endpoint loses all its groups", () => rc("aws_vpc_endpoint", ["update"], ep(["sg-a"]), ep([])), ["the private endpoint loses all its security groups: AWS attaches the VPC's default security group instead"]],
    ["the runner loses all its groups", () => rc("aws_lambda_function", ["update"], fn(["sg-a"]), fn([])), ["the access runner's function loses all its security groups: AWS attaches the VPC's default security group instead"]],
    ["the endpoint's groups known only after apply (update)", () => ({ ...rc("aws_vpc_endpoint", ["update"], ep(["sg-a"]), ep([])), afterUnknown: { security_group_ids: true } }), ["the security groups of the private endpoint become known only after apply: the review cannot judge what reaches it"]],
    ["the runner's groups known only after apply (update)", () => ({ ...rc("aws_lambda_function", ["update"], fn(["sg-a"]), fn([])), afterUnknown: { vpc_config: [{ security_group_ids: true }] } }), ["the security groups of the access runner's function become known only after apply: the review cannot judge what reaches it"]],
    ["a replaced endpoint with unknown groups is judged as a whole elsewhere", () => ({ ...rc("aws_vpc_endpoint", ["delete", "create"], ep(["sg-a"]), ep([])), afterUnknown: { security_group_ids: true } }), []],
    ["a replaced endpoint that gains a group", () => rc("aws_vpc_endpoint", ["delete", "create"], ep(["sg-a"]), ep(["sg-d"])), ["security group sg-d now guards the private endpoint: whatever it admits reaches Aura's ports"]],
    ["a group removed (others stay) is no widening", () => rc("aws_vpc_endpoint", ["update"], ep(["sg-a", "sg-b"]), ep(["sg-a"])), []],
    ["a created endpoint is not an attachment change", () => rc("aws_vpc_endpoint", ["create"], null, ep(["sg-a"])), []],
    ["a deleted function is not an attachment change", () => rc("aws_lambda_function", ["delete"], fn(["sg-a"]), null), []],
    ["another resource type with security_group_ids is not read", () => rc("aws_instance", ["update"], ep(["sg-a"]), ep(["sg-a", "sg-b"])), []],
    ["other unknown attributes of the function do not count", () => ({ ...rc("aws_lambda_function", ["update"], fn(["sg-a"]), fn(["sg-a"])), afterUnknown: { vpc_config: [{ subnet_ids: true }] } }), []],
  ])("%s", (_name, change, expected) => {
    expect(attachmentChanges(change())).toEqual(expected);
  });
});

describe("guard labels", () => {
  const changes = [
    rc("aws_vpc_endpoint", ["no-op"], { security_group_ids: ["sg-ep"] }, { security_group_ids: ["sg-ep"] }),
    rc("aws_lambda_function", ["update"], { vpc_config: [{ security_group_ids: ["sg-old"] }] }, { vpc_config: [{ security_group_ids: ["sg-fn"] }] }),
  ];
  test.each([
    ["sg:sg-ep", "the private endpoint's security group sg-ep"],
    ["sg:sg-fn", "the access runner's security group sg-fn"],
    ["sg:sg-old", "the access runner's security group sg-old"],
    ["sg:sg-other", "security group sg-other"],
    ["gcp:projects/p/global/networks/apps", "the firewall of network projects/p/global/networks/apps"],
    ["nsg:rg/nsg-pe", "network security group rg/nsg-pe"],
    ["something else", "something else"],
  ])("%s is %s", (guard, label) => {
    expect(guardLabel(guard, ctx(changes))).toBe(label);
  });
});

describe("port phrases", () => {
  const w = (protocol: string, fromPort: number, toPort: number) => ({ protocol, fromPort, toPort }) as Parameters<typeof portPhrase>[0];
  test.each([
    [w("tcp", 7687, 7687), "port 7687"],
    [w("tcp", 1000, 2000), "ports 1000-2000"],
    [w("tcp", 0, 65535), "every tcp port"],
    [w("tcp", 0, 1023), "ports 0-1023"],
    [w("udp", 53, 53), "udp port 53"],
    [w("udp", 1000, 2000), "udp ports 1000-2000"],
    [w("udp", 0, 65535), "every udp port"],
    [w("udp", 1, 65535), "udp ports 1-65535"],
    [w("icmp", 0, 65535), "icmp"],
    [w("other", 0, 65535), "every other protocol"],
  ])("%j is %s", (widening, phrase) => {
    expect(portPhrase(widening)).toBe(phrase);
  });
});

describe("which guards are new, and which change causes a widening", () => {
  const summary = (changes: ResourceChange[]) =>
    networkPosture(ctx(changes)).widenings.map((g) => `${g.guard} ${g.direction} ${g.widening.protocol} ${g.widening.fromPort}-${g.widening.toPort} new=${g.newGuard} causes=${g.causes.map((c) => `${c.change.name}[${c.added.join(",")}]`).join(" ")}`);

  test("a rule added to an existing group: not new; the rule's change is the cause, with the range it adds", () => {
    const a = rc("aws_vpc_security_group_ingress_rule", ["no-op"], ing(SG, "10.0.0.0/16", 7687), ing(SG, "10.0.0.0/16", 7687), { name: "kept" });
    const b = rc("aws_vpc_security_group_ingress_rule", ["create"], null, ing(SG, "192.168.0.0/16", 7687), { name: "added" });
    expect(summary([a, b])).toEqual([`sg:${SG} ingress tcp 7687-7687 new=false causes=added[192.168.0.0/16]`]);
  });

  test("a group created in this plan (known id) is a new guard", () => {
    const g = rc("aws_security_group", ["create"], null, { id: "sg-new", ingress: [{ protocol: "tcp", from_port: 443, to_port: 443, cidr_blocks: ["10.0.0.0/8"] }], egress: [] }, { name: "grp" });
    expect(summary([g])).toEqual(["sg:sg-new ingress tcp 443-443 new=true causes=grp[10.0.0.0/8]"]);
  });

  test("an existing group whose rules appear (update) is not new", () => {
    const g = rc("aws_security_group", ["update"], { id: "sg-old", ingress: [], egress: [] }, { id: "sg-old", ingress: [{ protocol: "tcp", from_port: 443, to_port: 443, cidr_blocks: ["10.0.0.0/8"] }], egress: [] }, { name: "grp" });
    expect(summary([g])).toEqual(["sg:sg-old ingress tcp 443-443 new=false causes=grp[10.0.0.0/8]"]);
  });

  test("an Azure network security group created in this plan is a new guard; an existing one is not", () => {
    const rule = { name: "r", direction: "Inbound", access: "Allow", protocol: "Tcp", source_address_prefix: "10.0.0.0/16", destination_port_range: "7687" };
    const created = rc("azurerm_network_security_group", ["create"], null, { name: "nsg-new", resource_group_name: "rg", security_rule: [rule] }, { name: "created" });
    const updated = rc("azurerm_network_security_group", ["update"], { name: "nsg-old", resource_group_name: "rg", security_rule: [] }, { name: "nsg-old", resource_group_name: "rg", security_rule: [rule] }, { name: "updated" });
    expect(summary([created, updated])).toEqual(["nsg:rg/nsg-new ingress tcp 7687-7687 new=true causes=created[10.0.0.0/16]", "nsg:rg/nsg-old ingress tcp 7687-7687 new=false causes=updated[10.0.0.0/16]"]);
  });

  test("a rule moved from one resource to another adds nothing: no widening", () => {
    const gone = rc("aws_vpc_security_group_ingress_rule", ["delete"], ing(SG, "10.0.0.0/16", 7687), null);
    const come = rc("aws_vpc_security_group_ingress_rule", ["create"], null, ing(SG, "10.0.0.0/16", 7687));
    expect(summary([gone, come])).toEqual([]);
  });

  test("a port widened on the same source: the cause names the source again", () => {
    const r = rc("aws_vpc_security_group_ingress_rule", ["update"], ing(SG, "10.0.0.0/16", 7687), ing(SG, "10.0.0.0/16", 7687, { to_port: 7688 }), { name: "wider" });
    expect(summary([r])).toEqual([`sg:${SG} ingress tcp 7688-7688 new=false causes=wider[10.0.0.0/16]`]);
  });

  test("an egress rule is its own direction; a udp rule does not cause a tcp widening", () => {
    const e = rc("aws_vpc_security_group_egress_rule", ["create"], null, ing(SG, "0.0.0.0/0", 443), { name: "out" });
    const u = rc("aws_vpc_security_group_ingress_rule", ["create"], null, ing(SG, "10.1.0.0/16", 53, { ip_protocol: "udp" }), { name: "dns" });
    expect(summary([e, u])).toEqual([`sg:${SG} egress tcp 443-443 new=false causes=out[0.0.0.0/0]`, `sg:${SG} ingress udp 53-53 new=false causes=dns[10.1.0.0/16]`]);
  });

  test("a deny rule changed is listed apart, with its guard; an unchanged deny is not", () => {
    const fw = (deny: string[]) => ({ name: "deny-ssh", network: "apps", direction: "INGRESS", source_ranges: ["0.0.0.0/0"], deny: [{ protocol: "tcp", ports: deny }] });
    const changed = rc("google_compute_firewall", ["update"], fw(["22"]), fw(["23"]), { name: "deny" });
    const same = rc("google_compute_firewall", ["update"], { ...fw(["22"]), name: "d2" }, { ...fw(["22"]), name: "d2", description: "x" }, { name: "same" });
    expect(networkPosture(ctx([changed, same])).denies.map((d) => `${d.change.name} ${d.guard}`)).toEqual(["deny gcp:apps"]);
  });
});
