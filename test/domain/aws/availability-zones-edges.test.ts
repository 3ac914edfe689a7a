import { azIdPrefix, subnetProblems } from "../../../domain/aws/availability-zones";

describe("azIdPrefix: the region name scheme, edge by edge", () => {
  test.each<[string, string | null]>([
    // GovCloud: four parts with "gov" second.
    ["us-gov-west-1", "usgw1"],
    ["us-gov-east-1", "usge1"],
    ["us-gov-up-1", null],
    // Four parts without "gov" are not a region name, even with a known direction third.
    ["us-foo-west-1", null],
    ["us-east-1-x", null],
    // "gov" in three parts is no GovCloud region (and "gov" is no direction).
    ["us-gov-1", null],
    ["us-east", null],
    ["", null],
    // The geography is exactly two letters.
    ["usx-east-1", null],
    ["xus-east-1", null],
    ["u-east-1", null],
    ["1s-east-1", null],
    // The number is digits, one or more, and nothing else.
    ["us-east-12", "use12"],
    ["us-east-1x", null],
    ["us-east-x1", null],
    ["us-east-", null],
    ["ap-southeast-3", "apse3"],
    ["me-central-1", "mec1"],
  ])("%j -> %j", (region, prefix) => {
    expect(azIdPrefix(region)).toBe(prefix);
  });
});

describe("subnetProblems: regions without a known scheme or unsupported AZs", () => {
  test.each<[string, string, Array<{ azId: string; subnetId: string }>, Array<{ azId: string; problem: string }>]>([
    ["a region outside the naming scheme checks no prefix and refuses no AZ", "moon-base-1", [{ azId: "Stryker was here", subnetId: "subnet-1" }], []],
    ["no subnets, no problems", "us-east-1", [], []],
    ["a region without unsupported AZs accepts every AZ of its own", "eu-west-1", [{ azId: "euw1-az3", subnetId: "subnet-3" }], []],
    [
      "each problem names its AZ, in input order",
      "us-east-1",
      [
        { azId: "use1-az3", subnetId: "subnet-a" },
        { azId: "usw2-az1", subnetId: "subnet-a" },
      ],
      [
        { azId: "use1-az3", problem: "AZ ID use1-az3 in us-east-1 is not supported by Aura for private endpoints; pick a subnet in another availability zone" },
        { azId: "usw2-az1", problem: 'AZ ID usw2-az1 is not in us-east-1 (AZ IDs there start with "use1-")' },
        { azId: "usw2-az1", problem: "subnet subnet-a is also given for use1-az3; a subnet lives in exactly one AZ" },
      ],
    ],
    ["the prefix must be followed by a dash", "us-east-1", [{ azId: "use12-az1", subnetId: "subnet-1" }], [{ azId: "use12-az1", problem: 'AZ ID use12-az1 is not in us-east-1 (AZ IDs there start with "use1-")' }]],
  ])("%s", (_name, region, subnets, expected) => {
    expect(subnetProblems(region, subnets)).toEqual(expected);
  });
});
