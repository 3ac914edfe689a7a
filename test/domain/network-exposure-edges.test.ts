import { exposureWidening, reachesInternet, type AccessRule, type PortWidening } from "../../domain/network-exposure";

const rule = (protocol: AccessRule["protocol"], fromPort: number, toPort: number, cidrs: string[], named: string[] = []): AccessRule => ({ protocol, fromPort, toPort, cidrs, named });
const brief = (w: PortWidening) => [w.protocol, w.fromPort, w.toPort, w.beforeCidrs, w.afterCidrs, w.addedNamed];
const everyPort = (protocol: string, before: string[], after: string[], addedNamed: string[] = []) => [protocol, 0, 65535, before, after, addedNamed];

describe("exposureWidening: protocols, the all rule and which protocols have ports", () => {
  test.each<[string, AccessRule[], AccessRule[], unknown[]]>([
    [
      "an all rule widens each of the five protocols on its own, in order, never merged across protocols",
      [],
      [rule("all", 0, 0, ["10.0.0.0/24"])],
      [
        everyPort("tcp", [], ["10.0.0.0/24"]),
        everyPort("udp", [], ["10.0.0.0/24"]),
        everyPort("icmp", [], ["10.0.0.0/24"]),
        everyPort("icmpv6", [], ["10.0.0.0/24"]),
        everyPort("other", [], ["10.0.0.0/24"]),
      ],
    ],
    [
      "an all rule with a named source, before and after with others",
      [rule("all", 0, 0, ["10.0.0.0/24"])],
      [rule("all", 0, 0, ["10.0.0.0/24"], ["sg-1"])],
      ["tcp", "udp", "icmp", "icmpv6", "other"].map((p) => everyPort(p, ["10.0.0.0/24"], ["10.0.0.0/24"], ["sg-1"])),
    ],
    [
      "tcp and udp have ports: each rule widens only its own range",
      [],
      [rule("tcp", 7687, 7687, ["10.0.0.0/24"]), rule("udp", 53, 54, ["10.0.1.0/24"])],
      [
        ["tcp", 7687, 7687, [], ["10.0.0.0/24"], []],
        ["udp", 53, 54, [], ["10.0.1.0/24"], []],
      ],
    ],
    [
      "icmp, icmpv6 and other have no ports: their port numbers do not matter",
      [],
      [rule("icmp", 8, 8, ["10.0.0.0/24"]), rule("icmpv6", 128, 128, ["fd00::/64"]), rule("other", 5, 6, ["10.0.2.0/24"])],
      [everyPort("icmp", [], ["10.0.0.0/24"]), everyPort("icmpv6", [], ["fd00::/64"]), everyPort("other", [], ["10.0.2.0/24"])],
    ],
    [
      "a tcp rule up to the top port next to an all rule before",
      [rule("all", 0, 0, ["10.0.0.0/24"])],
      [rule("all", 0, 0, ["10.0.0.0/24"]), rule("tcp", 65000, 65535, ["10.0.5.0/24"])],
      [["tcp", 65000, 65535, ["10.0.0.0/24"], ["10.0.0.0/24", "10.0.5.0/24"], []]],
    ],
    ["rules of one protocol do not widen another", [rule("udp", 53, 53, ["10.0.0.0/8"])], [rule("udp", 53, 53, ["10.0.0.0/8"]), rule("tcp", 22, 22, ["10.0.0.0/8"])], [["tcp", 22, 22, [], ["10.0.0.0/8"], []]]],
    ["nothing before or after", [], [], []],
  ])("%s", (_name, before, after, expected) => {
    expect(exposureWidening(before, after).map(brief)).toEqual(expected);
  });
});

describe("reachesInternet reads the exposures and the public addresses added", () => {
  const span = (exposure: "internet" | "wide" | "bounded", publicIpv4 = 0n, publicIpv6 = 0n) => ({ ipv4: publicIpv4, ipv6: publicIpv6, publicIpv4, publicIpv6, exposure, unparsed: [] });
  const widening = (before: ReturnType<typeof span>, after: ReturnType<typeof span>, added: ReturnType<typeof span>): PortWidening => ({
    protocol: "tcp",
    fromPort: 7687,
    toPort: 7687,
    beforeCidrs: [],
    afterCidrs: [],
    beforeNamed: [],
    beforeSpan: before,
    afterSpan: after,
    added,
    addedNamed: [],
  });
  test.each<[string, PortWidening, boolean]>([
    ["newly the internet, even with no public address counted as added", widening(span("bounded"), span("internet"), span("bounded")), true],
    ["newly the internet from wide", widening(span("wide"), span("internet"), span("wide", 5n)), true],
    ["already the internet, more public IPv4 added", widening(span("internet"), span("internet"), span("bounded", 1n)), true],
    ["already the internet, more public IPv6 added", widening(span("internet"), span("internet"), span("bounded", 0n, 1n)), true],
    ["already the internet, only private addresses added", widening(span("internet"), span("internet"), span("bounded")), false],
    ["not the internet after", widening(span("bounded"), span("wide"), span("wide", 5n)), false],
  ])("%s", (_name, w, expected) => expect(reachesInternet(w)).toBe(expected));
});
