/**
 * The reconciler: connects with neo4j-driver to the `system` database, reads the observed state with the
 * four SHOW queries, plans (pure planner) and applies the statements in ONE explicit transaction.
 *
 * Pipelining: every statement is sent with tx.run() before any result is awaited, so the driver writes
 * RUN/PULL pairs back to back and the server answers them in a stream; 500 statements cost a handful of
 * round trips instead of 500. If any statement fails the transaction is rolled back and nothing changes.
 *
 * Retries: transient failures (lost connection, unavailable server, Neo.TransientError.*) restart the whole
 * read-plan-apply cycle with exponential backoff until the timeout; the re-read makes a retry after a
 * partially sent transaction safe. Authentication errors are never retried (a lockout would follow).
 * The timeout also bounds a server that stops answering mid-run: the driver is closed at the deadline.
 */
import neo4j, { type Driver, type Session } from "neo4j-driver";
import { checkNeo4jUrl, showNeo4jUrl, type Neo4jAccessConfig, type SecretRef } from "../../domain/neo4j/access-model";
import { UserError } from "../cli/errors";
import { auraTierHint, classifyError, explainError } from "./gqlstatus";
import { displayStatement, type AccessSpec, type ObservedAlias, type ObservedState, type ParamValue, type Statement, type TemporalParam } from "./model";
import { planChanges, planDestroy } from "./planner";
import { capabilities, parseServerAgent } from "./server-version";
import { temporalValue } from "./temporal";

export type ReconcileMode = "plan" | "apply" | "destroy";

export interface ReconcileOptions {
  mode: ReconcileMode;
  /** The desired state (plan/apply) or the applied state to remove (destroy). Validated. */
  state: Neo4jAccessConfig;
  /** The desired state applied last time (ownership record); what it declared and `state` drops is removed. */
  previous?: AccessSpec | null;
  resolveSecret: (ref: SecretRef) => Promise<string>;
  env?: NodeJS.ProcessEnv;
  /** Overall deadline for connecting, retries and applying. Default 60 s. */
  timeoutMs?: number;
  refreshCredentials?: boolean;
  log?: (line: string) => void;
  /** Test seam for backoff waits. */
  sleep?: (ms: number) => Promise<void>;
}

export interface ReconcileResult {
  mode: ReconcileMode;
  statements: Statement[];
  /** Whether statements were committed (false for plan and for nothing to do). */
  applied: boolean;
  attempts: number;
  /** After apply: statements a fresh plan still wants (should be empty). */
  remaining: Statement[];
  elapsedMs: number;
}

export class ReconcileError extends UserError {
  constructor(message: string, readonly original?: unknown) {
    super(message);
    this.name = "ReconcileError";
  }
}

/** Backoff schedule: 200 ms doubling up to 5 s. Pure. */
export function backoffMs(attempt: number): number {
  return Math.min(200 * 2 ** Math.max(0, attempt - 1), 5000);
}

export async function reconcile(opts: ReconcileOptions): Promise<ReconcileResult> {
  const started = Date.now();
  const timeoutMs = opts.timeoutMs ?? 60_000;
  const deadline = started + timeoutMs;
  const sleep = opts.sleep ?? ((ms: number) => new Promise<void>((r) => setTimeout(r, ms)));
  const log = opts.log ?? (() => undefined);
  const env = opts.env ?? process.env;
  const conn = await connectionSettings(opts.state, env, opts.resolveSecret);
  let attempt = 0;
  for (;;) {
    attempt++;
    try {
      const r = await once(opts, conn, Math.max(1000, deadline - Date.now()), log);
      return { ...r, mode: opts.mode, attempts: attempt, elapsedMs: Date.now() - started };
    } catch (e) {
      if (e instanceof UserError) throw e;
      const cls = classifyError(e);
      const wait = backoffMs(attempt);
      if (cls === "auth") throw new ReconcileError(`cannot log in to ${conn.uri} as ${conn.user}: ${explainError(e)}; not retried`, e);
      if (cls !== "transient") throw new ReconcileError(explainError(e), e);
      if (Date.now() + wait >= deadline) {
        throw new ReconcileError(`gave up after ${attempt} attempt(s) in ${Math.round((Date.now() - started) / 1000)} s (timeout ${timeoutMs / 1000} s): ${explainError(e)}`, e);
      }
      log(`transient failure (attempt ${attempt}): ${explainError(e)}; retrying in ${wait} ms`);
      await sleep(wait);
    }
  }
}

