import { zoneQuotaFindings, type RegionZoneCount } from "../../domain/dns-zone-quota";

const HINT =
  'customEndpointZones: "domain" puts a region\'s custom endpoint records in one zone for all of endpoints.neo4j.io (five per-name zones per endpoint become one, but that zone hides every other custom endpoint in the network; README "Private DNS that hides no names"), dns.existingZones adds records to zones you have, and GCP gcpMode: "response-policy" creates no zones';
const AWS_QUOTA = "the default quota of 500 hosted zones per AWS account (https://docs.aws.amazon.com/Route53/latest/DeveloperGuide/DNSLimitations.html)";
const AWS_PRICE = "at list price (https://aws.amazon.com/route53/pricing/, not re-read here: check it)";
const AWS_SUMMARY = "hosted zones in AWS account 111122223333 (this config's zones alone; the AWS account's other zones count too)";

const region = (configPath: string, over: Partial<RegionZoneCount>): RegionZoneCount => ({
  cloud: "aws",
  owner: "111122223333",
  stack: `stack-${configPath}`,
  configPath,
  zones: 6,
  ...over,
});

describe("zoneQuotaFindings: boundaries of the quota and of the warning share", () => {
  test.each<[string, RegionZoneCount[], { problems: string[]; warnings: Array<{ stack: string; message: string }> }]>([
    ["249 zones: below half of the default quota, nothing to say", [region("regions[0]", { zones: 249 })], { problems: [], warnings: [] }],
    [
      "250 zones: exactly half of the default quota warns",
      [region("regions[0]", { zones: 250 })],
      {
        problems: [],
        warnings: [{ stack: "stack-regions[0]", message: `regions[0] would create 250 ${AWS_SUMMARY}, 50% of ${AWS_QUOTA}; about 35.00 USD a month ${AWS_PRICE}. Fewer zones: ${HINT}.` }],
      },
    ],
    [
      "500 zones: exactly at the default quota is still a warning",
      [region("regions[0]", { zones: 500 })],
      {
        problems: [],
        warnings: [{ stack: "stack-regions[0]", message: `regions[0] would create 500 ${AWS_SUMMARY}, 100% of ${AWS_QUOTA}; about 60.00 USD a month ${AWS_PRICE}. Fewer zones: ${HINT}.` }],
      },
    ],
    [
      "501 zones in one region: refused, and the message asks about that region's quota",
      [region("regions[0]", { zones: 501 })],
      {
        problems: [
          `regions[0] would create 501 ${AWS_SUMMARY}, above ${AWS_QUOTA}; about 60.10 USD a month ${AWS_PRICE}. If the AWS account has a raised quota, state it in dns.zoneQuota of that region; otherwise ask for one or use fewer zones: ${HINT}.`,
        ],
        warnings: [],
      },
    ],
    [
      "above a stated quota: raise it further",
      [region("regions[0]", { zones: 11, statedQuota: 10 })],
      {
        problems: [`regions[0] would create 11 ${AWS_SUMMARY}, above the raised quota of 10 hosted zones stated in dns.zoneQuota; about 5.50 USD a month ${AWS_PRICE}. Raise the quota further or use fewer zones: ${HINT}.`],
        warnings: [],
      },
    ],
    [
      "exactly at a stated quota: a warning",
      [region("regions[0]", { zones: 10, statedQuota: 10 })],
      {
        problems: [],
        warnings: [{ stack: "stack-regions[0]", message: `regions[0] would create 10 ${AWS_SUMMARY}, 100% of the raised quota of 10 hosted zones stated in dns.zoneQuota; about 5.00 USD a month ${AWS_PRICE}. Fewer zones: ${HINT}.` }],
      },
    ],
  ])("%s", (_name, regions, expected) => {
    expect(zoneQuotaFindings(regions)).toEqual(expected);
  });
});

