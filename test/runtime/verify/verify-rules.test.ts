import { classifyAddress, parsePrivateCidrs } from "../../../runtime/verify/addresses";
import { parseRoutingTableLog } from "../../../runtime/verify/bolt";
import { parseDnsServer, parsePortMap, passwordRef, resolveDnsServer } from "../../../runtime/verify/flags";
import { deploymentsFromConfig, deploymentsFromOutputs } from "../../../runtime/verify/inputs";
import {
  judgeBolt,
  judgeCertificate,
  judgeDiscovery,
  judgeDns,
  judgeHandshake,
  judgeRouting,
  judgeTcp,
  judgeTls11,
} from "../../../runtime/verify/judge";
import { checksFor, instanceHost, planTargets } from "../../../runtime/verify/plan";
import { renderJunit } from "../../../runtime/verify/junit";
import { renderJson, renderTable } from "../../../runtime/verify/report";
import { checkLimits, splitHostPort, type VerifyReport } from "../../../runtime/verify/run";
import { UserError } from "../../../runtime/cli/errors";
import { parseConfig } from "../../../config/load";
import { exampleConfig } from "../../../config/example";
import { gcpOutputs } from "./fixtures";

const strict = { allowLoopback: false, privateCidrs: [] };

describe("classifyAddress", () => {
  test.each([
    ["10.0.0.5", strict, "private"],
    ["172.16.0.1", strict, "private"],
    ["172.31.255.255", strict, "private"],
    ["172.32.0.1", strict, "public"],
    ["192.168.1.1", strict, "private"],
    ["100.64.0.1", strict, "private"],
    ["100.128.0.1", strict, "public"],
    ["34.120.10.20", strict, "public"],
    ["fd12:3456::1", strict, "private"],
    ["2600:1f18::1", strict, "public"],
    ["127.0.0.1", strict, "loopback"],
    ["127.0.0.2", { allowLoopback: true, privateCidrs: [] }, "private"],
    ["::1", { allowLoopback: true, privateCidrs: [] }, "private"],
    ["35.0.0.9", { allowLoopback: false, privateCidrs: ["35.0.0.0/16"] }, "private"],
  ] as const)("%s with %j is %s", (address, policy, expected) => {
    expect(classifyAddress(address, policy)).toBe(expected);
  });

  test("--private-cidr values are checked like config CIDRs", () => {
    expect(parsePrivateCidrs(["35.0.0.0/16"])).toEqual(["35.0.0.0/16"]);
    expect(() => parsePrivateCidrs(["35.0.0.1/16"])).toThrow("--private-cidr \"35.0.0.1/16\" has host bits set");
    expect(() => parsePrivateCidrs(["0.0.0.0/0"])).toThrow("would call every address private");
  });
});

