import { parseDays, parseDnsNames, parseIps, parseKeyType, parsePolicies, parseRsaKeySize, SERVER_DAYS } from "../../../runtime/tls/inputs";

describe("parseDnsNames", () => {
  test.each([
    [["neo4j.example.com"], ["neo4j.example.com"]],
    [["Neo4J.Example.COM."], ["neo4j.example.com"]],
    [["a.example.com,b.example.com", "a.example.com"], ["a.example.com", "b.example.com"]],
    [["*.production-orch-0001.neo4j.io"], ["*.production-orch-0001.neo4j.io"]],
    [["localhost"], ["localhost"]],
  ])("%j -> %j", (raw, expected) => expect(parseDnsNames(raw)).toEqual(expected));
  test.each([
    ["bad_name.example.com", /not a valid DNS name/],
    ["-lead.example.com", /not a valid DNS name/],
    ["a.*.example.com", /not a valid DNS name/],
    ["a..b", /not a valid DNS name/],
    ["127.0.0.1", /is an IP address; pass it with --ip/],
  ])("rejects %j", (name, message) => expect(() => parseDnsNames([name])).toThrow(message));
});

describe("parseIps", () => {
  test("accepts IPv4 and IPv6", () => expect(parseIps(["127.0.0.1", "::1"])).toEqual(["127.0.0.1", "::1"]));
  test("rejects a hostname", () => expect(() => parseIps(["localhost"])).toThrow('--ip "localhost" is not an IPv4 or IPv6 address'));
});

describe("parsePolicies", () => {
  test("keeps order and drops repeats", () => expect(parsePolicies("cluster,bolt,bolt")).toEqual(["cluster", "bolt"]));
  test.each(["backup", "", "bolt,http"])("rejects %j with the allowed list", (raw) =>
    expect(() => parsePolicies(raw)).toThrow(/--policies .*allowed: bolt, https, cluster/),
  );
});

describe("parseDays", () => {
  test.each([["1", 1], ["825", 825]])("accepts %s", (raw, days) => expect(parseDays(raw, SERVER_DAYS, "--days")).toBe(days));
  test.each(["0", "826", "-1", "1.5", "ten"])("rejects %j", (raw) =>
    expect(() => parseDays(raw, SERVER_DAYS, "--days")).toThrow(`--days "${raw}" is out of range; allowed: whole days from 1 to 825`),
  );
});

describe("key type and size", () => {
  test("rsa with 2048, 3072, 4096", () => {
    expect(parseKeyType("RSA")).toBe("rsa");
    expect([2048, 3072, 4096].map((bits) => parseRsaKeySize(String(bits)))).toEqual([2048, 3072, 4096]);
  });
  test("EC is refused with the reason", () =>
    expect(() => parseKeyType("ec")).toThrow(/--key-type "ec" is not supported: certificates are signed with node-forge 1.x, which handles RSA keys only/),
  );
  test.each(["1024", "8192", "abc"])("rejects RSA size %j", (raw) => expect(() => parseRsaKeySize(raw)).toThrow(/allowed: 2048, 3072, 4096/));
});
