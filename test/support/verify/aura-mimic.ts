import * as fs from "node:fs";
import * as https from "node:https";
import * as net from "node:net";
import * as os from "node:os";
import * as path from "node:path";
import * as tls from "node:tls";

/**
 * Loopback servers that stand in for Aura behind a private endpoint, and broken variants of them.
 * Certificates come from the project's own `aura-secure certs create` (one private CA, --ca-file in tests).
 */

export interface Certs {
  dir: string;
  caFile: string;
  key: string;
  cert: string;
  /** A certificate from the same CA for a name that is not Aura's. */
  otherKey: string;
  otherCert: string;
}

export async function makeCerts(dnsNames: string[]): Promise<Certs> {
  // Loaded here, not at the top: the servers below also run in plain node processes (the network twin's
  // endpoint hosts), which need neither the whole CLI nor jest.
  const { runAuraSecure } = await import("../run-cli");
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "verify-certs-"));
  const ca = path.join(dir, "ca");
  const make = async (out: string, names: string[]) => {
    const r = await runAuraSecure(["certs", "create", "--out", out, "--ca-dir", ca, "--policies", "https", ...names.flatMap((n) => ["--dns", n])]);
    if (r.code !== 0) throw new Error(`certs create failed: ${r.stderr}`);
  };
  await make(path.join(dir, "aura"), dnsNames);
  await make(path.join(dir, "other"), ["db.example.com"]);
  const read = (p: string) => fs.readFileSync(path.join(dir, p), "utf8");
  return {
    dir,
    caFile: path.join(ca, "ca.crt"),
    key: read("aura/https/private.key"),
    cert: read("aura/https/public.crt"),
    otherKey: read("other/https/private.key"),
    otherCert: read("other/https/public.crt"),
  };
}

export interface Listening {
  port: number;
  close(): Promise<void>;
}

function listen(server: net.Server): Promise<Listening> {
  const sockets = new Set<net.Socket>();
  server.on("connection", (s: net.Socket) => {
    sockets.add(s);
    s.on("error", () => undefined);
    s.on("close", () => sockets.delete(s));
  });
  server.on("tlsClientError", () => undefined);
  return new Promise((resolve, reject) => {
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () =>
      resolve({
        port: (server.address() as net.AddressInfo).port,
        close: () =>
          new Promise<void>((r) => {
            for (const s of sockets) s.destroy();
            server.close(() => r());
          }),
      }),
    );
  });
}

/** Neo4j's discovery document as the Query API documentation shows it (docs/vendor-facts.md, Verify). */
export function discoveryDocument(host: string): Record<string, string> {
  return {
    bolt_routing: `neo4j+s://${host}:7687`,
    query: `https://${host}/db/{databaseName}/query/v2`,
    transaction: `https://${host}/db/{databaseName}/tx`,
    bolt_direct: `bolt+s://${host}:7687`,
    neo4j_version: "5.27-aura",
    neo4j_edition: "enterprise",
  };
}

/** HTTPS on TLS 1.2/1.3 with Aura's suites only, answering GET / with the discovery document. */
export function startDiscoveryServer(certs: Pick<Certs, "key" | "cert">, tlsOptions: tls.TlsOptions = {}): Promise<Listening> {
  const server = https.createServer({ key: certs.key, cert: certs.cert, minVersion: "TLSv1.2", ...AURA_TLS, ...tlsOptions }, (req, res) => {
    const host = String(req.headers.host ?? "").replace(/:\d+$/, "");
    res.writeHead(200, { "content-type": "application/json" });
    res.end(JSON.stringify(discoveryDocument(host)));
  });
  return listen(server);
}

/** Aura's accepted suites (reference 001) in OpenSSL spelling, TLS 1.3 ones first. */
export const AURA_TLS: tls.TlsOptions = {
  ciphers:
    "TLS_AES_128_GCM_SHA256:TLS_AES_256_GCM_SHA384:TLS_CHACHA20_POLY1305_SHA256:ECDHE-RSA-AES128-GCM-SHA256:ECDHE-RSA-AES256-GCM-SHA384:ECDHE-RSA-CHACHA20-POLY1305:DHE-RSA-AES128-GCM-SHA256:DHE-RSA-AES256-GCM-SHA384",
  minVersion: "TLSv1.2",
  maxVersion: "TLSv1.3",
};

/** Any TLS server (a handshake, then the connection is closed). */
export function startTlsServer(options: tls.TlsOptions): Promise<Listening> {
  return listen(tls.createServer(options, (s) => s.end()));
}

/** Accepts TCP connections (like 7474 or 8491 through the endpoint) and closes them. */
export function startTcpServer(): Promise<Listening> {
  return listen(net.createServer((s) => s.end()));
}

/** Accepts connections and never sends a byte. */
export function startSilentServer(): Promise<Listening> {
  return listen(net.createServer(() => undefined));
}

/** A port on which nothing listens (taken, then released). */
export async function closedPort(): Promise<number> {
  const l = await startTcpServer();
  await l.close();
  return l.port;
}
