/**
 * A small, honest Bolt 5.x server for tests: the real `neo4j-driver` connects to it over TCP or TLS,
 * negotiates a protocol version, authenticates, and runs queries whose answers come from a handler.
 * It records every statement and message, and can fail on cue (auth, transient errors, failures,
 * dropped connections) so retry and rollback paths can be exercised without a Neo4j server.
 *
 * Typical use with staged changes (applied only when the transaction commits):
 *
 *   const staged = new Map<number, string[]>();
 *   const server = await BoltTestServer.start({
 *     handler: (q, p, ctx) => {
 *       if (q.startsWith("SHOW ROLES")) return { fields: ["role"], records: roles.map((r) => [r]) };
 *       if (ctx.txId === null) apply(q, p); else staged.get(ctx.txId)!.push(q);
 *       return { fields: [], records: [] };
 *     },
 *     hooks: {
 *       onBegin: (id) => staged.set(id, []),
 *       onCommit: (id) => staged.get(id)!.forEach(apply),
 *       onRollback: (id) => staged.delete(id),
 *     },
 *   });
 *   neo4j.driver(server.url("neo4j"), neo4j.auth.basic("neo4j", "test-password"));
 *
 * Values: query parameters arrive decoded (ints as numbers, or bigint beyond 2^53; the driver sends JS
 * numbers as floats, which also decode to numbers; unknown structures such as Duration as `Structure`).
 * Records may hold strings, numbers (integral ones go out as ints), bigint, neo4j Integer, booleans,
 * null, lists, plain maps, Buffers, `PackFloat`, neo4j `Duration` and raw `Structure`s.
 */
import * as net from "node:net";
import * as tls from "node:tls";
import { isDuration } from "neo4j-driver";
import { Dechunker, chunk } from "./bolt/chunking";
import { pack, unpack, Structure } from "./bolt/packstream";

export { PackFloat, Structure } from "./bolt/packstream";

export interface BoltFailure {
  code: string;
  message: string;
  gqlStatus?: string;
  description?: string;
}
export interface QueryResult {
  fields: string[];
  records: unknown[][];
  /** Notifications in the pre-5.5 shape ({code, title, description, severity, category}) or GQL
   * statuses ({gql_status, status_description, ...}); converted to what the negotiated version uses. */
  notifications?: unknown[];
  /** Query type reported in the summary; default guessed from the query text. */
  type?: "r" | "w" | "rw" | "s";
  /** Summary counters, e.g. {"system-updates": 1}. */
  stats?: Record<string, number>;
}
export interface QueryContext {
  db?: string;
  user: string;
  /** null = auto-commit (apply at once); otherwise stage until hooks.onCommit. */
  txId: number | null;
}
export type QueryHandler = (
  query: string,
  params: Record<string, unknown>,
  ctx: QueryContext,
) => QueryResult | { failure: BoltFailure };
export interface TransactionHooks {
  onBegin?(txId: number, db?: string): void;
  onCommit?(txId: number): void;
  onRollback?(txId: number): void;
}
export interface RecordedStatement {
  query: string;
  parameters: Record<string, unknown>;
  db?: string;
  txId: number | null;
  user: string;
  /** Access mode the client asked for ("r" or "w"; Bolt omits it for write). */
  mode: "r" | "w";
  connectionId: string;
}
export type BoltVersion = "5.0" | "5.1" | "5.2" | "5.3" | "5.4" | "5.5" | "5.6" | "5.7" | "5.8";
export interface BoltTestServerOptions {
  /** Serve TLS (tls.createServer) instead of plain TCP. */
  tls?: { key: string | Buffer; cert: string | Buffer };
  /** user -> password accepted by basic auth; default {neo4j: "test-password"}. */
  users?: Record<string, string>;
  /** Default: answers every RUN with no fields and no records. */
  handler?: QueryHandler;
  hooks?: TransactionHooks;
  /** Delay before each batch of responses (one batch per read from the socket), like a network RTT. */
  latencyMs?: number;
  /** Default 127.0.0.1; only loopback addresses are accepted. */
  host?: string;
  /** Highest Bolt version to accept (default 5.8); lets tests exercise older protocol shapes. */
  maxBoltVersion?: BoltVersion;
  /** Answer the driver's manifest proposal (255.1) with the newer negotiation instead of a plain version. */
  manifestHandshake?: boolean;
  /** Send the `telemetry.enabled` hint so the driver sends TELEMETRY messages. */
  telemetry?: boolean;
  /** Routing table to answer ROUTE with; each role defaults to [the address the client used]. */
  routingTable?: (address: string) => { routers?: string[]; readers?: string[]; writers?: string[] };
  /** The `server` agent HELLO reports (the product version clients read); default "Neo4j/5.26.0". */
  serverAgent?: string;
  /** Transaction ids start after this (servers sharing one fake system database, a cluster, must not collide). */
  txIdOffset?: number;
}
export type FailNext =
  /** The next authentication (LOGON, or HELLO on 5.0) fails even with good credentials. */
  | { kind: "auth" }
  /** The next `times` (default 1) RUNs fail with a transient code (default DatabaseUnavailable). */
  | { kind: "transient"; times?: number; code?: string }
  /** `afterRuns` more RUNs are served normally; the one after that (recorded, never answered)
   * destroys its connection, discarding unsent replies and rolling back the open transaction. */
  | { kind: "drop"; afterRuns: number }
  /** The next RUN is recorded and never answered; the connection stays open and ignores all later input. */
  | { kind: "hang" }
  /** The next `times` (default 1) RUNs whose query matches `match` (default: any) fail with `failure`. */
  | { kind: "failure"; failure: BoltFailure; match?: RegExp; times?: number };

