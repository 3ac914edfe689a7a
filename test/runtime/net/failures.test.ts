import * as fs from "node:fs";
import * as net from "node:net";
import * as os from "node:os";
import * as path from "node:path";
import * as tls from "node:tls";
import { CLASS_LABEL, NEXT_RUN, TRANSIENT, classifyFailure, hostOf, type FailureClass } from "../../../runtime/net/failures";
import { checkResolves, describeResolver } from "../../../runtime/net/resolve";
import { makeCerts } from "../../support/verify/aura-mimic";

/** Real errors, made on loopback: what Node, undici and neo4j-driver really throw. */
async function refusedPort(): Promise<number> {
  return new Promise((resolve) => {
    const s = net.createServer().listen(0, "127.0.0.1", () => {
      const port = (s.address() as net.AddressInfo).port;
      s.close(() => resolve(port));
    });
  });
}
const errorOf = <T>(p: Promise<T>) => p.then(() => { throw new Error("expected a failure"); }, (e: unknown) => e);

describe("classifyFailure on real errors", () => {
  test("a refused TCP connection (net) and a refused fetch (undici) are `refused`, transient", async () => {
    const port = await refusedPort();
    const tcp = await errorOf(new Promise((_, reject) => net.connect(port, "127.0.0.1").on("error", reject)));
    expect(classifyFailure(tcp, `127.0.0.1:${port}`)).toEqual({ cls: "refused", transient: true, cause: `127.0.0.1:${port} refused the connection (ECONNREFUSED)` });
    const http = await errorOf(fetch(`http://127.0.0.1:${port}/`));
    expect(classifyFailure(http, `127.0.0.1:${port}`).cls).toBe("refused");
  });

  test("a certificate for another name (trusted CA) is a TLS name mismatch; an unknown CA is untrusted; neither is transient", async () => {
    const certs = await makeCerts(["localhost"]);
    const server = tls.createServer({ key: certs.otherKey, cert: certs.otherCert }, (s) => s.end()).listen(0, "127.0.0.1");
    await new Promise((r) => server.once("listening", r));
    const port = (server.address() as net.AddressInfo).port;
    const connect = (opts: tls.ConnectionOptions) => errorOf(new Promise((resolve, reject) => tls.connect({ host: "127.0.0.1", port, ...opts }, () => resolve(null)).on("error", reject)));
    try {
      const mismatch = await connect({ servername: "localhost", ca: fs.readFileSync(certs.caFile) });
      expect(classifyFailure(mismatch, `localhost:${port}`)).toMatchObject({ cls: "tls-name-mismatch", transient: false });
      const untrusted = await connect({ servername: "db.example.com" });
      expect(classifyFailure(untrusted, `db.example.com:${port}`)).toMatchObject({ cls: "tls-untrusted", transient: false });
    } finally {
      server.close();
    }
  });

  test.each<[string, unknown, FailureClass]>([
    ["getaddrinfo ENOTFOUND", Object.assign(new Error("getaddrinfo ENOTFOUND db.example"), { code: "ENOTFOUND", hostname: "db.example" }), "name-not-resolved"],
    ["fetch failed, cause ENOTFOUND", Object.assign(new TypeError("fetch failed"), { cause: Object.assign(new Error("getaddrinfo ENOTFOUND api.neo4j.io"), { code: "ENOTFOUND" }) }), "name-not-resolved"],
    ["EAI_AGAIN", Object.assign(new Error("getaddrinfo EAI_AGAIN db.example"), { code: "EAI_AGAIN" }), "resolver-unavailable"],
    [
      "neo4j-driver bolt:// refused (the cause is in its message)",
      { code: "ServiceUnavailable", message: "Failed to connect to server. Please ensure that your database is listening on the correct host and port ... Caused by: connect ECONNREFUSED 127.0.0.1:1" },
      "refused",
    ],
    [
      "neo4j-driver neo4j:// no routing servers, cause ENOTFOUND",
      { code: "ServiceUnavailable", message: "Could not perform discovery. No routing servers available.", cause: { code: "SessionExpired", message: "Failed to connect to server. Caused by: getaddrinfo ENOTFOUND db.example" } },
      "name-not-resolved",
    ],
    ["neo4j-driver TLS not established", { code: "ServiceUnavailable", message: "Failed to connect to server. Caused by: Client network socket disconnected before secure TLS connection was established" }, "tls-handshake"],
    ["connection lost", { code: "SessionExpired", message: "Connection lost" }, "connection-lost"],
    ["NotALeader", { code: "Neo.ClientError.Cluster.NotALeader", message: "x" }, "not-a-leader"],
    ["routing driver after NotALeader", { code: "SessionExpired", message: "No longer possible to write to server at 127.0.0.1:7687" }, "not-a-leader"],
    ["Terminated (5.x)", { code: "Neo.ClientError.Transaction.Terminated", message: "Explicitly terminated by the user." }, "terminated"],
    ["DatabaseUnavailable", { code: "Neo.TransientError.General.DatabaseUnavailable", message: "x" }, "transient"],
    ["Unauthorized", { code: "Neo.ClientError.Security.Unauthorized", message: "x" }, "authentication"],
    ["undici connect timeout", Object.assign(new TypeError("fetch failed"), { cause: { code: "UND_ERR_CONNECT_TIMEOUT", message: "Connect Timeout Error" } }), "timeout"],
    ["undici socket closed (reset after the request was sent)", Object.assign(new TypeError("fetch failed"), { cause: { code: "UND_ERR_SOCKET", message: "other side closed" } }), "connection-lost"],
    ["a statement error", { code: "Neo.ClientError.Statement.SyntaxError", message: "bad" }, "other"],
  ])("%s -> %s", (_n, e, cls) => {
    const f = classifyFailure(e, "db.example:7687");
    expect(f.cls).toBe(cls);
    expect(f.transient).toBe(TRANSIENT[cls]);
  });

  test("the cause names the host; a name that does not resolve names the resolver", () => {
    const e = Object.assign(new Error("getaddrinfo ENOTFOUND db.example"), { code: "ENOTFOUND" });
    expect(classifyFailure(e, "db.example:7687", "the system resolver (getaddrinfo; nameservers 10.0.0.2 from /etc/resolv.conf)").cause).toBe(
      "db.example does not resolve (ENOTFOUND from the system resolver (getaddrinfo; nameservers 10.0.0.2 from /etc/resolv.conf))",
    );
  });

  test("every class has a label, a transient flag and says what the next run does", () => {
    for (const cls of Object.keys(TRANSIENT) as FailureClass[]) {
      expect(CLASS_LABEL[cls].length).toBeGreaterThan(3);
      expect(NEXT_RUN[cls]).toMatch(/next (apply|run)/);
    }
  });
});

