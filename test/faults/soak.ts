/**
 * `npm run test:faults`: a seeded soak of the access apply and the key registration under faults (issue 24).
 *
 * Each schedule draws an old and a new access state (or a key registration) and 1-3 faults with their
 * positions from the seed printed at the start, runs the real runner code until it succeeds or reports a
 * failure (`cypher apply` with the previous state, as the local-exec runner's replace step does;
 * `aura cmk create --await`; for a sample, the local-exec runner under real terraform), then once more
 * without faults, and checks:
 * - converged: afterwards a plan finds nothing to do (access), or exactly one registration, ready (keys);
 * - nothing duplicated: no statement the server refused because an earlier attempt had in fact been applied
 *   (access), never two registrations of one key (keys);
 * - no excess privilege and no gap, at every state the test server passes through (after each commit and
 *   each concurrent administrator's change): no declared role holds a privilege outside the union of its
 *   old and new ones, nothing both declare is missing (unless the administrator removed it), nothing
 *   undeclared is touched;
 * - a clear end: a failed run's message names the fault class and what the next apply will do.
 * It ends with `faults: N injected, M converged, D duplicated, X over-privileged, G gaps` and exits 1 when
 * any check failed. Options: --seed N (replay), --count N (default 200), --only I (one schedule of the seed),
 * --terraform N (schedules also run under real terraform, default 2; 0 skips).
 */
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { Command } from "commander";
import { App } from "cdktf";
import { parseNeo4jAccess, type Neo4jAccessConfig } from "../../domain/neo4j/access-model";
import { runCli } from "../../runtime/cli/errors";
import { cypherCommand } from "../../runtime/cypher/cli";
import { auraCommand } from "../../runtime/aura-api/cli";
import { CLASS_LABEL } from "../../runtime/net/failures";
import { Neo4jAccessStack } from "../../stacks/neo4j-access-stack";
import { BoltTestServer, CLUSTER_FAILURES, type BoltFault } from "../support/bolt-server";
import { FakeSystemDb, type FakeState } from "../support/fake-system-db";
import { FakeAuraApi } from "../support/fake-aura-api";
import { TransitionChecker, presentItems, printedRows, roleOfPrintedRow } from "../support/access-invariants";
import { bundledCli } from "../support/cli-bundle";
import { keepLocalStateIn, offlineEnv, terraformAsync, terraformUnavailableReason } from "../support/terraform";
import { PRIVILEGE_POOL, schedules, type AccessFault, type AccessSchedule, type KeySchedule, type Schedule } from "./schedules";

const ADMIN_PW = "soak-admin-Pw-1";
const REMOTE_PW = "soak-remote-Pw-2";
const CLIENT_ID = "soak-client";
const CLIENT_SECRET = "soak-Client-secret-3";
const clone = <T>(x: T): T => JSON.parse(JSON.stringify(x)) as T;

interface Outcome {
  converged: boolean;
  duplicated: boolean;
  excess: boolean;
  gaps: boolean;
  touched: boolean;
  unclear: boolean;
  faultsFired: string[];
  notes: string[];
}

// ---------------------------------------------------------------------------------------------------------
// The CLI in this process (the real command code; commander parses the same argv as the binary)

async function cli(cmd: Command, args: string[]): Promise<{ code: number; out: string; err: string }> {
  let err = "";
  const program = new Command("aura-secure").exitOverride();
  program.addCommand(cmd);
  const saved = process.exitCode;
  process.exitCode = undefined;
  try {
    await runCli(program, ["node", "aura-secure", ...args], { stderr: { write: (c: string) => void (err += c) } });
    return { code: Number(process.exitCode ?? 0), out: "", err };
  } catch (e) {
    return { code: 99, out: "", err: `${err}\nnot a user error (a bug): ${(e as Error).stack}` };
  } finally {
    process.exitCode = saved;
  }
}

function cypher(env: Record<string, string>): { run(args: string[]): Promise<{ code: number; out: string; err: string }> } {
  return {
    async run(args) {
      let out = "";
      let err = "";
      const cmd = cypherCommand({ env, stdout: { write: (c: string) => void (out += c) }, stderr: { write: (c: string) => void (err += c) }, sleep: async () => undefined });
      const r = await cli(cmd, ["cypher", ...args]);
      return { code: r.code, out, err: err + r.err };
    },
  };
}

