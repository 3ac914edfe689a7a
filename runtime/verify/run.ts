import * as fs from "node:fs";
import { isIP } from "node:net";
import { UserError } from "../cli/errors";
import type { AddressPolicy } from "./addresses";
import { boltProbe } from "./bolt";
import type { Deployment } from "./inputs";
import {
  RESOLVER_DOWN_CODES,
  judgeBolt,
  judgeCertificate,
  judgeDiscovery,
  judgeDns,
  judgeHandshake,
  judgeRouting,
  judgeTcp,
  judgeTls11,
  type DnsAnswer,
  type Expected,
  type RoutingEntry,
  type Status,
  type TlsResult,
  type Verdict,
} from "./judge";
import { planTargets, type PlannedCheck } from "./plan";
import { httpsGetRoot, makeResolver, tcpProbe, tlsProbe, type Resolve } from "./probes";

export interface VerifyOptions {
  deployments: Deployment[];
  dbids: string[];
  /** `address:port` of the DNS server to ask (resolveDnsServer); default the system resolver. */
  dnsServer?: string;
  /** How messages name that server ("DNS server 10.0.0.2:53 (--dns-server resolver.corp.example)"). */
  dnsServerDescription?: string;
  /** Per probe (DNS query, connect, handshake, request, Bolt connectivity). */
  timeoutMs: number;
  /** Extra attempts for failures that may clear by themselves (timeouts, refused connections). */
  retries: number;
  retryDelayMs: number;
  policy: AddressPolicy;
  /** PEM file of roots to trust instead of the system's (private CAs, tests). */
  caFile?: string;
  /** Aura port -> port to connect to: for tests and port forwards only; names and checks stay Aura's. */
  portMap?: Readonly<Record<number, number>>;
  /** Bolt login; the password is read when the Bolt check runs (a secret reference resolved by the caller). */
  credentials?: { user: string; password: () => Promise<string> };
  onProgress?: (done: number, total: number, check: PlannedCheck) => void;
  /** A check failed in a way that may clear and runs again after `delayMs` (attempt 2 is the first retry). */
  onRetry?: (check: PlannedCheck, attempt: number, of: number, detail: string, delayMs: number) => void;
  /** How errors name the timeout and retries options (the CLI's flags, or the Lambda event's fields). */
  optionNames?: { timeout: string; retries: string };
}

export interface CheckResult {
  id: string;
  host: string;
  check: string;
  kind: PlannedCheck["kind"];
  port?: number;
  status: Status;
  detail: string;
  attempts: number;
  durationMs: number;
}

export interface VerifyReport {
  ok: boolean;
  passed: number;
  failed: number;
  skipped: number;
  durationMs: number;
  results: CheckResult[];
}

export const LIMITS = { timeoutMs: { min: 50, max: 120_000 }, retries: { min: 0, max: 5 } } as const;

