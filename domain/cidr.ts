/** Pure IPv4 CIDR rules shared by the config schema and the endpoint constructs. */

/**
 * One octet 0-255 without a leading zero: "010" is 8 to a parser that reads octal (inet_aton) and 10 to one that
 * does not, so the form that could mean two addresses is refused everywhere an address is read.
 */
const OCTET = "(?:25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)";
/** A dotted IPv4 address in the one form every cloud and parser reads alike. */
export const IPV4_ADDRESS = new RegExp(`^${OCTET}(?:\\.${OCTET}){3}$`);
/** An IPv4 address or an address with a /0-32 prefix length (host bits are not checked: ipv4CidrProblem does). */
export const IPV4_ADDRESS_OR_PREFIX = new RegExp(`^${OCTET}(?:\\.${OCTET}){3}(?:/(?:[0-9]|[12][0-9]|3[0-2]))?$`);

/**
 * What is wrong with an IPv4 CIDR block, or null. Only the canonical form AWS and Terraform accept:
 * no leading zeros, and no host bits set (10.20.0.1/16 fails terraform validate; 10.0.0.0/0 is
 * 0.0.0.0/0 in disguise), with the network address to use instead.
 */
export function ipv4CidrProblem(value: string): string | null {
  const m = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})\/(\d{1,2})$/.exec(value);
  // Stryker disable next-line ArrayDeclaration: without a match the check below returns before parts is read
  const parts = m ? m.slice(1, 6) : [];
  const octets = parts.slice(0, 4).map(Number);
  const bits = Number(parts[4]);
  if (!m || octets.some((o) => o > 255) || bits > 32 || parts.some((p) => p.length > 1 && p.startsWith("0"))) {
    return 'must be an IPv4 CIDR block like "10.0.0.0/16" (four numbers 0-255 without leading zeros, then /0-32)';
  }
  const address = octets.reduce((acc, o) => acc * 256 + o, 0);
  const size = 2 ** (32 - bits);
  const network = address - (address % size);
  if (bits === 0 && address !== 0) return "is every IPv4 address (a /0 is 0.0.0.0/0 whatever the address); list your client CIDRs";
  if (network !== address) {
    const canonical = [24, 16, 8, 0].map((shift) => Math.floor(network / 2 ** shift) % 256).join(".");
    return `has host bits set: the network address of a /${bits} is ${canonical}/${bits}; write that (AWS refuses anything else)`;
  }
  return null;
}
