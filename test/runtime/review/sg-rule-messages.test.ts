import type { ResourceChange } from "../../../runtime/review/plan-format";
import type { Rule, RuleContext, StackHit } from "../../../runtime/review/rule";
import { sgDenyChanged } from "../../../runtime/review/rules/sg-deny-changed";
import { sgEgressWider } from "../../../runtime/review/rules/sg-egress-wider";
import { sgNewPort } from "../../../runtime/review/rules/sg-new-port";
import { sgNewSource } from "../../../runtime/review/rules/sg-new-source";
import { sgWholeInternet } from "../../../runtime/review/rules/sg-whole-internet";
import { sgWider } from "../../../runtime/review/rules/sg-wider";
import { changeFactory } from "../../support/hand-built-plans";

/**
 * The security group rules (AURA-SG-1 to AURA-SG-6) each called on its own (checkStack) on hand-built stacks: one
 * plan per gate, and every rule asked about every plan, so that each widening is claimed by exactly one rule and its
 * siblings stay silent (a new port versus a port already open, the whole internet versus a wider range, a group
 * created in this plan versus an existing one, named sources versus address ranges, egress versus ingress). The
 * whole hit list (change, detail, severity) is written out.
 */
const rc = changeFactory("g");
const ctx = (changes: ResourceChange[]): RuleContext => ({ stack: "s", stackChanges: changes, sharedNetworkStacks: () => [], now: new Date("2026-12-06T12:00:00Z") });
const EP = "sg-0eeeeeeeeeeeeeee1";
const APP = "sg-0aaaaaaaaaaaaaaa1";
const INGRESS = "aws_vpc_security_group_ingress_rule";
const EGRESS = "aws_vpc_security_group_egress_rule";
const vpcRule = (sg: string, port: number, over: Record<string, unknown>) => ({ security_group_id: sg, ip_protocol: "tcp", from_port: port, to_port: port, ...over });
const sgRule = (sg: string, port: number, over: Record<string, unknown>) => ({ type: "ingress", security_group_id: sg, protocol: "tcp", from_port: port, to_port: port, ...over });
const endpoint = () => rc("aws_vpc_endpoint", ["no-op"], { security_group_ids: [EP] }, { security_group_ids: [EP] });

const RULES: Array<[string, Rule]> = [
  ["AURA-SG-1", sgWholeInternet],
  ["AURA-SG-2", sgWider],
  ["AURA-SG-3", sgNewSource],
  ["AURA-SG-4", sgNewPort],
  ["AURA-SG-5", sgEgressWider],
  ["AURA-SG-6", sgDenyChanged],
];
/** Every rule's hits on one stack, by rule id (rules without hits left out). */
function hitsByRule(changes: ResourceChange[]): Record<string, StackHit[]> {
  const c = ctx(changes);
  const out: Record<string, StackHit[]> = {};
  for (const [id, rule] of RULES) {
    const hits = rule.checkStack!(c);
    if (hits.length) out[id] = hits;
  }
  return out;
}

test("the rules' ids and default severities", () => {
  expect(RULES.map(([id, r]) => [r.id, r.severity, id])).toEqual([
    ["AURA-SG-1", "high", "AURA-SG-1"],
    ["AURA-SG-2", "medium", "AURA-SG-2"],
    ["AURA-SG-3", "medium", "AURA-SG-3"],
    ["AURA-SG-4", "medium", "AURA-SG-4"],
    ["AURA-SG-5", "medium", "AURA-SG-5"],
    ["AURA-SG-6", "medium", "AURA-SG-6"],
  ]);
});

