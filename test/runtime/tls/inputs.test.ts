import { parseDays, parseDnsNames, parseIps, parseKeySpec, parseKeyType, parsePolicies, parseRsaKeySize, SERVER_DAYS } from "../../../runtime/tls/inputs";

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
  test("accepts backup (Neo4j 5's fourth SSL scope)", () => expect(parsePolicies("bolt,backup")).toEqual(["bolt", "backup"]));
  test.each(["backups", "", "bolt,http"])("rejects %j with the allowed list", (raw) =>
    expect(() => parsePolicies(raw)).toThrow(/--policies .*allowed: bolt, https, cluster, backup/),
  );
});

describe("parseDays", () => {
  test.each([["1", 1], ["825", 825]])("accepts %s", (raw, days) => expect(parseDays(raw, SERVER_DAYS, "--days")).toBe(days));
  test.each(["0", "826", "-1", "1.5", "ten"])("rejects %j", (raw) =>
    expect(() => parseDays(raw, SERVER_DAYS, "--days")).toThrow(`--days "${raw}" is out of range; allowed: whole days from 1 to 825`),
  );
});

describe("key type and size", () => {
  test("rsa with 2048, 3072, 4096, and ec", () => {
    expect(parseKeyType("RSA")).toBe("rsa");
    expect(parseKeyType("ec")).toBe("ec");
    expect([2048, 3072, 4096].map((bits) => parseRsaKeySize(String(bits)))).toEqual([2048, 3072, 4096]);
  });
  test.each(["dsa", "ecdsa", ""])("rejects key type %j with the allowed list", (raw) =>
    expect(() => parseKeyType(raw)).toThrow(`--key-type ${JSON.stringify(raw)} is not a key type; allowed: rsa, ec (P-256)`),
  );
  test("rsa defaults to 2048 bits; ec is P-256 and refuses --key-size", () => {
    expect(parseKeySpec("rsa", undefined)).toEqual({ type: "rsa", bits: 2048 });
    expect(parseKeySpec("rsa", "4096")).toEqual({ type: "rsa", bits: 4096 });
    expect(parseKeySpec("ec", undefined)).toEqual({ type: "ec", curve: "P-256" });
    expect(() => parseKeySpec("ec", "256")).toThrow("--key-size applies to RSA keys only; EC keys are always P-256 (drop --key-size, or use --key-type rsa)");
  });
  test.each(["1024", "8192", "abc"])("rejects RSA size %j", (raw) => expect(() => parseRsaKeySize(raw)).toThrow(/allowed: 2048, 3072, 4096/));
});