interface Connection {
  uri: string;
  user: string;
  password: string;
}

async function connectionSettings(state: Neo4jAccessConfig, env: NodeJS.ProcessEnv, resolve: (ref: SecretRef) => Promise<string>): Promise<Connection> {
  const fromEnv = (v: string | { env: string }, path: string): string => {
    if (typeof v === "string") return v;
    const x = env[v.env];
    if (!x) throw new UserError(`${path}: environment variable ${v.env} is not set`);
    return x;
  };
  const uri = fromEnv(state.connection.uri, "connection.uri");
  // An env-provided URI is checked here, since the schema could not see it.
  // Also refuses +ssc without allowUnverifiedTls and credentials in the URL: the Lambda handler and the CLI
  // receive the state from outside, so the rule holds here too, not only at synth.
  const why = checkNeo4jUrl(uri, state.connection);
  if (why) throw new UserError(`connection.uri: got ${JSON.stringify(showNeo4jUrl(uri))}; ${why}`);
  return { uri, user: fromEnv(state.connection.user, "connection.user"), password: await resolve(state.connection.password) };
}

async function once(opts: ReconcileOptions, conn: Connection, budgetMs: number, log: (l: string) => void): Promise<Omit<ReconcileResult, "mode" | "attempts" | "elapsedMs">> {
  const driver: Driver = neo4j.driver(conn.uri, neo4j.auth.basic(conn.user, conn.password), {
    connectionTimeout: Math.min(15_000, budgetMs),
    connectionAcquisitionTimeout: Math.min(30_000, budgetMs),
    maxConnectionPoolSize: 2,
    userAgent: "aura-secure-cypher/1",
    logging: { level: "error", logger: () => undefined },
  });
  const session: Session = driver.session({ database: "system", defaultAccessMode: neo4j.session.WRITE });
  // The driver has no overall deadline once connected, and closing it does not fail a result the server never
  // answers: race the whole run against the deadline instead.
  let timedOut = false;
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<never>((_, reject) => {
    timer = setTimeout(() => {
      timedOut = true;
      reject(new Error("deadline"));
    }, budgetMs);
  });
  try {
    return await Promise.race([run(), deadline]);
  } catch (e) {
    if (timedOut) {
      throw new ReconcileError(
        `${conn.uri} stopped answering and the ${Math.round(budgetMs / 100) / 10} s left of the timeout ran out; an open transaction is rolled back by the server, so nothing was changed unless the commit itself was sent`,
        e,
      );
    }
    throw e;
  } finally {
    clearTimeout(timer);
    // After a timeout, closing would wait for the silent server; let it finish in the background.
    const closing = session.close().then(() => driver.close()).catch(() => undefined);
    if (!timedOut) await closing;
  }

  async function run(): Promise<Omit<ReconcileResult, "mode" | "attempts" | "elapsedMs">> {
    // The product version comes from the Bolt HELLO agent (no extra query, no privilege needed).
    const server = { agent: (await driver.getServerInfo()).agent ?? "" };
    const observed = { ...(await readObserved(session, server)), server };
    const statements =
      opts.mode === "destroy"
        ? planDestroy(opts.state, observed)
        : planChanges(opts.state, observed, opts.previous ?? null, { refreshCredentials: opts.refreshCredentials });
    if (opts.mode === "plan" || statements.length === 0) return { statements, applied: false, remaining: [] };
    const params = await Promise.all(statements.map((s) => materialize(s.params, opts.resolveSecret)));
    log(`applying ${statements.length} statement(s) in one transaction`);
    const tx = session.beginTransaction();
    // Pipelined: all RUNs go out before the first result is awaited.
    const results = statements.map((s, i) => tx.run(s.query, params[i] as Record<string, unknown>));
    const settled = await Promise.allSettled(results.map((r) => r.summary()));
    const failedAt = settled.findIndex((s) => s.status === "rejected");
    if (failedAt >= 0) {
      await tx.rollback().catch(() => undefined);
      const err = (settled[failedAt] as PromiseRejectedResult).reason;
      if (classifyError(err) !== "fatal") throw err;
      const hint = auraTierHint(conn.uri, statements[failedAt]);
      throw new ReconcileError(
        `statement ${failedAt + 1} of ${statements.length} failed, the transaction was rolled back and nothing was changed:\n  ${displayStatement(statements[failedAt]).replace(/\n/g, "\n  ")}\n  ${explainError(err)}${hint ? `\n  ${hint}` : ""}`,
        err,
      );
    }
    await tx.commit();
    // Convergence check: a fresh read must plan nothing more.
    const after = { ...(await readObserved(session, server)), server };
    const remaining = opts.mode === "destroy" ? planDestroy(opts.state, after) : planChanges(opts.state, after, opts.state);
    if (remaining.length) log(`warning: after applying, the server still differs from the desired state in ${remaining.length} statement(s): ${remaining.map((s) => s.query).join("; ")}`);
    return { statements, applied: true, remaining };
  }
}

