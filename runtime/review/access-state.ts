/**
 * The Neo4j access runner's desired state as a plan shows it, and the Cypher a change will run.
 *
 * The runners carry the state in their Terraform input (constructs/neo4j): the local-exec runner's
 * terraform_data `input.state` (an object), the Lambda runner's aws_lambda_invocation `input` (JSON text
 * `{"state": {...}}`). Before and after of that input are the previous and the desired state. Their
 * ownership parts (runnerPart) hold what a destroy removes.
 *
 * The statements come from the access planner (runtime/cypher/planner.ts, `planChanges`), assuming the server
 * holds exactly the previous state. Only the planner's exported function is used; the observed server state
 * is itself derived by planning the previous state against an empty server, so this file does not need to
 * know how privileges are printed.
 */
import { parseDurationMs } from "../../domain/neo4j/access-model";
import { canonicalJson } from "../../domain/state-hash";
import { displayStatement, type AccessSpec, type ObservedAlias, type ObservedState } from "../cypher/model";
import { planChanges } from "../cypher/planner";
import type { ResourceChange } from "./plan-format";

type Obj = Record<string, unknown>;
const obj = (v: unknown): Obj | null => (v !== null && typeof v === "object" && !Array.isArray(v) ? (v as Obj) : null);
const arr = (v: unknown): Obj[] => (Array.isArray(v) ? v.filter((x): x is Obj => obj(x) !== null) : []);

const looksLikeState = (v: Obj | null): v is Obj =>
  v !== null && (Array.isArray(v.roles) || Array.isArray(v.users) || Array.isArray(v.remoteAliases) || Array.isArray(v.localAliases));

/** JSON text parsed, objects as they are; null for anything else. */
function parsedObject(v: unknown): Obj | null {
  if (typeof v === "string") {
    try {
      return obj(JSON.parse(v));
    } catch {
      return null;
    }
  }
  return obj(v);
}

/**
 * The parts of the access runner (constructs/neo4j), by the shape of their input:
 * - "apply": the state the runner applies (terraform_data `input.state`, the Lambda's `{"state": ...}`); a
 *   change of it is made by the runner in one transaction (the local-exec runner's replacement runs
 *   `cypher replace`, the Lambda's update changes the old state into the new one);
 * - "ownership": what the stack owns and removes when it is destroyed (terraform_data `input.owned`, the
 *   Lambda's `{"removeOnDestroy": {"owned": ...}}`); updated in place as bookkeeping, its destroy removes it all;
 * - "converge": the Lambda's repair invocation `{"converge": {"to": ..., "from": ...}}`, derived from "apply".
 * Any other input that mentions the access model's fields is not understood (AURA-ACC-5).
 */
export type RunnerPart = "apply" | "ownership" | "converge";

export function runnerPart(type: string, values: Obj | null): { part: RunnerPart; state: Obj | null } | null {
  if (!values || (type !== "terraform_data" && type !== "aws_lambda_invocation")) return null;
  const input = parsedObject(values.input);
  if (!input) return null;
  const state = obj(input.state);
  if (looksLikeState(state)) return { part: "apply", state };
  const owned = type === "terraform_data" ? obj(input.owned) : obj(obj(input.removeOnDestroy)?.owned);
  if (looksLikeState(owned)) return { part: "ownership", state: owned };
  const converge = obj(input.converge);
  if (type === "aws_lambda_invocation" && converge && ("to" in converge || "from" in converge)) return { part: "converge", state: obj(converge.to) };
  return null;
}

/** The state the runner applies, or null when this is not the access runner's "apply" part. */
export function runnerState(type: string, values: Obj | null): Obj | null {
  const p = runnerPart(type, values);
  return p?.part === "apply" ? p.state : null;
}

/** The state a stack's "ownership" part says it will remove on destroy, or null. */
export function ownedState(type: string, values: Obj | null): Obj | null {
  const p = runnerPart(type, values);
  return p?.part === "ownership" ? p.state : null;
}

/**
 * A runner-like resource whose input the review cannot read: a terraform_data or Lambda invocation whose
 * input mentions the access model's fields (connection, roles, users, aliases) in none of the runner's
 * shapes. Such a change is reported, never passed.
 */
