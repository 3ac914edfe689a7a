/**
 * Every statement form the planner can generate parses with the official Neo4j Cypher parser
 * (@neo4j-cypher/language-support) in Cypher 5 and in Cypher 25 mode: one row per privilege form and alias
 * form, with hostile names (backticks, dots, dashes, unicode). The statements come from the planner's own
 * builders, so a change that breaks the syntax fails here.
 */
import { isNotParamError, lintCypherQuery } from "@neo4j-cypher/language-support";
import { parseNeo4jAccess, type LocalAliasConfig, type RemoteAliasConfig } from "../../../domain/neo4j/access-model";
import { isDeniable, PRIVILEGE_CATALOG, PRIVILEGE_NAMES, type PrivilegeName } from "../../../domain/neo4j/privileges";
import { privilegeAtoms, privilegeStatements, revokeAtom, type PrivilegeSpec } from "../../../runtime/cypher/privilege-commands";
import * as S from "../../../runtime/cypher/statements";

type Version = "CYPHER 5" | "CYPHER 25";
const VERSIONS: Version[] = ["CYPHER 5", "CYPHER 25"];

/** An error's text; null for warnings and for undefined $parameters (expected: the driver sends them). */
function messageOf(d: { severity?: number; message: unknown }): string | null {
  const message = typeof d.message === "string" ? d.message : String((d.message as { value?: string }).value);
  return d.severity === 1 && isNotParamError({ message }) ? message : null;
}

/** Syntax errors only (undefined $parameters are expected: the driver sends them). */
function syntaxErrors(query: string, version: Version): string[] {
  const { diagnostics } = lintCypherQuery(query, { defaultLanguage: version });
  return diagnostics.map(messageOf).filter((m): m is string => m !== null);
}

/**
 * Lints many one-line statements in one call (`;`-separated, one per line: much faster than one call each)
 * and maps each error back to its statement by line. Returns the failing statements with their errors.
 */
function failing(statements: string[], version: Version): { statement: string; errors: string[] }[] {
  const { diagnostics } = lintCypherQuery(statements.join(";\n"), { defaultLanguage: version });
  const byLine = new Map<number, string[]>();
  for (const d of diagnostics) {
    const m = messageOf(d);
    if (m === null) continue;
    const line = d.range.start.line;
    byLine.set(line, [...(byLine.get(line) ?? []), m]);
  }
  return [...byLine].map(([line, errors]) => ({ statement: statements[line] ?? `(line ${line})`, errors }));
}

const HOSTILE = ["we`ird", "dot.ted.name", "da-sh", "ünïcødé", "名前", "x` TO `admin", "sp ace"];
const ROLE = "r`ole-ü.1";

/** Every privilege in every qualifier variant the catalog allows. */
function privilegeVariants(name: PrivilegeName, hostile: string): PrivilegeSpec[] {
  const entry = PRIVILEGE_CATALOG[name] as { scope: string; qualifiers: readonly string[]; databaseScopeSince?: string };
  const q = entry.qualifiers as readonly string[];
  const base: PrivilegeSpec =
    entry.scope === "graph" ? { privilege: name, graph: hostile } : entry.scope === "database" ? { privilege: name, database: hostile } : entry.scope === "load" ? { privilege: name, allData: true } : { privilege: name };
  const out: PrivilegeSpec[] = [base, { ...base, ...(entry.scope === "graph" ? { graph: "*" } : entry.scope === "database" ? { database: "*" } : {}) }];
  if (entry.scope === "graph") out.push({ ...base, graph: { home: true } });
  if (entry.scope === "database" || entry.databaseScopeSince) out.push({ ...base, database: { home: true } }, { ...base, database: hostile });
  if (entry.scope === "load") out.push({ privilege: name, cidr: "127.0.0.1/32" }, { privilege: name, cidr: "2001:db8::/32" });
  if (q.includes("segments")) {
    out.push({ ...base, nodes: [hostile, "Plain"] }, { ...base, relationships: [hostile] }, { ...base, nodes: "*", relationships: [hostile] });
  }
  if (q.includes("properties")) out.push({ ...base, properties: [hostile, "p"], nodes: [hostile] }, { ...base, properties: "*" });
  if (q.includes("where")) {
    out.push(
      { ...base, where: { label: hostile, property: hostile, operator: "=", value: "O'Brien \\ `x`" } },
      { ...base, where: { property: "level", operator: ">=", value: 3 } },
      { ...base, where: { label: "Doc", property: "open", operator: "<>", value: false } },
      { ...base, where: { label: "Doc", property: "owner", operator: "IS NULL" } },
      { ...base, where: { label: "Doc", property: "owner", operator: "IS NOT NULL" } },
      { ...base, where: { labels: [hostile, "Plain"], property: "p", not: true, operator: "IN", value: ["a", 1, true] } },
      { ...base, where: { relationship: true, property: "since", operator: "<=", value: 2020 } },
      { ...base, where: { relationship: true, types: [hostile, "OWNS"], property: "p", operator: "IS NULL" } },
      { ...base, where: { property: "createdAt", operator: ">", value: { date: "2024-10-25" } } },
      { ...base, where: { relationship: true, property: "at", operator: "<>", value: { datetime: "2024-10-25T10:00:00+02:00" } } },
    );
    if (q.includes("properties")) out.push({ ...base, properties: ["name"], where: { label: "Doc", property: "level", operator: "<", value: 2.5 } });
  }
  if (q.includes("labels")) out.push({ ...base, labels: [hostile, "Plain"] }, { ...base, labels: "*" });
  if (q.includes("users")) out.push({ ...base, users: [hostile] }, { ...base, users: "*" });
  if (q.includes("procedures")) out.push({ ...base, procedures: ["apoc.*", "db.labels", "gds.?ageRank"] });
  if (q.includes("functions")) out.push({ ...base, functions: ["apoc.coll.*", "*"] });
  if (q.includes("settings")) out.push({ ...base, settings: ["server.bolt.*", "dbms.*"] });
  return out;
}

