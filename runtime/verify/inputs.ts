import { z } from "zod";
import { AURA_PRODUCTS, CUSTOM_ENDPOINT_DOMAIN, ORCH_ID_PATTERN, PRODUCT_LABELS, type AuraProduct } from "../../domain/aura/names";
import { wrongDocument } from "../../domain/documents";
import { formatZodIssues } from "../../domain/errors";
import type { AuraSecureConfig } from "../../config/schema";
import { UserError } from "../cli/errors";

/** What verify needs to know about one region stack (one private endpoint). */
export interface Deployment {
  /** Where it came from: the stack name in an outputs file, `terraform output`, or `config regions[i]`. */
  source: string;
  product: AuraProduct;
  orchestrations: string[];
  customEndpoints: string[];
  /** The endpoint's own private addresses, when the outputs give them (GCP and Azure `private_ip`). */
  endpointAddresses: string[];
  /** Names that resolve to the endpoint's addresses (AWS `endpoint_dns_entries`): resolved at run time. */
  endpointDnsNames: string[];
}

const consoleSchema = z.looseObject({
  product: z.enum(Object.values(PRODUCT_LABELS) as [string, ...string[]], { error: `must be one of ${Object.values(PRODUCT_LABELS).join(", ")}` }),
  connectivity_checks: z.array(z.string()).default([]),
});
const stackOutputsSchema = z.looseObject({
  aura_console: consoleSchema,
  private_uri_patterns: z.array(z.string()),
  private_ip: z.string().optional(),
  endpoint_dns_entries: z.array(z.looseObject({ dns_name: z.string() })).optional(),
});

const ORCH_URI = /^neo4j\+s:\/\/<dbid>\.production-orch-([a-z0-9]+)\.neo4j\.io$/;
const CUSTOM_CHECK = new RegExp(`^nslookup ([a-z0-9-]+)\\.${CUSTOM_ENDPOINT_DOMAIN.replace(/\./g, "\\.")}$`);

/** `terraform output -json` wraps each value as {value, type, sensitive}; cdktf's outputs file does not. Pure. */
function unwrap(outputs: Record<string, unknown>): Record<string, unknown> {
  const wrapped = Object.values(outputs).every((v) => typeof v === "object" && v !== null && "value" in v && ("type" in v || "sensitive" in v));
  return wrapped ? Object.fromEntries(Object.entries(outputs).map(([k, v]) => [k, (v as { value: unknown }).value])) : outputs;
}

function isObject(x: unknown): x is Record<string, unknown> {
  return typeof x === "object" && x !== null && !Array.isArray(x);
}

/** Finds every stack's outputs (an object holding aura_console) at any depth of the JSON, with its path. Pure. */
function findStacks(json: unknown, path: string[], out: { path: string[]; outputs: Record<string, unknown> }[]): void {
  if (!isObject(json)) return;
  const unwrapped = unwrap(json);
  if ("aura_console" in unwrapped) {
    out.push({ path, outputs: unwrapped });
    return;
  }
  for (const [k, v] of Object.entries(json)) findStacks(v, [...path, k], out);
}

/**
 * Reads the region stacks' outputs from `terraform output -json` (one stack) or the JSON file cdktf-cli
 * writes with `--outputs-file` (`{ "<stack>": { "<output>": value } }`, several stacks). Pure.
 */
export function deploymentsFromOutputs(json: unknown, file: string): Deployment[] {
  // A plan holds outputs too (planned_values.outputs), but planned ones: unknown until apply.
  const wrong = wrongDocument(json, ["terraform-outputs", "cdktf-outputs"], "stack outputs; after apply, run `terraform output -json` in the stack's folder");
  if (wrong) throw new UserError(`--outputs ${file}: ${wrong}`);
  const stacks: { path: string[]; outputs: Record<string, unknown> }[] = [];
  findStacks(json, [], stacks);
  if (stacks.length === 0) {
    throw new UserError(`--outputs ${file}: no aura_console output found; give \`terraform output -json\` of a region stack or the file of \`cdktf deploy --outputs-file\``);
  }
  return stacks.map(({ path, outputs }) => {
    const source = path.length ? path.join(".") : "terraform output";
    const parsed = stackOutputsSchema.safeParse(outputs, { reportInput: true });
    if (!parsed.success) throw new UserError(`--outputs ${file} (${source}):\n${formatZodIssues(parsed.error.issues).map((l) => `  - ${l}`).join("\n")}`);
    const o = parsed.data;
    const orchestrations = o.private_uri_patterns.map((p) => {
      const m = ORCH_URI.exec(p);
      if (!m) throw new UserError(`--outputs ${file} (${source}): private_uri_patterns holds ${JSON.stringify(p)}; expected neo4j+s://<dbid>.production-orch-<orch>.neo4j.io`);
      return m[1]!;
    });
    const product = AURA_PRODUCTS.find((p) => PRODUCT_LABELS[p] === o.aura_console.product)!;
    const customEndpoints = o.aura_console.connectivity_checks.flatMap((c) => {
      const m = CUSTOM_CHECK.exec(c);
      return m ? [m[1]!] : [];
    });
    return {
      source,
      product,
      orchestrations,
      customEndpoints: [...new Set(customEndpoints)],
      endpointAddresses: o.private_ip ? [o.private_ip] : [],
      // The first entry is the regional name the Aura records alias to (stacks/aws-region-stack.ts).
      endpointDnsNames: o.endpoint_dns_entries?.length ? [o.endpoint_dns_entries[0]!.dns_name] : [],
    };
  });
}

/** The app config's regions as deployments: no endpoint addresses (only the outputs know them). Pure. */
export function deploymentsFromConfig(config: AuraSecureConfig, file: string): Deployment[] {
  return config.regions.map((r, i) => ({
    source: `${file} regions[${i}] (${r.cloud} ${r.region})`,
    product: r.product,
    orchestrations: [...r.orchestrations],
    customEndpoints: [...r.dns.customEndpoints],
    endpointAddresses: [],
    endpointDnsNames: [],
  }));
}

/** Validates an orchestration id from the outputs or a flag. Pure. */
export function isOrchestration(value: string): boolean {
  return ORCH_ID_PATTERN.test(value);
}