/** Does a failed run's message name a fault class and what the next apply does? */
function clearEnd(message: string): boolean {
  // "connection lost": the Aura API client's word for a lost HTTP connection (no commit there).
  const labels = [...Object.values(CLASS_LABEL), "connection lost", "key deleted by someone else", "refused by the server"];
  return labels.some((l) => message.includes(l)) && /Next apply:/.test(message);
}

// ---------------------------------------------------------------------------------------------------------
// Access schedules

const INITIAL: Partial<FakeState> = {
  roles: ["PUBLIC", "admin", "architect", "publisher", "editor", "reader", "ops_foreign"],
  privileges: ["GRANT ACCESS ON HOME DATABASE TO `PUBLIC`", "GRANT MATCH {*} ON GRAPH * NODE * TO `reader`", "GRANT MATCH {*} ON GRAPH * RELATIONSHIP * TO `reader`", "GRANT ACCESS ON DATABASE `db1` TO `ops_foreign`"],
  users: [
    { name: "neo4j", roles: ["admin", "PUBLIC"], home: null },
    { name: "carol", roles: ["PUBLIC"], home: null },
    { name: "dave", roles: ["PUBLIC"], home: null },
    { name: "erin", roles: ["PUBLIC", "ops_foreign"], home: null },
    { name: "frank", roles: ["PUBLIC", "ops_foreign"], home: null },
  ],
  aliases: [{ name: "legacy", database: "db9", location: "local", url: null, user: null, password: null, oidc: false, driver: null, properties: {}, defaultLanguage: null }],
};

interface AccessRig {
  fake: FakeSystemDb;
  leader: BoltTestServer;
  servers: BoltTestServer[];
  uri: string;
  /** Every state after a commit or an administrator's change, while recording. */
  states: FakeState[];
  recording: boolean;
  /** Server-side refusals (not injected), with whether one of our write commits had landed before. */
  refusals: { query: string; code: string; afterOurCommit: boolean; afterAdmin: boolean }[];
  ourCommitLanded: boolean;
  adminSinceCommit: boolean;
  /**
   * An administrator created an item of the old state again after one of our commits had landed. A later
   * commit of the same run repairs only what the new state declares (the transition is done), so that item
   * stays for the next run to remove.
   */
  adminAfterOurCommit: boolean;
  /** An administrator's change came after the faulted run's last commit, or after its transition commit. */
  adminAfterRun: boolean;
  /** Items a concurrent administrator removed (their absence is not the runner's gap). */
  adminRemoved: Set<string>;
  close(): Promise<void>;
}

async function accessRig(cluster: boolean): Promise<AccessRig> {
  const fake = new FakeSystemDb(clone(INITIAL));
  const rig: Partial<AccessRig> = { fake, states: [], recording: false, refusals: [], ourCommitLanded: false, adminSinceCommit: false, adminAfterOurCommit: false, adminAfterRun: false, adminRemoved: new Set() };
  const handler: typeof fake.handler = (q, p, ctx) => {
    const r = fake.handler(q, p, ctx);
    if ("failure" in r && rig.recording) rig.refusals!.push({ query: q, code: r.failure.gqlStatus ?? r.failure.code, afterOurCommit: rig.ourCommitLanded!, afterAdmin: rig.adminSinceCommit! });
    return r;
  };
  const hooks = {
    ...fake.hooks,
    onCommit: (id: number) => {
      const before = JSON.stringify(fake.state);
      fake.hooks.onCommit!(id);
      if (!rig.recording) return;
      if (JSON.stringify(fake.state) !== before) {
        rig.ourCommitLanded = true;
        rig.adminSinceCommit = false;
      }
      rig.states!.push(clone(fake.state));
    },
  };
  const users = { neo4j: ADMIN_PW };
  if (!cluster) {
    const server = await BoltTestServer.start({ handler, hooks, users });
    return Object.assign(rig, { leader: server, servers: [server], uri: server.url("bolt"), close: () => server.close() }) as AccessRig;
  }
  // A cluster of two members over one system database; the routing table names the leader as writer.
  let leaderIndex = 0;
  const members: BoltTestServer[] = [];
  const address = (s: BoltTestServer) => `127.0.0.1:${s.port}`;
  const routingTable = () => {
    // Leadership moves once the first member has answered "not a leader".
    if (leaderIndex === 0 && members[0]?.firedFaults.some((f) => f.label === "not-a-leader")) leaderIndex = 1;
    return { writers: [address(members[leaderIndex])], readers: members.map(address), routers: members.map(address) };
  };
  members.push(await BoltTestServer.start({ handler, hooks, users, routingTable }));
  members.push(await BoltTestServer.start({ handler, hooks, users, routingTable, txIdOffset: 1_000_000 }));
  return Object.assign(rig, { leader: members[0], servers: members, uri: members[0].url("neo4j"), close: async () => void (await Promise.all(members.map((m) => m.close()))) }) as AccessRig;
}

