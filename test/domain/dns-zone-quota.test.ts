import fc from "fast-check";
import { monthlyZoneCost, zoneQuotaFindings, ZONE_QUOTA_FACTS, type RegionZoneCount } from "../../domain/dns-zone-quota";

const region = (over: Partial<RegionZoneCount>): RegionZoneCount => ({ cloud: "aws", owner: "111122223333", stack: "aura-aws-us-east-1", configPath: "regions[0]", zones: 6, ...over });

describe("private zone quotas and their price", () => {
  test("the default quotas (AWS 500 hosted zones per account, Azure 1000 private zones per subscription, Cloud DNS 10000 managed zones per project)", () => {
    expect([ZONE_QUOTA_FACTS.aws.defaultQuota, ZONE_QUOTA_FACTS.azure.defaultQuota, ZONE_QUOTA_FACTS.gcp.defaultQuota]).toEqual([500, 1000, 10000]);
  });

  test.each([
    ["aws", 0, 0],
    ["aws", 25, 12.5],
    ["aws", 26, 12.6],
    ["aws", 501, 60.1],
    ["azure", 1000, 110],
    ["gcp", 25, 5],
    ["gcp", 125, 15],
  ] as const)("%s: %i zones cost %d USD a month at list price", (cloud, count, usd) => {
    expect(monthlyZoneCost(cloud, count)).toBe(usd);
  });

  test("a few zones: nothing to say", () => {
    expect(zoneQuotaFindings([region({}), region({ cloud: "gcp", owner: "acme", zones: 9 })])).toEqual({ problems: [], warnings: [] });
  });

  test("zones of several regions in one account add up: past the default quota the synth refuses, naming the regions, the count, the quota, the cost and the ways out", () => {
    const { problems, warnings } = zoneQuotaFindings([
      region({ zones: 251 }),
      region({ stack: "aura-aws-eu-west-1", configPath: "regions[1]", zones: 250 }),
      region({ owner: "444455556666", stack: "aura-aws-us-west-2", configPath: "regions[2]", zones: 251 }),
    ]);
    expect(warnings).toEqual([
      {
        stack: "aura-aws-us-west-2",
        message: expect.stringMatching(/^regions\[2\] would create 251 hosted zones in AWS account 444455556666 .*, 50% of the default quota of 500 hosted zones per AWS account/),
      },
    ]);
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatch(/^regions\[0\], regions\[1\] would create 501 hosted zones in AWS account 111122223333 \(this config's zones alone; the AWS account's other zones count too\), above the default quota of 500 hosted zones per AWS account \(https:\/\/docs\.aws\.amazon\.com\/Route53\/latest\/DeveloperGuide\/DNSLimitations\.html\); about 60\.10 USD a month at list price \(https:\/\/aws\.amazon\.com\/route53\/pricing\/, not re-read here: check it\)\./);
    expect(problems[0]).toContain("state it in dns.zoneQuota of these regions");
    expect(problems[0]).toContain('customEndpointZones: "domain"');
  });

  test("a stated raised quota lets the config through, and it still warns from half of it", () => {
    const found = zoneQuotaFindings([region({ zones: 501, statedQuota: 1000 })]);
    expect(found.problems).toEqual([]);
    expect(found.warnings).toEqual([{ stack: "aura-aws-us-east-1", message: expect.stringContaining("50% of the raised quota of 1000 hosted zones stated in dns.zoneQuota") }]);
    expect(zoneQuotaFindings([region({ zones: 1001, statedQuota: 1000 })]).problems).toEqual([expect.stringContaining("above the raised quota of 1000 hosted zones stated in dns.zoneQuota; about 110.10 USD a month")]);
  });

  test("regions of one account stating different quotas are refused: a quota is the account's", () => {
    const found = zoneQuotaFindings([region({ statedQuota: 1000 }), region({ configPath: "regions[1]", statedQuota: 2000 })]);
    expect(found.problems).toEqual(["regions[0].dns.zoneQuota and regions[1].dns.zoneQuota: got 1000 and 2000 for the same AWS account 111122223333; a quota is the AWS account's, so state one value (the raised quota AWS granted) in each of them"]);
  });

  test("the same id on two clouds is two owners", () => {
    expect(zoneQuotaFindings([region({ zones: 400 }), region({ cloud: "gcp", zones: 400 })]).problems).toEqual([]);
  });
});


describe("property: the synth refuses exactly the owners past their quota and warns from half of it", () => {
  test("for any regions, counts and stated quotas (one per owner)", () => {
    const owners = ["111122223333", "444455556666"] as const;
    fc.assert(
      fc.property(
        fc.array(fc.record({ cloud: fc.constantFrom("aws", "azure", "gcp"), owner: fc.constantFrom(...owners), zones: fc.nat(12_000) }), { maxLength: 8 }),
        fc.option(fc.integer({ min: 1, max: 20_000 }), { nil: undefined }),
        (regions, stated) => {
          const input = regions.map((r, i) => ({ ...r, stack: `s${i}`, configPath: `regions[${i}]`, statedQuota: stated }));
          const { problems, warnings } = zoneQuotaFindings(input);
          const sums = new Map<string, number>();
          for (const r of input) sums.set(`${r.cloud} ${r.owner}`, (sums.get(`${r.cloud} ${r.owner}`) ?? 0) + r.zones);
          const quotaOf = (key: string) => stated ?? ZONE_QUOTA_FACTS[key.split(" ")[0] as "aws"].defaultQuota;
          const over = [...sums].filter(([k, n]) => n > quotaOf(k));
          const near = [...sums].filter(([k, n]) => n <= quotaOf(k) && n >= quotaOf(k) / 2 && (n > 0 || stated !== undefined));
          expect(problems).toHaveLength(over.length);
          expect(warnings).toHaveLength(near.length);
        },
      ),
    );
  });
});
