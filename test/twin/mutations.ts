import type { Body, StackJson } from "./model/terraform";

/**
 * Changes to a synthesized stack that break the private path, applied to a copy of its cdk.tf.json the way
 * a hand edit, a drifted module or a wrong option would change it. Pure: each returns a new stack and
 * throws when the resource it edits is not there (so a renamed resource cannot make a mutation vacuous).
 */

function copy(json: StackJson): StackJson {
  return JSON.parse(JSON.stringify(json)) as StackJson;
}

function resource(json: StackJson, type: string, name: string): Body {
  const body = json.resource?.[type]?.[name];
  if (!body) throw new Error(`mutation: no ${type}.${name} in the stack (resources of that type: ${Object.keys(json.resource?.[type] ?? {}).join(", ") || "none"})`);
  return body;
}

/** The security group rule is gone. */
export function removeResource(json: StackJson, type: string, name: string): StackJson {
  const out = copy(json);
  resource(out, type, name);
  delete out.resource![type]![name];
  return out;
}

/** The ingress rule opens another port than the one Aura's clients use. */
export function changeRulePort(json: StackJson, name: string, port: number): StackJson {
  const out = copy(json);
  const rule = resource(out, "aws_vpc_security_group_ingress_rule", name);
  rule.from_port = port;
  rule.to_port = port;
  return out;
}

/** One instance of a for_each resource whose for_each is a literal map is gone. */
export function removeForEachKey(json: StackJson, type: string, name: string, key: string): StackJson {
  const out = copy(json);
  const body = resource(out, type, name);
  const each = body.for_each;
  if (!each || typeof each !== "object" || Array.isArray(each) || !(key in each)) throw new Error(`mutation: ${type}.${name} has no for_each key ${key}`);
  delete (each as Record<string, unknown>)[key];
  return out;
}

/** The orchestration's wildcard record replaced by exact records for the given names (what a hand-written zone often holds). */
export function exactNamesForWildcard(json: StackJson, recordName: string, names: readonly string[]): StackJson {
  const out = copy(json);
  const body = resource(out, "aws_route53_record", recordName);
  const each = body.for_each as Record<string, string> | undefined;
  if (!each || !Object.values(each).some((n) => n.startsWith("*."))) throw new Error(`mutation: aws_route53_record.${recordName} holds no wildcard`);
  body.for_each = Object.fromEntries(names.map((n) => [n.split(".")[0]!, n]));
  return out;
}
