/**
 * Shared types of the Cypher access reconciler. Pure data; no driver, no provider imports.
 */
import { parseDurationMs, type DriverSettings, type Neo4jAccessConfig, type Privilege, type SecretRef } from "../../domain/neo4j/access-model";
import { UserError } from "../cli/errors";

/** The managed part of a desired state (what the planner compares), without connection settings. */
export type AccessSpec = Pick<Neo4jAccessConfig, "roles" | "users" | "localAliases" | "remoteAliases">;

export const EMPTY_SPEC: AccessSpec = { roles: [], users: [], localAliases: [], remoteAliases: [] };

/** A secret resolved by the reconciler at apply time; the plan only ever holds the reference. */
export interface SecretParam {
  $secret: SecretRef;
}
/** A duration parameter (Neo4j DURATION), in milliseconds. */
export interface DurationParam {
  $durationMs: number;
}
export type ParamValue = null | string | number | boolean | ParamValue[] | SecretParam | DurationParam | { [key: string]: ParamValue };

export interface Statement {
  /** Cypher with every identifier backtick-quoted and every value a $parameter. */
  query: string;
  params: Record<string, ParamValue>;
}

/** One row of `SHOW ALIASES FOR DATABASE YIELD *`, with driver durations already converted to milliseconds. */
export interface ObservedAlias {
  name: string;
  /** Target database name. */
  database: string;
  location: "local" | "remote";
  url: string | null;
  user: string | null;
  driver: Record<string, string | number | boolean> | null;
  properties: Record<string, unknown> | null;
  /** 2026.01+: the credential type; absent on older servers. */
  credentials?: string | null;
  /** 2025.06+: e.g. "CYPHER 25" or "25"; absent on older servers. */
  defaultLanguage?: string | null;
}

export interface ObservedUser {
  name: string;
  roles: string[];
  home: string | null;
}

/** What the four SHOW queries returned. */
export interface ObservedState {
  roles: string[];
  /** `command` column of `SHOW PRIVILEGES AS COMMANDS`. */
  privileges: string[];
  users: ObservedUser[];
  aliases: ObservedAlias[];
}

export class PlanError extends UserError {
  constructor(readonly problems: string[]) {
    super(`cannot plan Neo4j access changes:\n  ${problems.join("\n  ")}`);
    this.name = "PlanError";
  }
}

// ---------------------------------------------------------------------------------------------------------
// Quoting and privilege rows

/**
 * Backtick-quotes an identifier, doubling backticks inside. Control characters and backslashes are refused
 * outright (Cypher processes some unicode escapes; a name never needs them), so no input can leave the quotes.
 */
