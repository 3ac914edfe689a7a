/**
 * AURA-SG-5 (egress widened) on hand-built plans, so the review's mutation scope covers it (its real plans are in
 * aws-scenarios.test.ts, which plans with terraform and is left out of that scope): a wider block, a new rule to
 * everywhere with protocol -1 (every protocol and port range named), a new destination on another port, another
 * group that reaches the internet, and narrowing (nothing). Details are written out as the rule prints them.
 */
import { changeKind, type ResourceChange, type StackPlan } from "../../../runtime/review/plan-format";
import { reviewPlans } from "../../../runtime/review/review";

type V = Record<string, unknown> | null;
let n = 0;
function rc(type: string, actions: string[], before: V, after: V): ResourceChange {
  const name = `r${++n}`;
  return { stack: "s", address: `${type}.${name}`, type, name, kind: changeKind(actions), actions, before, after, afterUnknown: {}, replacePaths: [] };
}
const findings = (changes: ResourceChange[]) => {
  const plan: StackPlan = { stack: "s", file: "s.json", changes, drift: [] };
  return reviewPlans([plan], { now: new Date("2026-12-06T12:00:00Z") }).findings.map((f) => `${f.severity} ${f.ruleId} ${f.detail}`);
};
const EGRESS = "aws_vpc_security_group_egress_rule";
const egr = (sg: string, cidr: string, port: number) => ({ security_group_id: sg, ip_protocol: "tcp", from_port: port, to_port: port, cidr_ipv4: cidr });
const everywhere = (sg: string) => ({ security_group_id: sg, ip_protocol: "-1", cidr_ipv4: "0.0.0.0/0" });

test.each<[string, () => ResourceChange[], string[]]>([
  ["a wider block", () => [rc(EGRESS, ["update"], egr("sg-1", "10.20.0.0/24", 7687), egr("sg-1", "10.20.0.0/16", 7687))], ["medium AURA-SG-5 egress to 10.20.0.0/16 on port 7687 (was 10.20.0.0/24) (security group sg-1)"]],
  [
    "protocol -1 to 0.0.0.0/0 next to a kept rule",
    () => [rc(EGRESS, ["no-op"], egr("sg-1", "10.20.0.0/24", 7687), egr("sg-1", "10.20.0.0/24", 7687)), rc(EGRESS, ["create"], null, everywhere("sg-1"))],
    [
      "medium AURA-SG-5 egress to 0.0.0.0/0 on every other protocol: the whole internet (was nothing) (security group sg-1)",
      "medium AURA-SG-5 egress to 0.0.0.0/0 on every udp port: the whole internet (was nothing) (security group sg-1)",
      "medium AURA-SG-5 egress to 0.0.0.0/0 on icmp: the whole internet (was nothing) (security group sg-1)",
      "medium AURA-SG-5 egress to 0.0.0.0/0 on icmpv6: the whole internet (was nothing) (security group sg-1)",
      "medium AURA-SG-5 egress to 0.0.0.0/0 on port 7687: the whole internet (was 10.20.0.0/24) (security group sg-1)",
      "medium AURA-SG-5 egress to 0.0.0.0/0 on ports 0-7686: the whole internet (was nothing) (security group sg-1)",
      "medium AURA-SG-5 egress to 0.0.0.0/0 on ports 7688-65535: the whole internet (was nothing) (security group sg-1)",
    ],
  ],
  ["a new destination on another port", () => [rc(EGRESS, ["create"], null, egr("sg-1", "10.0.0.0/8", 443))], ["medium AURA-SG-5 egress to 10.0.0.0/8 on port 443 (was nothing) (security group sg-1)"]],
  [
    "a group that reaches the internet",
    () => [rc(EGRESS, ["create"], null, everywhere("sg-2"))],
    [
      "medium AURA-SG-5 egress to 0.0.0.0/0 on every other protocol: the whole internet (was nothing) (security group sg-2)",
      "medium AURA-SG-5 egress to 0.0.0.0/0 on every tcp port: the whole internet (was nothing) (security group sg-2)",
      "medium AURA-SG-5 egress to 0.0.0.0/0 on every udp port: the whole internet (was nothing) (security group sg-2)",
      "medium AURA-SG-5 egress to 0.0.0.0/0 on icmp: the whole internet (was nothing) (security group sg-2)",
      "medium AURA-SG-5 egress to 0.0.0.0/0 on icmpv6: the whole internet (was nothing) (security group sg-2)",
    ],
  ],
  ["narrowed", () => [rc(EGRESS, ["update"], egr("sg-1", "10.20.0.0/16", 7687), egr("sg-1", "10.20.0.0/24", 7687))], []],
])("%s", (_name, changes, expected) => expect(findings(changes())).toEqual(expected));