describe("AURA-SG-4: a port no rule opened before", () => {
  test("a new rule opens 7687 on an existing group from two ranges: SG-4 only, naming both ranges", () => {
    const kept = rc(INGRESS, ["no-op"], vpcRule(APP, 443, { cidr_ipv4: "10.0.0.0/16" }), vpcRule(APP, 443, { cidr_ipv4: "10.0.0.0/16" }));
    const bolt = rc(INGRESS, ["create"], null, vpcRule(APP, 7687, { cidr_ipv4: "10.1.0.0/16", cidr_ipv6: "fd00::/8" }));
    expect(hitsByRule([kept, bolt])).toEqual({ "AURA-SG-4": [{ change: bolt, detail: `port 7687 opened (from 10.1.0.0/16, fd00::/8) (security group ${APP})` }] });
  });

  test("on the endpoint's own group the message names no group", () => {
    const ep = endpoint();
    const https = rc(INGRESS, ["create"], null, vpcRule(EP, 7474, { cidr_ipv4: "10.1.0.0/16" }));
    expect(hitsByRule([ep, https])).toEqual({ "AURA-SG-4": [{ change: https, detail: "port 7474 opened (from 10.1.0.0/16)" }] });
  });

  test("the port already open to another range: wider (SG-2), not a new port", () => {
    const kept = rc(INGRESS, ["no-op"], vpcRule(APP, 7687, { cidr_ipv4: "10.0.0.0/16" }), vpcRule(APP, 7687, { cidr_ipv4: "10.0.0.0/16" }));
    const more = rc(INGRESS, ["create"], null, vpcRule(APP, 7687, { cidr_ipv4: "10.1.0.0/16" }));
    expect(hitsByRule([kept, more])).toEqual({ "AURA-SG-2": [{ change: more, detail: `10.1.0.0/16 on port 7687 (was 10.0.0.0/16) (security group ${APP})` }] });
  });

  test("a closed port opened to the whole internet: SG-1 only", () => {
    const open = rc(INGRESS, ["create"], null, vpcRule(APP, 7687, { cidr_ipv4: "0.0.0.0/0" }));
    const kept = rc(INGRESS, ["no-op"], vpcRule(APP, 443, { cidr_ipv4: "10.0.0.0/16" }), vpcRule(APP, 443, { cidr_ipv4: "10.0.0.0/16" }));
    expect(hitsByRule([kept, open])).toEqual({ "AURA-SG-1": [{ change: open, detail: `0.0.0.0/0 on port 7687: the port's sources now cover the whole internet (was nothing) (security group ${APP})` }] });
  });

  test("a closed port opened to a group reference only (no addresses): SG-3, not SG-4", () => {
    const peer = rc(INGRESS, ["create"], null, vpcRule(APP, 7687, { referenced_security_group_id: "sg-peer", prefix_list_id: "pl-0123" }));
    expect(hitsByRule([peer])).toEqual({ "AURA-SG-3": [{ change: peer, detail: `pl-0123, sg-peer on port 7687 (security group ${APP})` }] });
  });

  test("a group created in this plan: judged on its own, no SG-2, SG-3, SG-4 or SG-5", () => {
    const grp = rc("aws_security_group", ["create"], null, {
      id: "sg-new",
      ingress: [{ protocol: "tcp", from_port: 7687, to_port: 7687, cidr_blocks: ["10.0.0.0/8"], security_groups: ["sg-peer"] }],
      egress: [{ protocol: "tcp", from_port: 443, to_port: 443, cidr_blocks: ["10.0.0.0/8"] }],
    });
    expect(hitsByRule([grp])).toEqual({});
  });

  test("an egress rule to a new port is SG-5 only: no ingress rule claims it", () => {
    const out = rc(EGRESS, ["create"], null, vpcRule(APP, 7687, { cidr_ipv4: "10.1.0.0/16", cidr_ipv6: "fd00::/8" }));
    expect(hitsByRule([out])).toEqual({ "AURA-SG-5": [{ change: out, detail: `egress to 10.1.0.0/16, fd00::/8 on port 7687 (was nothing) (security group ${APP})` }] });
  });
});

