import * as dgram from "node:dgram";
import * as fs from "node:fs";
import { recordOutput } from "../../support/secret-sweep";
import * as os from "node:os";
import * as path from "node:path";
import { create } from "xmlbuilder2";
import { BoltTestServer } from "../../support/bolt-server";
import { Command } from "commander";
import { runAuraSecure, runProgram } from "../../support/run-cli";
import { startDnsServer, type TestDnsServer } from "../../support/verify/dns-server";
import {
  closedPort,
  makeCerts,
  startDiscoveryServer,
  startSilentServer,
  startTcpServer,
  startTlsServer,
  type Certs,
  type Listening,
} from "../../support/verify/aura-mimic";
import { deploymentsFromOutputs } from "../../../runtime/verify/inputs";
import { runVerify, type CheckResult, type VerifyOptions, type VerifyReport } from "../../../runtime/verify/run";
import { verifyCommand } from "../../../runtime/verify/command";
import { handler } from "../../../runtime/cypher/lambda-handler";
import { makeResolver } from "../../../runtime/verify/probes";
import { exampleConfig } from "../../../config/example";

// eslint-disable-next-line @typescript-eslint/no-require-imports
const originalLookup = require("node:dns").lookup;
import { gcpOutputs } from "./fixtures";

/**
 * A loopback deployment that mimics a correct one: a DNS server answering the endpoint's address
 * (127.0.0.1, allowed with allowLoopback), the Bolt test server behind TLS, HTTPS discovery, 7474 open,
 * all with certificates from `aura-secure certs create`. Each broken variant swaps one part.
 */

const ORCH = "0000";
const HOST = `abcd1234.production-orch-${ORCH}.neo4j.io`;
const PUBLIC_HOST = `public01.production-orch-${ORCH}.neo4j.io`;
const CUSTOM = "orders-abcdef-123456";
const CUSTOM_HOST = `${CUSTOM}.endpoints.neo4j.io`;
// Generous for a loaded machine (no assertion is timed); the silent-server case uses a short one of its own.
const TIMEOUT = 1500;
const VPCE = "vpce-0a1b2c3d4e5f60718-abcdefgh.vpce-svc-0a1b2c3d4e5f60718.us-east-1.vpce.amazonaws.com";
const SHORT = 300;

let certs: Certs;
let dns: TestDnsServer;
let bolt: BoltTestServer;
let discovery: Listening;
let http: Listening;
const extra: Array<{ close(): Promise<void> }> = [];
const outputs = gcpOutputs({ orch: ORCH, privateIp: "127.0.0.1", customEndpoints: [CUSTOM] });
const deployments = deploymentsFromOutputs(outputs, "outputs.json");
const instanceOnly = deploymentsFromOutputs(gcpOutputs({ orch: ORCH, privateIp: "127.0.0.1" }), "o.json");

beforeAll(async () => {
  certs = await makeCerts([HOST, CUSTOM_HOST]);
  dns = await startDnsServer({
    [HOST]: ["127.0.0.1"],
    ...Object.fromEntries(["", "a-", "b-", "c-", "d-"].map((p) => [`${p}${CUSTOM_HOST}`, ["127.0.0.1"]])),
    [PUBLIC_HOST]: ["34.120.10.20"],
    [`stray001.production-orch-${ORCH}.neo4j.io`]: ["127.0.0.2"],
    [VPCE]: ["127.0.0.1"],
  });
  bolt = await BoltTestServer.start({ tls: { key: certs.key, cert: certs.cert } });
  discovery = await startDiscoveryServer(certs);
  http = await startTcpServer();
});

afterAll(async () => {
  await Promise.all([dns?.close(), bolt?.close(), discovery?.close(), http?.close(), ...extra.map((e) => e.close())]);
  if (certs) fs.rmSync(certs.dir, { recursive: true, force: true });
});

