/**
 * Reads a synthesized cdk.tf.json as terraform would see it after apply, for the twin: resources expanded
 * by for_each, attributes evaluated on demand, and every value only known after apply (ids, addresses,
 * DNS names) asked of the twin through `Computed`. Only the expressions our stacks write are understood:
 * references (`type.name`, `type.name["key"]`, `each.key`, `each.value`) with attribute, index and key
 * steps, alone or inside a string. Anything else (functions, operators, data sources, variables) is
 * refused with a TwinError naming the stack, resource and attribute: the twin never guesses a value.
 * No library evaluates HCL expressions in JSON form from JavaScript, and terraform itself cannot apply
 * offline here, which is why this is written by hand.
 */

export class TwinError extends Error {
  override name = "TwinError";
}

export type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
export type Body = Record<string, Json>;

export interface StackJson {
  resource?: Record<string, Record<string, Body>>;
  output?: Record<string, { value: Json; description?: string; sensitive?: boolean }>;
  data?: Record<string, Record<string, Body>>;
}

/** One resource instance of one stack. */
export interface Instance {
  stack: string;
  type: string;
  name: string;
  /** The for_each key, when the resource has for_each. */
  key?: string;
  /** `type.name` or `type.name["key"]`, as terraform names it. */
  address: string;
  body: Body;
  each?: { key: string; value: unknown };
}

/**
 * What the twin knows after apply: the value of an attribute terraform computes (given what the
 * configuration set, if anything), or undefined when it does not compute that attribute.
 */
export type Computed = (instance: Instance, attribute: string, configured: unknown) => unknown;

/** Meta-arguments: never resource attributes. */
const META = new Set(["//", "for_each", "count", "depends_on", "lifecycle", "provider", "provisioner", "connection"]);

type Step = { attr: string } | { index: number } | { key: string };
interface Traversal {
  root: "each" | "resource";
  type: string;
  name: string;
  steps: Step[];
}

const IDENT = "[A-Za-z_][A-Za-z0-9_-]*";
const STEP = new RegExp(`^(?:\\.(${IDENT})|\\[(\\d+)\\]|\\["([^"\\\\]*)"\\])`);

/** Parses `a.b.c[0]["k"].d`; null when the expression is anything else. Pure. */
export function parseTraversal(expr: string): Traversal | null {
  const head = new RegExp(`^(${IDENT})\\.(${IDENT})`).exec(expr);
  if (!head) return null;
  let rest = expr.slice(head[0].length);
  const steps: Step[] = [];
  while (rest.length) {
    const m = STEP.exec(rest);
    if (!m) return null;
    if (m[1] !== undefined) steps.push({ attr: m[1] });
    else if (m[2] !== undefined) steps.push({ index: Number(m[2]) });
    else steps.push({ key: m[3]! });
    rest = rest.slice(m[0].length);
  }
  if (head[1] === "each") {
    if (head[2] !== "key" && head[2] !== "value") return null;
    return { root: "each", type: "each", name: head[2], steps };
  }
  return { root: "resource", type: head[1]!, name: head[2]!, steps };
}

/** Splits a string into literal parts and `${...}` expressions (`$${` is a literal `${`). Pure. */
export function splitTemplate(text: string): Array<{ literal: string } | { expr: string }> {
  const parts: Array<{ literal: string } | { expr: string }> = [];
  let literal = "";
  let i = 0;
  while (i < text.length) {
    if (text.startsWith("$${", i)) {
      literal += "${";
      i += 3;
    } else if (text.startsWith("%%{", i)) {
      literal += "%{";
      i += 3;
    } else if (text.startsWith("%{", i)) {
      throw new TwinError(`template directive in ${JSON.stringify(text)} (the twin evaluates references only)`);
    } else if (text.startsWith("${", i)) {
      const end = text.indexOf("}", i);
      if (end < 0) throw new TwinError(`unterminated \${ in ${JSON.stringify(text)}`);
      if (literal) parts.push({ literal });
      literal = "";
      parts.push({ expr: text.slice(i + 2, end).trim() });
      i = end + 1;
    } else {
      literal += text[i];
      i++;
    }
  }
  if (literal || !parts.length) parts.push({ literal });
  return parts;
}

