/**
 * The exposure rule (domain/network-exposure.ts) with every field of each widening written out: port edges
 * (0, 65535, a single port at the top), sources listed out of order and repeated, named sources kept or added,
 * ranges that are adjacent but differ in one field (not merged), protocols without ports, and when a widening
 * newly reaches the internet. First examples: test/domain/posture/posture-functions.test.ts.
 */
import { describePorts, exposureWidening, reachesInternet, type AccessRule, type PortWidening } from "../../domain/network-exposure";

const rule = (protocol: AccessRule["protocol"], fromPort: number, toPort: number, cidrs: string[], named: string[] = []): AccessRule => ({ protocol, fromPort, toPort, cidrs, named });

/** The fields a reader of the review sees, with the added address count. */
const brief = (w: PortWidening) => ({
  at: describePorts(w),
  beforeCidrs: w.beforeCidrs,
  afterCidrs: w.afterCidrs,
  beforeNamed: w.beforeNamed,
  addedNamed: w.addedNamed,
  addedIpv4: w.added.ipv4,
  addedIpv6: w.added.ipv6,
});

describe("exposureWidening: each widened protocol and port range, written out", () => {
  test.each<[string, AccessRule[], AccessRule[], ReturnType<typeof brief>[]]>([
    [
      "the top port alone (65535)",
      [],
      [rule("tcp", 65535, 65535, ["10.0.0.1/32"])],
      [{ at: "tcp port 65535", beforeCidrs: [], afterCidrs: ["10.0.0.1/32"], beforeNamed: [], addedNamed: [], addedIpv4: 1n, addedIpv6: 0n }],
    ],
    [
      "port 0 alone",
      [],
      [rule("udp", 0, 0, ["10.0.0.0/31"])],
      [{ at: "udp port 0", beforeCidrs: [], afterCidrs: ["10.0.0.0/31"], beforeNamed: [], addedNamed: [], addedIpv4: 2n, addedIpv6: 0n }],
    ],
    [
      "every port, sources out of order and repeated",
      [rule("tcp", 0, 65535, ["10.9.0.0/16", "10.1.0.0/16", "10.9.0.0/16"])],
      [rule("tcp", 0, 65535, ["10.9.0.0/16", "10.1.0.0/16", "10.2.0.0/16", "10.1.0.0/16"])],
      [
        {
          at: "tcp ports 0-65535 (every port)",
          beforeCidrs: ["10.1.0.0/16", "10.9.0.0/16"],
          afterCidrs: ["10.1.0.0/16", "10.2.0.0/16", "10.9.0.0/16"],
          beforeNamed: [],
          addedNamed: [],
          addedIpv4: 65536n,
          addedIpv6: 0n,
        },
      ],
    ],
    [
      "a named source kept and one added, in sorted order",
      [rule("tcp", 443, 443, ["10.0.0.0/24"], ["sg-b"])],
      [rule("tcp", 443, 443, ["10.0.0.0/24"], ["sg-z", "sg-b", "pl-a"])],
      [{ at: "tcp port 443", beforeCidrs: ["10.0.0.0/24"], afterCidrs: ["10.0.0.0/24"], beforeNamed: ["sg-b"], addedNamed: ["pl-a", "sg-z"], addedIpv4: 0n, addedIpv6: 0n }],
    ],
    ["the same named source only", [rule("tcp", 443, 443, [], ["sg-b"])], [rule("tcp", 443, 443, [], ["sg-b"])], []],
    [
      "IPv6 only",
      [rule("tcp", 7687, 7687, ["10.0.0.0/8"])],
      [rule("tcp", 7687, 7687, ["10.0.0.0/8", "2001:db8::/126"])],
      [{ at: "tcp port 7687", beforeCidrs: ["10.0.0.0/8"], afterCidrs: ["10.0.0.0/8", "2001:db8::/126"], beforeNamed: [], addedNamed: [], addedIpv4: 0n, addedIpv6: 4n }],
    ],
    [
      "adjacent ports that differ in what was reached before are two entries",
      [rule("tcp", 80, 80, ["10.0.0.0/8"])],
      [rule("tcp", 80, 81, ["10.0.0.0/8", "11.0.0.0/8"])],
      [
        { at: "tcp port 80", beforeCidrs: ["10.0.0.0/8"], afterCidrs: ["10.0.0.0/8", "11.0.0.0/8"], beforeNamed: [], addedNamed: [], addedIpv4: 16777216n, addedIpv6: 0n },
        { at: "tcp port 81", beforeCidrs: [], afterCidrs: ["10.0.0.0/8", "11.0.0.0/8"], beforeNamed: [], addedNamed: [], addedIpv4: 33554432n, addedIpv6: 0n },
      ],
    ],
    [
      "adjacent ports that differ in what is reached after are two entries",
      [],
      [rule("tcp", 80, 81, ["10.0.0.0/8"]), rule("tcp", 81, 81, ["11.0.0.0/8"])],
      [
        { at: "tcp port 80", beforeCidrs: [], afterCidrs: ["10.0.0.0/8"], beforeNamed: [], addedNamed: [], addedIpv4: 16777216n, addedIpv6: 0n },
        { at: "tcp port 81", beforeCidrs: [], afterCidrs: ["10.0.0.0/8", "11.0.0.0/8"], beforeNamed: [], addedNamed: [], addedIpv4: 33554432n, addedIpv6: 0n },
      ],
    ],
    [
      "adjacent ports that differ in the named sources added are two entries",
      [],
      [rule("tcp", 80, 81, [], ["sg-1"]), rule("tcp", 81, 81, [], ["sg-2"])],
      [
        { at: "tcp port 80", beforeCidrs: [], afterCidrs: [], beforeNamed: [], addedNamed: ["sg-1"], addedIpv4: 0n, addedIpv6: 0n },
        { at: "tcp port 81", beforeCidrs: [], afterCidrs: [], beforeNamed: [], addedNamed: ["sg-1", "sg-2"], addedIpv4: 0n, addedIpv6: 0n },
      ],
    ],
    [
      "adjacent rules with the same answer merge into one range",
      [],
      [rule("tcp", 80, 89, ["10.0.0.0/8"]), rule("tcp", 90, 99, ["10.0.0.0/8"])],
      [{ at: "tcp ports 80-99", beforeCidrs: [], afterCidrs: ["10.0.0.0/8"], beforeNamed: [], addedNamed: [], addedIpv4: 16777216n, addedIpv6: 0n }],
    ],
    [
      "a range that was already reached splits the widening around it",
      [rule("tcp", 85, 85, ["10.0.0.0/8"])],
      [rule("tcp", 80, 89, ["10.0.0.0/8"])],
      [
        { at: "tcp ports 80-84", beforeCidrs: [], afterCidrs: ["10.0.0.0/8"], beforeNamed: [], addedNamed: [], addedIpv4: 16777216n, addedIpv6: 0n },
        { at: "tcp ports 86-89", beforeCidrs: [], afterCidrs: ["10.0.0.0/8"], beforeNamed: [], addedNamed: [], addedIpv4: 16777216n, addedIpv6: 0n },
      ],
    ],
    [
      "icmp ignores the type and code written in the port fields",
      [rule("icmp", 8, 0, ["10.0.0.0/8"])],
      [rule("icmp", 3, 4, ["10.0.0.0/8", "11.0.0.0/8"]), rule("icmp", -1, -1, ["11.0.0.0/8"])],
      [{ at: "icmp", beforeCidrs: ["10.0.0.0/8"], afterCidrs: ["10.0.0.0/8", "11.0.0.0/8"], beforeNamed: [], addedNamed: [], addedIpv4: 16777216n, addedIpv6: 0n }],
    ],
    [
      "a tcp rule says nothing about udp",
      [],
      [rule("tcp", 53, 53, ["10.0.0.0/8"])],
      [{ at: "tcp port 53", beforeCidrs: [], afterCidrs: ["10.0.0.0/8"], beforeNamed: [], addedNamed: [], addedIpv4: 16777216n, addedIpv6: 0n }],
    ],
    [
      "every protocol, before: a tcp port stays as it was",
      [rule("all", 0, 0, ["10.0.0.0/8"])],
      [rule("all", 0, 0, ["10.0.0.0/8"]), rule("tcp", 22, 22, ["10.0.0.0/8"])],
      [],
    ],
  ])("%s", (_name, before, after, expected) => expect(exposureWidening(before, after).map(brief)).toEqual(expected));
});