/**
 * Connects once and reads the observed state (the four SHOW queries and the server version), for
 * `cypher import`. No retries: a read that fails is reported as it is.
 */
export async function observe(conn: { uri: string; user: string; password: string }, timeoutMs = 30_000): Promise<ObservedState> {
  const driver = neo4j.driver(conn.uri, neo4j.auth.basic(conn.user, conn.password), {
    connectionTimeout: timeoutMs,
    userAgent: "aura-secure-cypher/1",
    logging: { level: "error", logger: () => undefined },
  });
  const session = driver.session({ database: "system", defaultAccessMode: neo4j.session.READ });
  try {
    const server = { agent: (await driver.getServerInfo()).agent ?? "" };
    return { ...(await readObserved(session, server)), server };
  } catch (e) {
    if (e instanceof UserError) throw e;
    throw new ReconcileError(classifyError(e) === "auth" ? `cannot log in to ${conn.uri} as ${conn.user}: ${explainError(e)}` : explainError(e), e);
  } finally {
    await session.close().catch(() => undefined);
    await driver.close().catch(() => undefined);
  }
}

const SHOW = {
  roles: "SHOW ROLES",
  // `immutable` is not a default column of AS COMMANDS (Operations Manual, "Manage privileges").
  privileges: "SHOW PRIVILEGES AS COMMANDS YIELD command, immutable",
  users: "SHOW USERS",
  aliases: "SHOW ALIASES FOR DATABASE YIELD *",
  databases: "SHOW DATABASES YIELD name, type",
  // Cypher 25 syntax, Neo4j 2026.03+ (Operations Manual, "Attribute-based access control").
  authRules: "CYPHER 25 SHOW AUTH RULES YIELD name, roles",
};

/**
 * Runs the SHOW queries (pipelined in one read transaction) and converts driver types to plain values.
 * SHOW AUTH RULES only on servers that have it (the version from the HELLO agent).
 */