/** The instances of one stack's resources, with attributes evaluated on demand (and remembered). */
export class StackReader {
  private readonly byType = new Map<string, Instance[]>();
  private readonly cache = new Map<Instance, Map<string, unknown>>();
  private readonly evaluating = new Set<string>();

  constructor(
    readonly stack: string,
    readonly json: StackJson,
    private readonly computed: Computed,
  ) {
    if (json.data && Object.keys(json.data).length) {
      throw new TwinError(`${stack}: data sources (${Object.keys(json.data).join(", ")}) read the cloud at plan time; the twin has none to read`);
    }
  }

  /** The resource types this stack declares. */
  types(): string[] {
    return Object.keys(this.json.resource ?? {});
  }

  /** Every instance of a resource type, for_each expanded, in the order of the JSON. */
  instances(type: string): Instance[] {
    const known = this.byType.get(type);
    if (known) return known;
    const out: Instance[] = [];
    for (const [name, body] of Object.entries(this.json.resource?.[type] ?? {})) {
      if (body.count !== undefined) throw new TwinError(`${this.stack} ${type}.${name}: count is not modelled by the twin`);
      if (body.for_each === undefined) {
        out.push({ stack: this.stack, type, name, address: `${type}.${name}`, body });
        continue;
      }
      for (const [key, value] of Object.entries(this.forEach(type, name, body.for_each))) {
        out.push({ stack: this.stack, type, name, key, address: `${type}.${name}[${JSON.stringify(key)}]`, body, each: { key, value } });
      }
    }
    this.byType.set(type, out);
    return out;
  }

  /** The evaluated value of a top-level attribute (configured, or computed by the twin). */
  attr(instance: Instance, attribute: string): unknown {
    let cached = this.cache.get(instance);
    if (!cached) this.cache.set(instance, (cached = new Map()));
    if (cached.has(attribute)) return cached.get(attribute);
    const id = `${instance.address}.${attribute}`;
    if (this.evaluating.has(id)) throw new TwinError(`${this.stack} ${id}: refers to itself`);
    this.evaluating.add(id);
    try {
      const set = !META.has(attribute) && attribute in instance.body;
      const configured = set ? this.evaluate(instance.body[attribute]!, instance, attribute) : undefined;
      const computed = this.computed(instance, attribute, configured);
      const value = computed !== undefined ? computed : configured;
      if (value === undefined) throw new TwinError(`${this.stack} ${instance.address}: attribute ${attribute} is neither configured nor known to the twin`);
      cached.set(attribute, value);
      return value;
    } finally {
      this.evaluating.delete(id);
    }
  }

  /** Like attr, but undefined instead of an error when the attribute is not configured or computed. */
  optional(instance: Instance, attribute: string): unknown {
    if (!(attribute in instance.body) && this.computed(instance, attribute, undefined) === undefined) return undefined;
    return this.attr(instance, attribute);
  }

  /** Every output, evaluated: the shape cdktf's --outputs-file writes for one stack. */
  outputs(): Record<string, unknown> {
    return Object.fromEntries(Object.entries(this.json.output ?? {}).map(([name, o]) => [name, this.evaluate(o.value, undefined, `output ${name}`)]));
  }