describe("AURA-SG-2: more addresses reach an open port", () => {
  test("a rule grows by two ranges: SG-2 names only the ranges it adds", () => {
    const grown = rc("aws_security_group_rule", ["update"], sgRule(APP, 7687, { cidr_blocks: ["10.0.0.0/16"] }), sgRule(APP, 7687, { cidr_blocks: ["10.0.0.0/16", "10.1.0.0/16", "172.16.0.0/12"] }));
    expect(hitsByRule([grown])).toEqual({ "AURA-SG-2": [{ change: grown, detail: `10.1.0.0/16, 172.16.0.0/12 on port 7687 (was 10.0.0.0/16) (security group ${APP})` }] });
  });

  test("on the endpoint's group, where a group reference reached the port before", () => {
    const ep = endpoint();
    const peer = rc(INGRESS, ["no-op"], vpcRule(EP, 7687, { referenced_security_group_id: "sg-peer" }), vpcRule(EP, 7687, { referenced_security_group_id: "sg-peer" }));
    const block = rc(INGRESS, ["create"], null, vpcRule(EP, 7687, { cidr_ipv4: "10.9.0.0/16" }));
    expect(hitsByRule([ep, peer, block])).toEqual({ "AURA-SG-2": [{ change: block, detail: "10.9.0.0/16 on port 7687 (was sg-peer)" }] });
  });

  test("a narrower range: nothing from any rule", () => {
    const narrowed = rc(INGRESS, ["update"], vpcRule(APP, 7687, { cidr_ipv4: "10.0.0.0/8" }), vpcRule(APP, 7687, { cidr_ipv4: "10.0.0.0/16" }));
    expect(hitsByRule([narrowed])).toEqual({});
  });
});

describe("AURA-SG-1: the whole internet", () => {
  test("an open port gets 0.0.0.0/0 and ::/0: SG-1 only (not SG-2), naming both", () => {
    const ep = endpoint();
    const rule = rc("aws_security_group_rule", ["update"], sgRule(EP, 7687, { cidr_blocks: ["10.0.0.0/16"] }), sgRule(EP, 7687, { cidr_blocks: ["10.0.0.0/16", "0.0.0.0/0"], ipv6_cidr_blocks: ["::/0"] }));
    expect(hitsByRule([ep, rule])).toEqual({ "AURA-SG-1": [{ change: rule, detail: "0.0.0.0/0, ::/0 on port 7687: the port's sources now cover the whole internet (was 10.0.0.0/16)" }] });
  });

  test("a group created in this plan open to the internet is still SG-1", () => {
    const grp = rc("aws_security_group", ["create"], null, { id: "sg-new", ingress: [{ protocol: "tcp", from_port: 443, to_port: 443, cidr_blocks: ["0.0.0.0/0"] }], egress: [] });
    expect(hitsByRule([grp])).toEqual({ "AURA-SG-1": [{ change: grp, detail: "0.0.0.0/0 on port 443: the port's sources now cover the whole internet (was nothing) (security group sg-new)" }] });
  });

  test("egress to the whole internet is SG-5's, not SG-1's", () => {
    const out = rc(EGRESS, ["create"], null, vpcRule(APP, 443, { cidr_ipv4: "0.0.0.0/0" }));
    expect(hitsByRule([out])).toEqual({ "AURA-SG-5": [{ change: out, detail: `egress to 0.0.0.0/0 on port 443: the whole internet (was nothing) (security group ${APP})` }] });
  });
});

describe("AURA-SG-3: named sources", () => {
  test("a group reference added next to a kept range on an open port: SG-3 only (no addresses added)", () => {
    const rule = rc("aws_security_group_rule", ["update"], sgRule(APP, 7687, { cidr_blocks: ["10.0.0.0/16"] }), sgRule(APP, 7687, { cidr_blocks: ["10.0.0.0/16"], source_security_group_id: "sg-peer" }));
    expect(hitsByRule([rule])).toEqual({ "AURA-SG-3": [{ change: rule, detail: `sg-peer on port 7687 (security group ${APP})` }] });
  });

  test("a range and a group reference added together: SG-2 names what the change adds (both), SG-3 the reference", () => {
    const ep = endpoint();
    const rule = rc("aws_security_group_rule", ["update"], sgRule(EP, 7687, { cidr_blocks: ["10.0.0.0/16"] }), sgRule(EP, 7687, { cidr_blocks: ["10.0.0.0/16", "10.1.0.0/16"], source_security_group_id: "sg-peer" }));
    expect(hitsByRule([ep, rule])).toEqual({
      "AURA-SG-2": [{ change: rule, detail: "10.1.0.0/16, sg-peer on port 7687 (was 10.0.0.0/16)" }],
      "AURA-SG-3": [{ change: rule, detail: "sg-peer on port 7687" }],
    });
  });

  test("a group reference in an egress rule is SG-5's, not SG-3's", () => {
    const out = rc(EGRESS, ["create"], null, vpcRule(APP, 443, { referenced_security_group_id: "sg-peer" }));
    expect(hitsByRule([out])).toEqual({ "AURA-SG-5": [{ change: out, detail: `egress to sg-peer on port 443 (was nothing) (security group ${APP})` }] });
  });

  test("a new group attached to the endpoint comes with the rules' hits", () => {
    const ep = rc("aws_vpc_endpoint", ["update"], { security_group_ids: [EP] }, { security_group_ids: [EP, "sg-extra"] });
    expect(hitsByRule([ep])).toEqual({ "AURA-SG-3": [{ change: ep, detail: "security group sg-extra now guards the private endpoint: whatever it admits reaches Aura's ports" }] });
  });
});