/**
 * One row per distinct statement shape: each privilege in each qualifier variant, as GRANT and DENY (where
 * the server allows DENY), plus the REVOKE of each; the hostile names rotate through the rows.
 */
const rows: [string, string][] = [];
{
  const seen = new Set<string>();
  let k = 0;
  for (const name of PRIVILEGE_NAMES) {
    const actions = PRIVILEGE_CATALOG[name].qualifiers && isDeniable(name) ? (["GRANT", "DENY"] as const) : (["GRANT"] as const);
    for (const action of actions) {
      privilegeVariants(name, HOSTILE[k++ % HOSTILE.length]).forEach((v, i) => {
        const shape = privilegeStatements(ROLE, { ...v, action }).map((st) => st.query);
        const atoms = privilegeAtoms(ROLE, { ...v, action });
        // REVOKE shares the grammar of what it revokes: one per privilege and action is enough.
        for (const stmt of i === 0 ? [shape[0], revokeAtom(atoms[atoms.length - 1]).query] : [shape[0]]) {
          if (seen.has(stmt)) continue;
          seen.add(stmt);
          rows.push([name, stmt]);
        }
      });
    }
  }
}

describe("every privilege form parses with the official Cypher parser", () => {
  test("the table covers every privilege in the catalog, GRANT, DENY and both REVOKEs", () => {
    for (const name of PRIVILEGE_NAMES) expect(rows.some(([n]) => n === name)).toBe(true);
    for (const prefix of ["GRANT ", "DENY ", "REVOKE GRANT ", "REVOKE DENY "]) expect(rows.some(([, s]) => s.startsWith(prefix))).toBe(true);
    for (const form of [" FOR (n:", " FOR ()-[r", " IN [", "WHERE NOT ", " $value ", "ON HOME GRAPH", "ON HOME DATABASE", "LOAD ON ALL DATA", "LOAD ON CIDR", "CYPHER 25 GRANT ALTER DATABASE ON DATABASE", "SET PASSWORD ON DBMS", "SET AUTH ON DBMS", "AUTH RULE MANAGEMENT", "USER METADATA MANAGEMENT"]) {
      expect([form, rows.some(([, s]) => s.includes(form))]).toEqual([form, true]);
    }
  });

  test.each(VERSIONS)("%s: all rows", (version) => {
    expect(failing(rows.map(([, s]) => s), version)).toEqual([]);
  });

  test("a DENY the server does not support is refused by the parser too (DENY MERGE), and by our schema", () => {
    expect(isDeniable("MERGE")).toBe(false);
    expect(failing(["DENY MERGE {*} ON GRAPH * NODE * TO r"], "CYPHER 5")[0].errors.join(" ")).toMatch(/DENY MERGE/);
  });
});

// ---------------------------------------------------------------------------------------------------------
// Aliases, roles, users

const conn = { uri: "neo4j+s://a.example.com", user: "alice", password: { env: "PW" } };
const remote = (name: string, over: Record<string, unknown> = {}): RemoteAliasConfig =>
  parseNeo4jAccess({
    connection: conn,
    remoteAliases: [{ name, target: "db1", url: "neo4j+s://h:7687", credentials: { type: "stored", user: "u", password: { env: "P" } }, ...over }],
  }).remoteAliases[0];
const local = (name: string, over: Record<string, unknown> = {}): LocalAliasConfig =>
  parseNeo4jAccess({ connection: conn, localAliases: [{ name, target: "movies-2", ...over }] }).localAliases[0];