/** Client messages a fault can be attached to. */
export type BoltMessageType = "HELLO" | "LOGON" | "ROUTE" | "BEGIN" | "RUN" | "PULL" | "DISCARD" | "COMMIT" | "ROLLBACK";

/**
 * A fault attached to one client message (test/faults uses them in random schedules). The `nth` message of
 * type `on` from now (1 = the next one; for RUN only those whose query matches `match`) triggers it, once.
 * - drop-before: the message is recorded but not processed and the connection is destroyed (a RUN never
 *   runs; an open transaction is rolled back, as on a real server);
 * - drop-after: the message is processed, then the connection is destroyed before any reply is sent; on a
 *   COMMIT this is "committed, SUCCESS never sent";
 * - fail: answered with FAILURE `failure` instead of being processed (NotALeader, Transaction.Terminated, ...);
 *   an open transaction is rolled back;
 * - stall: recorded and never answered; the connection ignores all later input (stays open);
 * - before: `run` is called first (a concurrent administrator's change), then the message is processed.
 */
export type BoltFaultAction =
  | { do: "drop-before" }
  | { do: "drop-after" }
  | { do: "fail"; failure: BoltFailure }
  | { do: "stall" }
  | { do: "before"; run: () => void };
export interface BoltFault {
  on: BoltMessageType;
  nth?: number;
  match?: RegExp;
  action: BoltFaultAction;
  /** For logs and reports. */
  label?: string;
}

/**
 * Neo4j's failures for the faults a cluster shows, as the Status Codes documentation lists them
 * (neo4j/docs-status-codes, errors/all-errors.adoc and gql-errors/08N07.adoc; docs/vendor-facts.md "Neo4j
 * access"). Neo.TransientError.Transaction.Terminated is in the 4.4 list and was replaced in 5.0 by
 * Neo.ClientError.Transaction.Terminated: both are served, the runner must treat both alike.
 */
export const CLUSTER_FAILURES = {
  notALeader: {
    code: "Neo.ClientError.Cluster.NotALeader",
    message: "The request cannot be processed by this server. Write requests can only be processed by the leader.",
    gqlStatus: "08N07",
    description: "error: connection exception - not the leader. This member is not the leader.",
  },
  terminated4: { code: "Neo.TransientError.Transaction.Terminated", message: "Explicitly terminated by the user." },
  terminated5: { code: "Neo.ClientError.Transaction.Terminated", message: "Explicitly terminated by the user." },
} as const satisfies Record<string, BoltFailure>;

export interface MessageLogEntry {
  type: string;
  connectionId: string;
  /** Messages that arrived in the same socket read share a batch, and their responses are sent together. */
  batch: number;
}
/** One write of responses to a client; `afterMessages` = messages.length when it was sent. */
export interface FlushLogEntry {
  connectionId: string;
  afterMessages: number;
}
export interface ConnectionInfo {
  id: string;
  /** Negotiated version, e.g. "5.8"; undefined until the handshake completes. */
  boltVersion?: string;
  /** "manifest" when the Bolt 255.1 manifest negotiation was used. */
  handshake?: "legacy" | "manifest";
  userAgent?: string;
  /** Routing context sent in HELLO (present for neo4j:// URLs). */
  routing?: Record<string, unknown>;
}

