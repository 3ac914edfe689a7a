/**
 * Shared types of the Cypher access reconciler. Pure data; no driver, no provider imports.
 */
import { parseDurationMs, type DriverSettings, type Neo4jAccessConfig, type SecretRef } from "../../domain/neo4j/access-model";
import type { TemporalKind } from "../../domain/neo4j/privileges";
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
/** A temporal value (property rules): sent as the driver's Date/DateTime/... type. */
export interface TemporalParam {
  $temporal: { kind: TemporalKind; text: string };
}
export type ParamValue = null | string | number | boolean | ParamValue[] | SecretParam | DurationParam | TemporalParam | { [key: string]: ParamValue };

export interface Statement {
  /** Cypher with every identifier backtick-quoted and every value a $parameter. */
  query: string;
  params: Record<string, ParamValue>;
  /** A feature the Operations Manual marks as not available on Aura, named for the error hint when it fails there. */
  notOnAura?: string;
}

/** One row of `SHOW ALIASES FOR DATABASE YIELD *`, with driver durations already converted to milliseconds. */
export interface ObservedAlias {
  name: string;
  /** Target database name; null when the connecting user lacks ACCESS on the target (SHOW ALIASES hides it). */
  database: string | null;
  location: "local" | "remote";
  url: string | null;
  user: string | null;
  driver: Record<string, string | number | boolean> | null;
  properties: Record<string, unknown> | null;
  /** 2026.01+: the credential type; absent on older servers. */
  credentials?: string | null;
  /** 2025.06+: e.g. "CYPHER 25" or "25"; absent on older servers. */
  defaultLanguage?: string | null;
  /** The composite database it is a constituent of (SHOW ALIASES `composite` column); null for a regular alias. */
  composite?: string | null;
}

export interface ObservedUser {
  name: string;
  roles: string[];
  home: string | null;
}

/** The server's product version, from the Bolt HELLO agent ("Neo4j/5.26.0", "Neo4j/2026.01.0"). */
export interface ServerInfo {
  agent: string;
}

/** What the four SHOW queries returned. */
export interface ObservedState {
  /** Absent in hand-built test states: treated as the newest server. */
  server?: ServerInfo;
  roles: string[];
  /** `command` column of `SHOW PRIVILEGES AS COMMANDS`. */
  privileges: string[];
  /** The rows whose `immutable` column is true (they can be changed only with auth disabled). */
  immutablePrivileges?: string[];
  /** Names of the composite databases (SHOW DATABASES, type "composite"); absent when not read. */
  compositeDatabases?: string[];
  /** Roles assigned to auth rules (SHOW AUTH RULES, 2026.03+); absent on older servers. */
  authRuleRoles?: string[];
  users: ObservedUser[];
  aliases: ObservedAlias[];
}

export class PlanError extends UserError {
  constructor(readonly problems: string[]) {
    super(`cannot plan Neo4j access changes:\n  ${problems.join("\n  ")}`);
    this.name = "PlanError";
  }
}

// Quoting and privilege rows live in privilege-commands.ts; re-exported for the existing importers.
export { privilegeStatements, quoteIdent, roleOfRow } from "./privilege-commands";

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
    if ("$temporal" in v) return `${(v as TemporalParam).$temporal.kind}(${JSON.stringify((v as TemporalParam).$temporal.text)})`;
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