function stateOf(spec: AccessSchedule["old"], uri: string, runner?: Neo4jAccessConfig["runner"]): Neo4jAccessConfig {
  return parseNeo4jAccess({ id: "soak", connection: { uri, user: "neo4j", password: { env: "SOAK_PW" }, allowInsecureUrl: true }, ...spec, ...(runner ? { runner } : {}) });
}

/**
 * A concurrent administrator's change to a DECLARED item (declared by the old or the new state), straight on
 * the server's state; a drawn change that concerns nothing declared does nothing.
 */
function adminChange(rig: AccessRig, f: Extract<AccessFault, { kind: "admin" }>, old: Neo4jAccessConfig, next: Neo4jAccessConfig): void {
  const s = rig.fake.state;
  const before = presentItems(s);
  const c = f.change;
  const roles = new Map<string, unknown[]>();
  for (const r of [...old.roles, ...next.roles]) roles.set(r.name, [...(roles.get(r.name) ?? []), ...r.privileges]);
  const alias = [...old.localAliases, ...next.localAliases].find((a) => a.name === "films");
  if (c.kind === "create-role" && roles.has(c.role) && !s.roles.includes(c.role)) s.roles.push(c.role);
  if (c.kind === "drop-role" && roles.has(c.role) && s.roles.includes(c.role)) {
    s.roles = s.roles.filter((r) => r !== c.role);
    s.privileges = s.privileges.filter((p) => roleOfPrintedRow(p) !== c.role);
    for (const u of s.users) u.roles = u.roles.filter((r) => r !== c.role);
  }
  const pool = PRIVILEGE_POOL[c.kind === "grant-row" || c.kind === "revoke-row" ? c.privilege : 0];
  const declaredRow = (c.kind === "grant-row" || c.kind === "revoke-row") && (roles.get(c.role) ?? []).some((p) => JSON.stringify(p) === JSON.stringify(parseNeo4jAccess({ connection: old.connection, roles: [{ name: c.role, privileges: [pool] }] }).roles[0].privileges[0]));
  if ((c.kind === "grant-row" || c.kind === "revoke-row") && declaredRow) {
    const rows = printedRows(c.role, pool as never);
    if (c.kind === "grant-row" && s.roles.includes(c.role)) for (const r of rows) if (!s.privileges.includes(r)) s.privileges.push(r);
    if (c.kind === "revoke-row") s.privileges = s.privileges.filter((p) => !rows.includes(p));
  }
  if (c.kind === "create-alias" && alias && !s.aliases.some((a) => a.name === "films")) {
    s.aliases.push({ name: "films", database: alias.target, location: "local", url: null, user: null, password: null, oidc: false, driver: null, properties: {}, defaultLanguage: null });
  }
  if (c.kind === "drop-alias") {
    const declaredAliases = new Set([...old.localAliases, ...old.remoteAliases, ...next.localAliases, ...next.remoteAliases].map((a) => a.name));
    const gone = s.aliases.filter((a) => declaredAliases.has(a.name)).map((a) => a.name);
    s.aliases = s.aliases.filter((a) => !gone.includes(a.name));
    // Dropping an alias drops the privileges granted on it (Operations Manual).
    s.privileges = s.privileges.filter((p) => !gone.some((g) => p.includes(` \`${g}\` `) || p.includes(` ${g} `)));
  }
  const after = presentItems(s);
  for (const x of before) if (!after.has(x)) rig.adminRemoved.add(x);
  rig.adminSinceCommit = true;
  if (rig.ourCommitLanded && [...after].some((x) => !before.has(x) && ofOldStateOnly(x, old, next))) rig.adminAfterOurCommit = true;
  if (rig.recording) rig.states.push(clone(s));
}

/**
 * Is this item (as presentItems names it) of a role or alias that only the old state declares? A repair
 * commit after the transition plans against the new state, so such an item an administrator creates again
 * is left for the next run; an item of the new state is the repair's to restore.
 */
