import { AURA_CMK_PATH, REASON_KEY_ACTIVE, REASON_KEY_NOT_FOUND, cmkStatusOutcome, type CmkRequestBody } from "../../domain/aura/aura-api";
import { UserError } from "../cli/errors";
import { AuraApiError } from "./errors";
import { AuraApiClient, DeadlineError, TransientError } from "./client";

/**
 * Customer managed key operations on the Aura API v1: list, get, an idempotent register, wait until
 * ready and remove. Field names and statuses: docs/vendor-facts.md, section "Aura API".
 */

export interface CmkSummary {
  id: string;
  name: string;
  tenant_id: string;
}

export interface CmkDetail extends CmkSummary {
  status: string;
  key_id: string;
  cloud_provider?: string;
  region?: string;
  /** The v1 examples name it `type`; some clients read `instance_type`: both are accepted. */
  instance_type?: string;
  created?: string;
}

const path = (id: string) => `${AURA_CMK_PATH}/${encodeURIComponent(id)}`;

function data(body: unknown, what: string): unknown {
  const d = (body as { data?: unknown } | undefined)?.data;
  if (d === undefined) throw new AuraApiError(`${what}: the answer has no "data" field`, 200);
  return d;
}

function detail(raw: unknown, what: string): CmkDetail {
  const d = raw as Record<string, unknown>;
  if (!d || typeof d.id !== "string") throw new AuraApiError(`${what}: the answer has no key id`, 200);
  return {
    id: d.id,
    name: String(d.name ?? ""),
    tenant_id: String(d.tenant_id ?? ""),
    status: String(d.status ?? ""),
    key_id: String(d.key_id ?? ""),
    cloud_provider: typeof d.cloud_provider === "string" ? d.cloud_provider : undefined,
    region: typeof d.region === "string" ? d.region : undefined,
    instance_type: typeof d.instance_type === "string" ? d.instance_type : typeof d.type === "string" ? d.type : undefined,
    created: typeof d.created === "string" ? d.created : undefined,
  };
}

/** GET /v1/customer-managed-keys[?tenantId=]: summaries (id, name, tenant_id) only. */
export async function listKeys(client: AuraApiClient, tenantId?: string): Promise<CmkSummary[]> {
  const what = `listing customer managed keys${tenantId ? ` of project ${tenantId}` : ""}`;
  const q = tenantId ? `?tenantId=${encodeURIComponent(tenantId)}` : "";
  const res = await client.request("GET", `${AURA_CMK_PATH}${q}`, { idempotent: true, what });
  const list = data(res.body, what);
  if (!Array.isArray(list)) throw new AuraApiError(`${what}: "data" is not a list`, res.status);
  return list.map((k: Record<string, unknown>) => ({ id: String(k.id), name: String(k.name ?? ""), tenant_id: String(k.tenant_id ?? "") }));
}

/** GET /v1/customer-managed-keys/{id}; null when Aura does not know the id. */
export async function getKey(client: AuraApiClient, id: string): Promise<CmkDetail | null> {
  const what = `reading customer managed key ${id}`;
  const res = await client.request("GET", path(id), { idempotent: true, what, accept: [404] });
  if (res.status === 404) return null;
  return detail(data(res.body, what), what);
}

/**
 * The registration of a cloud key in a project, or null. The list holds no key ids, so each of the
 * project's registrations is read (a project has few: one per product and region).
 */
export async function findRegistration(client: AuraApiClient, tenantId: string, keyId: string): Promise<CmkDetail | null> {
  for (const s of await listKeys(client, tenantId)) {
    if (s.tenant_id && s.tenant_id !== tenantId) continue;
    const d = await getKey(client, s.id);
    if (d && d.key_id === keyId && (d.tenant_id === "" || d.tenant_id === tenantId)) return d;
  }
  return null;
}

export interface RegisterResult {
  key: CmkDetail;
  created: boolean;
  /** Fields of an existing registration that differ from the request (Aura has no update: informational). */
  differences: string[];
}

function differences(key: CmkDetail, body: CmkRequestBody): string[] {
  const out: string[] = [];
  const cmp = (field: string, have: string | undefined, want: string) => {
    if (have !== undefined && have !== "" && have !== want) out.push(`${field} is ${JSON.stringify(have)}, not ${JSON.stringify(want)}`);
  };
  cmp("name", key.name, body.name);
  cmp("instance type", key.instance_type, body.instance_type);
  cmp("cloud provider", key.cloud_provider, body.cloud_provider);
  cmp("region", key.region, body.region);
  return out;
}

/**
 * Registers a key unless the project already has a registration of the same key id. POST is not safe to
 * resend blindly (a 5xx may hide a success), so after a transient failure the project is looked up again
 * before another POST.
 */