/** Validates the numeric options; the CLI and the Lambda event both come through here. */
export function checkLimits(o: Pick<VerifyOptions, "timeoutMs" | "retries">, names = { timeout: "--timeout", retries: "--retries" }): void {
  if (!Number.isInteger(o.timeoutMs) || o.timeoutMs < LIMITS.timeoutMs.min || o.timeoutMs > LIMITS.timeoutMs.max) {
    throw new UserError(`${names.timeout} ${o.timeoutMs} ms is out of range; allowed ${LIMITS.timeoutMs.min} ms to ${LIMITS.timeoutMs.max / 1000} s per probe`);
  }
  if (!Number.isInteger(o.retries) || o.retries < LIMITS.retries.min || o.retries > LIMITS.retries.max) {
    throw new UserError(`${names.retries} ${o.retries} is out of range; allowed ${LIMITS.retries.min}-${LIMITS.retries.max}`);
  }
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const skip = (detail: string): Verdict => ({ status: "skip", detail });

/** Splits `host:port`, `[v6]:port`. Pure. */
export function splitHostPort(address: string): { host: string; port: number } {
  const m = /^\[(.+)\]:(\d+)$/.exec(address) ?? /^([^:]+):(\d+)$/.exec(address);
  return m ? { host: m[1]!, port: Number(m[2]) } : { host: address, port: 7687 };
}

/** Runs the planned checks: DNS first, then each port over the private addresses DNS returned. */
export async function runVerify(o: VerifyOptions): Promise<VerifyReport> {
  checkLimits(o, o.optionNames);
  const targets = planTargets(o.deployments, o.dbids);
  const ca = o.caFile ? readCa(o.caFile) : undefined;
  const resolve = makeResolver(o.dnsServer, o.timeoutMs, o.dnsServerDescription);
  // Once the resolver has not answered for one name (after its retries), it will not for the next ones:
  // those fail at once, pointing at the first, instead of each waiting out every timeout again.
  let resolverDown: { host: string; server: string } | null = null;
  const cache = new Map<string, Promise<DnsAnswer>>();
  const cachedResolve: Resolve = (host) => {
    const key = host.toLowerCase().replace(/\.$/, "");
    if (!cache.has(key)) cache.set(key, resolve(key));
    return cache.get(key)!;
  };
  const expectedCache = new Map<Deployment, Promise<Expected | null>>();
  const expectedFor = (d: Deployment) => {
    if (!expectedCache.has(d)) expectedCache.set(d, endpointAddresses(d, resolve));
    return expectedCache.get(d)!;
  };
  const total = targets.reduce((n, t) => n + t.checks.length, 0);
  const results: CheckResult[] = [];
  const started = Date.now();
  const mapPort = (p: number) => o.portMap?.[p] ?? p;
  let password: string | undefined;

  for (const target of targets) {
    const verdicts = new Map<string, Verdict>();
    const record = async (c: PlannedCheck, run: () => Promise<Verdict>) => {
      o.onProgress?.(results.length, total, c);
      const t0 = Date.now();
      let v = await run();
      let attempts = 1;
      while (v.status === "fail" && v.retryable && attempts <= o.retries) {
        o.onRetry?.(c, attempts + 1, o.retries + 1, v.detail, o.retryDelayMs);
        await sleep(o.retryDelayMs);
        v = await run();
        attempts++;
      }
      verdicts.set(c.id, v);
      results.push({ id: c.id, host: c.host, check: c.title, kind: c.kind, port: c.port, status: v.status, detail: v.detail, attempts, durationMs: Date.now() - t0 });
    };
    const find = (kind: PlannedCheck["kind"], port?: number) => target.checks.find((c) => c.kind === kind && c.port === port);
    const failedBefore = (kind: PlannedCheck["kind"], port?: number): string | null => {
      const c = find(kind, port);
      const v = c && verdicts.get(c.id);
      return v && v.status !== "pass" ? `skipped: ${c.title} did not pass` : null;
    };

    const expected = await expectedFor(target.deployment);
    let usable: string[] = [];
    const handshakes = new Map<number, TlsResult[]>();
    let routing: string[] | null = null;

    for (const c of target.checks) {
      if (c.kind === "dns") {
        if (resolverDown) {
          const down = resolverDown;
          await record(c, async () => ({ status: "fail", detail: `not asked: ${down.server} did not answer for ${down.host} (see that check)` }));
          continue;
        }
        let answer: DnsAnswer | undefined;
        await record(c, async () => {
          cache.delete(target.host); // a retry asks again
          answer = await cachedResolve(target.host);
          const v = judgeDns(target.host, answer, expected, o.policy);
          usable = v.usable;
          return v;
        });
        if (answer && !answer.ok && RESOLVER_DOWN_CODES.has(answer.code)) resolverDown = { host: target.host, server: answer.server ?? "the resolver" };
        continue;
      }
      // We never test a public path: without a private answer there is nothing to connect to.
      if (!usable.length) {
        await record(c, async () => skip("skipped: no private address to connect to (see the dns check)"));
        continue;
      }
      const port = c.port ?? 7687;
      const dependsOnTcp = c.kind !== "tcp" && c.kind !== "routing" ? failedBefore("tcp", port) : null;
      if (dependsOnTcp) {
        await record(c, async () => skip(dependsOnTcp));
        continue;
      }
      switch (c.kind) {
        case "tcp":
          await record(c, async () => judgeTcp(port, await Promise.all(usable.map((a) => tcpProbe(a, mapPort(port), o.timeoutMs))), o.timeoutMs));
          break;
        case "tls1.2":
        case "tls1.3":
        case "tls1.1-refused": {
          const version = c.kind === "tls1.2" ? "TLSv1.2" : c.kind === "tls1.3" ? "TLSv1.3" : "TLSv1.1";
          await record(c, async () => {
            const r = await tlsProbe({ address: usable[0]!, port: mapPort(port), servername: target.host, version, ca, timeoutMs: o.timeoutMs });
            if (version !== "TLSv1.1") handshakes.set(port, [...(handshakes.get(port) ?? []).filter((h) => !(h.ok && h.protocol === version)), r]);
            return version === "TLSv1.1" ? judgeTls11(r, o.timeoutMs) : judgeHandshake(version, r, o.timeoutMs);
          });
          break;
        }
        case "certificate":
          await record(c, async () => judgeCertificate(target.host, handshakes.get(port) ?? [], o.caFile, o.timeoutMs));
          break;
        case "https":
          await record(c, async () => judgeDiscovery(await httpsGetRoot({ address: usable[0]!, port: mapPort(port), servername: target.host, ca, timeoutMs: o.timeoutMs }), o.timeoutMs));
          break;
        case "bolt":
          await record(c, async () => {
            let credentials: { user: string; password: string } | undefined;
            if (o.credentials) {
              password ??= await o.credentials.password();
              credentials = { user: o.credentials.user, password };
            }
            const probe = await boltProbe({
              host: target.host,
              port: mapPort(port),
              credentials,
              caFile: o.caFile,
              timeoutMs: o.timeoutMs,
              route: async (name) => {
                const v = judgeDns(name, await cachedResolve(name), null, o.policy);
                if (v.status === "pass") return v.usable;
                return Object.assign(new Error(`aura-secure verify does not connect to ${name}: ${v.detail}`), { code: "ENOTFOUND" });
              },
            });
            routing = probe.routingTable;
            const v = judgeBolt(probe.result, o.timeoutMs);
            if (v.status === "pass" && probe.result.ok && probe.result.authenticated && routing === null) {
              return { status: "fail", detail: `${v.detail}, but the driver's routing table could not be read from its log (neo4j-driver changed its format?)` };
            }
            return v;
          });
          break;
        case "routing":
          await record(c, async () => {
            const bolt = failedBefore("bolt", 7687);
            if (bolt) return skip(bolt);
            if (routing === null) return skip("skipped: no routing table (no credentials given, so the driver did not log in)");
            const entries: RoutingEntry[] = await Promise.all(
              routing.map(async (address) => {
                const { host } = splitHostPort(address);
                const answer = isIP(host) ? { ok: true as const, addresses: [host], literal: true as const } : await cachedResolve(host);
                return { address, host, answer };
              }),
            );
            return judgeRouting(entries, o.policy, expected);
          });
          break;
      }
    }
  }
  const count = (s: Status) => results.filter((r) => r.status === s).length;
  return { ok: count("fail") === 0, passed: count("pass"), failed: count("fail"), skipped: count("skip"), durationMs: Date.now() - started, results };
}

/** The endpoint's own addresses: from the outputs (GCP, Azure) or by resolving its DNS name (AWS). */
async function endpointAddresses(d: Deployment, resolve: Resolve): Promise<Expected | null> {
  if (d.endpointAddresses.length) return { addresses: d.endpointAddresses, from: `${d.source} private_ip` };
  for (const name of d.endpointDnsNames) {
    const a = await resolve(name);
    if (a.ok) return { addresses: [...a.addresses], from: `${name} (endpoint_dns_entries)` };
  }
  return null;
}

function readCa(file: string): string {
  try {
    return fs.readFileSync(file, "utf8");
  } catch (e) {
    throw new UserError(`--ca-file ${file}: cannot read it (${(e as NodeJS.ErrnoException).code ?? "error"}); give a PEM file of CA certificates`);
  }
}