const SIG = {
  HELLO: 0x01,
  GOODBYE: 0x02,
  RESET: 0x0f,
  RUN: 0x10,
  BEGIN: 0x11,
  COMMIT: 0x12,
  ROLLBACK: 0x13,
  DISCARD: 0x2f,
  PULL: 0x3f,
  TELEMETRY: 0x54,
  ROUTE: 0x66,
  LOGON: 0x6a,
  LOGOFF: 0x6b,
  SUCCESS: 0x70,
  RECORD: 0x71,
  IGNORED: 0x7e,
  FAILURE: 0x7f,
} as const;
const SIG_NAMES = new Map<number, string>(Object.entries(SIG).map(([k, v]) => [v, k]));

const MAGIC = 0x6060b017;
const SERVER_AGENT = "Neo4j/5.26.0";
const DEFAULT_DB = "neo4j";
const LOOPBACK = new Set(["127.0.0.1", "::1", "localhost"]);

interface OpenResult {
  qid: number;
  fields: string[];
  records: unknown[][];
  pos: number;
  type: string;
  db: string;
  autoCommit: boolean;
  stats?: Record<string, number>;
  notifications?: unknown[];
}

interface Conn {
  info: ConnectionInfo;
  socket: net.Socket;
  phase: "handshake" | "manifest" | "bolt";
  handshakeBuf: Buffer;
  minor: number;
  dechunker: Dechunker;
  helloDone: boolean;
  user: string | null;
  failed: boolean;
  /** Set when the server has decided to close; later input is not processed. */
  closing: boolean;
  tx: { id: number; db?: string } | null;
  results: Map<number, OpenResult>;
  lastQid: number;
  nextQid: number;
  out: Buffer[];
  timers: Set<NodeJS.Timeout>;
}

function isRecord(x: unknown): x is Record<string, unknown> {
  return typeof x === "object" && x !== null && !Array.isArray(x) && !(x instanceof Structure);
}

/** What Neo4j would report as the query type, guessed from the first keyword. */
function guessType(query: string, db: string | undefined): "r" | "w" | "s" {
  if (/^\s*(SHOW|MATCH|RETURN|UNWIND|WITH|OPTIONAL)\b/i.test(query)) return "r";
  return db === "system" ? "s" : "w";
}

function classification(code: string): string {
  if (code.startsWith("Neo.ClientError")) return "CLIENT_ERROR";
  if (code.startsWith("Neo.TransientError")) return "TRANSIENT_ERROR";
  return "DATABASE_ERROR";
}

export class BoltTestServer {
  readonly statements: RecordedStatement[] = [];
  readonly messages: MessageLogEntry[] = [];
  readonly connections: ConnectionInfo[] = [];
  /** Response writes, to tell which messages arrived before the server answered (pipelining). */
  readonly flushes: FlushLogEntry[] = [];

  private readonly users: Record<string, string>;
  private readonly handler: QueryHandler;
  private readonly hooks: TransactionHooks;
  private readonly latencyMs: number;
  private readonly maxMinor: number;
  private readonly conns = new Set<Conn>();
  private readonly rawSockets = new Set<net.Socket>();
  private connSeq = 0;
  private txSeq: number;
  private batchSeq = 0;
  private bookmarkSeq = 0;
  private authFailures = 0;
  private transient: { remaining: number; code: string } | null = null;
  private drop: { afterRuns: number } | null = null;
  private hang = false;
  private failures: Array<{ failure: BoltFailure; match?: RegExp; remaining: number }> = [];
  private faults: Array<BoltFault & { left: number }> = [];
  /** Faults that have fired, in order. */
  readonly firedFaults: BoltFault[] = [];
  private closed = false;

  private constructor(
    private readonly server: net.Server,
    readonly port: number,
    private readonly host: string,
    private readonly opts: BoltTestServerOptions,
  ) {
    this.users = opts.users ?? { neo4j: "test-password" };
    this.handler = opts.handler ?? (() => ({ fields: [], records: [] }));
    this.hooks = opts.hooks ?? {};
    this.latencyMs = opts.latencyMs ?? 0;
    this.maxMinor = Number((opts.maxBoltVersion ?? "5.8").split(".")[1]);
    this.txSeq = opts.txIdOffset ?? 0;
  }

