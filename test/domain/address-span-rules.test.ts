import { propertyRuns } from "../support/property-runs";
import fc from "fast-check";
import { awsNetworkSchema } from "../../config/aws";
import { privateLinkEndpointProblems, wideSourceIssues, type EndpointPropsInput } from "../../domain/aws/endpoint-rules";
import { sourceSpanIssues } from "../../domain/address-span-issues";
import { lambdaRunnerSchema } from "../../domain/neo4j/access-model";

/**
 * One address-span rule (domain/address-span.ts) for the endpoint's client sources and the Lambda runner's
 * egress: sources are judged by the addresses they cover together, so any way of writing the whole internet
 * as several blocks is refused like 0.0.0.0/0. The endpoint has its opt-in (allowAnyIpv4Source); the
 * runner's egress has none (it only ever needs the Neo4j and Secrets Manager endpoints' addresses).
 */

const toCidr = (address: number, prefix: number) => `${[24, 16, 8, 0].map((s) => (address >>> s) & 255).join(".")}/${prefix}`;

/** 0.0.0.0/0 split `splits` times at random blocks, in random order: always the whole IPv4 space. */
const wholeInternet = fc
  .record({ splits: fc.array(fc.nat(), { minLength: 1, maxLength: 24 }), order: fc.array(fc.double({ noNaN: true }), { minLength: 25, maxLength: 25 }) })
  .map(({ splits, order }) => {
    let blocks: Array<{ address: number; prefix: number }> = [{ address: 0, prefix: 0 }];
    for (const pick of splits) {
      const i = pick % blocks.length;
      const b = blocks[i]!;
      if (b.prefix >= 30) continue;
      const half = 2 ** (32 - b.prefix - 1);
      blocks = [...blocks.slice(0, i), { address: b.address, prefix: b.prefix + 1 }, { address: b.address + half, prefix: b.prefix + 1 }, ...blocks.slice(i + 1)];
    }
    return blocks
      .map((b, i) => ({ cidr: toCidr(b.address, b.prefix), key: order[i % order.length]! }))
      .sort((a, b) => a.key - b.key)
      .map((b) => b.cidr);
  })
  .filter((cidrs) => cidrs.length >= 2);

/** Blocks inside RFC 1918 space only: client networks, never refused however many. */
const privateBlock = fc.oneof(
  fc.record({ base: fc.constant(10 << 24), size: fc.constant(8), offset: fc.nat({ max: 2 ** 24 - 1 }), prefix: fc.integer({ min: 8, max: 32 }) }),
  fc.record({ base: fc.constant(((172 << 24) | (16 << 16)) >>> 0), size: fc.constant(12), offset: fc.nat({ max: 2 ** 20 - 1 }), prefix: fc.integer({ min: 12, max: 32 }) }),
  fc.record({ base: fc.constant(((192 << 24) | (168 << 16)) >>> 0), size: fc.constant(16), offset: fc.nat({ max: 2 ** 16 - 1 }), prefix: fc.integer({ min: 16, max: 32 }) }),
).map(({ base, offset, prefix }) => {
  const block = 2 ** (32 - prefix);
  const address = base + offset - (offset % block);
  return toCidr(address >>> 0, prefix);
});
const privateList = fc.uniqueArray(privateBlock, { minLength: 1, maxLength: 12 });

const network = (cidrs: string[], extra: Record<string, unknown> = {}) => ({
  vpcId: "vpc-0123456789abcdef0",
  subnetIds: ["subnet-0123456789abcdef0"],
  allowedCidrs: cidrs.map((cidr, i) => ({ cidr, description: `client ${i}` })),
  ...extra,
});
const runner = (neo4jCidrs: string[], secretsManagerCidrs: string[] = []) => ({
  type: "lambda",
  region: "eu-west-1",
  vpcId: "vpc-0123456789abcdef0",
  subnetIds: ["subnet-0123456789abcdef0"],
  neo4jCidrs,
  secretsManagerCidrs,
});
const endpointProps = (cidrs: string[], allowAnyIpv4Source?: boolean): EndpointPropsInput => ({
  region: "eu-west-1",
  vpcId: "vpc-0123456789abcdef0",
  endpointServiceName: "com.amazonaws.vpce.eu-west-1.vpce-svc-0123456789abcdef0",
  subnetIds: ["subnet-0123456789abcdef0"],
  allowedCidrs: cidrs.map((cidr, i) => ({ cidr, description: `client ${i}` })),
  allowedSecurityGroups: [],
  allowAnyIpv4Source,
});
const spanMessages = (issues: Array<{ message: string }>) => issues.filter((i) => /together cover/.test(i.message));

