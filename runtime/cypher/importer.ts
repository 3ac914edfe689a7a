/**
 * `cypher import`: turns what a live DBMS shows (SHOW ROLES, SHOW PRIVILEGES AS COMMANDS, SHOW USERS,
 * SHOW ALIASES) into the equivalent `neo4jAccess` state, so an existing deployment can be brought under
 * management. Pure: observed state in, config object out. Round trip: planning the imported state against the
 * same server (with it as the previous state) plans nothing.
 *
 * What is imported: the roles matching the filter (never the built-in roles, which cannot be declared) with
 * every privilege row this tool models, each as one privilege entry; the users holding those roles (only
 * those role grants; home databases only when asked); the aliases when asked. What cannot be imported is
 * listed in `skipped` with the reason (e.g. `ON HOME GRAPH` rows); it stays on the server as unmanaged.
 */
import { BUILT_IN_ROLES, type Neo4jAccessInput } from "../../domain/neo4j/access-model";
import type { ObservedAlias, ObservedState } from "./model";
import { languageOf, observedCredentialType } from "./planner";
import { parsePrivilegeCommand, roleOfCommand } from "./privilege-commands";

export interface ImportOptions {
  /** Only roles whose name matches (default: every role that is not built in). */
  roleFilter?: RegExp;
  /** Also import local and remote aliases. */
  aliases?: boolean;
  /** Also import the home databases of the users taken in. */
  homeDatabases?: boolean;
  /** Environment variable name for a remote alias's stored password (the server never shows it). */
  passwordEnvFor?: (alias: string) => string;
}

export type ImportedState = Required<Pick<Neo4jAccessInput, "roles" | "users" | "localAliases" | "remoteAliases">>;

export interface ImportResult {
  state: ImportedState;
  /** What could not be imported, one line each. */
  skipped: string[];
}

/** `ALIAS_<NAME>_PASSWORD`, the name upper-cased with anything but letters and digits as `_`. */
export const defaultPasswordEnv = (alias: string): string => `ALIAS_${alias.toUpperCase().replace(/[^A-Z0-9]+/g, "_")}_PASSWORD`;

export function importState(observed: ObservedState, opts: ImportOptions = {}): ImportResult {
  const skipped: string[] = [];
  const builtIn = new Set<string>(BUILT_IN_ROLES);
  const roles = observed.roles.filter((r) => !builtIn.has(r) && (!opts.roleFilter || opts.roleFilter.test(r)));
  const selected = new Set(roles);
  const privileges = new Map<string, unknown[]>(roles.map((r) => [r, []]));
  for (const cmd of observed.privileges) {
    const role = roleOfCommand(cmd);
    if (role === null || !selected.has(role)) continue;
    const parsed = parsePrivilegeCommand(cmd);
    if (!parsed) {
      skipped.push(`${cmd}: a privilege form this tool does not manage (left on the server, unmanaged)`);
      continue;
    }
    privileges.get(role)!.push(parsed.privilege);
  }
  const users = observed.users
    .map((u) => {
      const mine = u.roles.filter((r) => selected.has(r));
      const out: ImportedState["users"][number] = { name: u.name, roles: mine };
      if (opts.homeDatabases && u.home) out.homeDatabase = u.home;
      return mine.length ? out : null;
    })
    .filter((u): u is NonNullable<typeof u> => u !== null);
  const localAliases: ImportedState["localAliases"] = [];
  const remoteAliases: ImportedState["remoteAliases"] = [];
  if (opts.aliases) {
    for (const a of observed.aliases) {
      if (a.database === null) {
        skipped.push(`alias ${a.name}: its target is hidden from the connecting user (no ACCESS on it); grant ACCESS or import with a user who has it`);
        continue;
      }
      if (a.location === "local") localAliases.push(dropEmpty({ name: a.name, target: a.database, properties: plainProperties(a) }));
      else remoteAliases.push(remoteAlias(a, opts.passwordEnvFor ?? defaultPasswordEnv));
    }
  }
  return {
    state: { roles: roles.map((name) => ({ name, privileges: privileges.get(name) as ImportedState["roles"][number]["privileges"] })), users, localAliases, remoteAliases },
    skipped,
  };
}

function plainProperties(a: ObservedAlias): Record<string, string | number | boolean> | undefined {
  const entries = Object.entries(a.properties ?? {}).filter(([, v]) => typeof v === "string" || typeof v === "number" || typeof v === "boolean");
  return entries.length ? (Object.fromEntries(entries) as Record<string, string | number | boolean>) : undefined;
}

function dropEmpty<T extends Record<string, unknown>>(o: T): T {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as T;
}

function remoteAlias(a: ObservedAlias, passwordEnv: (alias: string) => string): ImportedState["remoteAliases"][number] {
  const url = a.url ?? "";
  const driver: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(a.driver ?? {})) {
    if (v === null || v === undefined) continue;
    // SHOW ALIASES reports timeouts as durations (milliseconds here); the config writes them as "<n>ms".
    driver[k] = typeof v === "number" && k !== "connection_pool_max_size" ? `${v}ms` : v;
  }
  const lang = a.defaultLanguage === undefined || a.defaultLanguage === null ? null : languageOf(a.defaultLanguage);
  return dropEmpty({
    name: a.name,
    target: a.database as string,
    url,
    allowInsecureUrl: /^(neo4j|bolt):\/\//.test(url) || driver.ssl_enforced === false ? true : undefined,
    // The server already uses it: the imported YAML says so in the opt-in's own words.
    allowUnverifiedTls: /^(neo4j|bolt)\+ssc:\/\//.test(url) ? true : undefined,
    credentials:
      observedCredentialType(a) === "oidc" ? { type: "oidc" as const } : { type: "stored" as const, user: a.user ?? "", password: { env: passwordEnv(a.name) } },
    driver: Object.keys(driver).length ? (driver as ImportedState["remoteAliases"][number]["driver"]) : undefined,
    properties: plainProperties(a),
    defaultLanguage: lang === 5 || lang === 25 ? lang : undefined,
  });
}