export function runnerInputNotUnderstood(type: string, values: Obj | null): boolean {
  if (!values || (type !== "terraform_data" && type !== "aws_lambda_invocation") || runnerPart(type, values) !== null) return false;
  const text = typeof values.input === "string" ? values.input : JSON.stringify(values.input ?? null);
  return /"(connection|roles|users|remoteAliases|localAliases|privileges)"/.test(text);
}

/** This stack holds the runner's ownership part: the removal of access is judged there, not at the apply part. */
export function hasOwnershipPart(changes: readonly ResourceChange[]): boolean {
  return changes.some((c) => ownedState(c.type, c.before) !== null || ownedState(c.type, c.after) !== null);
}

export function isAccessRunner(change: ResourceChange): boolean {
  return runnerState(change.type, change.before) !== null || runnerState(change.type, change.after) !== null;
}

export function accessSpec(state: Obj | null): AccessSpec {
  return {
    roles: arr(state?.roles) as unknown as AccessSpec["roles"],
    users: arr(state?.users) as unknown as AccessSpec["users"],
    localAliases: arr(state?.localAliases) as unknown as AccessSpec["localAliases"],
    remoteAliases: arr(state?.remoteAliases) as unknown as AccessSpec["remoteAliases"],
  };
}

const canon = canonicalJson;

/** A DENY in the access model: `action: "DENY"` on a role's privilege (domain/neo4j/privileges.ts). */
function isDeny(p: Obj): boolean {
  return p.action === "DENY";
}

export function privilegeText(p: Obj): string {
  const verb = isDeny(p) ? "DENY" : "GRANT";
  const what = String(p.privilege ?? "?");
  const on = p.database !== undefined ? `ON DATABASE ${String(p.database)}` : `ON GRAPH ${String(p.graph ?? "?")}`;
  const parts = [p.properties !== undefined ? `{${[p.properties].flat().join(",")}}` : "", p.nodes !== undefined ? `NODES ${[p.nodes].flat().join(",")}` : "", p.relationships !== undefined ? `RELATIONSHIPS ${[p.relationships].flat().join(",")}` : ""].filter(Boolean);
  return `${verb} ${what}${parts.length ? ` ${parts.join(" ")}` : ""} ${on}`;
}

function rolePrivileges(role: Obj): Obj[] {
  return arr(role.privileges);
}

export interface AccessDiff {
  /** More access than before: privileges granted, roles granted to users, aliases added, DENYs removed. */
  widened: string[];
  /** Less access than before: roles, privileges, role grants or aliases removed, DENYs added. */
  removed: string[];
}

/** Pure: what the change from `before` to `after` gives and takes away. */
export function diffAccess(before: Obj | null, after: Obj | null): AccessDiff {
  const widened: string[] = [];
  const removed: string[] = [];
  const roles = (s: Obj | null) => new Map(arr(s?.roles).map((r) => [String(r.name), r] as const));
  const rb = roles(before);
  const ra = roles(after);
  for (const [name, r] of rb) if (!ra.has(name)) removed.push(`role ${name} dropped (with its ${rolePrivileges(r).length} privilege(s))`);
  for (const [name, r] of ra) {
    const old = rb.get(name);
    const had = new Set(rolePrivileges(old ?? {}).map(canon));
    const has = new Set(rolePrivileges(r).map(canon));
    for (const p of rolePrivileges(r)) {
      if (had.has(canon(p))) continue;
      if (isDeny(p)) removed.push(`role ${name}: ${privilegeText(p)} added`);
      else widened.push(`role ${name}${old ? "" : " (new)"}: ${privilegeText(p)}${p.graph === "*" || p.database === "*" ? " (every database)" : ""}`);
    }
    for (const p of rolePrivileges(old ?? {})) {
      if (has.has(canon(p))) continue;
      if (isDeny(p)) widened.push(`role ${name}: ${privilegeText(p)} removed`);
      else removed.push(`role ${name}: ${privilegeText(p)} revoked`);
    }
  }
  const grants = (s: Obj | null) => new Set(arr(s?.users).flatMap((u) => (Array.isArray(u.roles) ? u.roles : []).map((r) => `${String(r)} -> ${String(u.name)}`)));
  const gb = grants(before);
  const ga = grants(after);
  for (const g of ga) if (!gb.has(g)) widened.push(`role ${g.replace(" -> ", " granted to user ")}`);
  for (const g of gb) if (!ga.has(g)) removed.push(`role ${g.replace(" -> ", " revoked from user ")}`);
  const aliases = (s: Obj | null) => new Map([...arr(s?.localAliases), ...arr(s?.remoteAliases)].map((a) => [String(a.name), a] as const));
  const ab = aliases(before);
  const aa = aliases(after);
  for (const [name, a] of aa) {
    const old = ab.get(name);
    if (!old) widened.push(`alias ${name} added for ${String(a.target)}${a.url ? ` at ${String(a.url)}` : ""}`);
    else if (canon(old) !== canon(a)) {
      if (old.url !== a.url || old.target !== a.target) widened.push(`alias ${name} now points to ${String(a.target)}${a.url ? ` at ${String(a.url)}` : ""} (was ${String(old.target)}${old.url ? ` at ${String(old.url)}` : ""})`);
      const oldSsl = obj(old.driver)?.ssl_enforced;
      if (oldSsl === true && obj(a.driver)?.ssl_enforced !== true) widened.push(`alias ${name}: DRIVER ssl_enforced no longer true`);
    }
  }
  for (const name of ab.keys()) if (!aa.has(name)) removed.push(`alias ${name} dropped (privileges granted on it go with it)`);
  return { widened: widened.sort(), removed: removed.sort() };
}

