/**
 * A QueryHandler for the Bolt test server that simulates the parts of Neo4j's `system` database the Cypher
 * reconciler uses: SHOW ROLES / SHOW PRIVILEGES AS COMMANDS / SHOW ALIASES FOR DATABASE YIELD * / SHOW USERS
 * answered from a scripted state, and the CREATE/DROP ROLE, GRANT/REVOKE, GRANT/REVOKE ROLE, ALTER USER and
 * CREATE/ALTER/DROP ALIAS statements the planner emits. Statements in an explicit transaction change a copy
 * that becomes the state on COMMIT only; ROLLBACK (or a lost connection) discards it.
 * Failures mirror Neo4j's codes and GQLSTATUS (42N09 no such user, 42N10 no such role, 42N87 name conflict,
 * 42N89 invalid driver settings).
 *
 * What the Operations Manual says, modelled (docs/vendor-facts.md, "Neo4j access"):
 * - privileges live on the alias target: a GRANT/DENY naming a local alias is recorded on its target database;
 * - dropping an alias drops the privileges granted on it;
 * - DENY wins over GRANT (`allowed()` answers whether a user's roles give a privilege);
 * - OIDC CREDENTIAL FORWARDING exists from 2026.01 and parses only as Cypher 25 (a `CYPHER 25` prefix, or
 *   db.query.default_language = CYPHER_25);
 * - SHOW ALIASES shows a null target to a user without ACCESS on it (`hiddenTargets`);
 * - SHOW PRIVILEGES AS COMMANDS text per version: 5.x prints names without backticks where none are needed
 *   and 2025.x+ quotes every name (an assumption about formatting only, so plans are proven independent of
 *   quoting; see the "Neo4j access" facts for what is documented).
 */
import type { BoltFailure, QueryContext, QueryHandler, QueryResult, TransactionHooks } from "./bolt-server";

export interface FakeAlias {
  name: string;
  database: string;
  location: "local" | "remote";
  url: string | null;
  user: string | null;
  /** Never shown by SHOW ALIASES; kept so tests can check what the reconciler sent. */
  password: string | null;
  oidc: boolean;
  driver: Record<string, unknown> | null;
  /** Keys lowercased, as Neo4j stores and shows them. */
  properties: Record<string, unknown>;
  /** null for local aliases, which take their target's language. */
  defaultLanguage: string | null;
}
export interface FakeState {
  roles: string[];
  /** Privilege rows as SHOW PRIVILEGES AS COMMANDS prints them. */
  privileges: string[];
  users: { name: string; roles: string[]; home: string | null }[];
  aliases: FakeAlias[];
}

export interface FakeSystemDbOptions {
  /** Return the `credentials` column; default: when the version has it (2026.01+). */
  credentialsColumn?: boolean;
  /** Server version the fake behaves as (same text as the Bolt server's `serverAgent`); default "Neo4j/5.26.0". */
  agent?: string;
  /** db.query.default_language; default 5 (the documented default). */
  defaultLanguage?: 5 | 25;
  /** Aliases whose target SHOW ALIASES shows as null (the connecting user lacks ACCESS on it). */
  hiddenTargets?: string[];
}

