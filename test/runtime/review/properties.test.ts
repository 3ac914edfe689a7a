import { propertyRuns } from "../../support/property-runs";
import fc from "fast-check";
import { effectiveAccess, isAllowed, KMS_ACTIONS, widenedAccess, type Caller, type Statement } from "../../../domain/aws/key-policy-eval";
import { exposureWidening, reachesInternet, type AccessRule } from "../../../domain/network-exposure";
import { COSMETIC_ATTRIBUTES } from "../../../runtime/review/coverage";
import { changeKind, type ResourceChange } from "../../../runtime/review/plan-format";
import { reaches, reviewPlans } from "../../../runtime/review/review";

/**
 * Property tests: the review's judgement against brute force written here, independently of the code under
 * test, over inputs an attacker controls (source lists, ports, policy statements, attribute values).
 */

// ---------------------------------------------------------------------------------------------------------
// Address spans per port, by enumeration

/**
 * Brute force over a coarse grid: IPv4 blocks of prefix <= 16 are sets of /16s (65,536 of them), IPv6 blocks of
 * prefix <= 8 sets of /8s (256). Public addresses per grid cell come from the special-purpose registry (RFC 6890)
 * typed in here: IPv4 0/8, 10/8, 100.64/10, 127/8, 169.254/16, 172.16/12, 192.0.0/24, 192.0.2/24, 192.168/16,
 * 198.18/15, 198.51.100/24, 203.0.113/24, 224/3; IPv6 everything outside 2000::/3, and 2001:db8::/32.
 */
const V4_SPECIAL: Array<[number, number]> = [
  [0x00000000, 8], [0x0a000000, 8], [0x64400000, 10], [0x7f000000, 8], [0xa9fe0000, 16], [0xac100000, 12], [0xc0000000, 24],
  [0xc0000200, 24], [0xc0a80000, 16], [0xc6120000, 15], [0xc6336400, 24], [0xcb007100, 24], [0xe0000000, 3],
];
// Each special block takes its addresses from the cells it lies in (the blocks do not overlap): about 9,000 steps
// where a walk over every cell and block took 850,000, paid by every load of this file (each mutant it covers).
const PUBLIC_IN_V4_CELL: number[] = (() => {
  const out = new Array<number>(65536).fill(65536);
  for (const [base, prefix] of V4_SPECIAL) {
    const size = 2 ** (32 - prefix);
    for (let start = base; start < base + size; start += 65536) out[Math.floor(start / 65536)]! -= Math.min(size, 65536);
  }
  return out;
})();
const V4_PUBLIC_TOTAL = PUBLIC_IN_V4_CELL.reduce((a, b) => a + b, 0);
const V6_CELL = 2n ** 120n;
const publicInV6Cell = (cell: number) => (cell >= 0x20 && cell <= 0x3f ? (cell === 0x20 ? V6_CELL - 2n ** 96n : V6_CELL) : 0n);
const V6_PUBLIC_TOTAL = Array.from({ length: 256 }, (_, c) => publicInV6Cell(c)).reduce((a, b) => a + b, 0n);

interface GenRule {
  v4: Array<[number, number]>; // [first /16 cell, prefix]
  v6: Array<[number, number]>; // [first /8 cell, prefix]
  from: number;
  to: number;
  all: boolean;
}
const v4Cidr = ([cell, prefix]: [number, number]) => `${(cell >> 8) & 255}.${cell & 255}.0.0/${prefix}`;
const v6Cidr = ([cell, prefix]: [number, number]) => `${cell.toString(16).padStart(2, "0")}00::/${prefix}`;
const v4Cells = ([cell, prefix]: [number, number]) => {
  const n = 2 ** (16 - prefix);
  const first = cell - (cell % n);
  return Array.from({ length: n }, (_, i) => first + i);
};
const v6Cells = ([cell, prefix]: [number, number]) => {
  const n = 2 ** (8 - prefix);
  const first = cell - (cell % n);
  return Array.from({ length: n }, (_, i) => first + i);
};

const genRule: fc.Arbitrary<GenRule> = fc.record({
  v4: fc.array(fc.tuple(fc.integer({ min: 0, max: 65535 }), fc.integer({ min: 0, max: 16 })), { maxLength: 3 }),
  v6: fc.array(fc.tuple(fc.integer({ min: 0, max: 255 }), fc.integer({ min: 0, max: 8 })), { maxLength: 2 }),
  from: fc.integer({ min: 0, max: 15 }),
  to: fc.integer({ min: 0, max: 15 }),
  all: fc.boolean(),
}).map((r) => ({ ...r, to: Math.max(r.from, r.to) }));

