/**
 * Private resolution (domain/aura/private-resolution.ts), the edges: name spelling (case, spaces, one trailing
 * dot), wildcards against their apex and near-miss suffixes, response policies per network and passthrough,
 * zones per network, the apex of a zone, two zones of the same length, and what lostResolution reports per
 * network and name (sorted, each once). First examples: test/domain/posture/posture-functions.test.ts.
 */
import { lostResolution, nameMatches, normalizeDnsName, resolvesPrivately, viewNames, viewNetworks, type DnsView, type PrivateZone, type ResponsePolicy } from "../../../domain/aura/private-resolution";

const view = (zones: PrivateZone[], policies: ResponsePolicy[] = []): DnsView => ({ zones, policies });

describe("nameMatches", () => {
  test.each<[string, string, boolean]>([
    [" A.x.io ", "a.x.io", true],
    ["*.x.io.", "A.X.IO", true],
    ["*.x.io", "b.a.x.io.", true],
    ["*.x.io", "ax.io", false], // ends with "x.io" but is not below it
    ["*.x.io", ".x.io", false], // nothing before the dot
    ["a.x.io", "zz.x.io", false], // a plain record is no wildcard
    ["a.x.io", "b.x.io", false],
    ["x.io", "*.x.io", false],
    ["a.x.io", "a.x.io..", false], // one trailing dot is dropped, not two
  ])("record %j answers %j: %s", (record, name, matches) => expect(nameMatches(record, name)).toBe(matches));

  test.each([
    [" Db.X.io. ", "db.x.io"],
    ["db.x.io", "db.x.io"],
    ["DB.X.IO..", "db.x.io."],
  ])("normalizeDnsName(%j) = %j", (text, name) => expect(normalizeDnsName(text)).toBe(name));
});

describe("resolvesPrivately", () => {
  const zone = (key: string, domain: string, networks: string[], records: string[]): PrivateZone => ({ key, domain, networks, records });
  const policy = (key: string, networks: string[], rules: ResponsePolicy["rules"]): ResponsePolicy => ({ key, networks, rules });
  test.each<[string, DnsView, string, string, { resolves: boolean; via?: string }]>([
    ["no zone in that network", view([zone("z1", "x.io", ["vpc-b"], ["*.x.io"])]), "a.x.io", "vpc-a", { resolves: false }],
    ["a zone of another domain", view([zone("z1", "x.io", ["vpc-a"], ["*.x.io"])]), "a.ax.io", "vpc-a", { resolves: false }],
    ["the zone's apex", view([zone("z1", "x.io", ["vpc-a"], ["x.io"])]), "x.io", "vpc-a", { resolves: true, via: "zone z1" }],
    ["a zone domain written in capitals with a dot", view([zone("z1", "X.IO.", ["vpc-a"], ["*.x.io"])]), "A.x.io", "vpc-a", { resolves: true, via: "zone z1" }],
    [
      "two zones of the same domain: the one that holds the name answers",
      view([zone("z1", "x.io", ["vpc-a"], []), zone("z2", "x.io", ["vpc-a"], ["a.x.io"])]),
      "a.x.io",
      "vpc-a",
      { resolves: true, via: "zone z2" },
    ],
    [
      "the longer domain hides the shorter one",
      view([zone("z1", "x.io", ["vpc-a"], ["*.x.io"]), zone("z2", "a.x.io", ["vpc-a"], [])]),
      "b.a.x.io",
      "vpc-a",
      { resolves: false, via: "zone z2 (which does not hold it: NXDOMAIN)" },
    ],
    [
      "a longer domain in another network hides nothing",
      view([zone("z1", "x.io", ["vpc-a"], ["*.x.io"]), zone("z2", "a.x.io", ["vpc-b"], [])]),
      "b.a.x.io",
      "vpc-a",
      { resolves: true, via: "zone z1" },
    ],
    ["a policy of another network is not asked", view([], [policy("rp", ["net-b"], [{ name: "*.x.io" }])]), "a.x.io", "net-a", { resolves: false }],
    ["a policy whose rules do not match", view([zone("z1", "x.io", ["net"], ["*.x.io"])], [policy("rp", ["net"], [{ name: "b.x.io" }])]), "a.x.io", "net", { resolves: true, via: "zone z1" }],
    ["a policy answers before a zone that hides the name", view([zone("z1", "x.io", ["net"], [])], [policy("rp", ["net"], [{ name: "a.x.io" }])]), "a.x.io", "net", { resolves: true, via: "response policy rp" }],
    [
      "a passthrough rule leaves it to the next policy",
      view([], [policy("rp1", ["net"], [{ name: "*.x.io", passthrough: true }]), policy("rp2", ["net"], [{ name: "a.x.io" }])]),
      "a.x.io",
      "net",
      { resolves: true, via: "response policy rp2" },
    ],
    ["passthrough: false answers", view([], [policy("rp", ["net"], [{ name: "a.x.io", passthrough: false }])]), "a.x.io", "net", { resolves: true, via: "response policy rp" }],
  ])("%s", (_name, v, name, network, expected) => expect(resolvesPrivately(v, name, network)).toEqual(expected));
});

describe("the names and networks of a view", () => {
  const v = view(
    [
      { key: "z1", domain: "x.io", networks: ["vpc-b", "vpc-a"], records: ["B.x.io.", "a.x.io"] },
      { key: "z2", domain: "y.io", networks: ["vpc-a"], records: [] },
    ],
    [{ key: "rp", networks: ["net-p"], rules: [{ name: "b.x.io" }, { name: "c.x.io" }] }],
  );
  test("each once, normalized and sorted", () => {
    expect(viewNetworks(v)).toEqual(["net-p", "vpc-a", "vpc-b"]);
    expect(viewNames(v)).toEqual(["a.x.io", "b.x.io", "c.x.io"]);
    expect(viewNetworks(view([]))).toEqual([]);
    expect(viewNames(view([]))).toEqual([]);
  });
});

describe("lostResolution", () => {
  const z = { key: "z1", domain: "x.io", networks: ["vpc-b", "vpc-a"], records: ["*.x.io"] };
  test.each<[string, DnsView, DnsView, string[], { name: string; network: string; before: string; after: string }[]]>([
    [
      "the zone removed: per network (sorted) and per name (normalized, each once, sorted)",
      view([z]),
      view([]),
      ["B.x.io", "a.x.io", "b.x.io."],
      [
        { name: "a.x.io", network: "vpc-a", before: "zone z1", after: "no private zone or rule: public DNS answers" },
        { name: "b.x.io", network: "vpc-a", before: "zone z1", after: "no private zone or rule: public DNS answers" },
        { name: "a.x.io", network: "vpc-b", before: "zone z1", after: "no private zone or rule: public DNS answers" },
        { name: "b.x.io", network: "vpc-b", before: "zone z1", after: "no private zone or rule: public DNS answers" },
      ],
    ],
    [
      "a response policy removed",
      view([], [{ key: "rp", networks: ["net-p"], rules: [{ name: "a.x.io" }] }]),
      view([]),
      ["a.x.io"],
      [{ name: "a.x.io", network: "net-p", before: "response policy rp", after: "no private zone or rule: public DNS answers" }],
    ],
    ["a name that never resolved privately is not lost", view([z]), view([]), ["a.y.io"], []],
    ["a network attached only after is not asked", view([]), view([z]), ["a.x.io"], []],
    ["the zone kept", view([z]), view([{ ...z, key: "z9" }]), ["a.x.io"], []],
  ])("%s", (_name, before, after, names, lost) => expect(lostResolution(before, after, names)).toEqual(lost));
});