function ofOldStateOnly(item: string, old: Neo4jAccessConfig, next: Neo4jAccessConfig): boolean {
  const only = (names: (c: Neo4jAccessConfig) => string[]) => {
    const kept = new Set(names(next).map((n) => n.toLowerCase()));
    return new Set(names(old).map((n) => n.toLowerCase()).filter((n) => !kept.has(n)));
  };
  const roles = only((c) => c.roles.map((r) => r.name));
  const aliases = only((c) => [...c.localAliases, ...c.remoteAliases].map((a) => a.name));
  const [kind, ...rest] = item.split(" ");
  if (kind === "role") return roles.has(rest.join(" ").toLowerCase());
  if (kind === "privilege") return roles.has((roleOfPrintedRow(rest.join(" ")) ?? "").toLowerCase());
  if (kind === "alias") return aliases.has((rest[0] ?? "").toLowerCase());
  return false;
}

function boltFault(rig: AccessRig, f: AccessFault, old: Neo4jAccessConfig, next: Neo4jAccessConfig): BoltFault {
  switch (f.kind) {
    case "drop-before":
    case "drop-after":
    case "stall":
      return { on: f.on, nth: f.nth, action: { do: f.kind }, label: f.kind };
    case "not-a-leader":
      return { on: f.on, nth: f.nth, action: { do: "fail", failure: CLUSTER_FAILURES.notALeader }, label: "not-a-leader" };
    case "terminated":
      return { on: f.on, nth: f.nth, action: { do: "fail", failure: f.code === 4 ? CLUSTER_FAILURES.terminated4 : CLUSTER_FAILURES.terminated5 }, label: "terminated" };
    case "admin":
      return { on: "BEGIN", nth: f.nth, action: { do: "before", run: () => adminChange(rig, f, old, next) }, label: `admin ${f.change.kind}` };
  }
}

/** The checks of one access schedule, from the recorded states and the runs' results. */
function judgeAccess(rig: AccessRig, old: Neo4jAccessConfig, next: Neo4jAccessConfig, start: FakeState, faulted: { code: number; err: string }, after: { code: number; out: string; err: string }, plan: { code: number; out: string }): Outcome {
  const checker = new TransitionChecker(old, next, start, rig.adminRemoved);
  const findings = rig.states.map((s) => checker.check(s));
  const notes: string[] = [];
  const gaps = findings.flatMap((f) => f.gaps);
  const excess = findings.flatMap((f) => f.excess);
  if (gaps.length) notes.push(`gaps: ${[...new Set(gaps)].join("; ")}`);
  if (excess.length) notes.push(`excess: ${[...new Set(excess)].join("; ")}`);
  const touched = findings.some((f) => f.touched);
  if (touched) notes.push("an undeclared role, user or alias was touched");
  let converged = after.code === 0 && plan.code === 0 && /"statements":\[\]/.test(plan.out);
  // A faulted run that said it succeeded left nothing for the next one to do (unless an administrator
  // changed a declared item after its last commit or after its transition commit landed: then the next run
  // rightly corrects that drift).
  if (faulted.code === 0 && !rig.adminAfterRun && !/No changes/.test(after.out)) {
    converged = false;
    notes.push(`the faulted run succeeded, yet the next run still changed something: ${after.out.trim()}`);
  }
  if (!converged) notes.push(`not converged: fault-free run exit ${after.code} ${after.err.trim().slice(0, 400)}; plan ${plan.out.trim().slice(0, 300)}`);
  const dup = rig.refusals.filter((r) => r.afterOurCommit && !r.afterAdmin);
  if (dup.length) notes.push(`statements refused after an earlier commit had landed: ${dup.map((d) => `${d.query} [${d.code}]`).join("; ")}`);
  const unclear = faulted.code !== 0 && !clearEnd(faulted.err);
  if (unclear) notes.push(`unclear end: ${faulted.err.trim().slice(0, 500)}`);
  const fired = rig.servers.flatMap((s) => s.firedFaults.map((f) => f.label ?? f.on));
  return { converged, duplicated: dup.length > 0, excess: excess.length > 0, gaps: gaps.length > 0, touched, unclear, faultsFired: fired, notes };
}

