import { propertyRuns } from "../support/property-runs";
import fc from "fast-check";
import { addedSpan, addressSpan, cidrRange, mergeRanges, PUBLIC_TOTAL, sourceSpanProblem, subtractRanges } from "../../domain/address-span";

describe("addressSpan counts addresses, not strings", () => {
  test.each([
    // [sources, ipv4, ipv6, publicIpv4, exposure]
    [["0.0.0.0/0"], 4294967296n, 0n, "internet"],
    [["0.0.0.0/1", "128.0.0.0/1"], 4294967296n, 0n, "internet"],
    [["::/0"], 0n, 340282366920938463463374607431768211456n, "internet"],
    [["::/1", "8000::/1"], 0n, 340282366920938463463374607431768211456n, "internet"],
    [["2000::/3"], 0n, 42535295865117307932921825928971026432n, "internet"],
    [["10.0.0.0/8"], 16777216n, 0n, "bounded"],
    [["10.0.0.0/8", "172.16.0.0/12", "192.168.0.0/16"], 17891328n, 0n, "bounded"],
    [["11.0.0.0/8"], 16777216n, 0n, "bounded"],
    [["11.0.0.0/8", "12.0.0.0/24"], 16777472n, 0n, "wide"],
    [["10.0.0.0/16", "10.0.0.0/24"], 65536n, 0n, "bounded"],
    [["10.0.0.0/25", "10.0.0.128/25"], 256n, 0n, "bounded"],
    [["10.20.0.1/16"], 65536n, 0n, "bounded"],
    [["203.0.113.7/32"], 1n, 0n, "bounded"],
    [["2001:db8::/32"], 0n, 79228162514264337593543950336n, "bounded"],
    [["2600::/31"], 0n, 158456325028528675187087900672n, "wide"],
  ] as const)("%j covers %s IPv4 and %s IPv6: %s", (sources, ipv4, ipv6, exposure) => {
    const span = addressSpan(sources);
    expect(span.ipv4).toBe(ipv4);
    expect(span.ipv6).toBe(ipv6);
    expect(span.exposure).toBe(exposure);
    expect(span.unparsed).toEqual([]);
  });

  test("everything public but one /24 is still the whole internet", () => {
    // 0.0.0.0/0 minus 8.8.8.0/24, written as the blocks around it.
    const blocks = ["0.0.0.0/5", "8.0.0.0/13", "8.8.0.0/21", "8.8.9.0/24", "8.8.10.0/23", "8.8.12.0/22", "8.8.16.0/20", "8.8.32.0/19", "8.8.64.0/18", "8.8.128.0/17", "8.9.0.0/16", "8.10.0.0/15", "8.12.0.0/14", "8.16.0.0/12", "8.32.0.0/11", "8.64.0.0/10", "8.128.0.0/9", "9.0.0.0/8", "10.0.0.0/7", "12.0.0.0/6", "16.0.0.0/4", "32.0.0.0/3", "64.0.0.0/2", "128.0.0.0/1"];
    expect(addressSpan(blocks).ipv4).toBe(4294967296n - 256n);
    expect(addressSpan(blocks).exposure).toBe("internet");
  });

  test.each(["", "10.0.0.0", "10.0.0.0/33", "::/129", "not-a-cidr/8", "sg-0123456789abcdef0", "10.0.0.0/8 "])("%j is reported as not understood", (text) => {
    if (text === "10.0.0.0/8 ") expect(addressSpan([text]).unparsed).toEqual([]);
    else expect(addressSpan([text]).unparsed).toEqual([text]);
  });

  test("ranges ignore host bits, as the whole block is opened", () => {
    expect(cidrRange("10.20.0.1/16")).toEqual({ family: 4, first: 169082880n, last: 169148415n });
    expect(cidrRange("::ffff:10.0.0.0/120")?.family).toBe(6);
  });
});

describe("addedSpan: what a change opens that was not open before", () => {
  test.each([
    [["10.0.0.0/16"], ["10.0.0.0/24"], 0n, "bounded"],
    [["10.0.0.0/16"], ["10.0.0.0/16"], 0n, "bounded"],
    [["10.0.0.0/16"], ["10.1.0.0/16"], 65536n, "bounded"],
    [["10.0.0.0/16"], ["10.0.0.0/15"], 65536n, "bounded"],
    [["10.0.0.0/16"], ["0.0.0.0/1", "128.0.0.0/1"], 4294901760n, "internet"],
    [[], ["::/1", "8000::/1"], 0n, "internet"],
  ] as const)("%j -> %j adds %s IPv4 addresses (%s)", (before, after, ipv4, exposure) => {
    const added = addedSpan(before, after);
    expect(added.ipv4).toBe(ipv4);
    expect(added.exposure).toBe(exposure);
  });
});

describe("sourceSpanProblem", () => {
  test("names the opt-in and the sources", () => {
    expect(sourceSpanProblem(["0.0.0.0/1", "128.0.0.0/1"], "the endpoint would accept connections from anywhere", { name: "allowAnyIpv4Source", given: false })).toBe(
      "0.0.0.0/1, 128.0.0.0/1 together cover the whole internet (3,702,258,688 public IPv4 addresses): the endpoint would accept connections from anywhere; list your client networks, or set allowAnyIpv4Source: true if you really mean it",
    );
    expect(sourceSpanProblem(["0.0.0.0/0"], "x", { name: "allowAnyIpv4Source", given: true })).toBeNull();
    expect(sourceSpanProblem(["10.0.0.0/8"], "x", null)).toBeNull();
    expect(sourceSpanProblem(["11.0.0.0/8", "12.0.0.0/8"], "egress", null)).toMatch(/33,554,432 public IPv4 addresses, more than one \/8/);
  });
});

