import { allowPatterns, widenedPatterns } from "../../../domain/aws/iam-policy-widening";
import { callersOf, describeActions, describeCaller, effectiveAccess, isAllowed, lostAccess, OTHER_ACCOUNT, policyStatements } from "../../../domain/aws/key-policy-eval";
import { lostResolution, nameMatches, resolvesPrivately, type DnsView } from "../../../domain/aura/private-resolution";
import { cryptoPermissions, isCryptoRole, vaultReach, vaultRoleName } from "../../../domain/azure/key-vault-access";
import { isKeyRole, lostAuraGrants, widenedGrants } from "../../../domain/gcp/key-iam";
import { describePorts, exposureWidening, reachesInternet } from "../../../domain/network-exposure";
import { destinationOf, optInsTurnedOn, tlsModeOf, urlWeakenings } from "../../../domain/neo4j/connection-posture";
import { lostUsability, unusableReasons } from "../../../domain/posture/key-usability";

const NOW = new Date("2026-12-06T12:00:00Z");

describe("key usability (injected clock)", () => {
  test.each([
    ["enabled, valid", { enabled: true, expires: "2027-01-01T00:00:00Z", notBefore: "2026-01-01T00:00:00Z" }, []],
    ["disabled", { enabled: false }, ["the key is disabled"]],
    ["scheduled for deletion", { scheduledForDeletion: true }, ["the key is scheduled for deletion"]],
    ["expired exactly now", { expires: "2026-12-06T12:00:00Z" }, ["it expired at 2026-12-06T12:00:00Z (now is 2026-12-06T12:00:00.000Z)"]],
    ["not valid yet", { notBefore: "2026-12-07T00:00:00Z" }, ["it is not valid before 2026-12-07T00:00:00Z (now is 2026-12-06T12:00:00.000Z)"]],
    ["an unreadable date", { expires: "soon" }, ['its expiry date "soon" is not a date the review can read']],
    ["version disabled", { versionState: "DISABLED" }, ["its key version is DISABLED"]],
    ["operations lack unwrapKey", { operations: ["wrapKey", "encrypt"], requiredOperations: ["wrapKey", "unwrapKey"] }, ["its key operations (wrapKey, encrypt) lack unwrapKey"]],
    ["operations in another case", { operations: ["WRAPKEY", "UnwrapKey"], requiredOperations: ["wrapKey", "unwrapKey"] }, []],
  ])("%s", (_n, state, reasons) => expect(unusableReasons(state, NOW)).toEqual(reasons));

  test("only what the change adds counts as lost", () => {
    expect(lostUsability({ enabled: false }, { enabled: false }, NOW)).toEqual([]);
    expect(lostUsability({ enabled: true }, { enabled: false, expires: "2020-01-01T00:00:00Z" }, NOW)).toEqual(["the key is disabled", "it expired at 2020-01-01T00:00:00Z (now is 2026-12-06T12:00:00.000Z)"]);
  });
});