export function quoteIdent(name: string): string {
  if (name.length === 0) throw new UserError("an identifier cannot be empty");
  // eslint-disable-next-line no-control-regex
  if (/[\u0000-\u001f\u007f\\]/.test(name)) throw new UserError(`identifier ${JSON.stringify(name)} contains a control character or backslash`);
  return "`" + name.replace(/`/g, "``") + "`";
}

const quoteOrStar = (name: string) => (name === "*" ? "*" : quoteIdent(name));

/**
 * The rows `SHOW PRIVILEGES AS COMMANDS` lists for one declared privilege, each itself a valid GRANT command.
 * MATCH {*} ON GRAPH g without elements is listed as two rows (NODE * and RELATIONSHIP *), so it expands to both.
 */
export function privilegeRows(role: string, p: Privilege): string[] {
  const to = `TO ${quoteIdent(role)}`;
  if (p.privilege === "ACCESS") return [`GRANT ACCESS ON DATABASE ${quoteOrStar(p.database)} ${to}`];
  const graph = `ON GRAPH ${quoteOrStar(p.graph)}`;
  if (p.privilege === "WRITE") return [`GRANT WRITE ${graph} ${to}`];
  const segs: string[] = [];
  const nodes = p.nodes ?? (p.relationships ? undefined : "*");
  const rels = p.relationships ?? (p.nodes ? undefined : "*");
  if (nodes) segs.push(...(nodes === "*" ? ["NODE *"] : nodes.map((l) => `NODE ${quoteIdent(l)}`)));
  if (rels) segs.push(...(rels === "*" ? ["RELATIONSHIP *"] : rels.map((t) => `RELATIONSHIP ${quoteIdent(t)}`)));
  const props = p.privilege === "MATCH" || p.privilege === "READ" ? (p.properties ?? "*") : null;
  const propParts = props === null ? [""] : props === "*" ? [" {*}"] : props.map((n) => ` {${quoteIdent(n)}}`);
  const rows: string[] = [];
  for (const prop of propParts) for (const seg of segs) rows.push(`GRANT ${p.privilege}${prop} ${graph} ${seg} ${to}`);
  return rows;
}

/** `GRANT x TO r` -> `REVOKE GRANT x FROM r` (removes exactly that grant, never a DENY). */
export function revokeOf(row: string): string {
  const m = /^GRANT (.*) TO (`(?:[^`]|``)+`|\S+)$/.exec(row);
  if (!m) throw new Error(`not a GRANT row: ${row}`);
  return `REVOKE GRANT ${m[1]} FROM ${m[2]}`;
}

/**
 * Canonical form of a privilege command for comparison: whitespace collapsed, backticks dropped around
 * names that never need them, so `db1` and db1 compare equal however the server prints them.
 */
export function normalizeCommand(cmd: string): string {
  return cmd
    .trim()
    .replace(/\s+/g, " ")
    .replace(/`([A-Za-z_][A-Za-z0-9_]*)`/g, "$1")
    .replace(/\{\s*/g, "{")
    .replace(/\s*\}/g, "}");
}

/** The role a `GRANT ... TO role` row is for (unquoted), or null for rows that are not grants. */
export function roleOfCommand(cmd: string): string | null {
  const m = /^GRANT .* TO (`(?:[^`]|``)+`|\S+)$/.exec(cmd.trim());
  if (!m) return null;
  const r = m[1];
  return r.startsWith("`") ? r.slice(1, -1).replace(/``/g, "`") : r;
}

/** The DRIVER map as parameter values (durations tagged), keys in a stable order, undefined dropped. */
export function driverParam(driver: DriverSettings | undefined): Record<string, ParamValue> | undefined {
  if (!driver) return undefined;
  const out: Record<string, ParamValue> = {};
  for (const key of Object.keys(driver).sort() as (keyof DriverSettings)[]) {
    const v = driver[key];
    if (v === undefined) continue;
    out[key] = typeof v === "string" && key !== "logging_level" ? { $durationMs: durationMs(v) } : v;
  }
  return Object.keys(out).length ? out : undefined;
}

function durationMs(text: string): number {
  const ms = parseDurationMs(text);
  if (ms === null) throw new UserError(`invalid duration ${JSON.stringify(text)}`);
  return ms;
}

/** Renders a parameter for display: secrets as their reference, durations as ISO-8601. */
export function displayParam(v: ParamValue): string {
  if (v !== null && typeof v === "object" && !Array.isArray(v)) {
    if ("$secret" in v) return `<secret from ${describeSecretRef((v as SecretParam).$secret)}>`;
    if ("$durationMs" in v) return `duration(PT${(v as DurationParam).$durationMs / 1000}S)`;
    return `{${Object.entries(v)
      .map(([k, x]) => `${k}: ${displayParam(x as ParamValue)}`)
      .join(", ")}}`;
  }
  if (Array.isArray(v)) return `[${v.map(displayParam).join(", ")}]`;
  return JSON.stringify(v);
}

export function describeSecretRef(ref: SecretRef): string {
  if ("env" in ref) return `environment variable ${ref.env}`;
  if ("file" in ref) return `file ${ref.file}`;
  return `Secrets Manager ${ref.secretsManagerArn}${ref.jsonKey ? ` (key ${ref.jsonKey})` : ""}`;
}

/** A statement as the plan prints it: query, then each parameter (secrets shown as references only). */
export function displayStatement(s: Statement): string {
  const params = Object.entries(s.params);
  if (!params.length) return s.query;
  return `${s.query}\n${params.map(([k, v]) => `    $${k} = ${displayParam(v)}`).join("\n")}`;
}