const asRule = (r: GenRule): AccessRule => ({ protocol: r.all ? "all" : "tcp", fromPort: r.from, toPort: r.to, cidrs: [...r.v4.map(v4Cidr), ...r.v6.map(v6Cidr)], named: [] });

function bruteForce(rules: GenRule[], port: number): { v4: Set<number>; v6: Set<number> } {
  const v4 = new Set<number>();
  const v6 = new Set<number>();
  for (const r of rules) {
    if (!r.all && (port < r.from || port > r.to)) continue;
    for (const c of r.v4) v4Cells(c).forEach((x) => v4.add(x));
    for (const c of r.v6) v6Cells(c).forEach((x) => v6.add(x));
  }
  return { v4, v6 };
}

describe("address span per port against enumeration", () => {
  test("the widened ports, the added address counts and 'the whole internet' match brute force", () => {
    fc.assert(
      fc.property(fc.array(genRule, { maxLength: 4 }), fc.array(genRule, { maxLength: 4 }), (before, after) => {
        const widenings = exposureWidening(before.map(asRule), after.map(asRule)).filter((w) => w.protocol === "tcp");
        for (const port of [0, 3, 7, 11, 15, 16, 65535]) {
          const b = bruteForce(before, port);
          const a = bruteForce(after, port);
          const addedV4 = [...a.v4].filter((x) => !b.v4.has(x)).length * 65536;
          const addedV6 = BigInt([...a.v6].filter((x) => !b.v6.has(x)).length) * V6_CELL;
          const w = widenings.find((x) => x.fromPort <= port && x.toPort >= port);
          expect([port, w ? Number(w.added.ipv4) : 0, w ? w.added.ipv6 : 0n]).toEqual([port, addedV4, addedV6]);
          if (!w) continue;
          const publicAfterV4 = [...a.v4].reduce((n, c) => n + PUBLIC_IN_V4_CELL[c]!, 0);
          const publicAfterV6 = [...a.v6].reduce((n, c) => n + publicInV6Cell(c), 0n);
          const publicBeforeV4 = [...b.v4].reduce((n, c) => n + PUBLIC_IN_V4_CELL[c]!, 0);
          const publicBeforeV6 = [...b.v6].reduce((n, c) => n + publicInV6Cell(c), 0n);
          const internet = (v4: number, v6: bigint) => V4_PUBLIC_TOTAL - v4 < 2 ** 24 || V6_PUBLIC_TOTAL - v6 < 2n ** 96n;
          const addedPublic = [...a.v4].filter((x) => !b.v4.has(x)).reduce((n, c) => n + PUBLIC_IN_V4_CELL[c]!, 0) > 0 || [...a.v6].filter((x) => !b.v6.has(x)).some((c) => publicInV6Cell(c) > 0n);
          const expected = internet(publicAfterV4, publicAfterV6) && (!internet(publicBeforeV4, publicBeforeV6) || addedPublic);
          expect([port, reachesInternet(w)]).toEqual([port, expected]);
        }
      }),
      { numRuns: propertyRuns(150) },
    );
  });

  test("narrowing never widens: any subset of the sources (and ports) reports nothing", () => {
    fc.assert(
      fc.property(fc.array(genRule, { minLength: 1, maxLength: 4 }), fc.array(fc.boolean(), { minLength: 16, maxLength: 16 }), (before, keep) => {
        const after = before.map((r, i) => ({ ...r, v4: r.v4.filter((_, j) => keep[(i * 4 + j) % 16]), v6: r.v6.filter((_, j) => keep[(i * 4 + j + 2) % 16]), to: Math.max(r.from, r.to - 1) }));
        expect(exposureWidening(before.map(asRule), after.map(asRule))).toEqual([]);
      }),
      { numRuns: propertyRuns(150) },
    );
  });
});

// ---------------------------------------------------------------------------------------------------------
// Key policy principals, by a second evaluation written here