describe("network exposure per protocol and port", () => {
  const rule = (cidrs: string[], from: number, to = from, protocol: "tcp" | "all" = "tcp", named: string[] = []) => ({ protocol, fromPort: from, toPort: to, cidrs, named });
  test.each([
    ["narrower source", [rule(["10.20.0.0/16"], 7687)], [rule(["10.20.1.0/24"], 7687)], []],
    ["same sources split differently", [rule(["10.0.0.0/8"], 7687)], [rule(["10.0.0.0/9", "10.128.0.0/9"], 7687)], []],
    ["two /1 halves", [rule(["10.20.0.0/16"], 7687)], [rule(["0.0.0.0/1", "128.0.0.0/1"], 7687)], ["tcp port 7687 internet"]],
    ["a wider range", [rule(["10.20.0.0/16"], 7687)], [rule(["10.0.0.0/8"], 7687)], ["tcp port 7687 bounded"]],
    ["all protocols", [rule(["10.20.0.0/16"], 7687)], [rule(["10.20.0.0/16"], 0, 0, "all")], ["tcp ports 0-7686 bounded", "tcp ports 7688-65535 bounded", "udp ports 0-65535 (every port) bounded", "icmp bounded", "icmpv6 bounded", "every other protocol bounded"]],
    ["a named source", [rule(["10.20.0.0/16"], 7687)], [rule(["10.20.0.0/16"], 7687, 7687, "tcp", ["sg-1"])], ["tcp port 7687 bounded +sg-1"]],
    ["an unparsable text is named, not dropped", [], [rule(["10.0.0.0/33"], 443)], ["tcp port 443 bounded +10.0.0.0/33"]],
  ])("%s", (_n, before, after, expected) => {
    const got = exposureWidening(before, after).map((w) => `${describePorts(w)} ${w.afterSpan.exposure}${w.addedNamed.length ? ` +${w.addedNamed.join(",")}` : ""}`);
    expect(got).toEqual(expected);
  });

  test("reaching the whole internet: halves added one by one, and IPv6 added to an IPv4 internet", () => {
    const [w] = exposureWidening([rule(["0.0.0.0/1"], 443)], [rule(["0.0.0.0/1", "128.0.0.0/1"], 443)]);
    expect(reachesInternet(w!)).toBe(true);
    const [v6] = exposureWidening([rule(["0.0.0.0/0"], 443)], [rule(["0.0.0.0/0", "::/0"], 443)]);
    expect(reachesInternet(v6!)).toBe(true);
    const [priv] = exposureWidening([rule(["0.0.0.0/0"], 443)], [rule(["0.0.0.0/0", "fd00::/8"], 443)]);
    expect(reachesInternet(priv!)).toBe(false);
  });
});

describe("private resolution", () => {
  const view = (zones: DnsView["zones"], policies: DnsView["policies"] = []): DnsView => ({ zones, policies });
  const orch = { key: "z1", domain: "production-orch-0000.neo4j.io", networks: ["vpc-a"], records: ["*.production-orch-0000.neo4j.io"] };
  test.each([
    ["a wildcard answers a name below it", "*.x.io", "a.b.x.io", true],
    ["a wildcard does not answer its own apex", "*.x.io", "x.io", false],
    ["exact, any case and trailing dot", "A.x.io.", "a.X.io", true],
  ])("%s", (_n, record, name, matches) => expect(nameMatches(record, name)).toBe(matches));

  test("the most specific zone wins, and answers NXDOMAIN for a name it does not hold", () => {
    const hiding = { key: "z2", domain: "a-orders.endpoints.neo4j.io", networks: ["vpc-a"], records: [] };
    const ep = { key: "z3", domain: "endpoints.neo4j.io", networks: ["vpc-a"], records: ["a-orders.endpoints.neo4j.io"] };
    expect(resolvesPrivately(view([ep]), "a-orders.endpoints.neo4j.io", "vpc-a")).toEqual({ resolves: true, via: "zone z3" });
    expect(resolvesPrivately(view([ep, hiding]), "a-orders.endpoints.neo4j.io", "vpc-a")).toEqual({ resolves: false, via: "zone z2 (which does not hold it: NXDOMAIN)" });
  });

  test("a response policy rule answers before zones; a passthrough rule does not", () => {
    const p = { key: "rp", networks: ["net"], rules: [{ name: "*.production-orch-0002.neo4j.io" }] };
    expect(resolvesPrivately(view([], [p]), "db.production-orch-0002.neo4j.io", "net").resolves).toBe(true);
    expect(resolvesPrivately(view([], [{ ...p, rules: [{ name: "*.production-orch-0002.neo4j.io", passthrough: true }] }]), "db.production-orch-0002.neo4j.io", "net").resolves).toBe(false);
  });

  test("names lost per network: a detached network and a removed record", () => {
    const both = { ...orch, networks: ["vpc-a", "vpc-b"] };
    expect(lostResolution(view([both]), view([orch]), ["*.production-orch-0000.neo4j.io"]).map((l) => `${l.name} ${l.network}`)).toEqual(["*.production-orch-0000.neo4j.io vpc-b"]);
    expect(lostResolution(view([orch]), view([{ ...orch, records: [] }]), ["*.production-orch-0000.neo4j.io"]).map((l) => l.after)).toEqual(["zone z1 (which does not hold it: NXDOMAIN)"]);
    expect(lostResolution(view([orch]), view([{ ...orch, networks: ["vpc-a", "vpc-c"] }]), ["*.production-orch-0000.neo4j.io"])).toEqual([]);
  });
});