async function runAccess(s: AccessSchedule): Promise<Outcome> {
  const rig = await accessRig(s.cluster);
  try {
    const env = { SOAK_PW: ADMIN_PW, SOAK_REMOTE_PW: REMOTE_PW };
    const old = stateOf(s.old, rig.uri);
    const next = stateOf(s.next, rig.uri);
    const c = cypher(env);
    const setup = await c.run(["apply", "--state", JSON.stringify(old)]);
    if (setup.code !== 0) throw new Error(`setting up the old state failed: ${setup.err}`);
    const start = clone(rig.fake.state);
    rig.recording = true;
    for (const f of s.faults) rig.leader.inject(boltFault(rig, f, old, next));
    // A stalled message uses the whole deadline: keep that short.
    const timeout = s.faults.some((f) => f.kind === "stall") ? "2s" : "20s";
    const args = ["apply", "--state", JSON.stringify(next), "--previous", JSON.stringify(old), "--timeout", timeout];
    const faulted = await c.run(args);
    rig.adminAfterRun = rig.adminSinceCommit || rig.adminAfterOurCommit;
    for (const server of rig.servers) server.clearFaults();
    const after = await c.run(args.slice(0, -2).concat(["--timeout", "20s"]));
    rig.recording = false;
    const plan = await c.run(["plan", "--json", "--state", JSON.stringify(next), "--previous", JSON.stringify(old)]);
    return judgeAccess(rig, old, next, start, faulted, after, { code: plan.code, out: plan.out });
  } finally {
    await rig.close();
  }
}

// ---------------------------------------------------------------------------------------------------------
// Key registration schedules

const clock = { t: Date.parse("2026-12-06T08:00:00Z"), now: () => clock.t, sleep: async (ms: number) => void (clock.t += ms) };

async function runKey(api: FakeAuraApi, s: KeySchedule, index: number): Promise<Outcome> {
  const tenant = `6f1e2d3c-4b5a-4968-8776-${String(index).padStart(12, "0")}`;
  const keyId = `arn:aws:kms:us-east-1:111122223333:key/00000000-0000-4000-8000-${String(index).padStart(12, "0")}`;
  const keyPath = /^\/v1\/customer-managed-keys\/[^/]+$/;
  const matchOf = (t: "token" | "list" | "get" | "post") => (m: string, p: string) =>
    t === "token" ? p === "/oauth/token" : t === "list" ? m === "GET" && p === "/v1/customer-managed-keys" : t === "get" ? m === "GET" && keyPath.test(p) : m === "POST" && p === "/v1/customer-managed-keys";
  const ours = () => [...api.keys.values()].filter((k) => k.tenant_id === tenant && k.key_id === keyId);
  (api.options as { pendingPolls: number }).pendingPolls = s.pendingPolls;
  for (const f of s.faults) {
    if (f.kind === "burst") api.burst(f.status, f.count, matchOf(f.target));
    if (f.kind === "rate-limit") api.rateLimit(f.seconds, f.form, matchOf(f.target));
    if (f.kind === "reset") api.faults.push({ status: 0, reset: true, afterEffect: f.afterEffect, match: matchOf(f.target) });
    if (f.kind === "expire-token") api.events.push({ match: matchOf("get"), nth: f.atGet, run: (a) => a.expireTokens(), label: "token expired" });
    if (f.kind === "delete-key") api.events.push({ match: matchOf("get"), nth: f.atGet, run: (a) => void ours().forEach((k) => a.keys.delete(k.id)), label: "key deleted by someone else" });
  }
  const firedBefore = api.fired.length;
  const env = { AURA_CLIENT_ID: CLIENT_ID, AURA_CLIENT_SECRET: CLIENT_SECRET };
  const args = ["aura", "cmk", "create", "--base-url", api.url, "--name", `soak-${index}`, "--tenant-id", tenant, "--type", "enterprise-db", "--cloud-provider", "aws", "--region", "us-east-1", "--key-id", keyId, "--await", "--poll-interval", "15s"];
  const run = async (timeout: string) => {
    let err = "";
    const cmd = auraCommand({ env, stdout: { write: () => true }, stderr: { write: (c: string) => void (err += c) }, backoff: { baseMs: 1000, capMs: 30_000, maxRetries: 5 }, now: clock.now, sleep: clock.sleep });
    const r = await cli(cmd, [...args, "--timeout", timeout]);
    return { code: r.code, err: err + r.err };
  };
  let maxRegistrations = 0;
  const faulted = await run(`${s.timeoutMinutes}m`);
  maxRegistrations = Math.max(maxRegistrations, ours().length);
  const fired = api.fired.slice(firedBefore);
  api.faults.length = 0;
  api.events.length = 0;
  (api.options as { pendingPolls: number }).pendingPolls = 1;
  const after = await run("15m");
  maxRegistrations = Math.max(maxRegistrations, ours().length);
  const regs = ours();
  const notes: string[] = [];
  const converged = after.code === 0 && regs.length === 1 && regs[0].status === "ready";
  if (!converged) notes.push(`not converged: fault-free run exit ${after.code} ${after.err.trim().slice(0, 400)}; registrations ${JSON.stringify(regs.map((k) => [k.id, k.status]))}`);
  const unclear = faulted.code !== 0 && !clearEnd(faulted.err);
  if (unclear) notes.push(`unclear end: ${faulted.err.trim().slice(0, 500)}`);
  if (maxRegistrations > 1) notes.push(`${maxRegistrations} registrations of one key`);
  return { converged, duplicated: maxRegistrations > 1, excess: false, gaps: false, touched: false, unclear, faultsFired: fired, notes };
}