function options(over: Partial<VerifyOptions> = {}): VerifyOptions {
  return {
    deployments,
    dbids: ["abcd1234"],
    dnsServer: dns.server,
    timeoutMs: TIMEOUT,
    retries: 0,
    retryDelayMs: 10,
    policy: { allowLoopback: true, privateCidrs: [] },
    caFile: certs.caFile,
    portMap: { 7687: bolt.port, 443: discovery.port, 7474: http.port },
    credentials: { user: "neo4j", password: async () => "test-password" },
    ...over,
  };
}

function byId(report: VerifyReport, id: string): CheckResult {
  const r = report.results.find((x) => x.id === id);
  if (!r) throw new Error(`no check ${id} in ${report.results.map((x) => x.id).join(", ")}`);
  return r;
}

function failures(report: VerifyReport): string[] {
  return report.results.filter((r) => r.status === "fail").map((r) => r.id);
}

/** The instance only (no custom endpoint), with 443 served by `server`. */
async function serve443(server: Listening, over: Partial<VerifyOptions> = {}): Promise<VerifyReport> {
  extra.push(server);
  return runVerify(options({ deployments: instanceOnly, portMap: { 7687: bolt.port, 443: server.port, 7474: http.port }, ...over }));
}

test("a correct deployment passes every check, for the instance and the custom endpoint with its a- to d- records", async () => {
  const report = await runVerify(options());
  expect(report.results.filter((r) => r.status !== "pass")).toEqual([]);
  expect(report.ok).toBe(true);
  expect(report.results.map((r) => r.id)).toEqual([
    `${HOST} dns`,
    `${HOST} tcp:7687`,
    `${HOST} tcp:443`,
    `${HOST} tcp:7474`,
    `${HOST} tls1.2:7687`,
    `${HOST} tls1.3:7687`,
    `${HOST} tls1.1-refused:7687`,
    `${HOST} certificate:7687`,
    `${HOST} tls1.2:443`,
    `${HOST} tls1.3:443`,
    `${HOST} tls1.1-refused:443`,
    `${HOST} certificate:443`,
    `${HOST} https:443`,
    `${HOST} bolt:7687`,
    `${HOST} routing`,
    `${CUSTOM_HOST} dns`,
    `${CUSTOM_HOST} tcp:7687`,
    `${CUSTOM_HOST} tls1.2:7687`,
    `${CUSTOM_HOST} tls1.3:7687`,
    `${CUSTOM_HOST} tls1.1-refused:7687`,
    `${CUSTOM_HOST} certificate:7687`,
    `${CUSTOM_HOST} bolt:7687`,
    `${CUSTOM_HOST} routing`,
    ...["a-", "b-", "c-", "d-"].map((p) => `${p}${CUSTOM_HOST} dns`),
  ]);
  expect(byId(report, `${HOST} dns`).detail).toBe("127.0.0.1 (the endpoint's address)");
  expect(byId(report, `${HOST} https:443`).detail).toBe(`Neo4j 5.27-aura enterprise, bolt neo4j+s://${HOST}:7687`);
  expect(byId(report, `${HOST} bolt:7687`).detail).toMatch(/^Neo4j\/5\.26\.0 over Bolt 5\.\d, logged in as neo4j$/);
  expect(byId(report, `${HOST} routing`).detail).toBe(`1 address resolves privately: ${HOST}:${bolt.port}`);
  expect(byId(report, `${HOST} tls1.1-refused:7687`).detail).toMatch(/^refused/);
  // The names were asked of the test DNS server, and the driver logged in with the given user.
  expect(dns.queries).toContain(`${HOST} A`);
  expect(bolt.connections.some((c) => c.routing !== undefined)).toBe(true);
  // The driver's name resolution is redirected only while the Bolt check runs.
  expect(require("node:dns").lookup).toBe(originalLookup);
});