describe("inputs", () => {
  test("terraform output -json of one stack", () => {
    const [d] = deploymentsFromOutputs(gcpOutputs({ orch: "0002", privateIp: "10.1.2.3", customEndpoints: ["ep-1"], product: "AuraDS Enterprise" }), "o.json");
    expect(d).toEqual({ source: "terraform output", product: "ds-enterprise", orchestrations: ["0002"], customEndpoints: ["ep-1"], endpointAddresses: ["10.1.2.3"], endpointDnsNames: [] });
  });

  test("the cdktf --outputs-file holds several stacks, values unwrapped; AWS gives the endpoint's DNS name", () => {
    const unwrap = (o: Record<string, unknown>) => Object.fromEntries(Object.entries(o).map(([k, v]) => [k, (v as { value: unknown }).value]));
    const aws = { ...unwrap(gcpOutputs({ orch: "0000", privateIp: "x" })), endpoint_dns_entries: [{ dns_name: "vpce-1.vpce-svc-2.us-east-1.vpce.amazonaws.com", hosted_zone_id: "Z1" }] };
    delete (aws as Record<string, unknown>).private_ip;
    const file = { "aura-aws-us-east-1": aws, "aura-gcp-europe-west1": unwrap(gcpOutputs({ orch: "0001", privateIp: "10.9.0.4" })) };
    const ds = deploymentsFromOutputs(file, "out.json");
    expect(ds.map((d) => [d.source, d.orchestrations, d.endpointAddresses, d.endpointDnsNames])).toEqual([
      ["aura-aws-us-east-1", ["0000"], [], ["vpce-1.vpce-svc-2.us-east-1.vpce.amazonaws.com"]],
      ["aura-gcp-europe-west1", ["0001"], ["10.9.0.4"], []],
    ]);
  });

  test.each([
    [{}, "no aura_console output found"],
    [{ aura_console: { product: "Other" }, private_uri_patterns: [] }, "aura_console.product: got \"Other\"; must be one of"],
    [{ aura_console: { product: "AuraDS Enterprise" }, private_uri_patterns: ["bolt://x"] }, 'private_uri_patterns holds "bolt://x"'],
  ])("bad outputs %j", (json, message) => {
    expect(() => deploymentsFromOutputs(json, "o.json")).toThrow(message);
    expect(() => deploymentsFromOutputs(json, "o.json")).toThrow(UserError);
  });

  test("the app config gives names but no endpoint addresses", () => {
    const ds = deploymentsFromConfig(parseConfig(exampleConfig), "app.yaml");
    expect(ds[0]).toMatchObject({ source: "app.yaml regions[0] (aws us-east-1)", orchestrations: ["0000"], customEndpoints: ["orders-abcdef-123456"], endpointAddresses: [] });
  });
});

describe("planning", () => {
  const [vdc] = deploymentsFromOutputs(gcpOutputs({ orch: "0000", privateIp: "10.0.0.1" }), "o");
  const [ds] = deploymentsFromOutputs(gcpOutputs({ orch: "0001", privateIp: "10.0.0.2", product: "AuraDS Enterprise", customEndpoints: ["ep"] }), "o");

  test.each([
    ["instance", "AuraDB", vdc, ["dns", "tcp:7687", "tcp:443", "tcp:7474", "tls1.2:7687", "tls1.3:7687", "tls1.1-refused:7687", "certificate:7687", "tls1.2:443", "tls1.3:443", "tls1.1-refused:443", "certificate:443", "https:443", "bolt:7687", "routing"]],
    ["instance", "AuraDS", ds, ["dns", "tcp:7687", "tcp:443", "tcp:7474", "tcp:8491", "tls1.2:7687", "tls1.3:7687", "tls1.1-refused:7687", "certificate:7687", "tls1.2:443", "tls1.3:443", "tls1.1-refused:443", "certificate:443", "https:443", "bolt:7687", "routing"]],
    ["custom-endpoint", "AuraDB", vdc, ["dns", "tcp:7687", "tls1.2:7687", "tls1.3:7687", "tls1.1-refused:7687", "certificate:7687", "bolt:7687", "routing"]],
    ["custom-endpoint-record", "AuraDB", vdc, ["dns"]],
  ] as const)("%s of %s", (role, _label, d, kinds) => {
    expect(checksFor("h", role, d!).map((c) => c.id.slice(2))).toEqual(kinds);
  });

  test.each([
    ["abcd1234", [vdc!], "abcd1234.production-orch-0000.neo4j.io"],
    ["ABCD1234.production-orch-0001.neo4j.io", [vdc!, ds!], "abcd1234.production-orch-0001.neo4j.io"],
  ])("--dbid %s", (dbid, deployments, host) => {
    expect(instanceHost(dbid, deployments).host).toBe(host);
  });

  test.each([
    ["abcd1234", () => [vdc!, ds!], "--dbid abcd1234: the given stacks serve 2 orchestrations (0000, 0001); write the full name"],
    ["x.production-orch-0009.neo4j.io", () => [vdc!], "orchestration 0009 is not served by the given stacks (they serve 0000)"],
    ["bad_id!", () => [vdc!], '--dbid "bad_id!" is not an instance id'],
  ])("--dbid %s is refused", (dbid, deployments, message) => {
    expect(() => instanceHost(dbid, deployments())).toThrow(message);
  });

  test("targets: instances, then each custom endpoint and its a- to d- records; nothing to check is an error", () => {
    expect(planTargets([ds!], ["db1"]).map((t) => `${t.role} ${t.host}`)).toEqual([
      "instance db1.production-orch-0001.neo4j.io",
      "custom-endpoint ep.endpoints.neo4j.io",
      ...["a", "b", "c", "d"].map((p) => `custom-endpoint-record ${p}-ep.endpoints.neo4j.io`),
    ]);
    expect(() => planTargets([vdc!], [])).toThrow("nothing to check: give --dbid");
  });
});

