/**
 * How a credentials-carrying connection is protected and what a change weakens (domain/neo4j/connection-posture.ts):
 * each scheme family with its case and near-misses, where the credentials go (host, port, userinfo, path, query,
 * IPv6), every step down the TLS ranking, URLs hidden behind environment variables, and opt-ins turned on.
 * The first examples are in test/domain/posture/posture-functions.test.ts; these are the edges.
 */
import { destinationOf, optInsTurnedOn, tlsModeOf, urlWeakenings, type UrlValue } from "../../../domain/neo4j/connection-posture";

describe("tlsModeOf: the scheme decides", () => {
  test.each([
    ["NEO4J+S://h", "verified"],
    ["bolt+s://h:7687", "verified"],
    ["HTTPS://api.neo4j.io", "verified"],
    ["neo4j+ssc://h", "unverified"],
    ["Bolt+SSC://h", "unverified"],
    ["http://h", "none"],
    ["bolt://h", "none"],
    ["NEO4J://h", "none"],
    ["neo4js://h", "unknown"], // no "+s": not the verified form
    ["neo4j+sscx://h", "unknown"],
    ["httpss://h", "unknown"],
    ["neo4j+s:/h", "unknown"],
    [" neo4j+s://h", "unknown"],
    ["x neo4j+s://h", "unknown"],
    ["", "unknown"],
  ])("%j is %s", (url, mode) => expect(tlsModeOf(url)).toBe(mode));
});

describe("destinationOf: host and port, lower case", () => {
  test.each<[string, string | null]>([
    ["neo4j+s://H.Example.com:7687/db?x=1", "h.example.com:7687"],
    ["neo4j+s://h", "h"],
    ["neo4j+s://user:pw@h:1", "h:1"],
    ["neo4j+s://@h", "h"],
    ["neo4j+s://h/path:99", "h"],
    ["neo4j+s://h?x=:1", "h"],
    ["neo4j+s://h#:1", "h"],
    ["neo4j+s://h:port", "h"],
    ["neo4j+s://[2001:DB8::1]:7687", "[2001:db8::1]:7687"],
    ["neo4j+s://[::1]", "[::1]"],
    ["nonsense", null],
    ["x neo4j+s://h", null],
    ["neo4j+s://", null],
  ])("%j -> %j", (url, destination) => expect(destinationOf(url)).toBe(destination));
});

describe("urlWeakenings: each step down, and what the plan can no longer show", () => {
  const env = (name: string) => ({ env: name });
  test.each<[string, UrlValue, UrlValue, string[]]>([
    ["the host only in another case", "neo4j+s://H:7687", "neo4j+s://h:7687", []],
    ["another port", "neo4j+s://h:7687", "neo4j+s://h:7688", ["x moves from h:7687 to h:7688: the credentials go there"]],
    ["verified to +ssc", "neo4j+s://h", "neo4j+ssc://h", ["x neo4j+ssc://h is encrypted without certificate checks (+ssc) (was encrypted, certificate verified: neo4j+s://h)"]],
    ["+ssc to plain", "neo4j+ssc://h", "neo4j://h", ["x neo4j://h is unencrypted (was encrypted without certificate checks (+ssc): neo4j+ssc://h)"]],
    ["an unknown scheme to plain", "ftp://h", "bolt://h", ["x bolt://h is unencrypted (was an unknown scheme: ftp://h)"]],
    ["verified to an unknown scheme", "https://h", "ftp://h", ["x ftp://h is an unknown scheme (was encrypted, certificate verified: https://h)"]],
    ["plain to plain (the same rank)", "bolt://h", "neo4j://h", []],
    ["plain to an unknown scheme is no weakening", "bolt://h", "ftp://h", []],
    [
      "a URL that does not parse",
      "neo4j+s://h",
      "nonsense",
      ["x nonsense does not parse as a URL (was neo4j+s://h)", "x nonsense is an unknown scheme (was encrypted, certificate verified: neo4j+s://h)"],
    ],
    ["from a URL that did not parse", "nonsense", "neo4j+s://h", ["x moves from nonsense to h: the credentials go there"]],
    [
      "one environment variable for another",
      env("A"),
      env("B"),
      ["x is now the value of environment variable B (not in the plan) (was the value of environment variable A (not in the plan)): not visible in the plan"],
    ],
    ["the same environment variable", env("A"), env("A"), []],
    ["an environment variable where there was none", undefined, env("A"), ["x is now the value of environment variable A (not in the plan) (was (none)): not visible in the plan"]],
    ["an environment variable where there was null", null, env("A"), ["x is now the value of environment variable A (not in the plan) (was (none)): not visible in the plan"]],
    ["a URL removed", "neo4j+s://h", undefined, []],
    ["a URL set to null", "neo4j+s://h", null, []],
    ["an environment variable removed", env("A"), undefined, []],
    ["a literal URL where an environment variable was", env("A"), "neo4j+s://h", []],
    ["a first URL", undefined, "bolt://h", []],
  ])("%s", (_name, before, after, expected) => expect(urlWeakenings(before, after, "x")).toEqual(expected));
});

describe("optInsTurnedOn", () => {
  const names = ["allowInsecureUrl", "allowUnverifiedTls"] as const;
  test.each<[string, Record<string, unknown> | null | undefined, Record<string, unknown> | null | undefined, string[]]>([
    ["on where there was nothing", undefined, { allowUnverifiedTls: true }, ["c: allowUnverifiedTls turned on"]],
    ["on where there was null", null, { allowInsecureUrl: true }, ["c: allowInsecureUrl turned on"]],
    ["false to true", { allowInsecureUrl: false }, { allowInsecureUrl: true }, ["c: allowInsecureUrl turned on"]],
    ["both, in the order named", {}, { allowUnverifiedTls: true, allowInsecureUrl: true }, ["c: allowInsecureUrl turned on", "c: allowUnverifiedTls turned on"]],
    ["already on", { allowInsecureUrl: true }, { allowInsecureUrl: true }, []],
    ["turned off", { allowInsecureUrl: true }, {}, []],
    ["no after", { allowInsecureUrl: true }, null, []],
    ["a string is not true", {}, { allowInsecureUrl: "true" }, []],
    ["a name not listed", {}, { somethingElse: true }, []],
  ])("%s", (_name, before, after, expected) => expect(optInsTurnedOn(before, after, names, "c")).toEqual(expected));
});