describe("describePorts", () => {
  test.each<[Pick<PortWidening, "protocol" | "fromPort" | "toPort">, string]>([
    [{ protocol: "tcp", fromPort: 7687, toPort: 7687 }, "tcp port 7687"],
    [{ protocol: "udp", fromPort: 0, toPort: 65535 }, "udp ports 0-65535 (every port)"],
    [{ protocol: "tcp", fromPort: 0, toPort: 65534 }, "tcp ports 0-65534"],
    [{ protocol: "tcp", fromPort: 1, toPort: 65535 }, "tcp ports 1-65535"],
    [{ protocol: "icmp", fromPort: 0, toPort: 65535 }, "icmp"],
    [{ protocol: "icmpv6", fromPort: 0, toPort: 65535 }, "icmpv6"],
    [{ protocol: "other", fromPort: 0, toPort: 65535 }, "every other protocol"],
  ])("%j -> %s", (w, text) => expect(describePorts(w)).toBe(text));
});

describe("reachesInternet: only when the widening newly reaches the whole internet", () => {
  const widening = (before: string[], after: string[]) => exposureWidening([rule("tcp", 443, 443, before)], [rule("tcp", 443, 443, after)])[0]!;
  test.each<[string, string[], string[], boolean]>([
    ["from a private block to 0.0.0.0/0", ["10.0.0.0/8"], ["0.0.0.0/0"], true],
    ["::/0 added to nothing", [], ["::/0"], true],
    ["a public /8 is wide, not the internet", [], ["11.0.0.0/8"], false],
    ["already the internet; a private IPv6 block adds no public address", ["0.0.0.0/0"], ["0.0.0.0/0", "fd00::/8"], false],
    ["already the IPv4 internet; public IPv6 added", ["0.0.0.0/0"], ["0.0.0.0/0", "2000::/3"], true],
  ])("%s", (_name, before, after, reaches) => expect(reachesInternet(widening(before, after))).toBe(reaches));
});
