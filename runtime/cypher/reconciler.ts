/**
 * The reconciler: connects with neo4j-driver to the `system` database, reads the observed state with the
 * four SHOW queries, plans (pure planner) and applies the statements in ONE explicit transaction.
 *
 * Pipelining: every statement is sent with tx.run() before any result is awaited, so the driver writes
 * RUN/PULL pairs back to back and the server answers them in a stream; 500 statements cost a handful of
 * round trips instead of 500. If any statement fails the transaction is rolled back and nothing changes.
 *
 * Failures are classified first (runtime/net/failures.ts). A host name that does not resolve, a TLS name or
 * chain mismatch and a refused login fail at once (a login retried could lock the account). Transient ones
 * (refused or timed-out connections, a lost connection, not a leader, a terminated transaction,
 * Neo.TransientError.*) restart the whole read-plan-apply cycle with exponential backoff until the deadline,
 * one log line per attempt and the cause said once. Every attempt reads the server again and plans only what
 * is missing, so a retry after a commit whose answer was lost applies nothing twice. A statement the server
 * refuses is planned again once the server is read anew: when the plan differs (an administrator changed
 * something between our read and our write) it is applied; when it is the same, the refusal is reported.
 * The deadline also bounds a server that stops answering: the run gives up at it, with the phase it was in.
 * A failed run ends with the class of the failure and what the next run will do.
 */
import neo4j, { type Driver, type Session } from "neo4j-driver";
import { checkNeo4jUrl, showNeo4jUrl, type Neo4jAccessConfig, type SecretRef } from "../../domain/neo4j/access-model";
import { UserError } from "../cli/errors";
import { auraTierHint, classifyError, explainError } from "./gqlstatus";
import { displayStatement, type AccessSpec, type ObservedAlias, type ObservedState, type ParamValue, type Statement, type TemporalParam } from "./model";
import { planChanges, planDestroy } from "./planner";
import { capabilities, parseServerAgent } from "./server-version";
import { temporalValue } from "./temporal";
import type { RunnerStep } from "./transition";
import { CLASS_LABEL, NEXT_RUN, classifyFailure, hostOf, type Failure, type FailureClass } from "../net/failures";
import { checkResolves, type LookupFn } from "../net/resolve";

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
  /** Test seam for the clock the deadline and the backoff are measured on (Date.now by default). */
  now?: () => number;
  /** Test seam for the name check before connecting (dns.lookup by default). */
  lookup?: LookupFn;
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
  constructor(
    message: string,
    readonly original?: unknown,
    /** The class of the failure, when it was a connection or server fault. */
    readonly failureClass?: FailureClass,
  ) {
    super(message);
    this.name = "ReconcileError";
  }
}

/** How many times a refused statement is planned again after a fresh read that plans differently. */
export const MAX_REPLANS = 3;

/** Where in an attempt a failure happened: it decides what the failure means for the server's state. */
type Phase = "connect" | "read" | "write" | "commit-sent" | "verify";

/** A failure inside one attempt, with the phase it happened in. */
class AttemptFailure extends Error {
  constructor(
    readonly original: unknown,
    readonly phase: Phase,
    /** The statements of the transaction, when one was under way. */
    readonly statements: Statement[] = [],
  ) {
    super(original instanceof Error ? original.message : String(original));
  }
}

/** A statement the server refused; `plan` identifies the plan it belonged to. */
class StatementRefused extends Error {
  constructor(
    readonly report: ReconcileError,
    readonly plan: string,
    /** One line for the log. */
    readonly summary: string,
  ) {
    super(report.message);
  }
}

/** A fresh read planned exactly the statements the server refused. */
class SamePlan extends Error {}

/** The failure of an attempt, classified; a commit whose answer was lost is its own class. Pure. */
export function classifyAttempt(original: unknown, phase: Phase, host: string): Failure {
  const f = classifyFailure(original, host);
  if (phase === "commit-sent" && (f.cls === "connection-lost" || f.cls === "timeout" || f.cls === "other")) {
    return { cls: "connection-lost-after-commit", transient: true, cause: `${f.cause}, after COMMIT was sent: the change may or may not be committed` };
  }
  return f;
}

/** The closing words of a failed run: the class, the cause and what the next run does. Pure. */
export function failureEnd(f: Failure): string {
  return `${CLASS_LABEL[f.cls]}: ${f.cause}. Next apply: ${NEXT_RUN[f.cls]}`;
}

