import { z } from "zod";
import { formatZodIssues } from "../../domain/errors";
import { secretRefSchema } from "../../domain/neo4j/access-model";
import { UserError } from "../cli/errors";
import { secretResolver, type SecretsManagerFetcher } from "../cypher/secrets";
import { parsePrivateCidrs } from "./addresses";
import { parseDnsServer, parseDuration, parsePortMap, resolveDnsServer } from "./flags";
import { deploymentsFromOutputs } from "./inputs";
import { systemLookup } from "./lookup-hook";
import { renderTable } from "./report";
import { runVerify, type VerifyReport } from "./run";

/**
 * `aura-secure verify` inside the VPC: the access construct's Lambda runner (already in the subnets that
 * reach the endpoint) runs the same checks when invoked with `{"action": "verify", ...}`. The field names
 * follow the CLI flags; the password is a secret reference like the access config's, normally the
 * Secrets Manager secret the function may already read.
 */
export const verifyEventSchema = z.strictObject({
  action: z.literal("verify"),
  /** `terraform output -json` of the region stack, or the cdktf --outputs-file object. */
  outputs: z.unknown(),
  dbids: z.array(z.string()).default([]),
  dnsServer: z.string().optional(),
  timeout: z.string().default("5s"),
  retries: z.number().int().default(2),
  retryDelay: z.string().default("2s"),
  user: z.string().optional(),
  password: secretRefSchema.optional(),
  privateCidrs: z.array(z.string()).default([]),
  /** For tests only, as the CLI flags of the same names. */
  allowLoopback: z.boolean().default(false),
  portMap: z.array(z.string()).default([]),
  caFile: z.string().optional(),
});
export type VerifyEvent = z.input<typeof verifyEventSchema>;

export interface VerifyEventResult extends VerifyReport {
  /** What the run decided before checking, e.g. the address a dnsServer host name resolved to. */
  notes?: string[];
  /** The same table the CLI prints, for `aws lambda invoke ... | jq -r .table`. */
  table: string;
}

export function isVerifyEvent(event: unknown): boolean {
  return typeof event === "object" && event !== null && (event as { action?: unknown }).action === "verify";
}

export async function handleVerifyEvent(event: unknown, deps: { fetchSecretsManager?: SecretsManagerFetcher; env?: NodeJS.ProcessEnv }): Promise<VerifyEventResult> {
  const parsed = verifyEventSchema.safeParse(event, { reportInput: true });
  if (!parsed.success) throw new UserError(`invalid verify event:\n${formatZodIssues(parsed.error.issues).map((l) => `  - ${l}`).join("\n")}`);
  const e = parsed.data;
  if (Boolean(e.user) !== Boolean(e.password)) throw new UserError("verify event: give both user and password (a secret reference), or neither");
  const resolveSecret = secretResolver({ env: deps.env, fetchSecretsManager: deps.fetchSecretsManager });
  const password = e.password;
  const deployments = deploymentsFromOutputs(e.outputs, "event.outputs");
  const server = e.dnsServer === undefined ? undefined : await resolveDnsServer(parseDnsServer(e.dnsServer, "dnsServer"), "dnsServer", systemLookup);
  const report = await runVerify({
    deployments,
    dbids: e.dbids,
    dnsServer: server?.address,
    dnsServerDescription: server?.description,
    timeoutMs: parseDuration(e.timeout, "timeout"),
    retries: e.retries,
    retryDelayMs: parseDuration(e.retryDelay, "retryDelay"),
    policy: { allowLoopback: e.allowLoopback, privateCidrs: parsePrivateCidrs(e.privateCidrs, "privateCidrs") },
    caFile: e.caFile,
    portMap: parsePortMap(e.portMap, "portMap"),
    credentials: e.user && password ? { user: e.user, password: () => resolveSecret(password) } : undefined,
    optionNames: { timeout: "timeout", retries: "retries" },
  });
  return { ...report, ...(server?.note ? { notes: [server.note] } : {}), table: renderTable(report) };
}