const IDENT = "(`(?:[^`]|``)+`|[A-Za-z_][A-Za-z0-9_]*)";
const NAME = "(`(?:[^`]|``)+`|[A-Za-z0-9][A-Za-z0-9_.-]*)";
const unq = (s: string) => (s.startsWith("`") ? s.slice(1, -1).replace(/``/g, "`") : s);
const q = (s: string) => "`" + s.replace(/`/g, "``") + "`";
const DRIVER_KEYS = new Set(["ssl_enforced", "connection_timeout", "connection_max_lifetime", "connection_pool_acquisition_timeout", "connection_pool_idle_test", "connection_pool_max_size", "logging_level"]);

class Fail extends Error {
  constructor(readonly failure: BoltFailure) {
    super(failure.message);
  }
}
const fail = (code: string, gqlStatus: string, message: string): never => {
  throw new Fail({ code, gqlStatus, message, description: message });
};

export function defaultFakeState(): FakeState {
  return {
    roles: ["PUBLIC", "admin", "architect", "publisher", "editor", "reader"],
    privileges: ["GRANT ACCESS ON HOME DATABASE TO `PUBLIC`", "GRANT MATCH {*} ON GRAPH * NODE * TO `reader`", "GRANT MATCH {*} ON GRAPH * RELATIONSHIP * TO `reader`"],
    users: [{ name: "neo4j", roles: ["admin", "PUBLIC"], home: null }],
    aliases: [],
  };
}

export class FakeSystemDb {
  state: FakeState;
  private staged = new Map<number, FakeState>();
  /** Every statement that changed (or would have changed) the state, with the tx it ran in. */
  readonly applied: { query: string; txId: number | null }[] = [];
  commits = 0;
  rollbacks = 0;

  constructor(initial: Partial<FakeState> = {}, private readonly opts: FakeSystemDbOptions = {}) {
    this.state = { ...defaultFakeState(), ...clone(initial) };
  }

  readonly hooks: TransactionHooks = {
    onBegin: (txId) => void this.staged.set(txId, clone(this.state)),
    onCommit: (txId) => {
      const s = this.staged.get(txId);
      this.staged.delete(txId);
      if (s) this.state = s;
      this.commits++;
    },
    onRollback: (txId) => {
      this.staged.delete(txId);
      this.rollbacks++;
    },
  };

  readonly handler: QueryHandler = (query, params, ctx) => {
    try {
      return this.run(query.trim(), params, ctx);
    } catch (e) {
      if (e instanceof Fail) return { failure: e.failure };
      throw e;
    }
  };

  alias(name: string): FakeAlias | undefined {
    return this.state.aliases.find((a) => a.name === name);
  }
  user(name: string) {
    return this.state.users.find((u) => u.name === name);
  }

  /** The product version as [major, minor] (5.x) or [year, month]. */
  private version(): [number, number] {
    const m = /(\d+)\.(\d+)/.exec(this.opts.agent ?? "Neo4j/5.26.0");
    return m ? [Number(m[1]), Number(m[2])] : [5, 26];
  }
  private atLeast(major: number, minor: number): boolean {
    const [a, b] = this.version();
    return a > major || (a === major && b >= minor);
  }

  /** Does `user` hold `privilege` (command name, e.g. "ACCESS") on `on` through its roles? DENY wins over GRANT. */
  allowed(user: string, privilege: string, on: string): boolean {
    const u = this.user(user);
    if (!u) return false;
    const roles = new Set([...u.roles, "PUBLIC"]);
    let granted = false;
    for (const row of this.state.privileges) {
      const m = new RegExp(`^(GRANT|DENY) ${privilege.replace(/ /g, "\\s+")}\\b.* ON (?:GRAPH|DATABASE) (\\*|${NAME.slice(1, -1)}).* TO ${IDENT}$`).exec(row);
      if (!m || !roles.has(unq(m[3]))) continue;
      const target = unq(m[2]);
      if (target !== "*" && target !== on) continue;
      if (m[1] === "DENY") return false;
      granted = true;
    }
    return granted;
  }

  /** SHOW PRIVILEGES AS COMMANDS text as this version prints it. */
  private showRow(row: string): string {
    if (this.atLeast(2025, 1)) return row;
    return row.replace(/`([A-Za-z_][A-Za-z0-9_]*)`/g, (w, n: string, off: number) => (row.slice(0, off).endsWith("TO ") ? w : n));
  }

  private run(query: string, params: Record<string, unknown>, ctx: QueryContext): QueryResult {
    if (ctx.db !== undefined && ctx.db !== "system") fail("Neo.ClientError.Statement.NotSystemDatabaseError", "42N17", "This is an administration command and it should be executed against the system database.");
    const s = ctx.txId === null ? this.state : this.staged.get(ctx.txId) ?? this.state;
    let m: RegExpExecArray | null;
    let language = this.opts.defaultLanguage ?? 5;
    if ((m = /^CYPHER (5|25) /.exec(query))) {
      if (m[1] === "25" && !this.atLeast(2025, 6)) fail("Neo.ClientError.Statement.SyntaxError", "42I06", "Invalid input '25': Cypher 25 does not exist on this version");
      language = Number(m[1]) as 5 | 25;
      query = query.slice(m[0].length);
    }
    if (/OIDC CREDENTIAL FORWARDING/.test(query) && (language !== 25 || !this.atLeast(2026, 1))) {
      fail("Neo.ClientError.Statement.SyntaxError", "42I06", "Invalid input 'OIDC': expected 'USER' (OIDC CREDENTIAL FORWARDING is Cypher 25 syntax, Neo4j 2026.01+)");
    }
    /** A local alias name resolves to its target: privileges live on the target. */
    const resolveTarget = (row: string) =>
      row.replace(new RegExp(` ON (GRAPH|DATABASE) ${NAME}`), (w, kind: string, name: string) => {
        const a = s.aliases.find((x) => x.name === unq(name) && x.location === "local");
        return a ? ` ON ${kind} ${q(a.database)}` : w;
      });

    if (/^SHOW ROLES$/i.test(query)) return { fields: ["role"], records: s.roles.map((r) => [r]) };
    if (/^SHOW PRIVILEGES AS COMMANDS$/i.test(query)) return { fields: ["command"], records: s.privileges.map((p) => [this.showRow(p)]) };
    if (/^SHOW USERS$/i.test(query)) {
      return { fields: ["user", "roles", "passwordChangeRequired", "suspended", "home"], records: s.users.map((u) => [u.name, u.roles, false, false, u.home]) };
    }
    if (/^SHOW ALIASES FOR DATABASES? YIELD \*$/i.test(query)) {
      // Columns per version (DESIGN.md section 6): defaultLanguage from 2025.06, credentials from 2026.01.
      const languageColumn = this.atLeast(2025, 6);
      const credentialsColumn = this.opts.credentialsColumn ?? this.atLeast(2026, 1);
      const fields = ["name", "composite", "database", "location", "url", "user", "driver", "properties"];
      if (languageColumn) fields.push("defaultLanguage");
      if (credentialsColumn) fields.push("credentials");
      return {
        fields,
        records: s.aliases.map((a) => {
          const hidden = this.opts.hiddenTargets?.includes(a.name);
          const row: unknown[] = [a.name, null, hidden ? null : a.database, a.location, a.url, a.user, a.driver, a.properties];
          if (languageColumn) row.push(a.defaultLanguage);
          if (credentialsColumn) row.push(a.location === "local" ? null : a.oidc ? "OIDC CREDENTIAL FORWARDING" : "STORED NATIVE CREDENTIALS");
          return row;
        }),
      };
    }

    this.applied.push({ query, txId: ctx.txId });
    const done: QueryResult = { fields: [], records: [], type: "s", stats: { "system-updates": 1 } };
    const role = (name: string) => {
      if (!s.roles.includes(name)) fail("Neo.ClientError.General.InvalidArguments", "42N10", `Role '${name}' does not exist.`);
    };
    const user = (name: string) => s.users.find((u) => u.name === name) ?? fail("Neo.ClientError.General.InvalidArguments", "42N09", `User '${name}' does not exist.`);

    if ((m = new RegExp(`^CREATE ROLE ${IDENT}( IF NOT EXISTS)?$`).exec(query))) {
      const r = unq(m[1]);
      if (s.roles.includes(r)) {
        if (!m[2]) fail("Neo.ClientError.Statement.ExecutionFailed", "42N87", `Failed to create the specified role '${r}': Role already exists.`);
      } else s.roles.push(r);
      return done;
    }
    if ((m = new RegExp(`^DROP ROLE ${IDENT}( IF EXISTS)?$`).exec(query))) {
      const r = unq(m[1]);
      if (!s.roles.includes(r)) {
        if (!m[2]) role(r);
        return done;
      }
      s.roles = s.roles.filter((x) => x !== r);
      s.privileges = s.privileges.filter((p) => roleOf(p) !== r);
      for (const u of s.users) u.roles = u.roles.filter((x) => x !== r);
      return done;
    }
    if ((m = new RegExp(`^GRANT ROLES? ${IDENT} TO ${NAME}$`).exec(query))) {
      const r = unq(m[1]);
      role(r);
      const u = user(unq(m[2]));
      if (!u.roles.includes(r)) u.roles.push(r);
      return done;
    }
    if ((m = new RegExp(`^REVOKE ROLES? ${IDENT} FROM ${NAME}$`).exec(query))) {
      const u = user(unq(m[2]));
      u.roles = u.roles.filter((x) => x !== unq(m![1]));
      return done;
    }
    if ((m = new RegExp(`^ALTER USER ${NAME} SET HOME DATABASE ${NAME}$`).exec(query))) {
      user(unq(m[1])).home = unq(m[2]);
      return done;
    }
    if ((m = new RegExp(`^ALTER USER ${NAME} REMOVE HOME DATABASE$`).exec(query))) {
      user(unq(m[1])).home = null;
      return done;
    }
    if ((m = new RegExp(`^REVOKE (GRANT|DENY) (.+) FROM ${IDENT}$`).exec(query))) {
      const r = unq(m[3]);
      role(r);
      const rows = expandRow(m[2]).map((b) => canon(resolveTarget(`${m![1]} ${b} TO ${q(r)}`)));
      s.privileges = s.privileges.filter((p) => !rows.includes(canon(p)));
      return done;
    }
    if ((m = new RegExp(`^(GRANT|DENY) (.+ ON (?:GRAPH|DATABASE|HOME GRAPH|HOME DATABASE|DBMS)\\b.*) TO ${IDENT}$`).exec(query))) {
      const r = unq(m[3]);
      role(r);
      for (const body of expandRow(m[2])) {
        const row = resolveTarget(`${m[1]} ${body} TO ${q(r)}`);
        const known = canonSet(s.privileges);
        if (!known.has(canon(row))) {
          s.privileges.push(row);
          known.add(canon(row));
        }
      }
      return done;
    }
    if ((m = new RegExp(`^CREATE ALIAS ${NAME}( IF NOT EXISTS)? FOR DATABASE ${NAME}(.*)$`).exec(query))) {
      const name = unq(m[1]);
      if (s.aliases.some((a) => a.name === name)) {
        if (m[2]) return done;
        fail("Neo.ClientError.Database.ExistingAlias", "42N87", `Failed to create the specified database alias '${name}': Database name or alias already exists.`);
      }
      const rest = m[4];
      const opt = parseAliasOptions(rest, params);
      const remote = opt.url !== undefined;
      if (!remote && opt.language) fail("Neo.ClientError.Statement.SyntaxError", "42I06", "fake system database: a local alias takes no DEFAULT LANGUAGE");
      s.aliases.push({
        name,
        database: unq(m[3]),
        location: remote ? "remote" : "local",
        url: opt.url ?? null,
        user: opt.user ?? null,
        password: opt.password ?? null,
        oidc: opt.oidc ?? false,
        driver: remote ? (opt.driver ?? {}) : null,
        properties: opt.properties ?? {},
        defaultLanguage: remote ? (opt.language ?? "CYPHER 5") : null,
      });
      return done;
    }
    if ((m = new RegExp(`^ALTER ALIAS ${NAME}( IF EXISTS)? SET DATABASE(.*)$`).exec(query))) {
      const a = s.aliases.find((x) => x.name === unq(m![1]));
      if (!a) {
        if (m[2]) return done;
        fail("Neo.ClientError.Database.DatabaseNotFound", "42N51", `Failed to alter the specified database alias '${unq(m[1])}': Database alias does not exist.`);
      }
      const opt = parseAliasOptions(m[3], params);
      if (opt.target) a!.database = opt.target;
      if (opt.url !== undefined) {
        if (a!.location === "local") fail("Neo.ClientError.Statement.ArgumentError", "22N91", "Failed to alter the specified database alias: cannot change a local alias into a remote one.");
        a!.url = opt.url;
      }
      if (opt.user !== undefined) {
        if (a!.oidc) fail("Neo.ClientError.Statement.ArgumentError", "22N91", "Failed to alter the specified database alias: cannot change OIDC credential forwarding into stored credentials.");
        a!.user = opt.user;
      }
      if (opt.password !== undefined) a!.password = opt.password;
      if (opt.driver) a!.driver = opt.driver;
      if (opt.properties) a!.properties = opt.properties;
      if (opt.language) {
        if (a!.location === "local") fail("Neo.ClientError.Statement.SyntaxError", "42I06", "fake system database: a local alias takes no DEFAULT LANGUAGE");
        a!.defaultLanguage = opt.language;
      }
      return done;
    }
    if ((m = new RegExp(`^DROP ALIAS ${NAME}( IF EXISTS)? FOR DATABASE$`).exec(query))) {
      const name = unq(m[1]);
      if (!s.aliases.some((a) => a.name === name) && !m[2]) fail("Neo.ClientError.Database.DatabaseNotFound", "42N51", `Failed to delete the specified database alias '${name}': Database alias does not exist.`);
      s.aliases = s.aliases.filter((a) => a.name !== name);
      // The privileges granted on the alias go with it.
      s.privileges = s.privileges.filter((p) => {
        const t = new RegExp(` ON (?:GRAPH|DATABASE) ${NAME}`).exec(p);
        return !t || unq(t[1]) !== name;
      });
      return done;
    }
    this.applied.pop();
    return fail("Neo.ClientError.Statement.SyntaxError", "42I06", `fake system database does not understand: ${query}`);
  }
}

function parseAliasOptions(rest: string, params: Record<string, unknown>) {
  const out: { target?: string; url?: string; user?: string; password?: string; oidc?: boolean; driver?: Record<string, unknown>; properties?: Record<string, unknown>; language?: string } = {};
  let m: RegExpExecArray | null;
  const param = (name: string) => {
    if (!(name in params)) fail("Neo.ClientError.Statement.ParameterMissing", "42N51", `Expected parameter(s): ${name}`);
    return params[name];
  };
  if ((m = new RegExp(`TARGET ${NAME}`).exec(rest))) out.target = unq(m[1]);
  if ((m = /AT \$(\w+)/.exec(rest))) out.url = String(param(m[1]));
  if ((m = /USER \$(\w+)/.exec(rest))) out.user = String(param(m[1]));
  if ((m = /PASSWORD \$(\w+)/.exec(rest))) out.password = String(param(m[1]));
  if (/OIDC CREDENTIAL FORWARDING/.test(rest)) out.oidc = true;
  if ((m = /DRIVER \$(\w+)/.exec(rest))) {
    const d = param(m[1]) as Record<string, unknown>;
    const bad = Object.keys(d).filter((k) => !DRIVER_KEYS.has(k));
    if (bad.length) fail("Neo.ClientError.Statement.ArgumentError", "42N89", `Failed to parse driver settings: unknown key(s) ${bad.join(", ")}`);
    out.driver = d;
  }
  if ((m = /PROPERTIES \$(\w+)/.exec(rest))) out.properties = Object.fromEntries(Object.entries(param(m[1]) as Record<string, unknown>).map(([k, v]) => [k.toLowerCase(), v]));
  if ((m = /DEFAULT LANGUAGE CYPHER (\d+)/.exec(rest))) out.language = `CYPHER ${m[1]}`;
  // The documented clause order; PROPERTIES comes last.
  if (/PROPERTIES \$\w+ .*\S/.test(rest)) fail("Neo.ClientError.Statement.SyntaxError", "42I06", `fake system database: nothing may follow PROPERTIES: ${rest}`);
  if (/[`'"]/.test(rest.replace(new RegExp(`TARGET ${NAME}`), ""))) fail("Neo.ClientError.Statement.SyntaxError", "42I06", "fake system database: literal values are not accepted, use parameters");
  return out;
}

/** `MATCH {*} ON GRAPH g` (no element) means NODE * and RELATIONSHIP *, as Neo4j lists it. */
function expandRow(body: string): string[] {
  if (/^(MATCH|READ|TRAVERSE|CREATE|DELETE|SET PROPERTY|MERGE)\b.* ON GRAPH \S+$/.test(body)) return [`${body} NODE *`, `${body} RELATIONSHIP *`];
  return [body];
}
function roleOf(row: string): string | null {
  const m = new RegExp(`^(?:GRANT|DENY) .* TO ${IDENT}$`).exec(row);
  return m ? unq(m[1]) : null;
}
/** The canonical rows of a privilege list, cached per array (a filter makes a new array, so a stale set is never used). */
const canonSets = new WeakMap<string[], Set<string>>();
function canonSet(rows: string[]): Set<string> {
  let set = canonSets.get(rows);
  if (!set) canonSets.set(rows, (set = new Set(rows.map(canon))));
  return set;
}

/** Memoized: a GRANT checks every existing row, so 2,000 privileges would otherwise cost 4 million regex runs. */
const canonCache = new Map<string, string>();
function canon(row: string): string {
  let c = canonCache.get(row);
  if (c === undefined) {
    c = row.replace(/\s+/g, " ").replace(/`([A-Za-z_][A-Za-z0-9_]*)`/g, "$1");
    if (canonCache.size > 100_000) canonCache.clear();
    canonCache.set(row, c);
  }
  return c;
}
function clone<T>(v: T): T {
  return structuredCloneSafe(v);
}
function structuredCloneSafe<T>(v: T): T {
  // Structures (e.g. durations) are plain objects with a prototype; keep them by reference, copy the rest.
  if (Array.isArray(v)) return v.map(structuredCloneSafe) as T;
  if (v && typeof v === "object" && Object.getPrototypeOf(v) === Object.prototype) {
    return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, structuredCloneSafe(x)])) as T;
  }
  return v;
}