describe("property: the judged span matches a brute-force count", () => {
  // Blocks inside 10.0.0.0/20 (4,096 addresses) so every address can be enumerated independently.
  const block = fc.record({ offset: fc.integer({ min: 0, max: 4095 }), prefix: fc.integer({ min: 20, max: 32 }) });
  test("IPv4 union size", () => {
    fc.assert(
      fc.property(fc.array(block, { maxLength: 8 }), (blocks) => {
        const seen = new Set<number>();
        const texts = blocks.map(({ offset, prefix }) => {
          const size = 2 ** (32 - prefix);
          const start = offset - (offset % size);
          for (let a = start; a < start + size; a++) seen.add(a);
          return `10.0.${Math.floor(start / 256)}.${start % 256}/${prefix}`;
        });
        expect(addressSpan(texts).ipv4).toBe(BigInt(seen.size));
        expect(addressSpan(texts).publicIpv4).toBe(0n);
      }),
      { numRuns: propertyRuns(1000) },
    );
  });
  test("addedSpan is the brute-force set difference", () => {
    fc.assert(
      fc.property(fc.array(block, { maxLength: 5 }), fc.array(block, { maxLength: 5 }), (before, after) => {
        const enumerate = (bs: typeof before) => {
          const s = new Set<number>();
          const texts = bs.map(({ offset, prefix }) => {
            const size = 2 ** (32 - prefix);
            const start = offset - (offset % size);
            for (let a = start; a < start + size; a++) s.add(a);
            return `10.0.${Math.floor(start / 256)}.${start % 256}/${prefix}`;
          });
          return { s, texts };
        };
        const b = enumerate(before);
        const a = enumerate(after);
        const diff = [...a.s].filter((x) => !b.s.has(x)).length;
        expect(addedSpan(b.texts, a.texts).ipv4).toBe(BigInt(diff));
      }),
      { numRuns: propertyRuns(1000) },
    );
  });
});

describe("edges", () => {
  test("public address totals", () => {
    expect(PUBLIC_TOTAL[4]).toBe(3702258688n);
    // 2000::/3 minus the documentation block 2001:db8::/32
    expect(PUBLIC_TOTAL[6]).toBe((1n << 125n) - (1n << 96n));
  });
  test.each([
    // 0.0.0.0/0 without one public /8 leaves exactly as much uncovered as the opt-in limit: a wide list, not the internet
    [["0.0.0.0/5", "8.0.0.0/7", "12.0.0.0/6", "16.0.0.0/4", "32.0.0.0/3", "64.0.0.0/2", "128.0.0.0/1", "10.0.0.0/8"], "wide"],
    // without half of that /8 it is the internet
    [["0.0.0.0/5", "8.0.0.0/7", "11.128.0.0/9", "12.0.0.0/6", "16.0.0.0/4", "32.0.0.0/3", "64.0.0.0/2", "128.0.0.0/1", "10.0.0.0/8"], "internet"],
  ] as const)("the internet threshold: %j is %s", (sources, exposure) => {
    expect(addressSpan(sources).exposure).toBe(exposure);
  });
  test("a text that is not a string is reported, not counted", () => {
    expect(addressSpan([42 as unknown as string, "10.0.0.0/8"])).toMatchObject({ ipv4: 16777216n, unparsed: [42] });
  });
  test("adjacent and overlapping blocks merge into one range; families stay apart", () => {
    expect(mergeRanges([cidrRange("10.0.1.0/24")!, cidrRange("::/127")!, cidrRange("10.0.0.0/24")!, cidrRange("10.0.0.128/25")!])).toEqual([
      { family: 4, first: 167772160n, last: 167772671n },
      { family: 6, first: 0n, last: 1n },
    ]);
  });
  test.each([
    ["10.0.0.0/32", [{ family: 4, first: 167772161n, last: 167772415n }]],
    ["10.0.0.255/32", [{ family: 4, first: 167772160n, last: 167772414n }]],
    ["10.0.0.128/25", [{ family: 4, first: 167772160n, last: 167772287n }]],
    ["10.0.0.64/26", [{ family: 4, first: 167772160n, last: 167772223n }, { family: 4, first: 167772288n, last: 167772415n }]],
    ["10.0.1.0/24", [{ family: 4, first: 167772160n, last: 167772415n }]],
    ["::/0", [{ family: 4, first: 167772160n, last: 167772415n }]],
    ["0.0.0.0/0", []],
  ])("10.0.0.0/24 minus %s", (cut, expected) => {
    expect(subtractRanges([cidrRange("10.0.0.0/24")!], [cidrRange(cut)!])).toEqual(expected);
  });
  test("messages without an opt-in, and for IPv6", () => {
    expect(sourceSpanProblem(["::/1", "8000::/1"], "egress", null)).toBe("::/1, 8000::/1 together cover the whole internet (2^124+ public IPv6 addresses): egress; list only the addresses that must be reached");
    expect(sourceSpanProblem(["0.0.0.0/0"], "the runner could send to anyone", null)).toBe(
      "0.0.0.0/0 together cover the whole internet (3,702,258,688 public IPv4 addresses): the runner could send to anyone; list only the addresses that must be reached",
    );
    expect(sourceSpanProblem(["2600::/31", "12.0.0.0/7"], "egress", null)).toBe(
      "2600::/31, 12.0.0.0/7 together cover 33,554,432 public IPv4 and 2^97+ public IPv6 addresses, more than one /8 (IPv4) or /32 (IPv6): egress; list only the addresses that must be reached",
    );
  });
});
