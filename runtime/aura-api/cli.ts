/**
 * `aura-secure aura cmk create|status|list|delete`: customer managed keys through the Aura API, by hand or
 * from the registration runner (constructs/aura/cmk-registration.ts), which passes everything but secrets
 * as JSON in an environment variable (--spec-env). Progress goes to stderr, results to stdout.
 */
import { Command } from "commander";
import {
  AURA_API_BASE_URL,
  auraApiBaseUrlProblem,
  cmkRegistrationSpecSchema,
  cmkStatusOutcome,
  type AuraApiCredentials,
  type CmkRequestBody,
  type CmkRegistrationSpec,
} from "../../domain/aura/aura-api";
import { formatZodIssues } from "../../domain/errors";
import { CREDENTIALS_INSTEAD, withoutCredentials } from "../../domain/url-credentials";
import { parseDurationMs } from "../../domain/neo4j/access-model";
import { UserError } from "../cli/errors";
import { validateEnvName } from "../cli/secrets";
import type { SecretsManagerFetcher } from "../cypher/secrets";
import { AuraApiClient } from "./client";
import { awaitReady, deregister, findRegistration, getKey, listKeys, registerKey, withNextRun, type CmkDetail } from "./cmk";
import { parseRefFlag, resolveCredentials } from "./credentials";
import type { BackoffPolicy } from "./retry";

export const DEFAULT_CLIENT_ID_REF = "env:AURA_CLIENT_ID";
export const DEFAULT_CLIENT_SECRET_REF = "env:AURA_CLIENT_SECRET";

export interface AuraCliDeps {
  stdout?: { write(chunk: string): unknown };
  stderr?: { write(chunk: string): unknown };
  env?: NodeJS.ProcessEnv;
  fetch?: typeof fetch;
  fetchSecretsManager?: SecretsManagerFetcher;
  /** Tests shorten the backoff; the CLI uses the client's default. */
  backoff?: BackoffPolicy;
  /** A test's virtual clock (deadlines, waits and Retry-After dates); the CLI uses the real one. */
  now?: () => number;
  sleep?: (ms: number) => Promise<void>;
}

interface CommonOpts {
  baseUrl?: string;
  clientId: string;
  clientSecret: string;
  timeout?: string;
  json?: boolean;
  specEnv?: string;
}

interface CreateOpts extends CommonOpts {
  name?: string;
  tenantId?: string;
  type?: string;
  cloudProvider?: string;
  region?: string;
  keyId?: string;
  await?: boolean;
  pollInterval?: string;
}

function durationMs(text: string, flag: string): number {
  const ms = parseDurationMs(text);
  if (ms === null || ms <= 0) throw new UserError(`${flag}: got ${JSON.stringify(text)}; must be a duration like 30s, 10m or 1h`);
  return ms;
}

/** The spec from --spec-env: JSON written by the registration runner (references only). */
function specFromEnv(name: string, env: NodeJS.ProcessEnv): CmkRegistrationSpec {
  validateEnvName(name, "--spec-env");
  const text = env[name];
  if (!text) throw new UserError(`--spec-env: environment variable ${name} is not set`);
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (e) {
    throw new UserError(`--spec-env ${name}: not valid JSON (${(e as Error).message})`);
  }
  const parsed = cmkRegistrationSpecSchema.safeParse(raw, { reportInput: true });
  if (!parsed.success) throw new UserError(`--spec-env ${name}: invalid registration spec:\n${formatZodIssues(parsed.error.issues).map((l) => `  - ${l}`).join("\n")}`);
  return parsed.data;
}

function refsFrom(o: CommonOpts): AuraApiCredentials {
  return { clientId: parseRefFlag(o.clientId, "--client-id"), clientSecret: parseRefFlag(o.clientSecret, "--client-secret") };
}