describe("verdicts", () => {
  const expected = { addresses: ["10.0.0.1"], from: "private_ip" };
  test.each([
    [{ ok: false, code: "ENOTFOUND", message: "" }, null, "fail", "h does not exist here (NXDOMAIN)"],
    [{ ok: false, code: "ENODATA", message: "" }, null, "fail", "has no A/AAAA record here (NODATA)"],
    [{ ok: false, code: "ETIMEOUT", message: "x", server: "DNS server 10.0.0.2:53" }, null, "fail", "h could not be resolved: DNS server 10.0.0.2:53 did not answer (ETIMEOUT: x)"],
    [{ ok: false, code: "ENOTFOUND", message: "", server: "the system resolver" }, null, "fail", "h does not exist here (NXDOMAIN from the system resolver)"],
    [{ ok: false, code: "EREFUSED", message: "queryA EREFUSED h", server: "DNS server 10.0.0.2:53" }, null, "fail", "h could not be resolved (EREFUSED from DNS server 10.0.0.2:53: queryA EREFUSED h)"],
    [{ ok: true, addresses: ["10.0.0.1"] }, expected, "pass", "10.0.0.1 (the endpoint's address)"],
    [{ ok: true, addresses: ["10.0.0.1", "10.0.0.9"] }, null, "pass", "10.0.0.1, 10.0.0.9"],
    [{ ok: true, addresses: ["10.0.0.9"] }, expected, "fail", "resolves to 10.0.0.9, which is not this endpoint's address (10.0.0.1 from private_ip)"],
    [{ ok: true, addresses: ["10.0.0.1", "52.1.1.1"] }, expected, "fail", "resolves to public address 52.1.1.1: the private zone is not in effect"],
  ] as const)("dns %j expecting %j: %s", (answer, exp, status, detail) => {
    const v = judgeDns("h", answer, exp, strict);
    expect(v.status).toBe(status);
    expect(v.detail).toContain(detail);
  });

  test("a public answer leaves only the private addresses usable", () => {
    expect(judgeDns("h", { ok: true, addresses: ["10.0.0.1", "52.1.1.1"] }, null, strict).usable).toEqual(["10.0.0.1"]);
  });

  test.each([
    [[{ address: "10.0.0.1", ok: true }], "pass", "connected to 10.0.0.1", false],
    [[{ address: "10.0.0.1", ok: false, code: "ECONNREFUSED" }], "fail", "10.0.0.1:7474 refused the connection", true],
    [[{ address: "10.0.0.1", ok: false, code: "ETIMEDOUT" }], "fail", "no connection to 10.0.0.1:7474 within 100 ms (a security group or firewall drops it, or the endpoint is not yet accepted", true],
  ] as const)("tcp %j", (results, status, detail, retryable) => {
    const v = judgeTcp(7474, results, 100);
    expect(v).toMatchObject({ status, detail: expect.stringContaining(detail) });
    expect(Boolean(v.retryable)).toBe(retryable);
  });

  const ok = (protocol: string, cipher: string, authorized = true, authorizationError?: string) => ({ ok: true as const, protocol, cipher, authorized, authorizationError, subjectAltName: "DNS:x" });
  test.each([
    ["TLSv1.2", ok("TLSv1.2", "ECDHE-RSA-AES128-GCM-SHA256"), "pass", "TLS 1.2 with ECDHE-RSA-AES128-GCM-SHA256"],
    ["TLSv1.2", ok("TLSv1.2", "DHE-RSA-AES256-GCM-SHA384"), "pass", "TLS 1.2 with DHE-RSA-AES256-GCM-SHA384"],
    ["TLSv1.2", ok("TLSv1.2", "ECDHE-ECDSA-AES128-GCM-SHA256"), "fail", "negotiated ECDHE-ECDSA-AES128-GCM-SHA256 over TLS 1.2, which is not in Aura's accepted suites"],
    ["TLSv1.3", ok("TLSv1.3", "TLS_CHACHA20_POLY1305_SHA256"), "pass", "TLS 1.3 with TLS_CHACHA20_POLY1305_SHA256"],
    ["TLSv1.3", ok("TLSv1.3", "TLS_AES_128_CCM_SHA256"), "fail", "negotiated TLS_AES_128_CCM_SHA256 over TLS 1.3"],
    ["TLSv1.3", { ok: false as const, code: "ECONNRESET", message: "closed", timedOut: false }, "fail", "TLS 1.3 handshake failed: closed (ECONNRESET)"],
  ] as const)("%s handshake %j", (want, r, status, detail) => {
    expect(judgeHandshake(want, r, 100)).toMatchObject({ status, detail: expect.stringContaining(detail) });
  });

  test.each([
    [{ ok: false as const, code: "ERR_SSL_TLSV1_ALERT_PROTOCOL_VERSION", message: "", timedOut: false }, "pass", "refused (ERR_SSL_TLSV1_ALERT_PROTOCOL_VERSION)"],
    [ok("TLSv1.1", "ECDHE-RSA-AES256-SHA"), "fail", "the server accepted TLS 1.1"],
    [{ ok: false as const, code: "ETIMEDOUT", message: "", timedOut: true }, "fail", "refusal could not be confirmed"],
  ])("tls 1.1 %j", (r, status, detail) => {
    expect(judgeTls11(r, 100)).toMatchObject({ status, detail: expect.stringContaining(detail) });
  });

  test.each([
    [[ok("TLSv1.2", "x")], undefined, "pass", "valid for h, chains to a trusted root"],
    [[ok("TLSv1.2", "x")], "/ca.pem", "pass", "chains to a root in /ca.pem"],
    [[ok("TLSv1.2", "x", false, "ERR_TLS_CERT_ALTNAME_INVALID")], undefined, "fail", "the certificate is not valid for h (it names DNS:x)"],
    [[ok("TLSv1.2", "x", false, "UNABLE_TO_VERIFY_LEAF_SIGNATURE")], undefined, "fail", "does not chain to a trusted root (UNABLE_TO_VERIFY_LEAF_SIGNATURE); for a private CA pass --ca-file"],
  ] as const)("certificate %j with ca %s", (handshakes, ca, status, detail) => {
    expect(judgeCertificate("h", handshakes, ca, 100)).toMatchObject({ status, detail: expect.stringContaining(detail) });
  });

  test.each([
    [{ status: 200, body: '{"neo4j_version":"5.27-aura","bolt_routing":"neo4j+s://h:7687"}' }, "pass", "Neo4j 5.27-aura, bolt neo4j+s://h:7687"],
    [{ status: 200, body: '{"bolt_direct":"bolt://h","neo4j_version":"5","neo4j_edition":"enterprise"}' }, "pass", "Neo4j 5 enterprise, bolt bolt://h"],
    [{ status: 200, body: "<html>" }, "fail", "that is not JSON, so not Neo4j's discovery document"],
    [{ status: 200, body: '{"status":"ok"}' }, "fail", "without neo4j_version and bolt_routing/bolt_direct"],
    [{ status: 403, body: "" }, "fail", "GET / answered HTTP 403"],
  ])("discovery %j", (r, status, detail) => {
    expect(judgeDiscovery({ ok: true, contentType: "application/json", ...r }, 100)).toMatchObject({ status, detail: expect.stringContaining(detail) });
  });

  test.each([
    [{ ok: true as const, agent: "Neo4j/5.27-aura", protocolVersion: "5.8", authenticated: true, user: "u" }, "pass", "Neo4j/5.27-aura over Bolt 5.8, logged in as u"],
    [{ ok: false as const, code: "Neo.ClientError.Security.Unauthorized", message: "", timedOut: false, user: "u" }, "fail", "authentication failed for user u"],
    [{ ok: false as const, code: "ServiceUnavailable", message: "Could not perform discovery", timedOut: false }, "fail", "Bolt connection failed: Could not perform discovery (ServiceUnavailable)"],
  ])("bolt %j", (r, status, detail) => {
    expect(judgeBolt(r, 100)).toMatchObject({ status, detail: expect.stringContaining(detail) });
  });

  test("routing: every entry private; literal addresses are judged too; no table is a skip", () => {
    const e = (address: string, addresses: string[]) => ({ address, host: splitHostPort(address).host, answer: { ok: true as const, addresses } });
    expect(judgeRouting([e("a:7687", ["10.0.0.1"]), e("10.0.0.1:7687", ["10.0.0.1"])], strict, null).status).toBe("pass");
    expect(judgeRouting([e("a:7687", ["10.0.0.1"]), e("b:7687", ["3.3.3.3"])], strict, null).detail).toBe(
      "routing table entry b:7687: b resolves to public address 3.3.3.3: the private zone is not in effect for this network (zone not associated with the VPC/network, or the query did not reach the private resolver), so clients would go over the internet",
    );
    expect(judgeRouting(null, strict, null).status).toBe("skip");
    expect(judgeRouting([], strict, null).status).toBe("fail");
  });
});