const aliasForms = (n: string): [string, string][] => [
  ["create constituent, Cypher 25 (whole name)", S.createLocalAlias(local(n, { composite: "comp-db" }), { cypher25: true }).query],
  ["create remote constituent, Cypher 25", S.createRemoteAlias(remote(n, { composite: "comp-db" }), { cypher25: true }).query],
  ["alter constituent, Cypher 25", S.alterAlias(local(n, { composite: "comp-db", properties: { a: 1 } }), { target: true, properties: true }, { cypher25: true })!.query],
  ["drop constituent, Cypher 25", S.dropAlias({ name: n, composite: "comp-db" }, { cypher25: true }).query],
  ["create local", S.createLocalAlias(local(n)).query],
  ["create local with properties", S.createLocalAlias(local(n, { properties: { a: 1 } })).query],
  ["create remote stored", S.createRemoteAlias(remote(n)).query],
  ["create remote stored, all clauses", S.createRemoteAlias(remote(n, { driver: { ssl_enforced: true, connection_timeout: "5s" }, defaultLanguage: 25, properties: { a: "b" } })).query],
  ["create remote OIDC (CYPHER 25 prefix)", S.createRemoteAlias(remote(n, { credentials: { type: "oidc" }, driver: { connection_pool_max_size: 5 }, properties: { x: true } }), { cypher25: true }).query],
  ["alter local target + properties", S.alterAlias(local(n, { properties: { a: 1 } }), { target: true, properties: true })!.query],
  ["alter remote everything", S.alterAlias(remote(n, { driver: { logging_level: "INFO" }, defaultLanguage: 5, properties: { a: 1 } }), { target: true, credentials: true, driver: true, properties: true, defaultLanguage: true })!.query],
  ["drop", S.dropAlias({ name: n }).query],
  ["create role", S.createRole(n).query],
  ["drop role", S.dropRole(n).query],
  ["grant role", S.grantRole(n, n).query],
  ["revoke role", S.revokeRole(n, n).query],
  ["set home", S.setHome(n, n).query],
  ["remove home", S.removeHome(n).query],
];
const aliasRows: [string, string, string][] = HOSTILE.flatMap((n) => aliasForms(n).map(([form, q]): [string, string, string] => [form, n, q]));

describe("every alias, role and user statement parses", () => {
  test.each(VERSIONS)("%s: every form with every hostile name", (version) => {
    expect(aliasRows.length).toBe(HOSTILE.length * 18);
    expect(failing(aliasRows.map(([, , q]) => q), version)).toEqual([]);
  });

  test("without its CYPHER 25 prefix, OIDC forwarding does not parse as Cypher 5 (why the prefix is there)", () => {
    const q = S.createRemoteAlias(remote("a", { credentials: { type: "oidc" } }), { cypher25: false }).query;
    expect(q.startsWith("CYPHER 25")).toBe(false);
    expect(syntaxErrors(q, "CYPHER 5").join(" ")).toMatch(/OIDC/);
    expect(syntaxErrors(q, "CYPHER 25")).toEqual([]);
  });

  test("a constituent quoted part by part (what a Neo4j 5 server needs) parses as Cypher 5 and is refused as Cypher 25 (why Cypher 25 gets the whole name)", () => {
    for (const n of HOSTILE) {
      const forms = [
        S.createLocalAlias(local(n, { composite: "comp-db" }), { cypher25: false }).query,
        S.createRemoteAlias(remote(n, { composite: "comp-db" }), { cypher25: false }).query,
        S.alterAlias(local(n, { composite: "comp-db", properties: { a: 1 } }), { properties: true }, { cypher25: false })!.query,
        S.dropAlias({ name: n, composite: "comp-db" }, { cypher25: false }).query,
      ];
      for (const q of forms) {
        expect(q).toContain("`comp-db`.`");
        expect([q, syntaxErrors(q, "CYPHER 5")]).toEqual([q, []]);
        expect(syntaxErrors(q, "CYPHER 25").join(" ")).toMatch(/Separate name parts should not be quoted individually/);
      }
    }
  });

  test("the database-scoped alter privileges, AUTH RULE and USER METADATA are Cypher 25 only (why they carry the prefix)", () => {
    for (const q of ["GRANT ALTER DATABASE ON DATABASE `neo4j` TO `r`", "GRANT AUTH RULE MANAGEMENT ON DBMS TO `r`", "GRANT SET USER METADATA ON DBMS TO `r`"]) {
      expect(syntaxErrors(q, "CYPHER 5").length).toBeGreaterThan(0);
      expect(syntaxErrors(`CYPHER 25 ${q}`, "CYPHER 5")).toEqual([]);
    }
  });

  test("a temporal value must be a parameter: the parser refuses the literal function form the manual prints", () => {
    expect(syntaxErrors("GRANT READ {*} ON GRAPH * FOR (n) WHERE n.createdAt > date('2024-10-25') TO `r`", "CYPHER 5").join(" ")).toMatch(/literal-based/);
    expect(syntaxErrors("GRANT READ {*} ON GRAPH * FOR (n) WHERE n.createdAt > $value TO `r`", "CYPHER 5")).toEqual([]);
  });

  test("the parser does reject a broken privilege (the check is not vacuous)", () => {
    expect(syntaxErrors("GRANT READ ON GRAPH * NODE * TO r", "CYPHER 5").length).toBeGreaterThan(0);
    expect(syntaxErrors("GRANT SET LABEL {p} ON GRAPH * TO r", "CYPHER 25").length).toBeGreaterThan(0);
  });
});