// ---------------------------------------------------------------------------------------------------------
// The local-exec runner under real terraform, for a sample of the access schedules

async function runTerraform(s: AccessSchedule, root: string): Promise<Outcome> {
  const rig = await accessRig(false);
  const dir = fs.mkdtempSync(path.join(root, "tf-"));
  const stackDir = path.join(dir, "neo4j-access");
  fs.mkdirSync(stackDir);
  const bundle = bundledCli();
  const env = { ...offlineEnv(dir), ...bundle.env, SOAK_PW: ADMIN_PW, SOAK_REMOTE_PW: REMOTE_PW };
  const timeout = s.faults.some((f) => f.kind === "stall") ? "3s" : "30s";
  const runner = { type: "local-exec" as const, cliCommand: bundle.command, timeout };
  const tf = (args: string[]) => terraformAsync({ dir: stackDir, env }, args);
  const deploy = (a: Neo4jAccessConfig) => {
    const outdir = fs.mkdtempSync(path.join(dir, "synth-"));
    const app = new App({ outdir });
    new Neo4jAccessStack(app, "neo4j-access", { access: a });
    app.synth();
    fs.copyFileSync(path.join(outdir, "stacks", "neo4j-access", "cdk.tf.json"), path.join(stackDir, "cdk.tf.json"));
    keepLocalStateIn(stackDir);
  };
  try {
    const old = stateOf(s.old, rig.uri, runner);
    const next = stateOf(s.next, rig.uri, runner);
    deploy(old);
    for (const step of [["init", "-input=false"], ["apply", "-auto-approve", "-input=false"]]) {
      const r = await tf(step);
      if (r.code !== 0) throw new Error(`terraform ${step[0]} of the old state failed:\n${r.output}`);
    }
    const start = clone(rig.fake.state);
    deploy(next);
    rig.recording = true;
    for (const f of s.faults) rig.leader.inject(boltFault(rig, f, old, next));
    const faulted = await tf(["apply", "-auto-approve", "-input=false"]);
    rig.adminAfterRun = rig.adminSinceCommit || rig.adminAfterOurCommit;
    rig.leader.clearFaults();
    const after = await tf(["apply", "-auto-approve", "-input=false"]);
    rig.recording = false;
    const planned = await tf(["plan", "-input=false", "-detailed-exitcode"]);
    const c = cypher({ SOAK_PW: ADMIN_PW, SOAK_REMOTE_PW: REMOTE_PW });
    const plan = await c.run(["plan", "--json", "--state", JSON.stringify(next)]);
    const o = judgeAccess(rig, old, next, start, { code: faulted.code, err: faulted.output }, { code: after.code, out: after.output, err: after.output }, { code: plan.code, out: plan.out });
    if (planned.code !== 0) {
      o.converged = false;
      o.notes.push(`terraform still plans changes after the fault-free apply (exit ${planned.code})`);
    }
    return o;
  } finally {
    await rig.close();
  }
}

// ---------------------------------------------------------------------------------------------------------

function describeSchedule(s: Schedule): string {
  if (s.kind === "key") return `key registration, pending ${s.pendingPolls} polls, deadline ${s.timeoutMinutes} min, faults ${JSON.stringify(s.faults)}`;
  return `access change${s.cluster ? " (cluster, neo4j://)" : ""}, faults ${JSON.stringify(s.faults)}\n    old ${JSON.stringify(s.old)}\n    new ${JSON.stringify(s.next)}`;
}

