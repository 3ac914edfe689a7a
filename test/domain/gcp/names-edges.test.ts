import { gcpLabels, gcpResourceName, parseManagedZoneRef, parseNetwork, parseSubnetwork } from "../../../domain/gcp/names";

describe("GCP references are read with the blanks around them trimmed", () => {
  test.each<[string, string, unknown]>([
    ["network", "  projects/acme-prod/global/networks/vpc-1 \n", { project: "acme-prod", name: "vpc-1", selfLink: "projects/acme-prod/global/networks/vpc-1" }],
    ["network, full URL", "\thttps://www.googleapis.com/compute/v1/projects/acme-prod/global/networks/vpc-1 ", { project: "acme-prod", name: "vpc-1", selfLink: "projects/acme-prod/global/networks/vpc-1" }],
    [
      "subnetwork",
      " projects/acme-prod/regions/europe-west1/subnetworks/sub-a  ",
      { project: "acme-prod", region: "europe-west1", name: "sub-a", selfLink: "projects/acme-prod/regions/europe-west1/subnetworks/sub-a" },
    ],
    ["managed zone, short", "  aura-orch-0000 ", { project: undefined, name: "aura-orch-0000" }],
    ["managed zone, other project", " projects/dns-hub/managedZones/aura-zone\n", { project: "dns-hub", name: "aura-zone" }],
  ])("%s %j", (kind, value, expected) => {
    const parse = { network: parseNetwork, subnetwork: parseSubnetwork, managed: parseManagedZoneRef }[kind.split(/[ ,]/)[0] as "network" | "subnetwork" | "managed"];
    expect(parse(value)).toEqual(expected);
  });

  test.each<[string, string]>([
    ["network with junk before", "xprojects/acme-prod/global/networks/vpc-1"],
    ["network with junk after", "projects/acme-prod/global/networks/vpc-1/x"],
    ["subnetwork with junk after", "projects/acme-prod/regions/europe-west1/subnetworks/sub-a x"],
    ["managed zone with a blank inside", "aura orch"],
    ["empty", "   "],
  ])("%s is no reference", (_name, value) => {
    expect([parseNetwork(value), parseSubnetwork(value), parseManagedZoneRef(value)]).toEqual([null, null, null]);
  });
});

describe("gcpResourceName: cleaning and the length limit", () => {
  test.each<[string, string[], number | undefined, string]>([
    ["runs of dashes collapse to one", ["a--b"], undefined, "a-b"],
    ["runs of other characters become one dash", ["a__b", "c  d"], undefined, "a-b-c-d"],
    ["every leading non-letter goes, not just the first", ["12abc"], undefined, "abc"],
    ["leading dashes and digits go", ["-1-2-x"], undefined, "x"],
    ["trailing dashes go", ["abc--", "__"], undefined, "abc"],
    ["nothing usable left: aura", ["123"], undefined, "aura"],
    ["only empty parts: aura", ["", ""], undefined, "aura"],
    ["no parts: aura", [], undefined, "aura"],
    ["upper case is lowered", ["Aura", "Orch 0000", "eu_west"], undefined, "aura-orch-0000-eu-west"],
    ["exactly 63 characters is kept as is", ["a".repeat(63)], undefined, "a".repeat(63)],
    ["64 characters: cut to 56 and given a hash", ["a".repeat(64)], undefined, `${"a".repeat(56)}-ffe054`],
    ["a cut ending in a dash drops that dash before the hash", [`${"a".repeat(55)}-${"b".repeat(8)}`], undefined, `${"a".repeat(55)}-f184e1`],
    ["exactly at a smaller limit", ["abcdefghij"], 10, "abcdefghij"],
    ["one above a smaller limit", ["abcdefghij"], 9, "ab-723993"],
  ])("%s", (_name, parts, max, expected) => {
    expect(max === undefined ? gcpResourceName(parts) : gcpResourceName(parts, max)).toBe(expected);
  });
});

describe("gcpLabels: keys and values cut to 63 characters", () => {
  test.each<[string, Record<string, string>, Record<string, string>]>([
    ["lowered, other characters become _", { "Cost Center": "R&D Team" }, { cost_center: "r_d_team" }],
    ["a key of 70 letters and a value of 70 are cut to 63", { ["k".repeat(70)]: "v".repeat(70) }, { ["k".repeat(63)]: "v".repeat(63) }],
    ["a value of exactly 63 is kept", { env: "v".repeat(63) }, { env: "v".repeat(63) }],
    ["a key not starting with a letter gets t_ and is cut to 63 again", { ["1".repeat(63)]: "x" }, { [`t_${"1".repeat(61)}`]: "x" }],
    ["a key starting with _ gets t_", { _owner: "me" }, { t__owner: "me" }],
    ["an empty key becomes t_", { "": "x" }, { t_: "x" }],
    ["no tags, no labels", {}, {}],
  ])("%s", (_name, tags, expected) => {
    expect(gcpLabels(tags)).toEqual(expected);
  });

  test("a tag without a value (undefined from an untyped caller) becomes an empty label value", () => {
    expect(gcpLabels({ env: undefined } as unknown as Record<string, string>)).toEqual({ env: "" });
  });

  test("keys come out sorted", () => {
    expect(Object.keys(gcpLabels({ b: "2", A: "1", c: "3" }))).toEqual(["a", "b", "c"]);
  });
});