/** Backoff schedule: 200 ms doubling up to 5 s. Pure. */
export function backoffMs(attempt: number): number {
  return Math.min(200 * 2 ** Math.max(0, attempt - 1), 5000);
}

/** What every step of one run shares: the deadline is one for all of them. */
export type StepOptions = Omit<ReconcileOptions, "mode" | "state" | "previous">;

/** Runs the steps one after the other (each its own transaction), all within one deadline. */
export async function reconcileSteps(steps: RunnerStep[], opts: StepOptions): Promise<ReconcileResult[]> {
  const now = opts.now ?? Date.now;
  const deadline = now() + (opts.timeoutMs ?? 60_000);
  const results: ReconcileResult[] = [];
  for (const step of steps) {
    results.push(await reconcile({ ...opts, mode: step.mode, state: step.state, previous: step.mode === "destroy" ? null : step.previous, timeoutMs: Math.max(1000, deadline - now()) }));
  }
  return results;
}

export async function reconcile(opts: ReconcileOptions): Promise<ReconcileResult> {
  const now = opts.now ?? Date.now;
  const started = now();
  const timeoutMs = opts.timeoutMs ?? 60_000;
  const deadline = started + timeoutMs;
  const sleep = opts.sleep ?? ((ms: number) => new Promise<void>((r) => setTimeout(r, ms)));
  const log = opts.log ?? (() => undefined);
  const env = opts.env ?? process.env;
  const conn = await connectionSettings(opts.state, env, opts.resolveSecret);
  const host = hostOf(conn.uri);
  // The driver would retry a name that cannot resolve for the whole timeout: find out once, first.
  const unresolved = await checkResolves(host.replace(/:\d+$/, ""), opts.lookup);
  if (unresolved && !unresolved.transient) throw new ReconcileError(`cannot reach ${conn.uri}: ${failureEnd(unresolved)}; not retried`, undefined, unresolved.cls);
  let attempt = 0;
  let replans = 0;
  let refused: StatementRefused | null = null;
  /** A commit whose answer was lost: its attempt and statements. */
  let lostCommit: { attempt: number; statements: Statement[] } | null = null;
  /** Statements committed by earlier attempts of this run (when the server changed under us). */
  const earlier: Statement[] = [];
  const seen = new Set<FailureClass>();
  for (;;) {
    attempt++;
    try {
      const r = await once(opts, conn, Math.max(1000, deadline - now()), log, refused?.plan ?? null);
      if (lostCommit && !r.applied && r.statements.length === 0 && opts.mode !== "plan") {
        log(`the change of attempt ${lostCommit.attempt} had been committed: nothing was left to apply`);
        return { ...r, statements: [...earlier, ...lostCommit.statements], applied: true, mode: opts.mode, attempts: attempt, elapsedMs: now() - started };
      }
      // Someone changed a declared item between our read and our commit: the read after the commit shows it.
      if (r.applied && r.remaining.length && replans < MAX_REPLANS) {
        replans++;
        earlier.push(...r.statements);
        log(`attempt ${attempt}: the server changed while this change was applied (${r.remaining.length} statement(s) still differ): applying again`);
        continue;
      }
      return { ...r, statements: [...earlier, ...r.statements], applied: r.applied || earlier.length > 0, mode: opts.mode, attempts: attempt, elapsedMs: now() - started };
    } catch (e) {
      if (e instanceof SamePlan) throw refused!.report;
      if (e instanceof StatementRefused) {
        // Read again and plan again: a plan that differs means the server changed since our read.
        if (replans >= MAX_REPLANS) throw e.report;
        replans++;
        refused = e;
        log(`attempt ${attempt}: ${e.summary}; rolled back; reading the server again in case it changed since it was read`);
        continue;
      }
      if (e instanceof UserError) throw e;
      const failure = e instanceof AttemptFailure ? classifyAttempt(e.original, e.phase, host) : classifyFailure(e, host);
      const original = e instanceof AttemptFailure ? e.original : e;
      if (failure.cls === "connection-lost-after-commit" && e instanceof AttemptFailure) lostCommit = { attempt, statements: e.statements };
      if (failure.cls === "authentication") throw new ReconcileError(`cannot log in to ${conn.uri} as ${conn.user}: ${explainError(original)}; not retried. Next apply: ${NEXT_RUN.authentication}`, original, failure.cls);
      if (!failure.transient) throw new ReconcileError(`cannot apply on ${conn.uri}: ${failureEnd(failure)}; not retried`, original, failure.cls);
      const wait = backoffMs(attempt);
      if (now() + wait >= deadline) {
        throw new ReconcileError(`gave up after ${attempt} attempt(s) in ${Math.round((now() - started) / 1000)} s (timeout ${timeoutMs / 1000} s): ${failureEnd(failure)}`, original, failure.cls);
      }
      // One line per attempt; the cause in full the first time each class is seen.
      log(`attempt ${attempt}: ${CLASS_LABEL[failure.cls]}${seen.has(failure.cls) ? " again" : `: ${failure.cause}`}; retrying in ${wait} ms`);
      seen.add(failure.cls);
      await sleep(wait);
    }
  }
}