export async function registerKey(client: AuraApiClient, body: CmkRequestBody, log: (line: string) => void = () => undefined): Promise<RegisterResult> {
  const existing = await findRegistration(client, body.tenant_id, body.key_id);
  if (existing) return { key: existing, created: false, differences: differences(existing, body) };
  const what = `registering key ${body.key_id} in project ${body.tenant_id}`;
  for (let attempt = 1; ; attempt++) {
    try {
      const res = await client.request("POST", AURA_CMK_PATH, { body, idempotent: false, what });
      return { key: detail(data(res.body, what), what), created: true, differences: [] };
    } catch (e) {
      const conflict = e instanceof AuraApiError && e.status === 409;
      if (!(e instanceof TransientError) && !conflict) throw e;
      const found = await findRegistration(client, body.tenant_id, body.key_id);
      if (found) {
        log(`the registration exists after ${conflict ? "a conflict" : "a failed attempt"}: ${found.id}`);
        return { key: found, created: !conflict, differences: differences(found, body) };
      }
      if (conflict || attempt > 3) throw e;
      const delay = client.retryDelay(attempt);
      log(`${(e as Error).message}; not registered yet, sending it again in ${(delay / 1000).toFixed(1)} s`);
      await client.pause(delay, what);
    }
  }
}

/**
 * Polls a registration until Aura reports it ready. Fails with the status and its meaning when Aura
 * reports anything else that does not change on its own, and when the deadline comes first.
 */
export async function awaitReady(client: AuraApiClient, id: string, pollIntervalMs: number, log: (line: string) => void = () => undefined): Promise<CmkDetail> {
  const started = client.now;
  for (;;) {
    const key = await getKey(client, id);
    if (!key) throw new UserError(`customer managed key ${id} disappeared from Aura while waiting for it to become ready (key deleted by someone else). Next apply: it is registered again (once), then waited for`);
    const { outcome, meaning } = cmkStatusOutcome(key.status);
    if (outcome === "ready") return key;
    if (outcome === "fail") throw new UserError(`customer managed key ${id} (${key.key_id}) has status ${JSON.stringify(key.status)}: ${meaning}`);
    const waited = Math.round((client.now - started) / 1000);
    log(`key ${id} is ${key.status || "(no status yet)"} after ${waited} s; checking again in ${Math.round(pollIntervalMs / 1000)} s`);
    try {
      await client.pause(pollIntervalMs, "waiting for the key");
    } catch (e) {
      if (!(e instanceof DeadlineError)) throw e;
      throw new UserError(`customer managed key ${id} (${key.key_id}) is still ${JSON.stringify(key.status)} after ${waited} s, and the deadline has come (deadline passed): ${meaning}. Next apply: it finds this registration (never a second one) and waits for it again`);
    }
  }
}

export type DeregisterResult = { removed: CmkDetail | { id: string } } | { absent: true };

/**
 * Removes a registration from Aura (never the key in the cloud KMS). Aura refuses while instances use the
 * key (reason encryption-key-is-active): that refusal is reported with Aura's own message.
 */
export async function deregister(client: AuraApiClient, target: { id: string } | { tenantId: string; keyId: string }): Promise<DeregisterResult> {
  let id: string;
  let known: CmkDetail | undefined;
  if ("id" in target) id = target.id;
  else {
    const found = await findRegistration(client, target.tenantId, target.keyId);
    if (!found) return { absent: true };
    id = found.id;
    known = found;
  }
  const what = `removing customer managed key ${id} from Aura`;
  try {
    const res = await client.request("DELETE", path(id), { idempotent: true, what, accept: [404] });
    if (res.status === 404) return { absent: true };
  } catch (e) {
    if (e instanceof AuraApiError && e.hasReason(REASON_KEY_NOT_FOUND)) return { absent: true };
    if (e instanceof AuraApiError && e.hasReason(REASON_KEY_ACTIVE)) {
      throw new AuraApiError(
        `Aura refuses to remove customer managed key ${id}${known ? ` (${known.key_id})` : ""} while instances use it: ${e.message}. Delete the instances encrypted with it first (their data cannot be re-encrypted); the key in the cloud KMS is untouched either way.`,
        e.status,
        e.reasons,
        e.requestId,
      );
    }
    throw e;
  }
  return { removed: known ?? { id } };
}

/**
 * A failure of `aura cmk create` that waiting can fix (network, 5xx, 429, the deadline) ends with what the
 * next run does: it looks the registration up before sending anything, so the key is never registered twice.
 */
export function withNextRun(e: unknown): unknown {
  if (!(e instanceof TransientError || e instanceof DeadlineError) || /Next apply:/.test(e.message)) return e;
  const next = "Next apply: it looks the registration up before sending anything (the key is never registered twice), then waits for it";
  const out = e instanceof TransientError ? new TransientError(`${e.message}. ${next}`, e.status, e.reasons, e.requestId) : new DeadlineError(`${e.message} (deadline passed). ${next}`);
  return out;
}