async function main(): Promise<number> {
  const opts = new Command("test:faults")
    .option("--seed <n>", "replay the run of this seed", (v) => Number(v))
    .option("--count <n>", "schedules", (v) => Number(v), 200)
    .option("--only <i>", "run only schedule i of the seed", (v) => Number(v))
    .option("--terraform <n>", "access schedules also run under real terraform", (v) => Number(v), 2)
    .parse(process.argv)
    .opts<{ seed?: number; count: number; only?: number; terraform: number }>();
  const seed = opts.seed ?? Math.floor(Math.random() * 2 ** 31);
  console.log(`faults: seed ${seed} (replay: npm run test:faults -- --seed ${seed})`);
  const root = fs.mkdtempSync(path.join(os.tmpdir(), "aura-faults-"));
  // Everything the soak writes (the CLI bundle, terraform folders) lands in one folder removed at the end.
  process.env.TMPDIR = root;
  const started = Date.now();
  const all = schedules(seed, opts.count);
  const picked = opts.only !== undefined ? [[opts.only, all[opts.only]] as const] : all.map((s, i) => [i, s] as const);
  const api = await FakeAuraApi.start({ clientId: CLIENT_ID, clientSecret: CLIENT_SECRET, now: clock.now });
  const totals = { injected: 0, converged: 0, duplicated: 0, excess: 0, gaps: 0, touched: 0, unclear: 0, failedEnds: 0 };
  const byFault = new Map<string, number>();
  const failures: string[] = [];
  const tally = (label: string, i: number, s: Schedule, o: Outcome) => {
    totals.injected++;
    if (o.converged) totals.converged++;
    if (o.duplicated) totals.duplicated++;
    if (o.excess) totals.excess++;
    if (o.gaps) totals.gaps++;
    if (o.touched) totals.touched++;
    if (o.unclear) totals.unclear++;
    for (const f of o.faultsFired.map((x) => x.replace(/cmk-\d+/g, "{id}"))) byFault.set(f, (byFault.get(f) ?? 0) + 1);
    if (o.notes.length) failures.push(`schedule ${i}${label} (replay: npm run test:faults -- --seed ${seed} --only ${i}): ${describeSchedule(s)}\n    ${o.notes.join("\n    ")}`);
  };
  try {
    for (const [i, s] of picked) {
      let o: Outcome;
      try {
        o = s.kind === "access" ? await runAccess(s) : await runKey(api, s, i);
      } catch (e) {
        o = { converged: false, duplicated: false, excess: false, gaps: false, touched: false, unclear: false, faultsFired: [], notes: [`the soak itself failed: ${(e as Error).stack}`] };
      }
      tally("", i, s, o);
    }
    const tfReason = terraformUnavailableReason(false);
    const sample = picked.filter(([, s]) => s.kind === "access").slice(0, opts.terraform);
    if (sample.length && tfReason) console.log(`faults: terraform sample skipped: ${tfReason}`);
    else {
      for (const [i, s] of sample) {
        let o: Outcome;
        try {
          o = await runTerraform(s as AccessSchedule, root);
        } catch (e) {
          o = { converged: false, duplicated: false, excess: false, gaps: false, touched: false, unclear: false, faultsFired: [], notes: [`the soak itself failed: ${(e as Error).stack}`] };
        }
        tally(" under terraform", i, s, o);
      }
    }
  } finally {
    await api.close();
    fs.rmSync(root, { recursive: true, force: true });
  }
  for (const f of failures) console.log(f);
  console.log(`faults: fired by class: ${[...byFault.entries()].sort().map(([k, v]) => `${k} ${v}`).join(", ")}`);
  if (totals.touched || totals.unclear) console.log(`faults: ${totals.touched} touched something undeclared, ${totals.unclear} ended without naming the fault class and the next step`);
  console.log(`faults: ${totals.injected} schedules in ${Math.round((Date.now() - started) / 1000)} s`);
  console.log(`faults: ${totals.injected} injected, ${totals.converged} converged, ${totals.duplicated} duplicated, ${totals.excess} over-privileged, ${totals.gaps} gaps`);
  const ok = totals.converged === totals.injected && !totals.duplicated && !totals.excess && !totals.gaps && !totals.touched && !totals.unclear;
  return ok ? 0 : 1;
}

main().then(
  (code) => process.exit(code),
  (e) => {
    console.error(e);
    process.exit(1);
  },
);