  /** Evaluates a configured value deeply, in the context of an instance (for each.*). */
  evaluate(value: Json, instance: Instance | undefined, where: string): unknown {
    if (typeof value === "string") return this.template(value, instance, where);
    if (Array.isArray(value)) return value.map((v) => this.evaluate(v, instance, where));
    if (value && typeof value === "object") return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, this.evaluate(v, instance, where)]));
    return value;
  }

  private template(text: string, instance: Instance | undefined, where: string): unknown {
    const parts = splitTemplate(text);
    const single = parts.length === 1 ? parts[0]! : undefined;
    if (single && "expr" in single) return this.reference(single.expr, instance, where);
    return parts
      .map((p) => {
        if ("literal" in p) return p.literal;
        const v = this.reference(p.expr, instance, where);
        if (typeof v !== "string" && typeof v !== "number" && typeof v !== "boolean") {
          throw new TwinError(`${this.stack} ${where}: \${${p.expr}} is not a string inside ${JSON.stringify(text)}`);
        }
        return String(v);
      })
      .join("");
  }

  private reference(expr: string, instance: Instance | undefined, where: string): unknown {
    const t = parseTraversal(expr);
    const at = `${this.stack} ${instance ? instance.address + " " : ""}${where}`;
    if (!t) throw new TwinError(`${at}: \${${expr}} is not a plain reference; the twin evaluates references only`);
    let value: unknown;
    let steps = t.steps;
    if (t.root === "each") {
      if (!instance?.each) throw new TwinError(`${at}: \${${expr}} outside a for_each resource`);
      value = t.name === "key" ? instance.each.key : instance.each.value;
    } else {
      if (t.type === "data" || t.type === "var" || t.type === "local" || t.type === "module") {
        throw new TwinError(`${at}: \${${expr}} reads ${t.type}.*, which the twin does not model`);
      }
      const resource = this.json.resource?.[t.type]?.[t.name];
      if (!resource) throw new TwinError(`${at}: \${${expr}} names a resource this stack does not declare`);
      const all = this.instances(t.type).filter((i) => i.name === t.name);
      if (resource.for_each === undefined) value = all[0]!;
      else if (steps[0] && "key" in steps[0]) {
        const key = steps[0].key;
        value = all.find((i) => i.key === key);
        if (!value) throw new TwinError(`${at}: \${${expr}}: no instance ${JSON.stringify(key)}`);
        steps = steps.slice(1);
      } else value = Object.fromEntries(all.map((i) => [i.key!, i]));
    }
    // A reference that ends at an instance (for_each over another resource) stays one: each.value.x reads it.
    for (const step of steps) value = this.step(value, step, at, expr);
    return value;
  }

  private step(value: unknown, step: Step, at: string, expr: string): unknown {
    if (isInstance(value)) {
      if (!("attr" in step)) throw new TwinError(`${at}: \${${expr}} indexes a resource instance`);
      return this.attr(value, step.attr);
    }
    if ("index" in step) {
      // A nested block written as an object is a one-element list to terraform (`block[0].attr`).
      const list = Array.isArray(value) ? value : value && typeof value === "object" ? [value] : null;
      if (!list || step.index >= list.length) throw new TwinError(`${at}: \${${expr}}: index ${step.index} is out of range`);
      return list[step.index];
    }
    const key = "attr" in step ? step.attr : step.key;
    if (value && typeof value === "object" && !Array.isArray(value) && key in value) return (value as Record<string, unknown>)[key];
    throw new TwinError(`${at}: \${${expr}}: no attribute ${key}`);
  }

  private forEach(type: string, name: string, each: Json): Record<string, unknown> {
    if (each && typeof each === "object" && !Array.isArray(each)) return each as Record<string, unknown>;
    const parts = typeof each === "string" ? splitTemplate(each) : [];
    const only = parts.length === 1 && "expr" in parts[0]! ? parts[0].expr : undefined;
    if (only !== undefined) {
      const t = parseTraversal(only);
      if (t && t.root === "resource" && t.steps.length === 0 && this.json.resource?.[t.type]?.[t.name]?.for_each !== undefined) {
        return Object.fromEntries(this.instances(t.type).filter((i) => i.name === t.name).map((i) => [i.key!, i]));
      }
    }
    throw new TwinError(`${this.stack} ${type}.${name}: for_each ${JSON.stringify(each)} is neither a map nor another for_each resource`);
  }
}

export function isInstance(value: unknown): value is Instance {
  return typeof value === "object" && value !== null && "address" in value && "body" in value && "stack" in value && "type" in value;
}
