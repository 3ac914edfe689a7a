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
import { BUILT_IN_ROLES, localAliasSchema, PUBLIC_ROLE, remoteAliasSchema, ROLE_NAME, USER_NAME, type Neo4jAccessInput } from "../../domain/neo4j/access-model";
import { privilegeSchema } from "../../domain/neo4j/privileges";
import type { ObservedAlias, ObservedState } from "./model";
import { languageOf, observedCredentialType } from "./planner";
import { parsePrivilegeRow, privilegeOfAtom, roleOfRow } from "./privilege-commands";

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
  // Built-in roles are never imported, except PUBLIC when the filter asks for it by name (its rows can be managed).
  const builtIn = new Set<string>(BUILT_IN_ROLES);
  const matching = observed.roles.filter((r) => (opts.roleFilter ? opts.roleFilter.test(r) && (!builtIn.has(r) || r === PUBLIC_ROLE) : !builtIn.has(r)));
  // Names someone else chose may be ones no config can declare (backticks, spaces, dots): those stay foreign.
  const roles = matching.filter((r) => ROLE_NAME.test(r) || void skipped.push(`role ${JSON.stringify(r)}: not a role name this tool declares (a letter, then letters, digits or underscores); left on the server, unmanaged`));
  const selected = new Set(roles);
  const privileges = new Map<string, unknown[]>(roles.map((r) => [r, []]));
  const immutable = new Set(observed.immutablePrivileges ?? []);
  for (const cmd of observed.privileges) {
    const role = roleOfRow(cmd);
    if (role === null || !selected.has(role)) continue;
    const atoms = parsePrivilegeRow(cmd, immutable.has(cmd));
    if (!atoms) {
      skipped.push(`${cmd}: a privilege form this tool does not manage (left on the server, unmanaged)`);
      continue;
    }
    for (const a of atoms) {
      const p = privilegeOfAtom(a);
      if (a.immutable) skipped.push(`${cmd}: IMMUTABLE, changed only with auth disabled (left on the server, unmanaged)`);
      else if (!p || !privilegeSchema.safeParse(p).success) skipped.push(`${cmd}: a privilege form this tool does not manage (left on the server, unmanaged)`);
      else privileges.get(a.role)?.push(p);
    }
  }
  const users = observed.users
    .filter((u) => USER_NAME.test(u.name) || !u.roles.some((r) => selected.has(r)) || void skipped.push(`user ${JSON.stringify(u.name)}: not a user name this tool declares; its role grants are left on the server, unmanaged`))
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
      const alias = a.location === "local" ? dropEmpty({ ...aliasName(a), target: a.database, properties: plainProperties(a) }) : remoteAlias(a, opts.passwordEnvFor ?? defaultPasswordEnv);
      if (!(a.location === "local" ? localAliasSchema : remoteAliasSchema).safeParse(alias).success) {
        skipped.push(`alias ${JSON.stringify(a.name)}: not an alias this tool can declare as the server shows it; left on the server, unmanaged`);
        continue;
      }
      if (a.location === "local") localAliases.push(alias as ImportedState["localAliases"][number]);
      else remoteAliases.push(alias as ImportedState["remoteAliases"][number]);
    }
  }
  return {
    state: { roles: roles.map((name) => ({ name, privileges: privileges.get(name) as ImportedState["roles"][number]["privileges"] })), users, localAliases, remoteAliases },
    skipped,
  };
}

/** A constituent of a composite database is declared by its composite and its own name (SHOW ALIASES shows `composite.name`). */
function aliasName(a: ObservedAlias): { name: string; composite?: string } {
  const c = a.composite;
  return c && a.name.toLowerCase().startsWith(`${c.toLowerCase()}.`) ? { composite: c, name: a.name.slice(c.length + 1) } : { name: a.name };
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
    ...aliasName(a),
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
