import { App } from "cdktf";
import { exampleConfig } from "../../config/example";
import { parseConfig } from "../../config/load";
import { ConfigError } from "../../domain/errors";
import { composeApp } from "../../stacks/compose";
import { synthWarnings } from "../../stacks/warnings";
import { clone } from "../support/synth";

/** Private zones counted across every stack per AWS account, Azure subscription and GCP project, at synth. */

const endpoints = (n: number, prefix: string) => Array.from({ length: n }, (_, i) => `${prefix}${i}-abcdef-123456`);

function compose(change: (c: any) => void): { warnings: string[]; error?: ConfigError } {
  const c = clone(exampleConfig) as any;
  change(c);
  const app = new App({ skipValidation: true });
  try {
    composeApp(app, parseConfig(c));
  } catch (err) {
    if (err instanceof ConfigError) return { warnings: [], error: err };
    throw err;
  }
  return { warnings: synthWarnings(app).filter((w) => w.includes(" zones in ")) };
}

describe("zone quota checks across stacks", () => {
  test("the example is far from every quota: no warning", () => {
    expect(compose(() => undefined)).toEqual({ warnings: [] });
  });

  test("100 custom endpoints in one AWS account pass the default 500 hosted zones: refused at synth with the count, the quota and the cost", () => {
    const { error } = compose((c) => (c.regions[0].dns.customEndpoints = endpoints(100, "orders")));
    expect(error?.problems).toEqual([
      expect.stringMatching(/^regions\[0\], regions\[1\] would create 503 hosted zones in AWS account 111122223333 \(this config's zones alone; the AWS account's other zones count too\), above the default quota of 500 hosted zones per AWS account/),
    ]);
    expect(error?.message).toContain("Invalid config (checks across regions)");
    expect(error?.problems[0]).toContain("about 60.30 USD a month at list price");
  });

  test("the same config with the account's raised quota stated synthesizes, and warns once for the account", () => {
    const { warnings, error } = compose((c) => {
      c.regions[0].dns.customEndpoints = endpoints(100, "orders");
      c.regions[0].dns.zoneQuota = 1000;
      c.regions[1].dns.zoneQuota = 1000;
    });
    expect(error).toBeUndefined();
    expect(warnings).toEqual([expect.stringMatching(/^aura-aws-us-east-1: regions\[0\], regions\[1\] would create 503 hosted zones .* 50% of the raised quota of 1000 hosted zones stated in dns.zoneQuota/)]);
  });

  test("Azure: 200 custom endpoints in one subscription pass its 1000 private DNS zones", () => {
    const { error } = compose((c) => (c.regions[3].dns.customEndpoints = endpoints(200, "billing")));
    expect(error?.problems).toEqual([expect.stringMatching(/^regions\[3\] would create 1001 private DNS zones in Azure subscription 00000000-1111-2222-3333-444444444444 .*above the default quota of 1000 private DNS zones per Azure subscription/)]);
  });

  test("the whole-domain layout needs one zone however many endpoints: 100 endpoints, 2 zones, nothing to say", () => {
    expect(
      compose((c) => {
        c.regions[0].dns.customEndpoints = endpoints(100, "orders");
        c.regions[0].dns.customEndpointZones = "domain";
      }),
    ).toEqual({ warnings: [] });
  });

  test("zoneQuota must be a positive whole number", () => {
    const c = clone(exampleConfig) as any;
    c.regions[0].dns.zoneQuota = 0;
    expect(() => parseConfig(c)).toThrow("regions[0].dns.zoneQuota: got 0; must be at least 1");
  });
});
