/**
 * Resource instances for the diagram: from plans (each change with its status) or from a synthesized
 * cdktf.out (every resource as configured, for_each expanded, no plan needed).
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { UserError } from "../cli/errors";
import { statusOf, type Instance } from "./graph";
import type { StackPlan } from "./plan-format";
import { current } from "./values";

export function instancesFromPlans(plans: readonly StackPlan[]): Instance[] {
  // A deposed object is an old copy of a resource the picture already has: it is counted and judged, not drawn.
  return plans.flatMap((p) => p.changes.filter((c) => !c.deposed).map((c) => ({ stack: p.stack, address: c.address, type: c.type, values: current(c), status: statusOf(c.kind) })));
}

/** Replaces `${each.key}`, `${each.value}` and `${each.value.x}` in strings with one for_each entry. */
function expandEach(v: unknown, key: string, value: unknown): unknown {
  if (typeof v === "string") {
    const m = /^\$\{each\.(key|value)(?:\.([A-Za-z0-9_]+))?\}$/.exec(v);
    if (!m) return v;
    if (m[1] === "key") return key;
    return m[2] ? (value as Record<string, unknown> | null)?.[m[2]] : value;
  }
  if (Array.isArray(v)) return v.map((x) => expandEach(x, key, value));
  if (v && typeof v === "object") return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, expandEach(x, key, value)]));
  return v;
}

/**
 * Replaces references `${type.name.attr}` to another resource's literal string attribute (an Azure record's
 * zone_name names its zone that way), so labels show names rather than expressions.
 */
function resolveRefs(v: unknown, resources: Record<string, Record<string, Record<string, unknown>>>): unknown {
  if (typeof v === "string") {
    return v.replace(/\$\{([a-z0-9_]+)\.([A-Za-z0-9_-]+)\.([a-z0-9_]+)\}/g, (whole, type: string, name: string, attr: string) => {
      const x = resources[type]?.[name]?.[attr];
      return typeof x === "string" && !x.includes("${") ? x : whole;
    });
  }
  if (Array.isArray(v)) return v.map((x) => resolveRefs(x, resources));
  if (v && typeof v === "object") return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, resolveRefs(x, resources)]));
  return v;
}

/**
 * A for_each as a map of key to each.value: a literal map, or `${type.name}` of another resource whose
 * for_each is a literal map (records keyed by their zones): then each.value is that resource's instance.
 */
function forEachEntries(each: unknown, resources: Record<string, Record<string, Record<string, unknown>>>): Record<string, unknown> | null {
  if (each && typeof each === "object" && !Array.isArray(each)) return each as Record<string, unknown>;
  const ref = typeof each === "string" ? /^\$\{([a-z0-9_]+)\.([A-Za-z0-9_-]+)\}$/.exec(each) : null;
  const target = ref ? resources[ref[1]!]?.[ref[2]!] : undefined;
  const targetEach = target?.for_each;
  if (!target || !targetEach || typeof targetEach !== "object" || Array.isArray(targetEach)) return null;
  const body = resolveRefs(target, resources);
  return Object.fromEntries(Object.entries(targetEach as Record<string, unknown>).map(([key, value]) => [key, expandEach(body, key, value)]));
}

/** Instances of one cdk.tf.json. */
export function instancesFromCdktfJson(stack: string, json: { resource?: Record<string, Record<string, Record<string, unknown>>> }): Instance[] {
  const out: Instance[] = [];
  const resources = json.resource ?? {};
  for (const [type, byName] of Object.entries(resources)) {
    for (const [name, raw] of Object.entries(byName)) {
      const body = resolveRefs(raw, resources) as Record<string, unknown>;
      const each = forEachEntries(body.for_each, resources);
      if (each) {
        for (const [key, value] of Object.entries(each)) {
          out.push({ stack, address: `${type}.${name}["${key}"]`, type, values: expandEach(body, key, value) as Record<string, unknown>, status: "unchanged" });
        }
      } else out.push({ stack, address: `${type}.${name}`, type, values: body, status: "unchanged" });
    }
  }
  return out;
}

/** Every stack under `<outdir>/stacks`. */
export function instancesFromCdktfOut(outdir: string): Instance[] {
  const dir = path.join(outdir, "stacks");
  if (!fs.existsSync(dir)) throw new UserError(`${outdir}: no stacks folder; run \`npm run synth\` (or cdktf synth) first, or pass --out <cdktf.out>`);
  const stacks = fs
    .readdirSync(dir, { withFileTypes: true })
    .filter((e) => e.isDirectory() && fs.existsSync(path.join(dir, e.name, "cdk.tf.json")))
    .map((e) => e.name)
    .sort();
  if (!stacks.length) throw new UserError(`${dir} holds no <stack>/cdk.tf.json; run the synth first`);
  return stacks.flatMap((s) => {
    const file = path.join(dir, s, "cdk.tf.json");
    try {
      return instancesFromCdktfJson(s, JSON.parse(fs.readFileSync(file, "utf8")));
    } catch (e) {
      throw new UserError(`${file}: not valid JSON (${(e as Error).message})`);
    }
  });
}