test("AWS outputs: the endpoint's addresses are those of its regional DNS name", async () => {
  const unwrapped = Object.fromEntries(Object.entries(gcpOutputs({ orch: ORCH, privateIp: "unused" })).map(([k, v]) => [k, (v as { value: unknown }).value]));
  delete unwrapped.private_ip;
  const aws = deploymentsFromOutputs({ "aura-aws-us-east-1": { ...unwrapped, endpoint_dns_entries: [{ dns_name: VPCE, hosted_zone_id: "Z7HUB22UULQXV" }] } }, "outputs.json");
  const ok = await runVerify(options({ deployments: aws, dbids: ["abcd1234"] }));
  expect(byId(ok, `${HOST} dns`)).toMatchObject({ status: "pass", detail: "127.0.0.1 (the endpoint's address)" });
  const stray = await runVerify(options({ deployments: aws, dbids: ["stray001"] }));
  expect(byId(stray, `stray001.production-orch-${ORCH}.neo4j.io dns`).detail).toContain(`which is not this endpoint's address (127.0.0.1 from ${VPCE} (endpoint_dns_entries))`);
});

test("NXDOMAIN: the name is not in any private zone here; nothing else is tried", async () => {
  const report = await runVerify(options({ dbids: ["missing1"] }));
  const dnsCheck = byId(report, `missing1.production-orch-${ORCH}.neo4j.io dns`);
  expect(dnsCheck.status).toBe("fail");
  expect(dnsCheck.detail).toBe(
    `missing1.production-orch-${ORCH}.neo4j.io does not exist here (NXDOMAIN from DNS server ${dns.server}): no private zone answers it; associate the zone with this network and check it holds the record (dns_records output)`,
  );
  // Everything after DNS needs an address: the instance's 14 other checks are skipped.
  expect(report.results.filter((r) => r.host === dnsCheck.host && r.kind !== "dns").map((r) => r.status)).toEqual(Array(14).fill("skip"));
  expect(report.ok).toBe(false);
});

test("a public answer says the private zone is not in effect, and no connection is attempted", async () => {
  const report = await runVerify(options({ dbids: ["public01"] }));
  const d = byId(report, `${PUBLIC_HOST} dns`);
  expect(d.status).toBe("fail");
  expect(d.detail).toContain("resolves to public address 34.120.10.20: the private zone is not in effect for this network");
  expect(report.results.filter((r) => r.host === PUBLIC_HOST && r.kind !== "dns").map((r) => r.status)).toEqual(Array(14).fill("skip"));
});

test("an answer that is not the endpoint's address names both addresses", async () => {
  const report = await runVerify(options({ dbids: ["stray001"] }));
  const d = byId(report, `stray001.production-orch-${ORCH}.neo4j.io dns`);
  expect(d.status).toBe("fail");
  expect(d.detail).toContain("resolves to 127.0.0.2, which is not this endpoint's address (127.0.0.1 from terraform output private_ip)");
});

test("loopback answers fail unless allowed explicitly (tests only)", async () => {
  const report = await runVerify(options({ policy: { allowLoopback: false, privateCidrs: [] } }));
  expect(byId(report, `${HOST} dns`).detail).toContain("resolves to loopback 127.0.0.1, which is never an Aura endpoint (--allow-loopback is for tests only)");
  expect(byId(report, `${HOST} tcp:7687`).status).toBe("skip");
});

test("a closed port fails its TCP check, skips what needs it, and is retried when asked", async () => {
  const port = await closedPort();
  const report = await runVerify(options({ portMap: { 7687: bolt.port, 443: discovery.port, 7474: port }, retries: 1 }));
  const t = byId(report, `${HOST} tcp:7474`);
  expect(t.status).toBe("fail");
  expect(t.detail).toBe(`127.0.0.1:7474 refused the connection (nothing accepts 7474 there: the endpoint does not forward this port, or it is not Aura's endpoint)`);
  expect(t.attempts).toBe(2);
  expect(failures(report)).toEqual([`${HOST} tcp:7474`]);
});