describe("Cloud KMS IAM", () => {
  const RING = "projects/p/locations/europe-west1/keyRings/r";
  const KEY = `${RING}/cryptoKeys/k`;
  const g = (member: string, role = "roles/cloudkms.cryptoKeyEncrypterDecrypter", scope = KEY) => ({ member, role, scope });
  test.each([
    ["roles/cloudkms.cryptoKeyEncrypterDecrypter", true],
    ["roles/cloudkms.admin", true],
    ["roles/cloudkms.viewer", false],
    ["roles/owner", true],
    ["projects/p/roles/custom", true],
    ["roles/compute.viewer", false],
  ])("%s is a key role: %s", (role, yes) => expect(isKeyRole(role)).toBe(yes));

  test("widened grants: anyone always, unnamed members with a config, every new member without", () => {
    expect(widenedGrants([], [g("allUsers")], new Set()).map((w) => w.reason)).toEqual(["public"]);
    expect(widenedGrants([], [g("user:a@x"), g("serviceAccount:aura@y")], new Set(["serviceAccount:aura@y"])).map((w) => `${w.member} ${w.reason}`)).toEqual(["user:a@x unnamed"]);
    expect(widenedGrants([g("user:a@x")], [g("user:a@x"), g("user:b@x")]).map((w) => `${w.member} ${w.reason}`)).toEqual(["user:b@x new"]);
    expect(widenedGrants([], [g("user:a@x", "roles/cloudkms.viewer")])).toEqual([]);
    // Anyone with a metadata-only role sees the key but cannot use it: not a key-role widening.
    expect(widenedGrants([], [g("allUsers", "roles/cloudkms.viewer")], new Set())).toEqual([]);
    expect(widenedGrants([], [g("allAuthenticatedUsers", "roles/cloudkms.cryptoKeyDecrypter")]).map((w) => w.reason)).toEqual(["public"]);
  });

  test("Aura's grants lost: known members, or service accounts that held encrypter/decrypter", () => {
    const before = [g("serviceAccount:a"), g("serviceAccount:a", "roles/cloudkms.viewer"), g("user:u")];
    expect(lostAuraGrants(before, [g("serviceAccount:a")]).map((x) => x.role)).toEqual(["roles/cloudkms.viewer"]);
    // The same role on the key ring or the project still reaches the key; on another key (or a ring whose name
    // merely starts the same) it does not.
    expect(lostAuraGrants(before, [g("serviceAccount:a", "roles/cloudkms.cryptoKeyEncrypterDecrypter", RING), g("serviceAccount:a", "roles/cloudkms.viewer")])).toEqual([]);
    expect(lostAuraGrants(before, [g("serviceAccount:a", "roles/cloudkms.cryptoKeyEncrypterDecrypter", "p"), g("serviceAccount:a", "roles/cloudkms.viewer", "projects/p")])).toEqual([]);
    expect(lostAuraGrants(before, [g("serviceAccount:a", "roles/cloudkms.cryptoKeyEncrypterDecrypter", `${RING}/cryptoKeys/k2`), g("serviceAccount:a", "roles/cloudkms.viewer")]).map((x) => x.role)).toEqual(["roles/cloudkms.cryptoKeyEncrypterDecrypter"]);
    expect(lostAuraGrants(before, [g("serviceAccount:a", "roles/cloudkms.cryptoKeyEncrypterDecrypter", `${RING}2`), g("serviceAccount:a", "roles/cloudkms.viewer")]).map((x) => x.role)).toEqual(["roles/cloudkms.cryptoKeyEncrypterDecrypter"]);
    expect(lostAuraGrants(before, [g("serviceAccount:a", "roles/cloudkms.cryptoKeyEncrypterDecrypter", "other-project"), g("serviceAccount:a", "roles/cloudkms.viewer")]).map((x) => x.role)).toEqual(["roles/cloudkms.cryptoKeyEncrypterDecrypter"]);
    expect(lostAuraGrants([g("user:u")], [], new Set(["user:u"])).map((x) => x.member)).toEqual(["user:u"]);
  });
});