const A = "111122223333";
const B = "444455556666";
const C = "777788889999";
/** A concrete request: who sends it. */
interface Concrete {
  account: string;
  arn: string;
  isRoot: boolean;
  org?: string;
}
/** A caller as the review asks about it, and the concrete requests it stands for (all must agree, or it depends). */
interface Request {
  caller: Caller;
  concrete: Concrete[];
}
const REQUESTS: Request[] = [
  { caller: { kind: "root", account: A, id: `arn:aws:iam::${A}:root` }, concrete: [{ account: A, arn: `arn:aws:iam::${A}:root`, isRoot: true }] },
  { caller: { kind: "role", account: A, id: `arn:aws:iam::${A}:role/app` }, concrete: [{ account: A, arn: `arn:aws:iam::${A}:role/app`, isRoot: false }] },
  { caller: { kind: "principal", account: A }, concrete: [{ account: A, arn: `arn:aws:iam::${A}:role/someone-else`, isRoot: false }, { account: A, arn: `arn:aws:iam::${A}:user/someone-else`, isRoot: false }] },
  { caller: { kind: "root", account: B, id: `arn:aws:iam::${B}:root` }, concrete: [{ account: B, arn: `arn:aws:iam::${B}:root`, isRoot: true }] },
  { caller: { kind: "principal", account: B }, concrete: [{ account: B, arn: `arn:aws:iam::${B}:role/x`, isRoot: false }, { account: B, arn: `arn:aws:iam::${B}:user/x`, isRoot: false }] },
  { caller: { kind: "principal", account: `(an account of o-aaaa1111)`, orgId: "o-aaaa1111" }, concrete: [{ account: C, arn: `arn:aws:iam::${C}:role/y`, isRoot: false, org: "o-aaaa1111" }, { account: C, arn: `arn:aws:iam::${C}:user/y`, isRoot: false, org: "o-aaaa1111" }] },
  {
    caller: { kind: "principal", account: "(any other account)" },
    concrete: [
      { account: "123412341234", arn: "arn:aws:iam::123412341234:role/z", isRoot: false },
      { account: "567856785678", arn: "arn:aws:iam::567856785678:user/z", isRoot: false },
    ],
  },
];
const ACTIONS = ["kms:Decrypt", "kms:Encrypt", "kms:PutKeyPolicy", "kms:ReEncryptFrom", "kms:GenerateDataKey", "kms:ScheduleKeyDeletion"];

const principalArb = fc.constantFrom<unknown>("*", { AWS: "*" }, { AWS: `arn:aws:iam::${A}:root` }, { AWS: A }, { AWS: B }, { AWS: `arn:aws:iam::${A}:role/app` }, { AWS: [`arn:aws:iam::${B}:root`, `arn:aws:iam::${A}:role/app`] });
const actionArb = fc.subarray(["kms:*", "kms:Decrypt", "kms:Encrypt", "kms:Re*", "kms:Put*", "*", "kms:Gen?rateDataKey", "kms:schedule*"], { minLength: 1, maxLength: 3 });
const conditionArb = fc.constantFrom<Record<string, unknown> | undefined>(
  undefined,
  { StringEquals: { "kms:CallerAccount": B } },
  { StringEquals: { "kms:CallerAccount": [A, B] } },
  { StringNotEquals: { "aws:PrincipalAccount": A } },
  { StringEquals: { "aws:PrincipalOrgID": "o-aaaa1111" } },
  { StringLike: { "aws:PrincipalArn": `arn:aws:iam::${A}:role/*` } },
  { ArnNotLike: { "aws:PrincipalArn": "arn:aws:iam::*:root" } },
  { Bool: { "aws:SecureTransport": "true" } },
);
const statementArb: fc.Arbitrary<Statement> = fc
  .record({ effect: fc.constantFrom("Allow", "Deny"), notPrincipal: fc.boolean(), principal: principalArb, notAction: fc.boolean(), actions: actionArb, condition: conditionArb })
  .map((s) => ({
    Effect: s.effect,
    ...(s.notPrincipal && s.principal !== "*" && !(typeof s.principal === "object" && (s.principal as { AWS: unknown }).AWS === "*") ? { NotPrincipal: s.principal } : { Principal: s.principal }),
    ...(s.notAction ? { NotAction: s.actions } : { Action: s.actions }),
    Resource: "*",
    ...(s.condition ? { Condition: s.condition } : {}),
  }));

