import neo4j, { type AuthToken, type Config } from "neo4j-driver";
import type { BoltResult } from "./judge";
import { withAuraLookup, type DriverRoute } from "./lookup-hook";

export interface BoltProbeOptions {
  host: string;
  /** The port to connect to (7687, or its --port-map value). */
  port: number;
  credentials?: { user: string; password: string };
  caFile?: string;
  timeoutMs: number;
  /** How Aura names resolve for the driver (the DNS check's resolver, private answers only). */
  route: DriverRoute;
}

export interface BoltProbe {
  result: BoltResult;
  /** Addresses of the routing table the driver received (routers, readers, writers), or null when none was fetched. */
  routingTable: string[] | null;
}

/**
 * The routing table as the driver logs it after fetching it (neo4j-driver 6.x,
 * "Updated routing table RoutingTable[..., routers=[a:1], readers=[...], writers=[...]]"). The driver
 * has no public API for the table; if the format ever changes, the routing check fails and says so.
 */
export function parseRoutingTableLog(messages: readonly string[]): string[] | null {
  for (const m of [...messages].reverse()) {
    if (!m.includes("Updated routing table")) continue;
    const lists = ["routers", "readers", "writers"].map((k) => new RegExp(`${k}=\\[([^\\]]*)\\]`).exec(m)?.[1]);
    if (lists.some((l) => l === undefined)) return null;
    const all = lists.flatMap((l) => l!.split(",").map((s) => s.trim()).filter(Boolean));
    return [...new Set(all)];
  }
  return null;
}

function versionText(v: unknown): string {
  if (v && typeof v === "object" && "getMajor" in v) {
    const pv = v as { getMajor(): number; getMinor(): number };
    return `${pv.getMajor()}.${pv.getMinor()}`;
  }
  return v === undefined ? "?" : String(v);
}

function errorCode(e: unknown): string {
  const c = (e as { code?: unknown }).code;
  return typeof c === "string" && c ? c : (e as Error).name ?? "Error";
}

/** The real neo4j-driver: a routing driver (neo4j+s), verifyConnectivity via getServerInfo, within the timeout. */
export async function boltProbe(o: BoltProbeOptions): Promise<BoltProbe> {
  const logs: string[] = [];
  const config: Config = {
    connectionTimeout: o.timeoutMs,
    connectionAcquisitionTimeout: o.timeoutMs,
    maxConnectionPoolSize: 2,
    userAgent: "aura-secure-verify",
    logging: { level: "info", logger: (_level, message) => logs.push(message) },
    // A private CA needs the custom-CA trust mode, which the +s schemes do not allow to be configured.
    ...(o.caFile ? { encrypted: "ENCRYPTION_ON", trust: "TRUST_CUSTOM_CA_SIGNED_CERTIFICATES", trustedCertificates: [o.caFile] } : {}),
  };
  const url = `${o.caFile ? "neo4j" : "neo4j+s"}://${o.host}:${o.port}`;
  const auth = o.credentials ? neo4j.auth.basic(o.credentials.user, o.credentials.password) : ({ scheme: "none" } as AuthToken);
  const driver = neo4j.driver(url, auth, config);
  const user = o.credentials?.user;
  let timer: NodeJS.Timeout | undefined;
  try {
    const result = await withAuraLookup(o.route, () =>
      Promise.race([
        driver.getServerInfo().then(
          (info): BoltResult => ({ ok: true, agent: info.agent ?? "Neo4j", protocolVersion: versionText(info.protocolVersion), authenticated: true, user }),
          (e: unknown): BoltResult => ({ ok: false, code: errorCode(e), message: (e as Error).message, timedOut: false, user }),
        ),
        new Promise<BoltResult>((resolve) => {
          timer = setTimeout(() => resolve({ ok: false, code: "ETIMEDOUT", message: `no answer within ${o.timeoutMs} ms`, timedOut: true, user }), o.timeoutMs);
        }),
      ]),
    );
    // Without credentials the server can only refuse the anonymous login: that still proves Bolt answers.
    if (!o.credentials && !result.ok && result.code === "Neo.ClientError.Security.Unauthorized") {
      return { result: { ok: true, agent: "Neo4j", protocolVersion: "?", authenticated: false }, routingTable: null };
    }
    return { result, routingTable: result.ok ? parseRoutingTableLog(logs) : null };
  } finally {
    clearTimeout(timer);
    await driver.close().catch(() => undefined);
  }
}