describe("helpers", () => {
  test("the driver's routing table log line", () => {
    const line = "Updated routing table RoutingTable[database=neo4j, expirationTime=1, currentTime=0, routers=[a.neo4j.io:7687], readers=[b.neo4j.io:7687,a.neo4j.io:7687], writers=[a.neo4j.io:7687]]";
    expect(parseRoutingTableLog(["other", line])).toEqual(["a.neo4j.io:7687", "b.neo4j.io:7687"]);
    expect(parseRoutingTableLog(["Updated routing table RoutingTable[routers=?]"])).toBeNull();
    expect(parseRoutingTableLog([])).toBeNull();
  });

  test.each([
    ["h:7687", { host: "h", port: 7687 }],
    ["[fd00::1]:7687", { host: "fd00::1", port: 7687 }],
    ["h", { host: "h", port: 7687 }],
  ])("splitHostPort %s", (a, r) => expect(splitHostPort(a)).toEqual(r));

  test("--dns-server: an address is used as given; a host name is resolved once, IPv4 first, and said so", async () => {
    const lookups: string[] = [];
    const lookup = async (host: string) => (lookups.push(host), ["fd00::53", "10.0.0.2"]);
    expect(await resolveDnsServer({ host: "10.0.0.9", port: 5353 }, "--dns-server", lookup)).toEqual({ address: "10.0.0.9:5353", description: "DNS server 10.0.0.9:5353" });
    expect(await resolveDnsServer({ host: "fd00::9", port: 53 }, "--dns-server", lookup)).toEqual({ address: "[fd00::9]:53", description: "DNS server [fd00::9]:53" });
    expect(lookups).toEqual([]);
    expect(await resolveDnsServer({ host: "resolver.corp.example", port: 53 }, "--dns-server", lookup)).toEqual({
      address: "10.0.0.2:53",
      description: "DNS server 10.0.0.2:53 (--dns-server resolver.corp.example)",
      note: "--dns-server resolver.corp.example resolved once, through the system resolver, to 10.0.0.2 (of fd00::53, 10.0.0.2); every name is asked of 10.0.0.2:53",
    });
    expect(lookups).toEqual(["resolver.corp.example"]);
    const missing = async () => Promise.reject(Object.assign(new Error("getaddrinfo ENOTFOUND"), { code: "ENOTFOUND" }));
    await expect(resolveDnsServer({ host: "resolver.corp.example", port: 53 }, "dnsServer", missing)).rejects.toThrow(
      "dnsServer resolver.corp.example: the name does not resolve through the system resolver (ENOTFOUND); give the DNS server's IP address instead",
    );
  });

  test("flags", () => {
    expect(parsePortMap(["7687=1000", "443=1001"])).toEqual({ 7687: 1000, 443: 1001 });
    expect(() => parsePortMap(["7687=70000"])).toThrow("must be <aura port>=<port>");
    expect(parseDnsServer("10.0.0.2:53")).toEqual({ host: "10.0.0.2", port: 53 });
    expect(parseDnsServer("[fd00::2]:5353")).toEqual({ host: "fd00::2", port: 5353 });
    expect(parseDnsServer("fd00::2")).toEqual({ host: "fd00::2", port: 53 });
    expect(parseDnsServer("resolver.corp.example:53")).toEqual({ host: "resolver.corp.example", port: 53 });
    expect(parseDnsServer("resolver.corp.example.")).toEqual({ host: "resolver.corp.example", port: 53 });
    for (const bad of ["10.0.0.2:99999", "a:b:c", "300.1.1.1", "bad name:53", "[nope]:53", ""]) {
      expect(() => parseDnsServer(bad)).toThrow(`--dns-server ${JSON.stringify(bad)} must be an address or host name with an optional port`);
    }
    expect(passwordRef({ passwordEnv: "P" })).toEqual({ env: "P" });
    expect(passwordRef({ passwordFile: "/p" })).toEqual({ file: "/p" });
    expect(() => passwordRef({ passwordEnv: "P", passwordFile: "/p" })).toThrow("not both");
    expect(() => checkLimits({ timeoutMs: 10, retries: 0 })).toThrow("--timeout 10 ms is out of range");
    expect(() => checkLimits({ timeoutMs: 1000, retries: 6 })).toThrow("--retries 6 is out of range");
  });
});