/** Wildcards of IAM patterns as written in the documentation: `*` any run, `?` one character. */
function wildcard(pattern: string, text: string, ignoreCase: boolean): boolean {
  let re = "^";
  for (const ch of pattern) re += ch === "*" ? ".*" : ch === "?" ? "." : ch.replace(/[.+^${}()|[\]\\]/g, "\\$&");
  return new RegExp(`${re}$`, ignoreCase ? "i" : "").test(text);
}

/** The brute force: one concrete request, every statement, AWS's evaluation order. "depends" for an unknown key. */
function expectedFor(statements: Statement[], r: Concrete, action: string): "yes" | "no" | "depends" {
  let allow: "yes" | "no" | "depends" = "no";
  let deny: "yes" | "no" | "depends" = "no";
  for (const s of statements) {
    const names = (p: unknown): string[] => (p === "*" ? ["*"] : ([] as string[]).concat((p as { AWS: string | string[] }).AWS));
    const named = (p: unknown, not: boolean) =>
      names(p).some((n) => n === "*" || n === r.arn || (/^\d{12}$/.test(n) || n.endsWith(":root") ? (n.includes(r.account) || n === r.account) && (not ? r.isRoot : true) : false));
    const principalOk = s.Principal !== undefined ? named(s.Principal, false) : !named(s.NotPrincipal, true);
    const acts = ([] as string[]).concat((s.Action ?? s.NotAction) as string | string[]);
    const listed = acts.some((p) => p === "*" || wildcard(p, action, true));
    const actionOk = s.Action !== undefined ? listed : !listed;
    if (!principalOk || !actionOk) continue;
    let cond: "yes" | "no" | "depends" = "yes";
    for (const [op, block] of Object.entries((s.Condition ?? {}) as Record<string, Record<string, string | string[]>>)) {
      for (const [key, raw] of Object.entries(block)) {
        const values = ([] as string[]).concat(raw);
        const k = key.toLowerCase();
        const actual = k === "kms:calleraccount" || k === "aws:principalaccount" ? r.account : k === "aws:principalorgid" ? r.org : k === "aws:principalarn" ? r.arn : "unknown";
        if (actual === "unknown") {
          if (cond === "yes") cond = "depends";
          continue;
        }
        let ok: boolean;
        if (op === "StringEquals") ok = actual !== undefined && values.includes(actual);
        else if (op === "StringNotEquals") ok = actual === undefined || !values.includes(actual);
        else if (op === "StringLike") ok = actual !== undefined && values.some((v) => wildcard(v, actual, false));
        else if (op === "ArnNotLike") ok = actual === undefined || !values.some((v) => wildcard(v, actual, false));
        else ok = false;
        if (!ok) cond = "no";
      }
    }
    if (cond === "no") continue;
    if (s.Effect === "Deny") deny = cond === "yes" ? "yes" : deny === "yes" ? "yes" : "depends";
    else allow = cond === "yes" ? "yes" : allow === "yes" ? "yes" : "depends";
  }
  if (deny === "yes") return "no";
  if (deny === "depends") return allow === "no" ? "no" : "depends";
  return allow;
}

function expected(statements: Statement[], r: Request, action: string): "yes" | "no" | "depends" {
  const answers = new Set(r.concrete.map((c) => expectedFor(statements, c, action)));
  return answers.size === 1 ? [...answers][0]! : "depends";
}

describe("key policy principals against a second evaluation", () => {
  test("every request of every random policy is allowed, refused or undecided exactly as the brute force says", () => {
    fc.assert(
      fc.property(fc.array(statementArb, { minLength: 1, maxLength: 4 }), (statements) => {
        for (const r of REQUESTS) {
          for (const action of ACTIONS) {
            const got = isAllowed(statements, r.caller, action, { keyAccount: A });
            const want = expected(statements, r, action);
            expect([r.concrete[0]!.arn, action, got]).toEqual([r.concrete[0]!.arn, action, want === "depends" ? "maybe" : want]);
          }
        }
      }),
      { numRuns: propertyRuns(300) },
    );
  });
});