describe("Key Vault access", () => {
  test.each([
    ["Key Vault Crypto Officer", "Key Vault Crypto Officer", true],
    ["/subscriptions/s/providers/Microsoft.Authorization/roleDefinitions/e147488a-f6f5-4113-8e2d-b22465e65bf6", "Key Vault Crypto Service Encryption User", true],
    ["Key Vault Reader", "Key Vault Reader", false],
    ["/providers/Microsoft.Authorization/roleDefinitions/00000000-0000-4000-8000-000000000000", "/providers/Microsoft.Authorization/roleDefinitions/00000000-0000-4000-8000-000000000000", true],
  ])("%s", (input, name, crypto) => {
    expect(vaultRoleName(input)).toBe(name);
    expect(isCryptoRole(input)).toBe(crypto);
  });

  test("the vault's reach: off, all, selected (bare IPs are one address)", () => {
    expect(vaultReach({ publicNetworkAccessEnabled: false, defaultAction: "Allow" }).cidrs).toEqual([]);
    expect(vaultReach({ defaultAction: "Allow" }).cidrs).toEqual(["0.0.0.0/0", "::/0"]);
    expect(vaultReach({ defaultAction: "Deny", ipRules: ["203.0.113.7", "198.51.100.0/24"], subnetIds: ["s1"], bypass: "AzureServices" })).toMatchObject({ cidrs: ["203.0.113.7/32", "198.51.100.0/24"], named: ["subnet s1", "trusted Microsoft services"] });
    expect(cryptoPermissions(["List", "Get", "UnwrapKey"])).toEqual(["Get", "UnwrapKey"]);
  });
});

describe("connection weakening", () => {
  test.each([
    ["neo4j+s://h:7687", "verified"],
    ["bolt+ssc://h", "unverified"],
    ["neo4j://h", "none"],
    ["https://api.neo4j.io", "verified"],
    ["ftp://h", "unknown"],
    ["nonsense", "unknown"],
  ])("%s is %s", (url, mode) => expect(tlsModeOf(url)).toBe(mode));

  test.each([
    ["same", "neo4j+s://h:7687", "neo4j+s://h:7687", []],
    ["another host", "neo4j+s://h:7687", "neo4j+s://evil:7687", ["x moves from h:7687 to evil:7687: the credentials go there"]],
    ["credentials in the URL do not hide the host", "neo4j+s://h:7687", "neo4j+s://h:7687@evil:7687", ["x moves from h:7687 to evil:7687: the credentials go there"]],
    ["unencrypted", "neo4j+s://h:7687", "bolt://h:7687", ["x bolt://h:7687 is unencrypted (was encrypted, certificate verified: neo4j+s://h:7687)"]],
    ["stronger is fine", "neo4j+ssc://h", "neo4j+s://h", []],
    ["hidden behind an environment variable", "neo4j+s://h", { env: "URI" }, ["x moves from neo4j+s://h to the value of environment variable URI (not in the plan): the review can no longer see where the credentials go"]],
  ])("%s", (_n, before, after, expected) => expect(urlWeakenings(before, after as never, "x")).toEqual(expected));

  test("opt-ins turned on, and destinations", () => {
    expect(optInsTurnedOn({ allowInsecureUrl: true }, { allowInsecureUrl: true, allowUnverifiedTls: true }, ["allowInsecureUrl", "allowUnverifiedTls"], "c")).toEqual(["c: allowUnverifiedTls turned on"]);
    expect(destinationOf("neo4j+s://[::1]:7687/x")).toBe("[::1]:7687");
  });
});