export async function readObserved(session: Session, server?: { agent: string }): Promise<ObservedState> {
  const tx = session.beginTransaction();
  try {
    const withRules = capabilities(server?.agent).atLeast("2026.03") && parseServerAgent(server?.agent) !== null;
    const [roles, privileges, users, aliases, databases, rules] = await Promise.all([
      tx.run(SHOW.roles),
      tx.run(SHOW.privileges),
      tx.run(SHOW.users),
      tx.run(SHOW.aliases),
      tx.run(SHOW.databases),
      withRules ? tx.run(SHOW.authRules) : Promise.resolve(null),
    ]);
    await tx.commit();
    const get = (rec: { has(k: string): boolean; get(k: string): unknown }, k: string) => (rec.has(k) ? toPlain(rec.get(k)) : undefined);
    const composites = databases.records.filter((r) => String(get(r, "type") ?? "").toLowerCase() === "composite").map((r) => String(r.get("name")));
    return {
      roles: roles.records.map((r) => String(r.get("role"))),
      privileges: privileges.records.map((r) => String(r.get("command"))),
      immutablePrivileges: privileges.records.filter((r) => get(r, "immutable") === true).map((r) => String(r.get("command"))),
      compositeDatabases: [...new Set(composites)],
      ...(rules ? { authRuleRoles: [...new Set(rules.records.flatMap((r) => ((get(r, "roles") as unknown[] | null) ?? []).map(String)))] } : {}),
      users: users.records.map((r) => ({
        name: String(r.get("user")),
        roles: ((get(r, "roles") as string[] | null | undefined) ?? []).map(String),
        home: (get(r, "home") as string | null | undefined) ?? null,
      })),
      aliases: aliases.records.map((r): ObservedAlias => {
        const a: ObservedAlias = {
          name: String(r.get("name")),
          // null when the connecting user lacks ACCESS on the target: SHOW ALIASES hides it.
          database: (get(r, "database") as string | null | undefined) ?? null,
          location: String(get(r, "location") ?? "local").toLowerCase() === "remote" ? "remote" : "local",
          url: (get(r, "url") as string | null) ?? null,
          user: (get(r, "user") as string | null) ?? null,
          driver: (get(r, "driver") as Record<string, string | number | boolean> | null) ?? null,
          properties: (get(r, "properties") as Record<string, unknown> | null) ?? null,
        };
        if (r.has("credentials")) a.credentials = (get(r, "credentials") as string | null) ?? null;
        if (r.has("defaultLanguage")) a.defaultLanguage = (get(r, "defaultLanguage") as string | null) ?? null;
        if (r.has("composite")) a.composite = (get(r, "composite") as string | null) ?? null;
        return a;
      }),
    };
  } catch (e) {
    await tx.rollback().catch(() => undefined);
    throw e;
  }
}

/** Driver values to plain JSON values: Integer -> number, Duration -> milliseconds. */
export function toPlain(v: unknown): unknown {
  if (v === null || v === undefined) return v ?? null;
  if (neo4j.isInt(v)) return (v as { toNumber(): number }).toNumber();
  if (neo4j.isDuration(v)) {
    const d = v as unknown as { months: unknown; days: unknown; seconds: unknown; nanoseconds: unknown };
    const n = (x: unknown) => (neo4j.isInt(x) ? (x as { toNumber(): number }).toNumber() : Number(x));
    return (n(d.months) * 30 + n(d.days)) * 86_400_000 + n(d.seconds) * 1000 + Math.round(n(d.nanoseconds) / 1e6);
  }
  if (typeof v === "bigint") return Number(v);
  if (Array.isArray(v)) return v.map(toPlain);
  if (typeof v === "object") return Object.fromEntries(Object.entries(v as Record<string, unknown>).map(([k, x]) => [k, toPlain(x)]));
  return v;
}

/** Plan parameters to driver values: secrets resolved, durations as DURATION, whole numbers as INTEGER. */
export async function materialize(params: Record<string, ParamValue>, resolve: (ref: SecretRef) => Promise<string>): Promise<Record<string, unknown>> {
  const conv = async (v: ParamValue): Promise<unknown> => {
    if (v === null || typeof v === "string" || typeof v === "boolean") return v;
    if (typeof v === "number") return Number.isInteger(v) ? neo4j.int(v) : v;
    if (Array.isArray(v)) return Promise.all(v.map(conv));
    if ("$secret" in v) return resolve((v as { $secret: SecretRef }).$secret);
    if ("$temporal" in v) return temporalValue((v as TemporalParam).$temporal.kind, (v as TemporalParam).$temporal.text);
    if ("$durationMs" in v) {
      const ms = (v as { $durationMs: number }).$durationMs;
      return new neo4j.types.Duration(0, 0, Math.floor(ms / 1000), (ms % 1000) * 1_000_000);
    }
    const out: Record<string, unknown> = {};
    for (const [k, x] of Object.entries(v)) out[k] = await conv(x as ParamValue);
    return out;
  };
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(params)) out[k] = await conv(v);
  return out;
}