describe("zoneQuotaFindings: which regions belong to an owner's group", () => {
  test.each<[string, RegionZoneCount[], { problems: string[]; warnings: Array<{ stack: string; message: string }> }]>([
    [
      "a region that creates no zones and states no quota is left out of the paths",
      [region("regions[0]", { zones: 0 }), region("regions[1]", { zones: 300 })],
      {
        problems: [],
        warnings: [{ stack: "stack-regions[1]", message: `regions[1] would create 300 ${AWS_SUMMARY}, 60% of ${AWS_QUOTA}; about 40.00 USD a month ${AWS_PRICE}. Fewer zones: ${HINT}.` }],
      },
    ],
    [
      "a region that creates no zones but states the quota still gives the group its quota",
      [region("regions[0]", { zones: 0, statedQuota: 10 }), region("regions[1]", { zones: 6 })],
      {
        problems: [],
        warnings: [
          {
            stack: "stack-regions[0]",
            message: `regions[0], regions[1] would create 6 ${AWS_SUMMARY}, 60% of the raised quota of 10 hosted zones stated in dns.zoneQuota; about 3.00 USD a month ${AWS_PRICE}. Fewer zones: ${HINT}.`,
          },
        ],
      },
    ],
    [
      "one region stating the quota and another stating none: the stated one holds for both",
      [region("regions[0]", { zones: 6, statedQuota: 10 }), region("regions[1]", { zones: 2 })],
      {
        problems: [],
        warnings: [
          {
            stack: "stack-regions[0]",
            message: `regions[0], regions[1] would create 8 ${AWS_SUMMARY}, 80% of the raised quota of 10 hosted zones stated in dns.zoneQuota; about 4.00 USD a month ${AWS_PRICE}. Fewer zones: ${HINT}.`,
          },
        ],
      },
    ],
    [
      "several regions over the default quota: the message asks about these regions",
      [region("regions[0]", { zones: 300 }), region("regions[1]", { zones: 0 }), region("regions[2]", { zones: 201 })],
      {
        problems: [
          `regions[0], regions[2] would create 501 ${AWS_SUMMARY}, above ${AWS_QUOTA}; about 60.10 USD a month ${AWS_PRICE}. If the AWS account has a raised quota, state it in dns.zoneQuota of these regions; otherwise ask for one or use fewer zones: ${HINT}.`,
        ],
        warnings: [],
      },
    ],
    ["no regions", [], { problems: [], warnings: [] }],
  ])("%s", (_name, regions, expected) => {
    expect(zoneQuotaFindings(regions)).toEqual(expected);
  });
});

describe("zoneQuotaFindings: different quotas stated for one owner name only the regions that state one, and the cloud", () => {
  test.each<[string, RegionZoneCount[], string]>([
    [
      "AWS",
      [region("regions[0]", { statedQuota: 1000 }), region("regions[1]", {}), region("regions[2]", { statedQuota: 2000 })],
      "regions[0].dns.zoneQuota and regions[2].dns.zoneQuota: got 1000 and 2000 for the same AWS account 111122223333; a quota is the AWS account's, so state one value (the raised quota AWS granted) in each of them",
    ],
    [
      "Azure",
      [region("regions[0]", { cloud: "azure", owner: "sub-1", statedQuota: 2000 }), region("regions[1]", { cloud: "azure", owner: "sub-1" }), region("regions[2]", { cloud: "azure", owner: "sub-1", statedQuota: 3000 })],
      "regions[0].dns.zoneQuota and regions[2].dns.zoneQuota: got 2000 and 3000 for the same Azure subscription sub-1; a quota is the Azure subscription's, so state one value (the raised quota Azure granted) in each of them",
    ],
    [
      "GCP",
      [region("regions[0]", { cloud: "gcp", owner: "acme-prod", statedQuota: 20000 }), region("regions[1]", { cloud: "gcp", owner: "acme-prod", statedQuota: 30000 })],
      "regions[0].dns.zoneQuota and regions[1].dns.zoneQuota: got 20000 and 30000 for the same GCP project acme-prod; a quota is the GCP project's, so state one value (the raised quota Google granted) in each of them",
    ],
  ])("%s", (_cloud, regions, problem) => {
    expect(zoneQuotaFindings(regions)).toEqual({ problems: [problem], warnings: [] });
  });
});