interface Connection {
  uri: string;
  user: string;
  password: string;
}

function fromEnv(v: string | { env: string }, path: string, env: NodeJS.ProcessEnv): string {
  if (typeof v === "string") return v;
  const x = env[v.env];
  if (!x) throw new UserError(`${path}: environment variable ${v.env} is not set`);
  return x;
}

/** The state's connection URI as this run resolves it (it may come from an environment variable), checked. */
export function resolveUri(state: Neo4jAccessConfig, env: NodeJS.ProcessEnv): string {
  const uri = fromEnv(state.connection.uri, "connection.uri", env);
  // An env-provided URI is checked here, since the schema could not see it.
  // Also refuses +ssc without allowUnverifiedTls and credentials in the URL: the Lambda handler and the CLI
  // receive the state from outside, so the rule holds here too, not only at synth.
  const why = checkNeo4jUrl(uri, state.connection);
  if (why) throw new UserError(`connection.uri: got ${JSON.stringify(showNeo4jUrl(uri))}; ${why}`);
  return uri;
}

async function connectionSettings(state: Neo4jAccessConfig, env: NodeJS.ProcessEnv, resolve: (ref: SecretRef) => Promise<string>): Promise<Connection> {
  const uri = resolveUri(state, env);
  return { uri, user: fromEnv(state.connection.user, "connection.user", env), password: await resolve(state.connection.password) };
}

