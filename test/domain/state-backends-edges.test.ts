import { gcsBucketNameProblem } from "../../domain/state-backends";

const LENGTH = "must be a Cloud Storage bucket name: 3-63 characters (up to 222 with dots, each dot-separated part 1-63)";
const IP = "must be a Cloud Storage bucket name, not an IP address";
const part = (c: string, n: number) => c.repeat(n);

describe("gcsBucketNameProblem: lengths and addresses at their boundaries", () => {
  test.each<[string, string, string | null]>([
    ["3 characters", "abc", null],
    ["2 characters", "ab", LENGTH],
    ["63 characters without dots", part("a", 63), null],
    ["64 characters without dots", part("a", 64), LENGTH],
    // Dotted: 222 in all, each part at most 63.
    ["222 characters with dots (63+63+63+30 and 3 dots)", `${part("a", 63)}.${part("b", 63)}.${part("c", 63)}.${part("d", 30)}`, null],
    ["223 characters with dots", `${part("a", 63)}.${part("b", 63)}.${part("c", 63)}.${part("d", 31)}`, LENGTH],
    ["a dotted part of exactly 63", `${part("a", 63)}.b`, null],
    ["a dotted part of 64", `${part("a", 64)}.b`, LENGTH],
    ["an empty dotted part", "a..b", LENGTH],
    // IP addresses, anchored at both ends.
    ["an IPv4 address", "192.168.1.1", IP],
    ["an address with a letter before", "a1.2.3.4", null],
    ["an address with a letter after", "1.2.3.4a", null],
    ["five numbers", "1.2.3.4.5", null],
  ])("%s", (_name, name, expected) => expect(gcsBucketNameProblem(name)).toBe(expected));
});