/** The flag of an option property: tenantId -> --tenant-id. Pure. */
const flag = (k: string) => `--${k.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`)}`;

function requestFromFlags(o: CreateOpts): CmkRequestBody {
  const missing = (["name", "tenantId", "type", "cloudProvider", "region", "keyId"] as const).filter((k) => !o[k]);
  if (missing.length) {
    throw new UserError(`missing ${missing.map(flag).join(", ")} (or give --spec-env with the runner's JSON)`);
  }
  const parsed = cmkRegistrationSpecSchema.shape.request.safeParse({
    name: o.name,
    tenant_id: o.tenantId,
    instance_type: o.type,
    cloud_provider: o.cloudProvider,
    key_id: o.keyId,
    region: o.region,
  });
  if (!parsed.success) {
    const flags: Record<string, string> = { tenant_id: "--tenant-id", instance_type: "--type", cloud_provider: "--cloud-provider", key_id: "--key-id" };
    throw new UserError(parsed.error.issues.map((i) => `${flags[String(i.path[0])] ?? `--${String(i.path[0])}`}: ${i.message}`).join("\n"));
  }
  return parsed.data;
}

function show(k: CmkDetail): string {
  return `${k.id} "${k.name}" project ${k.tenant_id}: ${k.cloud_provider ?? "?"} ${k.region ?? "?"} ${k.instance_type ?? "?"} key ${k.key_id}, status ${k.status || "(none)"}`;
}