describe("AURA-SG-5: egress widened", () => {
  test("a wider block on the endpoint's group names the group in full", () => {
    const ep = endpoint();
    const out = rc(EGRESS, ["update"], vpcRule(EP, 7687, { cidr_ipv4: "10.20.0.0/24" }), vpcRule(EP, 7687, { cidr_ipv4: "10.20.0.0/16" }));
    expect(hitsByRule([ep, out])).toEqual({ "AURA-SG-5": [{ change: out, detail: `egress to 10.20.0.0/16 on port 7687 (was 10.20.0.0/24) (the private endpoint's security group ${EP})` }] });
  });

  test("a group created in this plan: egress to a bounded range is not judged, egress to the internet is", () => {
    const bounded = rc("aws_security_group", ["create"], null, { id: "sg-new1", ingress: [], egress: [{ protocol: "tcp", from_port: 443, to_port: 443, cidr_blocks: ["10.0.0.0/8"] }] });
    const open = rc("aws_security_group", ["create"], null, { id: "sg-new2", ingress: [], egress: [{ protocol: "tcp", from_port: 443, to_port: 443, cidr_blocks: ["0.0.0.0/0"] }] });
    expect(hitsByRule([bounded, open])).toEqual({ "AURA-SG-5": [{ change: open, detail: "egress to 0.0.0.0/0 on port 443: the whole internet (was nothing) (security group sg-new2)" }] });
  });

  test("ingress widened next to egress narrowed: no SG-5", () => {
    const out = rc(EGRESS, ["update"], vpcRule(APP, 7687, { cidr_ipv4: "10.20.0.0/16" }), vpcRule(APP, 7687, { cidr_ipv4: "10.20.0.0/24" }));
    const inn = rc(INGRESS, ["update"], vpcRule(APP, 7687, { cidr_ipv4: "10.0.0.0/16" }), vpcRule(APP, 7687, { cidr_ipv4: "10.0.0.0/8" }));
    expect(hitsByRule([out, inn])).toEqual({ "AURA-SG-2": [{ change: inn, detail: `10.0.0.0/8 on port 7687 (was 10.0.0.0/16) (security group ${APP})` }] });
  });
});

describe("AURA-SG-6: deny rules", () => {
  test("a GCP deny rule changed names the firewall of its network", () => {
    const fw = (ports: string[]) => ({ name: "deny-ssh", network: "apps", direction: "INGRESS", source_ranges: ["10.0.0.0/8"], deny: [{ protocol: "tcp", ports }] });
    const deny = rc("google_compute_firewall", ["update"], fw(["22"]), fw(["23"]));
    expect(hitsByRule([deny])).toEqual({ "AURA-SG-6": [{ change: deny, detail: "a deny rule of the firewall of network apps is removed or changed" }] });
  });

  test("an Azure deny rule deleted names the network security group", () => {
    const deny = rc("azurerm_network_security_rule", ["delete"], { name: "deny", network_security_group_name: "nsg-pe", resource_group_name: "rg", direction: "Inbound", access: "Deny", protocol: "Tcp", source_address_prefix: "*", destination_port_range: "22" }, null);
    expect(hitsByRule([deny])).toEqual({ "AURA-SG-6": [{ change: deny, detail: "a deny rule of network security group rg/nsg-pe is removed or changed" }] });
  });
});