function observedAlias(a: Obj, remote: boolean): ObservedAlias {
  const creds = obj(a.credentials);
  const driver = obj(a.driver);
  return {
    name: String(a.name),
    database: String(a.target),
    location: remote ? "remote" : "local",
    url: remote ? String(a.url) : null,
    user: remote && creds?.type === "stored" ? String(creds.user) : null,
    driver: driver ? Object.fromEntries(Object.entries(driver).map(([k, v]) => [k, typeof v === "string" && k !== "logging_level" ? (parseDurationMs(v) ?? v) : (v as string | number | boolean)])) : null,
    properties: obj(a.properties),
  };
}

/**
 * A GRANT or DENY of a privilege as SHOW PRIVILEGES AS COMMANDS prints it: without the CYPHER 25 prefix the
 * statement needs, and a temporal rule value (sent as a typed parameter) in its printed form `date('...')`.
 * Role grants, aliases and the rest are not privilege rows.
 */
function printedRow(s: { query: string; params?: Record<string, unknown> }): string[] {
  const row = s.query.replace(/^CYPHER 25 /, "");
  if (!/^(GRANT|DENY) /.test(row) || row.startsWith("GRANT ROLE ")) return [];
  const temporal = obj(obj(s.params?.value)?.$temporal);
  return [temporal ? row.replace("$value", `${String(temporal.kind)}('${String(temporal.text)}')`) : row];
}

/** The server as the previous state left it: what the planner would have created, and the users it names. */
function observedAfter(previous: AccessSpec, desired: AccessSpec): ObservedState {
  const userNames = [...new Set([...previous.users, ...desired.users].map((u) => u.name))];
  const users = userNames.map((name) => {
    const u = previous.users.find((x) => x.name === name);
    return { name, roles: [...(u?.roles ?? [])], home: u?.homeDatabase ?? null };
  });
  const empty: ObservedState = { roles: [], privileges: [], users: userNames.map((name) => ({ name, roles: [], home: null })), aliases: [] };
  const created = planChanges({ ...previous, users: [] }, empty, null);
  return {
    roles: previous.roles.map((r) => r.name),
    privileges: created.flatMap(printedRow),
    users,
    aliases: [...previous.localAliases.map((a) => observedAlias(a as unknown as Obj, false)), ...previous.remoteAliases.map((a) => observedAlias(a as unknown as Obj, true))],
  };
}

/** The Cypher the runner will run for this change (secrets shown as their references), or why it cannot be shown. */
export function accessCypher(change: ResourceChange): string[] {
  const before = accessSpec(runnerState(change.type, change.before));
  const after = accessSpec(runnerState(change.type, change.after));
  try {
    return planChanges(after, observedAfter(before, after), before, { destroying: change.kind === "delete" }).map(displayStatement);
  } catch (e) {
    return [`// the statements cannot be shown: ${(e as Error).message.split("\n").join(" ")}`];
  }
}