  static async start(opts: BoltTestServerOptions = {}): Promise<BoltTestServer> {
    const host = opts.host ?? "127.0.0.1";
    if (!LOOPBACK.has(host)) throw new Error(`BoltTestServer only listens on loopback, not ${host}`);
    const server: net.Server = opts.tls ? tls.createServer({ key: opts.tls.key, cert: opts.tls.cert }) : net.createServer();
    await new Promise<void>((resolve, reject) => {
      server.once("error", reject);
      server.listen(0, host, () => {
        server.off("error", reject);
        resolve();
      });
    });
    const port = (server.address() as net.AddressInfo).port;
    const self = new BoltTestServer(server, port, host, opts);
    // Raw TCP sockets are tracked even for TLS so close() can end connections still in the TLS handshake.
    server.on("connection", (s: net.Socket) => {
      self.rawSockets.add(s);
      s.on("error", () => undefined);
      s.on("close", () => self.rawSockets.delete(s));
      if (!opts.tls) self.accept(s);
    });
    if (opts.tls) {
      server.on("secureConnection", (s: tls.TLSSocket) => self.accept(s));
      // A client refusing our certificate is an expected outcome in tests, not a server error.
      server.on("tlsClientError", () => undefined);
    }
    return self;
  }

  url(scheme: "bolt" | "neo4j" | "bolt+s" | "neo4j+s" | "bolt+ssc" | "neo4j+ssc" = "bolt"): string {
    const host = this.host.includes(":") ? `[${this.host}]` : this.host;
    return `${scheme}://${host}:${this.port}`;
  }

  failNext(f: FailNext): void {
    switch (f.kind) {
      case "auth":
        this.authFailures++;
        break;
      case "transient":
        this.transient = { remaining: f.times ?? 1, code: f.code ?? "Neo.TransientError.General.DatabaseUnavailable" };
        break;
      case "drop":
        this.drop = { afterRuns: f.afterRuns };
        break;
      case "hang":
        this.hang = true;
        break;
      case "failure":
        this.failures.push({ failure: f.failure, match: f.match, remaining: f.times ?? 1 });
        break;
    }
  }

  /** Attaches a fault to a future message (see BoltFault). */
  inject(fault: BoltFault): void {
    this.faults.push({ ...fault, left: fault.nth ?? 1 });
  }

  /** Faults injected but not (yet) triggered. */
  pendingFaults(): BoltFault[] {
    return this.faults.map(({ left: _left, ...f }) => f);
  }

