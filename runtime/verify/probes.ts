import { promises as dnsPromises } from "node:dns";
import * as https from "node:https";
import * as net from "node:net";
import * as tls from "node:tls";
import type { DnsAnswer, HttpsResult, TcpResult, TlsResult } from "./judge";
import { systemLookup } from "./lookup-hook";

/** Network probes: each observes one thing within a timeout and never judges (judge.ts does). */

export type Resolve = (host: string) => Promise<DnsAnswer>;

function code(e: unknown): string {
  return (e as NodeJS.ErrnoException).code ?? (e as Error).name ?? "ERROR";
}

function withTimeout<T>(p: Promise<T>, ms: number, onTimeout: () => T): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const t = new Promise<T>((resolve) => {
    timer = setTimeout(() => resolve(onTimeout()), ms);
  });
  return Promise.race([p, t]).finally(() => clearTimeout(timer));
}

export const SYSTEM_RESOLVER = "the system resolver";

/**
 * The DNS client: a given server (`address:port`, node's Resolver takes it as is) asked for A and AAAA,
 * or the system's resolver through getaddrinfo, the path applications and the driver take by default.
 * Failures say which of them answered (`server`), so a message can name the resolver used.
 */
export function makeResolver(dnsServer: string | undefined, timeoutMs: number, description = dnsServer ? `DNS server ${dnsServer}` : SYSTEM_RESOLVER): Resolve {
  if (!dnsServer) {
    return (host) =>
      withTimeout(
        systemLookup(host).then(
          (addresses): DnsAnswer => ({ ok: true, addresses }),
          (e): DnsAnswer => ({ ok: false, code: code(e), message: (e as Error).message, server: description }),
        ),
        timeoutMs,
        () => ({ ok: false, code: "ETIMEOUT", message: `no answer within ${timeoutMs} ms`, server: description }),
      );
  }
  const resolver = new dnsPromises.Resolver({ timeout: timeoutMs, tries: 1 });
  resolver.setServers([dnsServer]);
  return async (host) => {
    const [v4, v6] = await Promise.allSettled([resolver.resolve4(host), resolver.resolve6(host)]);
    const addresses = [...(v4.status === "fulfilled" ? v4.value : []), ...(v6.status === "fulfilled" ? v6.value : [])];
    if (addresses.length) return { ok: true, addresses };
    // NODATA for one family and NXDOMAIN/timeout for the other: the more telling failure wins.
    const errors = [v4, v6].filter((r): r is PromiseRejectedResult => r.status === "rejected").map((r) => r.reason as Error);
    const err = errors.find((e) => code(e) !== "ENODATA") ?? errors[0] ?? new Error("no addresses");
    return { ok: false, code: code(err), message: err.message, server: description };
  };
}

export function tcpProbe(address: string, port: number, timeoutMs: number): Promise<TcpResult> {
  return new Promise((resolve) => {
    const socket = net.connect({ host: address, port });
    const done = (r: TcpResult) => {
      clearTimeout(timer);
      socket.destroy();
      resolve(r);
    };
    const timer = setTimeout(() => done({ address, ok: false, code: "ETIMEDOUT" }), timeoutMs);
    socket.once("connect", () => done({ address, ok: true }));
    socket.once("error", (e) => done({ address, ok: false, code: code(e) }));
  });
}

export interface TlsProbeOptions {
  address: string;
  port: number;
  servername: string;
  version: "TLSv1.1" | "TLSv1.2" | "TLSv1.3";
  /** PEM roots to trust instead of the system's (--ca-file). */
  ca?: string;
  timeoutMs: number;
}

/** One handshake pinned to one TLS version; the certificate is checked but never rejects (the verdict reports it). */
export function tlsProbe(o: TlsProbeOptions): Promise<TlsResult> {
  return new Promise((resolve) => {
    const socket = tls.connect({
      host: o.address,
      port: o.port,
      servername: o.servername,
      minVersion: o.version,
      maxVersion: o.version,
      // OpenSSL 3 refuses TLS 1.1 at its default security level; lowering it lets us ask whether the server accepts it.
      ...(o.version === "TLSv1.1" ? { ciphers: "DEFAULT:@SECLEVEL=0" } : {}),
      ...(o.ca ? { ca: o.ca } : {}),
      rejectUnauthorized: false,
    });
    const done = (r: TlsResult) => {
      clearTimeout(timer);
      socket.destroy();
      resolve(r);
    };
    const timer = setTimeout(() => done({ ok: false, code: "ETIMEDOUT", message: `no handshake within ${o.timeoutMs} ms`, timedOut: true }), o.timeoutMs);
    socket.once("secureConnect", () => {
      const cert = socket.getPeerCertificate();
      done({
        ok: true,
        protocol: socket.getProtocol() ?? "unknown",
        cipher: socket.getCipher().name,
        authorized: socket.authorized,
        authorizationError: socket.authorizationError ? String((socket.authorizationError as unknown as { code?: string }).code ?? socket.authorizationError) : undefined,
        subjectAltName: cert?.subjectaltname,
      });
    });
    socket.once("error", (e) => done({ ok: false, code: code(e), message: e.message, timedOut: false }));
    socket.once("close", () => done({ ok: false, code: "ECONNRESET", message: "the server closed the connection during the handshake", timedOut: false }));
  });
}

/** GET / over HTTPS at the address, with the name for SNI and Host (the certificate check is separate). */
export function httpsGetRoot(o: { address: string; port: number; servername: string; ca?: string; timeoutMs: number }): Promise<HttpsResult> {
  return new Promise((resolve) => {
    let settled = false;
    const done = (r: HttpsResult) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      req.destroy();
      resolve(r);
    };
    const req = https.request(
      {
        host: o.address,
        port: o.port,
        servername: o.servername,
        path: "/",
        method: "GET",
        headers: { Host: o.port === 443 ? o.servername : `${o.servername}:${o.port}`, Accept: "application/json" },
        ...(o.ca ? { ca: o.ca } : {}),
        rejectUnauthorized: false,
        agent: false,
      },
      (res) => {
        let body = "";
        res.setEncoding("utf8");
        res.on("data", (chunk: string) => {
          // The discovery document is a few hundred bytes; stop reading anything much larger.
          if (body.length < 65536) body += chunk;
        });
        res.on("end", () => done({ ok: true, status: res.statusCode ?? 0, contentType: String(res.headers["content-type"] ?? ""), body }));
        res.on("error", (e) => done({ ok: false, code: code(e), message: e.message, timedOut: false }));
      },
    );
    const timer = setTimeout(() => done({ ok: false, code: "ETIMEDOUT", message: `no answer within ${o.timeoutMs} ms`, timedOut: true }), o.timeoutMs);
    req.on("error", (e) => done({ ok: false, code: code(e), message: e.message, timedOut: false }));
    req.end();
  });
}
