import { azIdPrefix, subnetProblems } from "../../../domain/aws/availability-zones";

describe("azIdPrefix", () => {
  test.each([
    ["us-east-1", "use1"],
    ["us-west-2", "usw2"],
    ["eu-west-1", "euw1"],
    ["eu-central-2", "euc2"],
    ["ap-southeast-2", "apse2"],
    ["ap-northeast-1", "apne1"],
    ["sa-east-1", "sae1"],
    ["ca-central-1", "cac1"],
    ["us-gov-west-1", "usgw1"],
    ["eu-north-1", "eun1"],
    ["moon-base-1", null],
    ["us-upward-1", null],
  ])("%s -> %s", (region, prefix) => {
    expect(azIdPrefix(region)).toBe(prefix);
  });
});

describe("subnetProblems", () => {
  test.each<[string, string, Array<[string, string]>, string[]]>([
    ["supported AZs", "us-east-1", [["use1-az1", "subnet-1"], ["use1-az2", "subnet-2"]], []],
    ["use1-az3 refused in us-east-1", "us-east-1", [["use1-az3", "subnet-3"]], ["AZ ID use1-az3 in us-east-1 is not supported by Aura for private endpoints; pick a subnet in another availability zone"]],
    ["az3 elsewhere is fine", "us-west-2", [["usw2-az3", "subnet-3"]], []],
    ["AZ of another region", "eu-west-1", [["use1-az1", "subnet-1"]], ['AZ ID use1-az1 is not in eu-west-1 (AZ IDs there start with "euw1-")']],
    ["one subnet twice", "us-east-1", [["use1-az1", "subnet-1"], ["use1-az2", "subnet-1"]], ["subnet subnet-1 is also given for use1-az1; a subnet lives in exactly one AZ"]],
  ])("%s", (_name, region, subnets, expected) => {
    expect(subnetProblems(region, subnets.map(([azId, subnetId]) => ({ azId, subnetId }))).map((p) => p.problem)).toEqual(expected);
  });
});
