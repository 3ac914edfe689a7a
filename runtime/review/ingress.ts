/**
 * Ingress rules of the endpoint's security group, read from the three ways AWS resources express them
 * (aws_vpc_security_group_ingress_rule, aws_security_group_rule, inline ingress blocks). Pure helpers for the
 * AURA-SG rules; not a rule itself.
 */
import type { ResourceChange } from "./plan-format";
import { list, str } from "./values";

export interface Ingress {
  /** CIDR, security group id or prefix list id. */
  source: string;
  fromPort: number;
  toPort: number;
}

function ports(v: Record<string, unknown>): [number, number] {
  const from = typeof v.from_port === "number" ? v.from_port : 0;
  const to = typeof v.to_port === "number" ? v.to_port : from;
  return from === -1 || v.ip_protocol === "-1" || v.protocol === "-1" ? [0, 65535] : [from, to];
}

export function ingressOf(type: string, v: Record<string, unknown> | null): Ingress[] {
  if (!v) return [];
  const out: Ingress[] = [];
  const add = (sources: string[], p: [number, number]) => sources.forEach((source) => out.push({ source, fromPort: p[0], toPort: p[1] }));
  if (type === "aws_vpc_security_group_ingress_rule") {
    const source = str(v.cidr_ipv4) ?? str(v.cidr_ipv6) ?? str(v.referenced_security_group_id) ?? str(v.prefix_list_id);
    if (source) add([source], ports(v));
  } else if (type === "aws_security_group_rule" && v.type === "ingress") {
    add([...list<string>(v.cidr_blocks), ...list<string>(v.ipv6_cidr_blocks), ...list<string>(v.prefix_list_ids), ...list<string>(v.source_security_group_id)].map(String), ports(v));
  } else if (type === "aws_security_group") {
    for (const r of list<Record<string, unknown>>(v.ingress)) {
      add([...list<string>(r.cidr_blocks), ...list<string>(r.ipv6_cidr_blocks), ...list<string>(r.prefix_list_ids), ...list<string>(r.security_groups)].map(String), ports(r));
    }
  }
  return out;
}

/** Ingress that existed before this plan in the stack (changes that are not creations). */
export function ingressBefore(changes: readonly ResourceChange[]): Ingress[] {
  return changes.filter((c) => c.kind !== "create").flatMap((c) => ingressOf(c.type, c.before));
}

/** Ingress this change adds: in its after values and not in its own before values. */
export function ingressAdded(change: ResourceChange): Ingress[] {
  if (change.kind === "delete" || change.kind === "no-op" || change.kind === "read" || change.kind === "forget") return [];
  const had = new Set(ingressOf(change.type, change.before).map(key));
  return ingressOf(change.type, change.after).filter((i) => !had.has(key(i)));
}

export const key = (i: Ingress) => `${i.source}:${i.fromPort}-${i.toPort}`;
export const portText = (i: Ingress) => (i.fromPort === i.toPort ? String(i.fromPort) : `${i.fromPort}-${i.toPort}`);
export const isWorld = (source: string) => source === "0.0.0.0/0" || source === "::/0";