describe("IAM policy widening", () => {
  const pol = (...st: object[]) => JSON.stringify({ Statement: st });
  test("patterns an earlier one covers add nothing; wildcards and NotAction are caught", () => {
    const before = allowPatterns(pol({ Effect: "Allow", Action: "secretsmanager:*", Resource: "arn:aws:secretsmanager:*:*:secret:neo4j-*" }))!;
    expect(widenedPatterns(before, allowPatterns(pol({ Effect: "Allow", Action: "secretsmanager:GetSecretValue", Resource: "arn:aws:secretsmanager:us-east-1:1:secret:neo4j-a" }))!)).toEqual([]);
    expect(widenedPatterns(before, allowPatterns(pol({ Effect: "Allow", Action: "secretsmanager:GetSecretValue", Resource: "*" }))!).map((p) => p.resource)).toEqual(["*"]);
    expect(widenedPatterns([], allowPatterns(pol({ Effect: "Allow", NotAction: "iam:*", Resource: "*" }))!).map((p) => p.action)).toEqual(["*"]);
    expect(allowPatterns("not json")).toBeNull();
  });
});

describe("key policy evaluation", () => {
  const ROOT = { Effect: "Allow", Principal: { AWS: "arn:aws:iam::111122223333:root" }, Action: "kms:*", Resource: "*" };
  const ctx = { keyAccount: "111122223333" };
  test("callers: each named account's root, an unnamed principal, named roles; anyone else; each organization; services", () => {
    const st = [ROOT, { Effect: "Allow", Principal: { AWS: "arn:aws:iam::999988887777:role/aura" }, Action: "kms:Decrypt", Resource: "*", Condition: { StringEquals: { "aws:PrincipalOrgID": "o-1" } } }, { Effect: "Allow", Principal: { Service: "logs.amazonaws.com" }, Action: "kms:Encrypt", Resource: "*" }];
    expect(callersOf([st], ctx).map((c) => describeCaller(c, ctx))).toEqual([
      "the root of the key's account 111122223333",
      "any principal of the key's account 111122223333",
      "the root of account 999988887777",
      "any principal of account 999988887777",
      "arn:aws:iam::999988887777:role/aura",
      "the root of any account the policy does not name",
      "any principal of any account the policy does not name",
      "any principal of any account of organization o-1",
      "the service logs.amazonaws.com",
    ]);
  });

  test("a Resource naming another key does not apply; unknown keys and variables are undecided", () => {
    const c = { kind: "principal" as const, account: OTHER_ACCOUNT };
    expect(isAllowed([{ Effect: "Allow", Principal: "*", Action: "kms:Decrypt", Resource: "arn:aws:kms:us-east-1:1:key/other" }], c, "kms:Decrypt", { keyArn: "arn:aws:kms:us-east-1:1:key/mine" })).toBe("no");
    expect(isAllowed([{ Effect: "Allow", Principal: "*", Action: "kms:Decrypt", Resource: "*", Condition: { StringEquals: { "kms:ViaService": "s3.us-east-1.amazonaws.com" } } }], c, "kms:Decrypt")).toBe("maybe");
    expect(isAllowed([{ Effect: "Allow", Principal: "*", Action: "kms:Decrypt", Resource: "*", Condition: { StringEquals: { "aws:PrincipalAccount": "${aws:ResourceAccount}" } } }], c, "kms:Decrypt")).toBe("maybe");
  });

  test("lost access counts only what was certain; actions are described briefly", () => {
    const callers = callersOf([[ROOT]], ctx);
    const before = effectiveAccess([ROOT], callers, ctx);
    const after = effectiveAccess([ROOT, { Effect: "Deny", Principal: "*", Action: "kms:Put*", Resource: "*", Condition: { Bool: { "aws:MultiFactorAuthPresent": "false" } } }], callers, ctx);
    expect(lostAccess(before, after).map((l) => `${describeCaller(l.caller, ctx)}: ${describeActions(l.actions)}`)).toEqual([
      "the root of the key's account 111122223333: kms:PutKeyPolicy",
      "any principal of the key's account 111122223333: kms:PutKeyPolicy",
    ]);
    expect(describeActions(before[0]!.may)).toBe("every KMS action (kms:*)");
    expect(policyStatements("")).toEqual([]);
    expect(policyStatements("{")).toBeNull();
  });
});