async function once(
  opts: ReconcileOptions,
  conn: Connection,
  budgetMs: number,
  log: (l: string) => void,
  refusedPlan: string | null,
): Promise<Omit<ReconcileResult, "mode" | "attempts" | "elapsedMs">> {
  const driver: Driver = neo4j.driver(conn.uri, neo4j.auth.basic(conn.user, conn.password), {
    connectionTimeout: Math.min(15_000, budgetMs),
    connectionAcquisitionTimeout: Math.min(30_000, budgetMs),
    // The driver's own retries would hide the cause and outlast the deadline: this loop retries.
    maxTransactionRetryTime: 0,
    maxConnectionPoolSize: 2,
    userAgent: "aura-secure-cypher/1",
    logging: { level: "error", logger: () => undefined },
  });
  const session: Session = driver.session({ database: "system", defaultAccessMode: neo4j.session.WRITE });
  let phase = "connect" as Phase;
  let planned: Statement[] = [];
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
      const where: Record<Phase, string> = {
        connect: "while connecting; nothing was sent",
        read: "while reading the current state; nothing was changed",
        write: "in the middle of the transaction; the server rolls it back, nothing was changed",
        "commit-sent": "after COMMIT was sent: the change may or may not be committed",
        verify: "after the commit, while checking the result",
      };
      throw new ReconcileError(`${conn.uri} stopped answering and the ${Math.round(budgetMs / 100) / 10} s left of the timeout ran out ${where[phase]} (${CLASS_LABEL.deadline}). Next apply: ${phase === "commit-sent" ? NEXT_RUN["connection-lost-after-commit"] : NEXT_RUN.deadline}`, e, phase === "commit-sent" ? "connection-lost-after-commit" : "deadline");
    }
    if (e instanceof UserError || e instanceof StatementRefused || e instanceof SamePlan) throw e;
    throw new AttemptFailure(e, phase, planned);
  } finally {
    clearTimeout(timer);
    // After a timeout, closing would wait for the silent server; let it finish in the background.
    const closing = session.close().then(() => driver.close()).catch(() => undefined);
    if (!timedOut) await closing;
  }

  async function run(): Promise<Omit<ReconcileResult, "mode" | "attempts" | "elapsedMs">> {
    // The product version comes from the Bolt HELLO agent (no extra query, no privilege needed).
    const server = { agent: (await driver.getServerInfo()).agent ?? "" };
    phase = "read";
    const observed = { ...(await readObserved(session, server)), server };
    const statements =
      opts.mode === "destroy"
        ? planDestroy(opts.state, observed)
        : planChanges(opts.state, observed, opts.previous ?? null, { refreshCredentials: opts.refreshCredentials });
    if (opts.mode === "plan" || statements.length === 0) return { statements, applied: false, remaining: [] };
    planned = statements;
    const planKey = JSON.stringify(statements);
    // A fresh read that plans exactly what the server refused: the refusal stands; send nothing.
    if (planKey === refusedPlan) throw new SamePlan();
    const params = await Promise.all(statements.map((s) => materialize(s.params, opts.resolveSecret)));
    log(`applying ${statements.length} statement(s) in one transaction`);
    phase = "write";
    const tx = session.beginTransaction();
    // Pipelined: all RUNs go out before the first result is awaited.
    const results = statements.map((s, i) => tx.run(s.query, params[i] as Record<string, unknown>));
    const settled = await Promise.allSettled(results.map((r) => r.summary()));
    const failedAt = settled.findIndex((s) => s.status === "rejected");
    if (failedAt >= 0) {
      await tx.rollback().catch(() => undefined);
      const err = (settled[failedAt] as PromiseRejectedResult).reason;
      if (classifyError(err) !== "fatal" || classifyFailure(err, "").transient) throw err;
      const hint = auraTierHint(conn.uri, statements[failedAt]);
      const report = new ReconcileError(
        `statement ${failedAt + 1} of ${statements.length} failed, the transaction was rolled back and nothing was changed:\n  ${displayStatement(statements[failedAt]).replace(/\n/g, "\n  ")}\n  ${explainError(err)}${hint ? `\n  ${hint}` : ""}\n  Next apply: the statement was refused by the server; it reads the server again and plans from what it holds then (refused the same way until the cause is fixed)`,
        err,
      );
      throw new StatementRefused(report, planKey, `statement ${failedAt + 1} of ${statements.length} (${statements[failedAt].query}) was refused: ${explainError(err)}`);
    }
    phase = "commit-sent";
    await tx.commit();
    phase = "verify";
    // Convergence check: a fresh read must plan nothing more.
    const after = { ...(await readObserved(session, server)), server };
    const remaining = opts.mode === "destroy" ? planDestroy(opts.state, after) : planChanges(opts.state, after, opts.state);
    if (remaining.length) log(`after applying, the server still differs from the desired state in ${remaining.length} statement(s): ${remaining.map((s) => s.query).join("; ")}`);
    return { statements, applied: true, remaining };
  }
}

/**
 * Connects once and reads the observed state (the four SHOW queries and the server version), for
 * `cypher import`. No retries: a read that fails is reported as it is.
 */
/**
 * Reads the server's access state. `named` is how messages name the URI (the CLI passes `--uri <url>`, so a
 * user who typed a flag reads the flag); the URI itself by default.
 */
export async function observe(conn: { uri: string; user: string; password: string }, timeoutMs = 30_000, lookup?: LookupFn, named = conn.uri): Promise<ObservedState> {
  const host = hostOf(conn.uri);
  const unresolved = await checkResolves(host.replace(/:\d+$/, ""), lookup);
  if (unresolved) throw new ReconcileError(`cannot reach ${named}: ${CLASS_LABEL[unresolved.cls]}: ${unresolved.cause}`, undefined, unresolved.cls);
  const driver = neo4j.driver(conn.uri, neo4j.auth.basic(conn.user, conn.password), {
    connectionTimeout: timeoutMs,
    connectionAcquisitionTimeout: timeoutMs,
    maxTransactionRetryTime: 0,
    userAgent: "aura-secure-cypher/1",
    logging: { level: "error", logger: () => undefined },
  });
  const session = driver.session({ database: "system", defaultAccessMode: neo4j.session.READ });
  try {
    const server = { agent: (await driver.getServerInfo()).agent ?? "" };
    return { ...(await readObserved(session, server)), server };
  } catch (e) {
    if (e instanceof UserError) throw e;
    const f = classifyFailure(e, host);
    if (f.cls === "authentication") throw new ReconcileError(`cannot log in to ${named} as ${conn.user}: ${explainError(e)}`, e, f.cls);
    throw new ReconcileError(f.cls === "other" ? explainError(e) : `cannot read ${named}: ${CLASS_LABEL[f.cls]}: ${f.cause}`, e, f.cls);
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