test("a server offering only TLS 1.1: the 1.2 and 1.3 handshakes fail and TLS 1.1 is accepted", async () => {
  const tls11 = { minVersion: "TLSv1.1", maxVersion: "TLSv1.1", ciphers: "DEFAULT:@SECLEVEL=0" } as const;
  const report = await serve443(await startTlsServer({ key: certs.key, cert: certs.cert, ...tls11 }));
  expect(byId(report, `${HOST} tls1.2:443`).detail).toMatch(/^TLS 1\.2 handshake failed: .*\(ERR_SSL_/);
  expect(byId(report, `${HOST} tls1.3:443`).detail).toMatch(/^TLS 1\.3 handshake failed: /);
  expect(byId(report, `${HOST} tls1.1-refused:443`).detail).toMatch(/^the server accepted TLS 1\.1 \(.+\); Aura refuses it, so something other than Aura answers here$/);
  expect(byId(report, `${HOST} certificate:443`).detail).toMatch(/^no handshake succeeded/);
  expect(failures(report)).toEqual([`${HOST} tls1.2:443`, `${HOST} tls1.3:443`, `${HOST} tls1.1-refused:443`, `${HOST} certificate:443`, `${HOST} https:443`]);
});

test("a certificate for another name fails the certificate check only", async () => {
  const report = await serve443(await startDiscoveryServer({ key: certs.otherKey, cert: certs.otherCert }));
  expect(failures(report)).toEqual([`${HOST} certificate:443`]);
  expect(byId(report, `${HOST} certificate:443`).detail).toBe(
    `the certificate is not valid for ${HOST} (it names DNS:db.example.com): this address serves another name, so the record points at the wrong place`,
  );
});

test("a certificate from an untrusted CA fails the certificate check (no --ca-file: the system roots)", async () => {
  const report = await runVerify(options({ caFile: undefined, dbids: ["abcd1234"], deployments: instanceOnly }));
  expect(byId(report, `${HOST} certificate:443`).detail).toMatch(/^the certificate does not chain to a trusted root \(.+\); for a private CA pass --ca-file/);
  expect(byId(report, `${HOST} bolt:7687`).status).toBe("fail");
});

test("a TLS 1.2 suite outside Aura's list is named", async () => {
  const report = await serve443(await startDiscoveryServer(certs, { ciphers: "TLS_AES_128_GCM_SHA256:AES256-GCM-SHA384" }));
  expect(failures(report)).toEqual([`${HOST} tls1.2:443`]);
  expect(byId(report, `${HOST} tls1.2:443`).detail).toMatch(/^negotiated AES256-GCM-SHA384 over TLS 1\.2, which is not in Aura's accepted suites \(/);
  expect(byId(report, `${HOST} tls1.3:443`).detail).toBe("TLS 1.3 with TLS_AES_128_GCM_SHA256");
});

test("a server that accepts and never answers fails within the timeout", async () => {
  const report = await serve443(await startSilentServer(), { timeoutMs: SHORT });
  expect(byId(report, `${HOST} tcp:443`).status).toBe("pass");
  expect(byId(report, `${HOST} tls1.2:443`).detail).toBe(
    `no TLS 1.2 handshake within ${SHORT} ms: the server accepted the connection and never answered (not Aura's TLS front, or traffic is held by a middlebox)`,
  );
  expect(byId(report, `${HOST} https:443`).detail).toBe(`no HTTPS answer within ${SHORT} ms`);
});

test("Bolt authentication failure says the path works and the login does not", async () => {
  const report = await runVerify(options({ credentials: { user: "neo4j", password: async () => "wrong" }, deployments: instanceOnly }));
  expect(failures(report)).toEqual([`${HOST} bolt:7687`]);
  expect(byId(report, `${HOST} bolt:7687`).detail).toBe(
    "the path works but authentication failed for user neo4j (Neo.ClientError.Security.Unauthorized): check the user and the password reference",
  );
  expect(byId(report, `${HOST} routing`).status).toBe("skip");
});

test("without credentials Bolt is proven by the refused anonymous login; the routing table is skipped", async () => {
  const report = await runVerify(options({ credentials: undefined, deployments: instanceOnly }));
  expect(report.ok).toBe(true);
  expect(byId(report, `${HOST} bolt:7687`).detail).toMatch(/^Bolt answered and refused an anonymous login/);
  expect(byId(report, `${HOST} routing`).status).toBe("skip");
});

test("a routing table entry that resolves publicly fails the routing check; the driver never connects to it", async () => {
  const routed = await BoltTestServer.start({
    tls: { key: certs.key, cert: certs.cert },
    routingTable: (address) => ({ readers: [`${PUBLIC_HOST}:${address.split(":")[1]}`, address] }),
  });
  extra.push(routed);
  const report = await runVerify(options({ portMap: { 7687: routed.port, 443: discovery.port, 7474: http.port }, deployments: instanceOnly }));
  expect(failures(report)).toEqual([`${HOST} routing`]);
  expect(byId(report, `${HOST} routing`).detail).toContain(
    `routing table entry ${PUBLIC_HOST}:${routed.port}: ${PUBLIC_HOST} resolves to public address 34.120.10.20: the private zone is not in effect`,
  );
  expect(byId(report, `${HOST} bolt:7687`).status).toBe("pass");
});

test("without --dns-server names go to the system resolver (getaddrinfo), as applications do", async () => {
  const resolve = makeResolver(undefined, TIMEOUT);
  expect(await resolve("localhost")).toMatchObject({ ok: true, addresses: expect.arrayContaining([expect.stringMatching(/^(127\.0\.0\.1|::1)$/)]) });
  expect(await resolve("no-such-name.invalid")).toMatchObject({ ok: false, code: expect.stringMatching(/^(ENOTFOUND|EAI_AGAIN)$/) });
});

describe("the CLI", () => {
  let dir: string;
  beforeAll(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), "verify-cli-"));
    fs.writeFileSync(path.join(dir, "outputs.json"), JSON.stringify(outputs));
  });
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  const args = () => [
    "verify",
    "--outputs",
    path.join(dir, "outputs.json"),
    "--dns-server",
    dns.server,
    "--allow-loopback",
    "--ca-file",
    certs.caFile,
    "--port-map",
    `7687=${bolt.port}`,
    "--port-map",
    `443=${discovery.port}`,
    "--port-map",
    `7474=${http.port}`,
    "--timeout",
    `${TIMEOUT}ms`,
    "--retries",
    "0",
    "--user",
    "neo4j",
    "--password-env",
    "VERIFY_TEST_PASSWORD",
  ];

  test("a passing run prints the table and exits 0", async () => {
    const r = await runAuraSecure([...args(), "--dbid", "abcd1234"], { VERIFY_TEST_PASSWORD: "test-password" });
    expect(r.stderr).toBe("");
    expect(r.code).toBe(0);
    const lines = r.stdout.trim().split("\n");
    expect(lines[0]).toMatch(/^STATUS\s+NAME\s+CHECK\s+DETAIL$/);
    expect(lines.filter((l) => l.startsWith("PASS"))).toHaveLength(27);
    expect(lines.at(-1)).toMatch(/^27 passed, 0 failed, 0 skipped in \d+\.\d s: the private path works$/);
    expect(r.stdout).not.toContain("test-password");
  });

  test("--dns-server takes a host name: resolved once through the system resolver, and said so", async () => {
    const port = dns.server.split(":")[1];
    let said = "";
    const spy = jest.spyOn(process.stderr, "write").mockImplementation((chunk: string | Uint8Array) => ((said += String(chunk)), true));
    const r = await runAuraSecure([...args().map((a) => (a === dns.server ? `localhost:${port}` : a)), "--dbid", "abcd1234", "--json"], { VERIFY_TEST_PASSWORD: "test-password" }).finally(() =>
      spy.mockRestore(),
    );
    expect(r.stderr).toBe("");
    expect(said).toMatch(new RegExp(`^verify: --dns-server localhost resolved once, through the system resolver, to (127\\.0\\.0\\.1|::1)[^;]*; every name is asked of \\S+:${port}\n`));
    expect(byId(JSON.parse(r.stdout) as VerifyReport, `${HOST} dns`)).toMatchObject({ status: "pass", detail: "127.0.0.1 (the endpoint's address)" });
  });

  test("a DNS server that does not answer: one line per attempt with the cause once, then every other name fails at once", async () => {
    const silentDns = dgram.createSocket("udp4");
    await new Promise<void>((resolve) => silentDns.bind(0, "127.0.0.1", resolve));
    const address = `127.0.0.1:${silentDns.address().port}`;
    let said = "";
    const spy = jest.spyOn(process.stderr, "write").mockImplementation((chunk: string | Uint8Array) => ((said += String(chunk)), true));
    try {
      const quick = args().map((a) => (a === dns.server ? address : a === `${TIMEOUT}ms` ? `${SHORT}ms` : a === "0" ? "2" : a));
      const r = await runAuraSecure([...quick, "--retry-delay", "10ms", "--dbid", "abcd1234", "--json"], { VERIFY_TEST_PASSWORD: "test-password" });
      const report = JSON.parse(r.stdout) as VerifyReport;
      const first = byId(report, `${HOST} dns`);
      expect(first).toMatchObject({ status: "fail", attempts: 3 });
      expect(first.detail).toBe(`${HOST} could not be resolved: DNS server ${address} did not answer (ETIMEOUT: queryA ETIMEOUT ${HOST}); check the DNS server is reachable from here`);
      const others = report.results.filter((x) => x.kind === "dns" && x.host !== HOST);
      expect(others.length).toBe(5);
      for (const o of others) expect(o).toMatchObject({ status: "fail", attempts: 1, detail: `not asked: DNS server ${address} did not answer for ${HOST} (see that check)` });
      expect(said.split("\n").filter((l) => l.includes(" dns resolves privately: "))).toEqual([
        `verify: ${HOST} dns resolves privately: ${first.detail}; attempt 2/3 in 0.0 s`,
        `verify: ${HOST} dns resolves privately: same failure; attempt 3/3 in 0.0 s`,
      ]);
    } finally {
      spy.mockRestore();
      silentDns.close();
    }
  });

  test("--json and --junit report every check with the reason of each failure, and exit 1", async () => {
    const junit = path.join(dir, "verify.xml");
    const r = await runAuraSecure([...args(), "--dbid", "abcd1234", "--dbid", "missing1", "--json", "--junit", junit], { VERIFY_TEST_PASSWORD: "test-password" });
    expect(r.code).toBe(1);
    const json = JSON.parse(r.stdout) as VerifyReport;
    expect(json).toMatchObject({ ok: false, passed: 27, failed: 1, skipped: 14 });
    const nx = json.results.find((x) => x.id === `missing1.production-orch-${ORCH}.neo4j.io dns`)!;
    expect(nx).toMatchObject({ status: "fail", kind: "dns", check: "dns resolves privately", attempts: 1 });

    const xml = create(fs.readFileSync(junit, "utf8")).end({ format: "object" }) as Record<string, any>;
    const suites = xml.testsuites;
    expect(suites["@tests"]).toBe("42");
    expect(suites["@failures"]).toBe("1");
    expect(suites["@skipped"]).toBe("14");
    const missing = (suites.testsuite as any[]).find((s) => s["@name"] === `missing1.production-orch-${ORCH}.neo4j.io`);
    expect(missing["@failures"]).toBe("1");
    const dnsCase = (missing.testcase as any[]).find((c) => c["@name"] === "dns resolves privately");
    expect(dnsCase.failure["@message"]).toBe(nx.detail);
    expect(dnsCase.failure["@type"]).toBe("dns");
    expect((missing.testcase as any[]).filter((c) => c.skipped)).toHaveLength(14);
  });

  // Progress follows the run's clock (a virtual one here, moved 100 ms per look): no line before 1 s, then one per check.
  test("progress goes to stderr once a run has taken a second, and only then", async () => {
    const captured = async (now: () => number) => {
      let progress = "";
      const spy = jest.spyOn(process.stderr, "write").mockImplementation((chunk: string | Uint8Array) => {
        progress += String(chunk);
        recordOutput("stderr (captured by the test)", chunk);
        return true;
      });
      try {
        const r = await runProgram(new Command("aura-secure").addCommand(verifyCommand({ now })), [...args(), "--dbid", "abcd1234", "--json"], { VERIFY_TEST_PASSWORD: "test-password" });
        expect(r.code).toBe(0);
        expect(r.stderr).toBe("");
        const report = JSON.parse(r.stdout) as VerifyReport;
        expect([report.passed, report.failed, report.skipped]).toEqual([27, 0, 0]);
        return { lines: progress === "" ? [] : progress.trimEnd().split("\n") };
      } finally {
        spy.mockRestore();
      }
    };

    // The clock never moves: a quick run prints nothing but its report.
    expect((await captured(() => 5_000)).lines).toEqual([]);

    // The start reads 0; the checks read 100, 200, ...: the tenth check is the first at 1 s.
    let clock = -100;
    const { lines } = await captured(() => (clock += 100));
    expect(lines).toEqual([
      "verify: 27 checks, still running...",
      `verify: [10/27] ${HOST} tls 1.3 on 443`,
      `verify: [11/27] ${HOST} tls 1.1 refused on 443`,
      `verify: [12/27] ${HOST} certificate on 443`,
      `verify: [13/27] ${HOST} https GET / on 443`,
      `verify: [14/27] ${HOST} bolt on 7687`,
      `verify: [15/27] ${HOST} routing table private`,
      `verify: [16/27] ${CUSTOM_HOST} dns resolves privately`,
      `verify: [17/27] ${CUSTOM_HOST} tcp 7687`,
      `verify: [18/27] ${CUSTOM_HOST} tls 1.2 on 7687`,
      `verify: [19/27] ${CUSTOM_HOST} tls 1.3 on 7687`,
      `verify: [20/27] ${CUSTOM_HOST} tls 1.1 refused on 7687`,
      `verify: [21/27] ${CUSTOM_HOST} certificate on 7687`,
      `verify: [22/27] ${CUSTOM_HOST} bolt on 7687`,
      `verify: [23/27] ${CUSTOM_HOST} routing table private`,
      `verify: [24/27] a-${CUSTOM_HOST} dns resolves privately`,
      `verify: [25/27] b-${CUSTOM_HOST} dns resolves privately`,
      `verify: [26/27] c-${CUSTOM_HOST} dns resolves privately`,
      `verify: [27/27] d-${CUSTOM_HOST} dns resolves privately`,
    ]);
  });

  test("--config: names come from the app config (no endpoint addresses to compare)", async () => {
    const config = path.join(dir, "aura.json");
    fs.writeFileSync(config, JSON.stringify(exampleConfig));
    const cli = args().filter((a, i, all) => a !== "--outputs" && all[i - 1] !== "--outputs");
    const quiet = jest.spyOn(process.stderr, "write").mockImplementation((chunk: string | Uint8Array) => (recordOutput("stderr (silenced by the test)", chunk), true));
    const r = await runAuraSecure([...cli, "--config", config, "--dbid", HOST, "--json"], { VERIFY_TEST_PASSWORD: "test-password" }).finally(() => quiet.mockRestore());
    const report = JSON.parse(r.stdout) as VerifyReport;
    expect(r.code).toBe(1);
    expect(byId(report, `${HOST} dns`)).toMatchObject({ status: "pass", detail: "127.0.0.1" });
    // The instance and the custom endpoint this test serves: every one of their 27 checks passes.
    expect(report.results.filter((x) => x.host === HOST || x.host.endsWith(CUSTOM_HOST)).map((x) => x.status)).toEqual(Array(27).fill("pass"));
    // The example's other custom endpoints are not held by this test's DNS server: NXDOMAIN for each name, the
    // rest of their checks (7 for each endpoint name, none for its a- to d- records) skipped.
    const other = report.results.filter((x) => !(x.host === HOST || x.host.endsWith(CUSTOM_HOST)));
    const otherNames = ["analytics-fedcba-654321", "reports-abcdef-234567", "billing-abcdef-345678"].flatMap((n) => ["", "a-", "b-", "c-", "d-"].map((p) => `${p}${n}.endpoints.neo4j.io`));
    expect(other.filter((x) => x.kind === "dns").map((x) => [x.host, x.status, x.detail.includes(`(NXDOMAIN from DNS server ${dns.server})`)]).sort()).toEqual(otherNames.map((h) => [h, "fail", true]).sort());
    expect(other.filter((x) => x.kind !== "dns").map((x) => x.status)).toEqual(Array(21).fill("skip"));
  });

  test("bad flags are user errors naming the flag", async () => {
    const cases: Array<[string[], string]> = [
      [["--port-map", "22=1"], '--port-map "22=1" must be <aura port>=<port>'],
      [["--timeout", "soon"], '--timeout "soon" is not a duration'],
      [["--timeout", "10ms"], "--timeout 10 ms is out of range"],
      [["--retries", "9"], "--retries 9 is out of range; allowed 0-5"],
      [["--private-cidr", "0.0.0.0/0"], "--private-cidr 0.0.0.0/0 would call every address private"],
      // A CA file that holds no certificate would leave nothing to trust (or, read leniently, the system's roots).
      [["--ca-file", path.join(dir, "outputs.json")], `--ca-file ${path.join(dir, "outputs.json")} holds no PEM certificate; expected a PEM file of CA certificates (-----BEGIN CERTIFICATE-----)`],
      [["--dbid", "x.production-orch-9999.neo4j.io"], "--dbid x.production-orch-9999.neo4j.io: orchestration 9999 is not served by the given stacks (they serve 0000)"],
    ];
    for (const [extraArgs, message] of cases) {
      const r = await runAuraSecure([...args(), "--dbid", "abcd1234", ...extraArgs], { VERIFY_TEST_PASSWORD: "test-password" });
      expect({ extraArgs, code: r.code, stderr: r.stderr }).toEqual({ extraArgs, code: 1, stderr: expect.stringContaining(`error: ${message}`) });
      expect(r.stdout).toBe("");
    }
  });
});