describe("the whole internet written as many blocks", () => {
  test("the endpoint config refuses it without allowAnyIpv4Source and takes it with", () => {
    fc.assert(
      fc.property(wholeInternet, (cidrs) => {
        const without = awsNetworkSchema.safeParse(network(cidrs));
        expect(without.success).toBe(false);
        expect(spanMessages(without.error!.issues).length).toBeGreaterThan(0);
        expect(awsNetworkSchema.safeParse(network(cidrs, { allowAnyIpv4Source: true })).success).toBe(true);
      }),
      { numRuns: propertyRuns(300) },
    );
  });

  test("PrivateLinkEndpoint props: the same rule, the same answer", () => {
    fc.assert(
      fc.property(wholeInternet, (cidrs) => {
        expect(privateLinkEndpointProblems(endpointProps(cidrs)).some((p) => p.problem.includes("allowAnyIpv4Source: true"))).toBe(true);
        expect(privateLinkEndpointProblems(endpointProps(cidrs, true))).toEqual([]);
      }),
      { numRuns: propertyRuns(300) },
    );
  });

  test("the Lambda runner refuses it as egress, in neo4jCidrs or split across both lists, with no opt-in", () => {
    fc.assert(
      fc.property(wholeInternet, fc.nat(), (cidrs, cut) => {
        const at = 1 + (cut % (cidrs.length - 1));
        for (const r of [runner(cidrs), runner(cidrs.slice(0, at), cidrs.slice(at))]) {
          const parsed = lambdaRunnerSchema.safeParse(r);
          expect(parsed.success).toBe(false);
          expect(spanMessages(parsed.error!.issues).every((i) => i.message.includes("there is no opt-in for more"))).toBe(true);
          expect(spanMessages(parsed.error!.issues).length).toBeGreaterThan(0);
        }
      }),
      { numRuns: propertyRuns(300) },
    );
  });

  test("leaving out one block still leaves more public space than one /8: refused", () => {
    fc.assert(
      fc.property(wholeInternet, fc.nat(), (cidrs, drop) => {
        const rest = cidrs.filter((_, i) => i !== drop % cidrs.length);
        expect(wideSourceIssues(rest, undefined).length).toBeGreaterThan(0);
        expect(lambdaRunnerSchema.safeParse(runner(rest)).success).toBe(false);
      }),
      { numRuns: propertyRuns(300) },
    );
  });
});

describe("client networks in private space", () => {
  test("are never refused, however many blocks and however they overlap", () => {
    fc.assert(
      fc.property(privateList, (cidrs) => {
        expect(awsNetworkSchema.safeParse(network(cidrs)).success).toBe(true);
        expect(privateLinkEndpointProblems(endpointProps(cidrs))).toEqual([]);
        expect(lambdaRunnerSchema.safeParse(runner(cidrs, cidrs.slice(0, 1))).success).toBe(true);
      }),
      { numRuns: propertyRuns(300) },
    );
  });
});

describe("where the message points", () => {
  test.each<[string, string[], Array<number | null>]>([
    ["a block too wide on its own is named by its index", ["10.0.0.0/16", "0.0.0.0/0"], [1]],
    ["blocks fine alone but too wide together: the list", ["11.0.0.0/8", "12.0.0.0/8"], [null]],
    ["client networks: nothing", ["10.0.0.0/8", "172.16.0.0/12", "192.168.0.0/16", "203.0.113.0/24"], []],
    ["an entry that is not a CIDR is left to the CIDR check", ["0.0.0.0/00", "10.0.0.0/8"], []],
  ])("%s", (_name, cidrs, indexes) => {
    expect(wideSourceIssues(cidrs, undefined).map((i) => i.index)).toEqual(indexes);
  });

  test("the opt-in is named when there is one; without one the message says what to list", () => {
    expect(sourceSpanIssues(["0.0.0.0/1", "128.0.0.0/1"], "w", { name: "allowAnyIpv4Source", given: false })[0]!.problem).toContain("or set allowAnyIpv4Source: true if you really mean it");
    expect(sourceSpanIssues(["0.0.0.0/1", "128.0.0.0/1"], "w", null)[0]!.problem).toContain("list only the addresses that must be reached");
  });
});