describe("reports", () => {
  const report: VerifyReport = {
    ok: false,
    passed: 1,
    failed: 1,
    skipped: 1,
    durationMs: 1234,
    results: [
      { id: "h dns", host: "h", check: "dns resolves privately", kind: "dns", status: "pass", detail: "10.0.0.1", attempts: 1, durationMs: 3 },
      { id: "h tcp:7474", host: "h", check: "tcp 7474", kind: "tcp", port: 7474, status: "fail", detail: 'refused <"&>', attempts: 3, durationMs: 10 },
      { id: "h tls1.2:443", host: "h", check: "tls 1.2 on 443", kind: "tls1.2", port: 443, status: "skip", detail: "skipped: tcp 443 did not pass", attempts: 1, durationMs: 0 },
    ],
  };
  test("table: aligned columns, attempts, summary", () => {
    expect(renderTable(report)).toBe(
      [
        "STATUS  NAME  CHECK                   DETAIL",
        "PASS    h     dns resolves privately  10.0.0.1",
        'FAIL    h     tcp 7474                refused <"&> (3 attempts)',
        "SKIP    h     tls 1.2 on 443          skipped: tcp 443 did not pass",
        "",
        "1 passed, 1 failed, 1 skipped in 1.2 s: the private path is NOT proven; fix the failures above (README: Verify the private path after deploy)",
        "",
      ].join("\n"),
    );
  });
  test("json round-trips", () => expect(JSON.parse(renderJson(report))).toEqual(report));
  test("junit escapes text and marks failures and skips", () => {
    const xml = renderJunit(report);
    expect(xml).toContain('<testsuites name="aura-secure verify" tests="3" failures="1" skipped="1" time="1.234">');
    expect(xml).toContain('<failure message="refused &lt;&quot;&amp;&gt;" type="tcp">refused &lt;"&amp;&gt;</failure>');
    expect(xml).toContain('<skipped message="skipped: tcp 443 did not pass"/>');
  });
});