describe("the Lambda runner's handler", () => {
  const event = () => ({
    action: "verify" as const,
    outputs: gcpOutputs({ orch: ORCH, privateIp: "127.0.0.1" }),
    dbids: ["abcd1234"],
    dnsServer: dns.server,
    timeout: `${TIMEOUT}ms`,
    retries: 0,
    allowLoopback: true,
    caFile: certs.caFile,
    portMap: [`7687=${bolt.port}`, `443=${discovery.port}`, `7474=${http.port}`],
    user: "neo4j",
    password: { env: "VERIFY_TEST_PASSWORD" },
  });

  test("runs the same checks on {action: verify} and returns the report with the table", async () => {
    process.env.VERIFY_TEST_PASSWORD = "test-password";
    try {
      const result = (await handler(event())) as Awaited<ReturnType<typeof runVerify>> & { table: string };
      expect(result).toMatchObject({ ok: true, passed: 15, failed: 0, skipped: 0 });
      expect(result.table).toMatch(/15 passed, 0 failed, 0 skipped in \d+\.\d s: the private path works\n$/);
      expect(JSON.stringify(result)).not.toContain("test-password");
    } finally {
      delete process.env.VERIFY_TEST_PASSWORD;
    }
  });

  test("a bad verify event is a one-line function error naming the field", async () => {
    await expect(handler({ ...event(), retries: "two" } as never)).rejects.toMatchObject({
      name: "Neo4jAccessError",
      message: expect.stringContaining("invalid verify event:\n  - retries: got \"two\""),
    });
    await expect(handler({ ...event(), user: undefined })).rejects.toThrow("verify event: give both user and password (a secret reference), or neither");
    await expect(handler({ ...event(), retries: 7 })).rejects.toThrow("retries 7 is out of range; allowed 0-5");
  });
});