export function auraCommand(deps: AuraCliDeps = {}): Command {
  const out = deps.stdout ?? process.stdout;
  const err = deps.stderr ?? process.stderr;
  const log = (line: string) => void err.write(`aura cmk: ${line}\n`);

  /** Resolves the references and builds a client whose deadline is `timeoutMs` from now. */
  const connect = async (baseUrl: string | undefined, refs: AuraApiCredentials, timeoutMs: number): Promise<AuraApiClient> => {
    const env = deps.env ?? process.env;
    const creds = await resolveCredentials(refs, { env, fetchSecretsManager: deps.fetchSecretsManager });
    const now = deps.now ?? Date.now;
    return new AuraApiClient({ baseUrl: baseUrl ?? AURA_API_BASE_URL, ...creds, deadline: now() + timeoutMs, fetch: deps.fetch, backoff: deps.backoff, now, sleep: deps.sleep, log });
  };

  /** The settings of a command: the runner's spec, or the flags (which it then must not mix with). */
  const settings = (o: CreateOpts, needsRequest: boolean) => {
    const urlProblem = o.baseUrl === undefined ? null : auraApiBaseUrlProblem(o.baseUrl);
    if (urlProblem) throw new UserError(`--base-url ${JSON.stringify(o.baseUrl)} ${urlProblem}`);
    if (o.specEnv) {
      const flagged = (["name", "tenantId", "type", "cloudProvider", "region", "keyId", "baseUrl"] as const).filter((k) => o[k] !== undefined);
      if (flagged.length) throw new UserError(`give either --spec-env or the key flags, not both (also given: ${flagged.map(flag).join(", ")})`);
      const spec = specFromEnv(o.specEnv, deps.env ?? process.env);
      return { baseUrl: spec.baseUrl, refs: spec.credentials, request: spec.request, timeoutMs: durationMs(o.timeout ?? spec.timeout, "--timeout"), pollMs: durationMs(o.pollInterval ?? spec.pollInterval, "--poll-interval") };
    }
    if (o.baseUrl !== undefined) {
      // Checked before any secret is resolved, and named by its flag.
      const problem = auraApiBaseUrlProblem(o.baseUrl, CREDENTIALS_INSTEAD.cliAuraApi);
      if (problem) throw new UserError(`--base-url: got ${JSON.stringify(withoutCredentials(o.baseUrl))}; ${problem}`);
    }
    return {
      baseUrl: o.baseUrl,
      refs: refsFrom(o),
      request: needsRequest ? requestFromFlags(o) : undefined,
      timeoutMs: durationMs(o.timeout ?? "15m", "--timeout"),
      pollMs: durationMs(o.pollInterval ?? "15s", "--poll-interval"),
    };
  };

  const print = (o: CommonOpts, json: unknown, text: string) => void out.write(o.json ? `${JSON.stringify(json)}\n` : `${text}\n`);

  const common = (cmd: Command, withTimeout = true) => {
    cmd
      .option("--base-url <url>", `Aura API base URL (https, or http on loopback only; default ${AURA_API_BASE_URL})`)
      .option("--client-id <ref>", "where the API client id is: env:NAME, file:PATH or a Secrets Manager ARN[#jsonKey]", DEFAULT_CLIENT_ID_REF)
      .option("--client-secret <ref>", "where the API client secret is: env:NAME, file:PATH or a Secrets Manager ARN[#jsonKey]", DEFAULT_CLIENT_SECRET_REF)
      .option("--json", "print the result as JSON");
    if (withTimeout) cmd.option("--timeout <duration>", "overall deadline including retries and waiting, e.g. 90s or 15m (default 15m, or the spec's)");
    return cmd;
  };

  const cmk = new Command("cmk").description("Customer managed keys in Aura: register a cloud key, follow its status, list and remove registrations (the cloud key itself is never touched)");

  common(cmk.command("create").description("Register a cloud KMS key with Aura; an existing registration of the same key id in the project is reused, not duplicated"))
    .option("--spec-env <VAR>", "environment variable holding the registration runner's JSON spec (instead of the flags below)")
    .option("--name <name>", "the key's name in Aura")
    .option("--tenant-id <id>", "the Aura project (tenant) id")
    .option("--type <instanceType>", "Aura instance type the key is for, e.g. enterprise-db or enterprise-ds")
    .option("--cloud-provider <cloud>", "aws, gcp or azure")
    .option("--region <region>", "region of the instances (the key must be in it)")
    .option("--key-id <id>", "AWS key ARN, GCP crypto key id or Azure key identifier")
    .option("--await", "wait until Aura reports the key ready (or fail with its status and what it means)")
    .option("--poll-interval <duration>", "time between status checks while waiting (default 15s)")
    .action((o: CreateOpts) =>
      create(o).catch((e) => {
        throw withNextRun(e);
      }),
    );

  async function create(o: CreateOpts): Promise<void> {
    const s = settings(o, true);
    const request = s.request!;
    const client = await connect(s.baseUrl, s.refs, s.timeoutMs);
    const result = await registerKey(client, request, log);
    if (result.created) log(`registered ${request.key_id} as ${result.key.id} (status ${result.key.status || "none"})`);
    else log(`already registered as ${result.key.id} (status ${result.key.status || "none"}); not registering it twice`);
    for (const d of result.differences) log(`note: the existing registration's ${d}; Aura has no update: remove and register again to change it`);
    let key = result.key;
    const awaitReadyToo = o.await || o.specEnv !== undefined;
    if (awaitReadyToo && cmkStatusOutcome(key.status).outcome !== "ready") {
      log(`waiting for ${key.id} to become ready (deadline in ${Math.round(s.timeoutMs / 1000)} s)`);
      key = await awaitReady(client, key.id, s.pollMs, log);
    } else if (awaitReadyToo) {
      // Already ready or failed: report what the status means without waiting.
      const { outcome, meaning } = cmkStatusOutcome(key.status);
      if (outcome === "fail") throw new UserError(`customer managed key ${key.id} (${key.key_id}) has status ${JSON.stringify(key.status)}: ${meaning}`);
    }
    const { meaning } = cmkStatusOutcome(key.status);
    print(o, { id: key.id, status: key.status, created: result.created, key }, `${result.created ? "Registered" : "Already registered"}: ${show(key)}\n${meaning}.`);
  }

  common(cmk.command("status").description("Show a registration's status and what it means, by its Aura id or by project and key id"))
    .argument("[id]", "the Aura customer managed key id")
    .option("--tenant-id <id>", "look the registration up in this project (with --key-id)")
    .option("--key-id <id>", "the cloud key id to look up (with --tenant-id)")
    .option("--await", "wait until the key is ready")
    .option("--poll-interval <duration>", "time between status checks while waiting (default 15s)")
    .action(async (id: string | undefined, o: CreateOpts) => {
      const s = settings({ ...o, specEnv: undefined }, false);
      const client = await connect(s.baseUrl, s.refs, s.timeoutMs);
      const key = await lookup(client, id, o);
      if (!key) throw new UserError(id ? `Aura has no customer managed key ${id} visible to this client` : `project ${o.tenantId} has no registration of key ${o.keyId}`);
      const final = o.await && cmkStatusOutcome(key.status).outcome === "wait" ? await awaitReady(client, key.id, s.pollMs, log) : key;
      const { outcome, meaning } = cmkStatusOutcome(final.status);
      print(o, { ...final, outcome, meaning }, `${show(final)}\n${meaning}.`);
      if (o.await && outcome !== "ready") throw new UserError(`customer managed key ${final.id} has status ${JSON.stringify(final.status)}: ${meaning}`);
    });

  common(cmk.command("list").description("List registrations (id, name, project); --details reads each one's key id and status"))
    .option("--tenant-id <id>", "only this project's registrations")
    .option("--details", "read each registration (one request per key)")
    .action(async (o: CreateOpts & { details?: boolean }) => {
      const s = settings({ ...o, specEnv: undefined }, false);
      const client = await connect(s.baseUrl, s.refs, s.timeoutMs);
      const keys = await listKeys(client, o.tenantId);
      const rows: (CmkDetail | (typeof keys)[number])[] = [];
      for (const k of keys) rows.push(o.details ? ((await getKey(client, k.id)) ?? k) : k);
      if (o.json) return print(o, rows, "");
      if (!rows.length) return print(o, rows, `No customer managed keys${o.tenantId ? ` in project ${o.tenantId}` : ""}.`);
      print(o, rows, rows.map((r) => ("key_id" in r ? show(r) : `${r.id} "${r.name}" project ${r.tenant_id}`)).join("\n"));
    });

  common(cmk.command("delete").description("Remove a registration from Aura (the key in the cloud KMS stays); refused by Aura while instances use the key"))
    .argument("[id]", "the Aura customer managed key id")
    .option("--spec-env <VAR>", "environment variable holding the registration runner's JSON spec: removes that key's registration")
    .option("--tenant-id <id>", "look the registration up in this project (with --key-id)")
    .option("--key-id <id>", "the cloud key id whose registration to remove (with --tenant-id)")
    .action(async (id: string | undefined, o: CreateOpts) => {
      let target: { id: string } | { tenantId: string; keyId: string };
      let s;
      if (o.specEnv) {
        if (id || o.tenantId || o.keyId) throw new UserError("give either --spec-env or an id / --tenant-id and --key-id, not both");
        s = settings(o, false);
        target = { tenantId: s.request!.tenant_id, keyId: s.request!.key_id };
      } else {
        s = settings(o, false);
        target = lookupTarget(id, o);
      }
      const client = await connect(s.baseUrl, s.refs, s.timeoutMs);
      const result = await deregister(client, target);
      if ("absent" in result) {
        const what = "id" in target ? `Aura has no customer managed key ${target.id}` : `key ${target.keyId} is not registered in project ${target.tenantId}`;
        return print(o, { removed: false, absent: true }, `Nothing to remove: ${what}.`);
      }
      print(o, { removed: true, id: result.removed.id }, `Removed ${result.removed.id} from Aura; the key in the cloud KMS is unchanged.`);
    });

  return new Command("aura").description("Neo4j Aura API tasks (customer managed keys)").addCommand(cmk);
}

function lookupTarget(id: string | undefined, o: { tenantId?: string; keyId?: string }): { id: string } | { tenantId: string; keyId: string } {
  if (id && (o.tenantId || o.keyId)) throw new UserError("give either the Aura key id or --tenant-id and --key-id, not both");
  if (id) return { id };
  if (o.tenantId && o.keyId) return { tenantId: o.tenantId, keyId: o.keyId };
  throw new UserError("give the Aura key id, or --tenant-id and --key-id to look it up");
}

async function lookup(client: AuraApiClient, id: string | undefined, o: { tenantId?: string; keyId?: string }): Promise<CmkDetail | null> {
  const t = lookupTarget(id, o);
  return "id" in t ? getKey(client, t.id) : findRegistration(client, t.tenantId, t.keyId);
}