  /** Drops every pending fault (and failNext script). */
  clearFaults(): void {
    this.faults = [];
    this.failures = [];
    this.transient = null;
    this.drop = null;
    this.hang = false;
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    for (const c of this.conns) this.destroy(c);
    for (const s of this.rawSockets) s.destroy();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  // ---- connection handling ----

  private accept(socket: net.Socket): void {
    const info: ConnectionInfo = { id: `bolt-${++this.connSeq}` };
    this.connections.push(info);
    const conn: Conn = {
      info,
      socket,
      phase: "handshake",
      handshakeBuf: Buffer.alloc(0),
      minor: -1,
      dechunker: new Dechunker(),
      helloDone: false,
      user: null,
      failed: false,
      closing: false,
      tx: null,
      results: new Map(),
      lastQid: -1,
      nextQid: 0,
      out: [],
      timers: new Set(),
    };
    this.conns.add(conn);
    socket.setNoDelay(true);
    socket.on("error", () => undefined);
    socket.on("data", (d: Buffer) => this.onData(conn, d));
    socket.on("close", () => {
      // A connection lost with a transaction open loses that transaction, as on a real server.
      this.endTx(conn, "rollback");
      for (const t of conn.timers) clearTimeout(t);
      this.conns.delete(conn);
    });
  }

  private destroy(conn: Conn): void {
    conn.closing = true;
    for (const t of conn.timers) clearTimeout(t);
    conn.timers.clear();
    conn.out = [];
    conn.socket.destroy();
  }

  private onData(conn: Conn, data: Buffer): void {
    if (conn.closing) return;
    const batch = ++this.batchSeq;
    let rest: Buffer = data;
    if (conn.phase !== "bolt") {
      rest = this.handshake(conn, data);
      if (conn.closing) return;
    }
    if (conn.phase === "bolt" && rest.length > 0) {
      let messages: Buffer[];
      try {
        messages = conn.dechunker.push(rest);
      } catch {
        this.destroy(conn);
        return;
      }
      for (const raw of messages) {
        if (conn.closing) break;
        this.handleMessage(conn, raw, batch);
      }
    }
    if (!conn.socket.destroyed) this.flush(conn);
  }

  /** Consumes handshake bytes; returns whatever follows them (the client may pipeline HELLO). */
  private handshake(conn: Conn, data: Buffer): Buffer {
    conn.handshakeBuf = Buffer.concat([conn.handshakeBuf, data]);
    const buf = conn.handshakeBuf;
    if (conn.phase === "handshake") {
      if (buf.length < 20) return Buffer.alloc(0);
      if (buf.readUInt32BE(0) !== MAGIC) {
        this.destroy(conn);
        return Buffer.alloc(0);
      }
      const proposals: Array<{ major: number; minor: number; range: number }> = [];
      for (let i = 0; i < 4; i++) {
        // Each slot is [reserved, range, minor, major]: the client accepts minor-range..minor.
        const off = 4 + i * 4;
        proposals.push({ range: buf[off + 1], minor: buf[off + 2], major: buf[off + 3] });
      }
      const rest = buf.subarray(20);
      conn.handshakeBuf = Buffer.alloc(0);
      if (this.opts.manifestHandshake && proposals.some((p) => p.major === 0xff && p.minor === 1)) {
        // Manifest v1: list what we support as one range, then the capability bitmask (varint 0).
        conn.phase = "manifest";
        conn.info.handshake = "manifest";
        conn.out.push(Buffer.from([0, 0, 0x01, 0xff, 0x01, 0, this.maxMinor, this.maxMinor, 5, 0x00]));
        return this.handshake(conn, rest);
      }
      // Client slots are in preference order; within a range the highest minor is preferred.
      for (const p of proposals) {
        if (p.major !== 5) continue;
        const hi = Math.min(p.minor, this.maxMinor);
        if (hi >= p.minor - p.range && hi >= 0) {
          this.negotiated(conn, hi);
          conn.out.push(Buffer.from([0, 0, hi, 5]));
          return rest;
        }
      }
      conn.out.push(Buffer.from([0, 0, 0, 0]));
      this.flush(conn, () => this.destroy(conn));
      conn.closing = true;
      return Buffer.alloc(0);
    }
    // Manifest phase: the client answers with its chosen version (4 bytes) and capabilities (varint).
    if (buf.length < 5) return Buffer.alloc(0);
    let end = 4;
    while (end < buf.length && (buf[end] & 0x80) !== 0) end++;
    if (end >= buf.length) return Buffer.alloc(0);
    const major = buf[3];
    const minor = buf[2];
    const rest = buf.subarray(end + 1);
    conn.handshakeBuf = Buffer.alloc(0);
    if (major !== 5 || minor > this.maxMinor) {
      this.destroy(conn);
      return Buffer.alloc(0);
    }
    this.negotiated(conn, minor);
    return rest;
  }

  private negotiated(conn: Conn, minor: number): void {
    conn.minor = minor;
    conn.phase = "bolt";
    conn.info.boltVersion = `5.${minor}`;
    conn.info.handshake ??= "legacy";
  }

  /** Sends what is queued, after the simulated RTT; `then` runs after the write (e.g. to close). */
  private flush(conn: Conn, then?: () => void): void {
    if (conn.out.length === 0 && !then) return;
    const data = Buffer.concat(conn.out);
    conn.out = [];
    const send = (): void => {
      if (conn.socket.destroyed) return;
      if (data.length > 0) {
        this.flushes.push({ connectionId: conn.info.id, afterMessages: this.messages.length });
        conn.socket.write(data);
      }
      then?.();
    };
    if (this.latencyMs <= 0) {
      send();
      return;
    }
    const t = setTimeout(() => {
      conn.timers.delete(t);
      send();
    }, this.latencyMs);
    conn.timers.add(t);
  }

  private reply(conn: Conn, signature: number, fields: unknown[]): void {
    conn.out.push(chunk(pack(new Structure(signature, fields))));
  }
  private success(conn: Conn, meta: Record<string, unknown> = {}): void {
    this.reply(conn, SIG.SUCCESS, [meta]);
  }
  private fail(conn: Conn, f: BoltFailure): void {
    conn.failed = true;
    const meta: Record<string, unknown> =
      conn.minor >= 7
        ? {
            neo4j_code: f.code,
            message: f.message,
            gql_status: f.gqlStatus ?? "50N42",
            description: f.description ?? `error: general processing exception - unexpected error. ${f.message}`,
            diagnostic_record: {
              OPERATION: "",
              OPERATION_CODE: "0",
              CURRENT_SCHEMA: "/",
              _classification: classification(f.code),
            },
          }
        : { code: f.code, message: f.message };
    this.reply(conn, SIG.FAILURE, [meta]);
  }
  private invalid(conn: Conn, message: string): void {
    this.fail(conn, { code: "Neo.ClientError.Request.Invalid", message, gqlStatus: "50N42" });
  }

  private handleMessage(conn: Conn, raw: Buffer, batch: number): void {
    let msg: unknown;
    try {
      msg = unpack(raw);
    } catch {
      this.destroy(conn);
      return;
    }
    if (!(msg instanceof Structure)) {
      this.destroy(conn);
      return;
    }
    const type = SIG_NAMES.get(msg.signature) ?? `0x${msg.signature.toString(16)}`;
    this.messages.push({ type, connectionId: conn.info.id, batch });
    const f = msg.fields;
    const fault = this.takeFault(type, msg.signature === SIG.RUN && typeof f[0] === "string" ? f[0] : "");
    if (fault) {
      this.firedFaults.push(fault);
      const a = fault.action;
      if (a.do === "before") a.run();
      else if (a.do === "drop-before") {
        if (msg.signature === SIG.RUN) this.recordRun(conn, f);
        this.destroy(conn);
        return;
      } else if (a.do === "stall") {
        if (msg.signature === SIG.RUN) this.recordRun(conn, f);
        conn.closing = true; // a silent peer: nothing more is read or answered, the socket stays open
        return;
      } else if (a.do === "fail") {
        if (msg.signature === SIG.RUN) this.recordRun(conn, f);
        this.endTx(conn, "rollback");
        conn.results.clear();
        this.fail(conn, a.failure);
        return;
      } else if (a.do === "drop-after") {
        this.processMessage(conn, msg, type);
        // Processed (a COMMIT has committed), but no reply ever leaves.
        this.destroy(conn);
        return;
      }
    }
    this.processMessage(conn, msg, type);
  }

  /** The next fault for this message, counting down each pending fault that matches it. */
  private takeFault(type: string, query: string): BoltFault | null {
    for (let i = 0; i < this.faults.length; i++) {
      const x = this.faults[i];
      if (x.on !== type || (x.match && !x.match.test(query))) continue;
      if (--x.left > 0) continue;
      this.faults.splice(i, 1);
      const { left: _left, ...fault } = x;
      return fault;
    }
    return null;
  }

  private processMessage(conn: Conn, msg: Structure, type: string): void {
    const f = msg.fields;

    if (msg.signature === SIG.GOODBYE) {
      this.endTx(conn, "rollback");
      conn.closing = true;
      this.flush(conn, () => conn.socket.end());
      return;
    }
    if (msg.signature === SIG.RESET) {
      this.endTx(conn, "rollback");
      conn.failed = false;
      conn.results.clear();
      this.success(conn);
      return;
    }
    if (conn.failed) {
      // As on Neo4j: after a FAILURE everything up to the next RESET is ignored.
      this.reply(conn, SIG.IGNORED, [{}]);
      return;
    }
    switch (msg.signature) {
      case SIG.HELLO:
        return this.onHello(conn, isRecord(f[0]) ? f[0] : {});
      case SIG.LOGON:
        return this.onLogon(conn, isRecord(f[0]) ? f[0] : {});
      case SIG.LOGOFF:
        conn.user = null;
        return this.success(conn);
    }
    if (!conn.helloDone || conn.user === null) {
      this.invalid(conn, `${type} before authentication`);
      this.closeAfterFlush(conn);
      return;
    }
    switch (msg.signature) {
      case SIG.TELEMETRY:
        return this.success(conn);
      case SIG.ROUTE:
        return this.onRoute(conn, f);
      case SIG.BEGIN:
        return this.onBegin(conn, isRecord(f[0]) ? f[0] : {});
      case SIG.RUN:
        return this.onRun(conn, f);
      case SIG.PULL:
      case SIG.DISCARD:
        return this.onStream(conn, isRecord(f[0]) ? f[0] : {}, msg.signature === SIG.PULL);
      case SIG.COMMIT:
        if (!conn.tx) return this.invalid(conn, "COMMIT without an open transaction");
        this.endTx(conn, "commit");
        return this.success(conn, { bookmark: this.bookmark() });
      case SIG.ROLLBACK:
        if (!conn.tx) return this.invalid(conn, "ROLLBACK without an open transaction");
        this.endTx(conn, "rollback");
        return this.success(conn);
      default:
        this.invalid(conn, `unsupported message ${type}`);
    }
  }

  private closeAfterFlush(conn: Conn): void {
    conn.closing = true;
    this.flush(conn, () => conn.socket.end());
  }

  private bookmark(): string {
    return `FB:bolt-test-server:${++this.bookmarkSeq}`;
  }

  private onHello(conn: Conn, meta: Record<string, unknown>): void {
    if (conn.helloDone) return this.invalid(conn, "HELLO sent twice");
    conn.helloDone = true;
    if (typeof meta.user_agent === "string") conn.info.userAgent = meta.user_agent;
    if (isRecord(meta.routing)) conn.info.routing = meta.routing;
    // Bolt 5.0 carries the auth token in HELLO; 5.1+ moved it to LOGON.
    if (conn.minor === 0 && !this.authenticate(conn, meta)) return;
    const hints: Record<string, unknown> = {};
    if (this.opts.telemetry && conn.minor >= 4) hints["telemetry.enabled"] = true;
    this.success(conn, { server: this.opts.serverAgent ?? SERVER_AGENT, connection_id: conn.info.id, hints });
  }

  private onLogon(conn: Conn, token: Record<string, unknown>): void {
    if (conn.minor < 1 || !conn.helloDone) return this.invalid(conn, "unexpected LOGON");
    if (conn.user !== null) return this.invalid(conn, "LOGON while logged on");
    if (this.authenticate(conn, token)) this.success(conn);
  }

  /** Checks a basic auth token; on failure sends FAILURE and closes, as Neo4j does. */
  private authenticate(conn: Conn, token: Record<string, unknown>): boolean {
    const forced = this.authFailures > 0;
    if (forced) this.authFailures--;
    const { scheme, principal, credentials } = token;
    const ok =
      !forced &&
      scheme === "basic" &&
      typeof principal === "string" &&
      typeof credentials === "string" &&
      Object.prototype.hasOwnProperty.call(this.users, principal) &&
      this.users[principal] === credentials;
    if (ok) {
      conn.user = principal as string;
      return true;
    }
    this.fail(conn, {
      code: "Neo.ClientError.Security.Unauthorized",
      message: "The client is unauthorized due to authentication failure.",
      gqlStatus: "42NFF",
      description: "error: syntax error or access rule violation - permission/access denied. Access denied.",
    });
    this.closeAfterFlush(conn);
    return false;
  }

  private onRoute(conn: Conn, f: unknown[]): void {
    const context = isRecord(f[0]) ? f[0] : {};
    const dbContext = isRecord(f[2]) ? f[2] : {};
    const db = typeof dbContext.db === "string" ? dbContext.db : DEFAULT_DB;
    // Advertise the address the client used, so TLS host verification sees the same name.
    const address = typeof context.address === "string" ? context.address : `${this.host}:${this.port}`;
    const rt = this.opts.routingTable?.(address);
    this.success(conn, {
      rt: {
        ttl: 300,
        db,
        servers: [
          { addresses: rt?.writers ?? [address], role: "WRITE" },
          { addresses: rt?.readers ?? [address], role: "READ" },
          { addresses: rt?.routers ?? [address], role: "ROUTE" },
        ],
      },
    });
  }

  private onBegin(conn: Conn, meta: Record<string, unknown>): void {
    if (conn.tx) return this.invalid(conn, "BEGIN while a transaction is open");
    const db = typeof meta.db === "string" ? meta.db : undefined;
    conn.tx = { id: ++this.txSeq, db };
    conn.results.clear();
    this.hooks.onBegin?.(conn.tx.id, db);
    this.success(conn);
  }

  private endTx(conn: Conn, how: "commit" | "rollback"): void {
    const tx = conn.tx;
    if (!tx) return;
    conn.tx = null;
    conn.results.clear();
    if (how === "commit") this.hooks.onCommit?.(tx.id);
    else this.hooks.onRollback?.(tx.id);
  }

  private onRun(conn: Conn, f: unknown[]): void {
    const query = typeof f[0] === "string" ? f[0] : "";
    const params = isRecord(f[1]) ? f[1] : {};
    const inTx = conn.tx !== null;
    if (!inTx && conn.results.size > 0) {
      // Auto-commit results must be consumed before the next RUN; drivers always do so.
      return this.invalid(conn, "RUN while a result is still open");
    }
    const { db, txId, user } = this.recordRun(conn, f);

    if (this.hang) {
      this.hang = false;
      conn.closing = true; // a silent peer: nothing more is read or answered, the socket stays open
      return;
    }
    if (this.drop) {
      if (this.drop.afterRuns <= 0) {
        this.drop = null;
        // Abrupt loss: unsent responses are discarded, the open transaction is rolled back on close.
        this.destroy(conn);
        return;
      }
      this.drop.afterRuns--;
    }
    const injected = this.takeInjectedFailure(query);
    let outcome: QueryResult | { failure: BoltFailure };
    if (injected) outcome = { failure: injected };
    else {
      try {
        outcome = this.handler(query, params, { db, user, txId });
      } catch (e) {
        outcome = {
          failure: { code: "Neo.DatabaseError.General.UnknownError", message: `handler threw: ${(e as Error).message}` },
        };
      }
    }
    if ("failure" in outcome) {
      // A failed statement dooms its transaction; Neo4j rolls it back.
      this.endTx(conn, "rollback");
      return this.fail(conn, outcome.failure);
    }
    const qid = inTx ? conn.nextQid++ : -1;
    conn.results.set(qid, {
      qid,
      fields: outcome.fields,
      records: outcome.records,
      pos: 0,
      type: outcome.type ?? guessType(query, db),
      db: db ?? DEFAULT_DB,
      autoCommit: !inTx,
      stats: outcome.stats,
      notifications: outcome.notifications,
    });
    conn.lastQid = qid;
    this.success(conn, inTx ? { fields: outcome.fields, t_first: 0, qid } : { fields: outcome.fields, t_first: 0 });
  }

  /** Records a RUN as received (also when a fault keeps it from running). */
  private recordRun(conn: Conn, f: unknown[]): { db: string | undefined; txId: number | null; user: string } {
    const query = typeof f[0] === "string" ? f[0] : "";
    const params = isRecord(f[1]) ? f[1] : {};
    const extra = isRecord(f[2]) ? f[2] : {};
    const inTx = conn.tx !== null;
    const db = inTx ? conn.tx!.db : typeof extra.db === "string" ? extra.db : undefined;
    const txId = inTx ? conn.tx!.id : null;
    const user = conn.user as string;
    this.statements.push({ query, parameters: params, db, txId, user, mode: extra.mode === "r" ? "r" : "w", connectionId: conn.info.id });
    return { db, txId, user };
  }

  private takeInjectedFailure(query: string): BoltFailure | null {
    const i = this.failures.findIndex((x) => !x.match || x.match.test(query));
    if (i >= 0) {
      const entry = this.failures[i];
      if (--entry.remaining <= 0) this.failures.splice(i, 1);
      return entry.failure;
    }
    if (this.transient) {
      const code = this.transient.code;
      if (--this.transient.remaining <= 0) this.transient = null;
      return { code, message: "Database is unavailable (injected by the test server)." };
    }
    return null;
  }

  private onStream(conn: Conn, meta: Record<string, unknown>, pull: boolean): void {
    const n = typeof meta.n === "number" ? meta.n : -1;
    const wanted = typeof meta.qid === "number" ? meta.qid : -1;
    const qid = wanted === -1 ? conn.lastQid : wanted;
    const res = conn.results.get(qid);
    if (!res) return this.invalid(conn, `${pull ? "PULL" : "DISCARD"} without an open result`);
    const end = n < 0 ? res.records.length : Math.min(res.records.length, res.pos + n);
    if (pull) for (let i = res.pos; i < end; i++) this.reply(conn, SIG.RECORD, [toWire(res.records[i])]);
    res.pos = pull ? end : n < 0 ? res.records.length : end;
    if (res.pos < res.records.length) return this.success(conn, { has_more: true });
    conn.results.delete(qid);
    const summary: Record<string, unknown> = { type: res.type, t_last: 0, db: res.db };
    if (res.stats) summary.stats = res.stats;
    if (res.notifications && res.notifications.length > 0) {
      if (conn.minor >= 5) summary.statuses = res.notifications.map(toStatus);
      else summary.notifications = res.notifications;
    }
    if (res.autoCommit) summary.bookmark = this.bookmark();
    this.success(conn, summary);
  }
}

/**
 * Lets handlers return neo4j-driver Duration values (SHOW ALIASES reports DRIVER timeouts as durations):
 * they go on the wire as the Bolt Duration structure, which the driver turns back into a Duration.
 */
function toWire(v: unknown): unknown {
  if (isDuration(v)) return new Structure(0x45, [v.months, v.days, v.seconds, v.nanoseconds]);
  if (Array.isArray(v)) return v.map(toWire);
  if (typeof v === "object" && v !== null) {
    const proto: unknown = Object.getPrototypeOf(v);
    // Only plain maps are walked; Integer, PackFloat, Structure and Buffer values are packed as they are.
    if (proto === Object.prototype || proto === null) {
      return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, toWire(x)]));
    }
  }
  return v;
}

/** Bolt 5.5+ reports GQL status objects instead of notifications. */
function toStatus(n: unknown): unknown {
  if (!isRecord(n) || "gql_status" in n) return n;
  return {
    gql_status: typeof n.gqlStatus === "string" ? n.gqlStatus : "01N42",
    status_description: n.description ?? "",
    neo4j_code: n.code,
    title: n.title ?? "",
    diagnostic_record: {
      OPERATION: "",
      OPERATION_CODE: "0",
      CURRENT_SCHEMA: "/",
      _severity: n.severity ?? "INFORMATION",
      _classification: n.category ?? "GENERIC",
      ...(isRecord(n.position) ? { _position: n.position } : {}),
    },
  };
}
