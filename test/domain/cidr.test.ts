import { IPV4_ADDRESS, IPV4_ADDRESS_OR_PREFIX, ipv4CidrProblem } from "../../domain/cidr";

/** The canonical IPv4 CIDR rule (config, endpoint construct, verify): edges, near-misses and the messages. */

const FORMAT = 'must be an IPv4 CIDR block like "10.0.0.0/16" (four numbers 0-255 without leading zeros, then /0-32)';
const EVERY = "is every IPv4 address (a /0 is 0.0.0.0/0 whatever the address); list your client CIDRs";
const hostBits = (bits: number, network: string) => `has host bits set: the network address of a /${bits} is ${network}/${bits}; write that (AWS refuses anything else)`;

describe("ipv4CidrProblem", () => {
  test.each([
    ["a private /16", "10.0.0.0/16"],
    ["a single address /32", "10.0.0.1/32"],
    ["255 in every octet of a /32", "255.255.255.255/32"],
    ["255 in the first octet", "255.0.0.0/8"],
    ["255 in the inner octets", "10.255.255.0/24"],
    ["the whole internet written canonically", "0.0.0.0/0"],
    ["the zero address as a /32", "0.0.0.0/32"],
    ["a /31 on its network address", "10.0.0.2/31"],
    ["a /25 on its upper half", "192.168.1.128/25"],
    ["a /1 on its upper half", "128.0.0.0/1"],
    ["a single digit prefix", "10.0.0.0/8"],
    ["octets ending in zero (10, 100, 200) are not leading zeros", "100.64.200.0/24"],
  ])("accepts %s (%s)", (_name, cidr) => {
    expect(ipv4CidrProblem(cidr)).toBeNull();
  });

  test.each([
    ["a three-digit prefix length", "10.0.0.0/160"],
    ["a prefix above 32", "10.0.0.0/33"],
    ["a negative prefix", "10.0.0.0/-1"],
    ["no prefix", "10.0.0.0"],
    ["an empty prefix", "10.0.0.0/"],
    ["three octets", "10.0.0/8"],
    ["five octets", "10.0.0.0.0/8"],
    ["an octet of 256, first", "256.0.0.0/8"],
    ["an octet of 256, second", "10.256.0.0/16"],
    ["an octet of 256, third", "10.0.256.0/24"],
    ["an octet of 256, last", "10.0.0.256/32"],
    ["a four-digit octet", "1000.0.0.0/8"],
    ["a leading zero in an octet", "010.0.0.0/8"],
    ["a leading zero in the last octet", "10.0.0.00/32"],
    ["a leading zero in the prefix", "10.0.0.0/08"],
    ["junk before (start anchor)", "x10.0.0.0/8"],
    ["junk after (end anchor)", "10.0.0.0/8x"],
    ["a trailing newline", "10.0.0.0/8\n"],
    ["a leading space", " 10.0.0.0/8"],
    ["an IPv6 block", "::/0"],
    ["a hostname", "example.com/32"],
    ["the empty string", ""],
  ])("refuses %s (%j) with the format message", (_name, cidr) => {
    expect(ipv4CidrProblem(cidr)).toBe(FORMAT);
  });

  test.each([
    ["10.0.0.0/0", EVERY],
    ["255.255.255.255/0", EVERY],
    ["0.0.0.1/0", EVERY],
  ])("a /0 on another address than 0.0.0.0 (%s) is the whole internet in disguise", (cidr, message) => {
    expect(ipv4CidrProblem(cidr)).toBe(message);
  });

  test.each([
    ["10.20.0.1/16", hostBits(16, "10.20.0.0")],
    ["10.0.0.1/31", hostBits(31, "10.0.0.0")],
    ["192.168.1.130/25", hostBits(25, "192.168.1.128")],
    ["255.255.255.255/1", hostBits(1, "128.0.0.0")],
    ["127.255.255.255/1", hostBits(1, "0.0.0.0")],
    ["1.2.3.4/8", hostBits(8, "1.0.0.0")],
    ["172.16.5.255/20", hostBits(20, "172.16.0.0")],
    ["10.1.2.3/24", hostBits(24, "10.1.2.0")],
  ])("host bits set (%s) names the network address to write", (cidr, message) => {
    expect(ipv4CidrProblem(cidr)).toBe(message);
  });
});

describe("IPV4_ADDRESS and IPV4_ADDRESS_OR_PREFIX: one address form, as the CIDR rule reads it", () => {
  test.each<[string, boolean, boolean]>([
    ["10.0.0.5", true, true],
    ["0.0.0.0", true, true],
    ["255.255.255.255", true, true],
    ["199.249.100.9", true, true],
    ["10.0.0.5/32", false, true],
    ["10.0.0.0/0", false, true],
    ["10.0.0.0/9", false, true],
    ["10.0.0.0/19", false, true],
    ["10.0.0.0/33", false, false],
    ["10.0.0.0/", false, false],
    ["10.0.0.0/08", false, false],
    ["010.0.0.5", false, false],
    ["10.0.0.05", false, false],
    ["10.00.0.5", false, false],
    ["00.0.0.0", false, false],
    ["256.0.0.0", false, false],
    ["1.2.3.260", false, false],
    ["1.2.3", false, false],
    ["1.2.3.4.5", false, false],
    [" 1.2.3.4", false, false],
    ["1.2.3.4\n", false, false],
    ["0x0a.0.0.1", false, false],
    ["::1", false, false],
  ])("%p: address %p, address or prefix %p", (value, address, orPrefix) => {
    expect([IPV4_ADDRESS.test(value), IPV4_ADDRESS_OR_PREFIX.test(value)]).toEqual([address, orPrefix]);
  });
});