describe("key policy widening against the brute force", () => {
  test("a change widens exactly when some request refused before may be allowed after", () => {
    fc.assert(
      fc.property(fc.array(statementArb, { maxLength: 3 }), fc.array(statementArb, { maxLength: 3 }), (before, after) => {
        const callers = REQUESTS.map((r) => r.caller);
        const widened = widenedAccess(effectiveAccess(before, callers, { keyAccount: A }), effectiveAccess(after, callers, { keyAccount: A }));
        const want = REQUESTS.flatMap((r) =>
          KMS_ACTIONS.filter((a) => expected(before, r, a) === "no" && expected(after, r, a) !== "no").map((a) => `${r.concrete[0]!.arn} ${a}`),
        ).sort();
        const got = widened.flatMap((w) => w.actions.map((a) => `${REQUESTS.find((r) => r.caller === w.caller)!.concrete[0]!.arn} ${a}`)).sort();
        expect(got).toEqual(want);
      }),
      { numRuns: propertyRuns(100) },
    );
  });
});

// ---------------------------------------------------------------------------------------------------------
// Cosmetic-only changes

const BODIES: Record<string, Record<string, unknown>> = {
  aws_kms_key: { arn: `arn:aws:kms:us-east-1:${A}:key/k`, is_enabled: true, enable_key_rotation: true, deletion_window_in_days: 30, policy: JSON.stringify({ Statement: [{ Effect: "Allow", Principal: { AWS: `arn:aws:iam::${A}:root` }, Action: "kms:*", Resource: "*" }] }) },
  aws_vpc_security_group_ingress_rule: { security_group_id: "sg-1", cidr_ipv4: "10.20.0.0/16", from_port: 7687, to_port: 7687, ip_protocol: "tcp" },
  aws_route53_zone: { name: "production-orch-0000.neo4j.io", vpc: [{ vpc_id: "vpc-1" }], zone_id: "Z1" },
  aws_route53_record: { zone_id: "Z1", name: "*.production-orch-0000.neo4j.io", type: "A", records: ["10.0.0.1"] },
  aws_vpc_endpoint: { vpc_id: "vpc-1", service_name: "com.amazonaws.vpce.us-east-1.vpce-svc-0a1b2c3d4e5f60718", security_group_ids: ["sg-1"] },
  google_kms_crypto_key: { name: "aura-cmk", rotation_period: "31536000s" },
  google_compute_forwarding_rule: { name: "psc", network: "projects/p/global/networks/apps", target: "t" },
  azurerm_key_vault: { name: "kv", purge_protection_enabled: true, public_network_access_enabled: true, network_acls: [{ default_action: "Deny", bypass: "AzureServices", ip_rules: [] }] },
  azurerm_private_dns_zone: { name: "production-orch-0003.neo4j.io", resource_group_name: "rg" },
  aws_iam_role: { name: "runner", assume_role_policy: JSON.stringify({ Statement: [{ Effect: "Allow", Principal: { Service: "lambda.amazonaws.com" }, Action: "sts:AssumeRole" }] }) },
  aws_ssm_parameter: { name: "x", value: "y" },
};

describe("cosmetic-only changes", () => {
  test("a change of tags, labels, descriptions or comments alone never raises a finding (and never gates)", () => {
    const value = fc.oneof(fc.string({ maxLength: 20 }), fc.dictionary(fc.string({ minLength: 1, maxLength: 8 }), fc.string({ maxLength: 12 }), { maxKeys: 3 }), fc.constant(null));
    fc.assert(
      fc.property(fc.constantFrom(...Object.keys(BODIES)), fc.subarray([...COSMETIC_ATTRIBUTES], { minLength: 1 }), fc.array(fc.tuple(value, value), { minLength: 8, maxLength: 8 }), (type, attrs, values) => {
        const before: Record<string, unknown> = { ...BODIES[type] };
        const after: Record<string, unknown> = { ...BODIES[type] };
        attrs.forEach((a, i) => {
          before[a] = values[i]![0];
          after[a] = values[i]![1];
        });
        const change: ResourceChange = { stack: "s", address: `${type}.x`, type, name: "x", kind: changeKind(["update"]), actions: ["update"], before, after, afterUnknown: {}, replacePaths: [] };
        const findings = reviewPlans([{ stack: "s", file: "s.json", changes: [change], drift: [change] }], { now: new Date("2026-12-06T00:00:00Z") }).findings;
        // The drift summary of a cosmetic-only drift is low by design; nothing else may appear.
        expect(findings.filter((f) => !(f.ruleId === "AURA-DRIFT-1" && f.severity === "low")).map((f) => `${f.ruleId} ${f.detail}`)).toEqual([]);
        expect(reaches(findings, "medium")).toBe(false);
      }),
      { numRuns: propertyRuns(200) },
    );
  });
});