describe("hostOf", () => {
  test.each([
    ["neo4j+s://db.example.com", "db.example.com:7687"],
    ["bolt://127.0.0.1:7688", "127.0.0.1:7688"],
    ["https://api.neo4j.io/v1", "api.neo4j.io:443"],
    ["http://127.0.0.1:8080", "127.0.0.1:8080"],
    ["bolt://[::1]:7687", "[::1]:7687"],
  ])("%s -> %s", (url, host) => expect(hostOf(url)).toBe(host));
});

describe("checkResolves", () => {
  const notFound = async (h: string) => {
    throw Object.assign(new Error(`getaddrinfo ENOTFOUND ${h}`), { code: "ENOTFOUND" });
  };
  test("addresses are not looked up; a name that resolves is fine; one that does not is classified", async () => {
    expect(await checkResolves("127.0.0.1", notFound)).toBeNull();
    expect(await checkResolves("[::1]", notFound)).toBeNull();
    expect(await checkResolves("db.example", async () => [{ address: "10.0.0.1", family: 4 }])).toBeNull();
    expect(await checkResolves("db.example", notFound)).toMatchObject({ cls: "name-not-resolved", transient: false });
    expect(await checkResolves("db.example", async () => Promise.reject(Object.assign(new Error("x"), { code: "EAI_AGAIN" })))).toMatchObject({ cls: "resolver-unavailable", transient: true });
  });

  test("describeResolver names the nameservers of resolv.conf", () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "resolv-"));
    fs.writeFileSync(path.join(dir, "resolv.conf"), "search corp.example\nnameserver 10.0.0.2\nnameserver 10.0.0.3\n");
    expect(describeResolver(path.join(dir, "resolv.conf"))).toBe(`the system resolver (getaddrinfo; nameservers 10.0.0.2, 10.0.0.3 from ${path.join(dir, "resolv.conf")})`);
    expect(describeResolver(path.join(dir, "missing"))).toContain("no nameserver in");
  });
});
