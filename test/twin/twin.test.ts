import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { App } from "cdktf";
import { exampleConfig } from "../../config/example";
import { parseConfig } from "../../config/load";
import { composeApp } from "../../stacks/compose";
import { testUnless } from "../support/real-tools";
import { synthConfig } from "../support/synth";
import { CUSTOM, SHARED, customEndpointsConfig, otherProjectOutputs, sharedNetworkConfig, wholeDomainZoneConfig } from "./configs";
import { mismatches, tallySkipped, type Expect } from "./expectations";
import type { StackJson } from "./model/terraform";
import { changeRulePort, exactNamesForWildcard, removeForEachKey, removeResource } from "./mutations";
import { twinUnavailable } from "./net/namespaces";
import { TwinWorld, type TwinTls } from "./net/world";
import { clientLabel, planTwin, type TwinInput, type TwinPlan } from "./plan";
import { twinTls } from "./tls";
import { lines, verifyFrom, type VerifyOptions, type VerifyRun } from "./verify-run";

/**
 * The network twin (issue 25): the synthesized stacks of several configs built as hosts in network
 * namespaces, and `aura-secure verify` run on them as a user runs it after deploy. Needs root, `ip netns`
 * and nftables; elsewhere the runner reports it skipped with the reason.
 */

const unavailable = twinUnavailable();
const DBID = "a1b2c3d4";
const instance = (orch: string) => `${DBID}.production-orch-${orch}.neo4j.io`;
const OTHER_ENDPOINT = "other-abcdef-999999";
const EXAMPLE = {
  east: "aws:vpc-0a1b2c3d4e5f60718",
  west: "aws:vpc-0f1e2d3c4b5a69788",
  gcp: "gcp:projects/acme-graph-prod/global/networks/apps",
  azure: "azure:/subscriptions/00000000-1111-2222-3333-444444444444/resourcegroups/rg-acme-graph-network/providers/microsoft.network/virtualnetworks/vnet-apps-eastus",
};

/** The region stacks of a synthesized app, in the config's order (the order terraform applies them here). */
function regionStacks(config: unknown): Array<{ name: string; json: StackJson }> {
  const s = synthConfig(config);
  return s.stacks.filter((x) => /^aura-(aws|gcp|azure)-/.test(x.name)).map((x) => ({ name: x.name, json: s.json(x.name) as StackJson }));
}

function withStack(stacks: TwinInput["stacks"], name: string, change: (json: StackJson) => StackJson): TwinInput["stacks"] {
  if (!stacks.some((s) => s.name === name)) throw new Error(`no stack ${name}`);
  return stacks.map((s) => (s.name === name ? { name, json: change(s.json) } : s));
}

/** Runs at most `limit` of the thunks at once (verify runs are processes; the machine has few cores). */
async function limited<T>(thunks: Array<() => Promise<T>>, limit = 4): Promise<T[]> {
  const out: T[] = new Array(thunks.length);
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.min(limit, thunks.length) }, async () => {
      while (next < thunks.length) {
        const n = next++;
        out[n] = await thunks[n]!();
      }
    }),
  );
  return out;
}

function expectRun(run: VerifyRun, rules: Expect[] = []): void {
  const problems = mismatches(run, rules);
  if (problems.length) throw new Error(`verify from ${run.client} (exit ${run.code}):\n  ${problems.join("\n  ")}\n\nfull report:\n  ${lines(run).join("\n  ")}\n${run.stderr}`);
  expect(run.code).toBe(rules.some((r) => r.status === "fail") ? 1 : 0);
}

/** Every check of a name after its DNS check: skipped when DNS gave nothing to connect to. */
const afterDns = (host: string): RegExp => new RegExp(`^${host.replace(/\./g, "\\.")} (?!dns$)`);
const ALL_TCP_BLOCKED: Expect[] = [
  { id: / tcp:\d+$/, status: "fail", detail: /^no connection to .* within 1000 ms \(a security group or firewall drops it/ },
  { id: / dns$/, status: "pass" },
  { id: / /, status: "skip" },
];

if (unavailable) {
  tallySkipped(unavailable);
  testUnless(unavailable, "network twin of the synthesized stacks", () => undefined);
} else {
  let dir: string;
  let tls: TwinTls;
  beforeAll(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), "twin-"));
    tls = await twinTls(dir);
  });
  const verify = (world: TwinWorld, client: string, o: Omit<VerifyOptions, "caFile">) => verifyFrom(world, client, { ...o, caFile: tls.caFile });

  describe("the example's stacks (two AWS regions, GCP response policy, Azure private DNS)", () => {
    let stacks: TwinInput["stacks"];
    let plan: TwinPlan;
    let world: TwinWorld;
    const runs = new Map<string, Promise<VerifyRun>>();
    const out = (...names: string[]) => Object.fromEntries(names.map((n) => [n, plan.outputs[n]!]));

    beforeAll(async () => {
      stacks = regionStacks(exampleConfig);
      plan = planTwin({ stacks });
      world = await TwinWorld.start(plan, tls, dir);
      const baseline: Array<[string, () => Promise<VerifyRun>]> = [
        ["east", () => verify(world, clientLabel.cidr("10.20.0.0/16", EXAMPLE.east), { outputs: out("aura-aws-us-east-1"), dbids: [instance("0000")] })],
        ["east-sg", () => verify(world, clientLabel.member("sg-0a1b2c3d4e5f60719", EXAMPLE.east), { outputs: out("aura-aws-us-east-1"), dbids: [instance("0000")] })],
        ["east-outside", () => verify(world, clientLabel.outsideSources(EXAMPLE.east), { outputs: out("aura-aws-us-east-1"), dbids: [instance("0000")], timeout: "1s" })],
        ["west", () => verify(world, clientLabel.cidr("10.30.0.0/16", EXAMPLE.west), { outputs: out("aura-aws-eu-west-1"), dbids: [instance("0001")] })],
        ["west-outside", () => verify(world, clientLabel.outsideSources(EXAMPLE.west), { outputs: out("aura-aws-eu-west-1"), dbids: [instance("0001")], timeout: "1s" })],
        ["gcp", () => verify(world, clientLabel.inside(EXAMPLE.gcp), { outputs: out("aura-gcp-europe-west1"), dbids: [instance("0002")] })],
        ["gcp-outside", () => verify(world, clientLabel.outsideNetworks(EXAMPLE.gcp), { outputs: out("aura-gcp-europe-west1"), dbids: [instance("0002")] })],
        ["azure", () => verify(world, clientLabel.inside(EXAMPLE.azure), { outputs: out("aura-azure-eastus"), dbids: [instance("0003")] })],
        ["azure-outside", () => verify(world, clientLabel.outsideNetworks(EXAMPLE.azure), { outputs: out("aura-azure-eastus"), dbids: [instance("0003")] })],
        ["east-other", () => verify(world, clientLabel.cidr("10.20.0.0/16", EXAMPLE.east), { outputs: otherProjectOutputs(OTHER_ENDPOINT), dbids: [] })],
        ["west-other", () => verify(world, clientLabel.cidr("10.30.0.0/16", EXAMPLE.west), { outputs: otherProjectOutputs(OTHER_ENDPOINT), dbids: [] })],
        ["gcp-other", () => verify(world, clientLabel.inside(EXAMPLE.gcp), { outputs: otherProjectOutputs(OTHER_ENDPOINT), dbids: [] })],
        ["azure-other", () => verify(world, clientLabel.inside(EXAMPLE.azure), { outputs: otherProjectOutputs(OTHER_ENDPOINT), dbids: [] })],
      ];
      const results = limited(baseline.map(([, run]) => run));
      baseline.forEach(([name], n) => runs.set(name, results.then((r) => r[n]!)));
      await results;
    }, 420_000);
    afterAll(() => world?.close());

    test("deploys as planned: nothing refused, one endpoint address per subnet, a client in each allowed source and outside", () => {
      expect(plan.applyErrors).toEqual([]);
      expect(plan.endpoints.map((e) => [e.stack, e.addresses.length, e.ports])).toEqual([
        ["aura-aws-us-east-1", 3, [7687, 443, 7474]],
        ["aura-aws-eu-west-1", 2, [7687, 443, 7474, 8491]],
        ["aura-gcp-europe-west1", 1, [7687, 443, 7474]],
        ["aura-azure-eastus", 1, [7687, 443, 7474]],
      ]);
      expect(plan.clients.map((c) => [c.kind, c.source ?? c.network])).toEqual([
        ["cidr", "10.20.0.0/16"],
        ["security-group", "sg-0a1b2c3d4e5f60719"],
        ["cidr", "10.30.0.0/16"],
        ["inside", EXAMPLE.gcp],
        ["outside", null],
        ["inside", EXAMPLE.azure],
        ["outside", null],
        ["outside", EXAMPLE.east],
        ["outside", EXAMPLE.west],
      ]);
    });

    test("us-east-1 from the allowed CIDR 10.20.0.0/16: verify passes every check without --allow-loopback", async () => {
      const run = await runs.get("east")!;
      expectRun(run);
      expect(run.args).not.toContain("--allow-loopback");
      expect(run.report.results.map((r) => r.id)).toEqual([
        ...["dns", "tcp:7687", "tcp:443", "tcp:7474", "tls1.2:7687", "tls1.3:7687", "tls1.1-refused:7687", "certificate:7687"].map((k) => `${instance("0000")} ${k}`),
        ...["tls1.2:443", "tls1.3:443", "tls1.1-refused:443", "certificate:443", "https:443", "bolt:7687", "routing"].map((k) => `${instance("0000")} ${k}`),
        ...["dns", "tcp:7687", "tls1.2:7687", "tls1.3:7687", "tls1.1-refused:7687", "certificate:7687", "bolt:7687", "routing"].map((k) => `orders-abcdef-123456.endpoints.neo4j.io ${k}`),
        ...["a", "b", "c", "d"].map((p) => `${p}-orders-abcdef-123456.endpoints.neo4j.io dns`),
      ]);
      const endpoint = plan.endpoints.find((e) => e.stack === "aura-aws-us-east-1")!;
      expect(run.report.results[0]!.detail).toBe(`${endpoint.addresses.join(", ")} (the endpoint's addresses)`);
      expect(run.report.results.find((r) => r.kind === "routing")!.detail).toBe(
        `3 addresses resolve privately: ${[1, 2, 3].map((n) => `p-${DBID}-000${n}.production-orch-0000.neo4j.io:7687`).join(", ")}`,
      );
    });

    test("us-east-1 from a member of the allowed security group sg-0a1b2c3d4e5f60719: verify passes every check", async () => {
      expectRun(await runs.get("east-sg")!);
    });

    test("us-east-1 from outside the allowed sources: DNS answers privately, every TCP check fails as dropped", async () => {
      const run = await runs.get("east-outside")!;
      expectRun(run, ALL_TCP_BLOCKED);
      expect(run.report.results.filter((r) => r.kind === "tcp").map((r) => r.id)).toEqual([
        `${instance("0000")} tcp:7687`,
        `${instance("0000")} tcp:443`,
        `${instance("0000")} tcp:7474`,
        "orders-abcdef-123456.endpoints.neo4j.io tcp:7687",
      ]);
    });

    test("eu-west-1 (AuraDS, wildcard custom endpoint record) from 10.30.0.0/16: verify passes every check, 8491 included", async () => {
      const run = await runs.get("west")!;
      expectRun(run);
      expect(run.report.results.map((r) => r.id)).toContain(`${instance("0001")} tcp:8491`);
    });

    test("eu-west-1 from outside the allowed sources: every TCP check fails as dropped", async () => {
      expectRun(await runs.get("west-outside")!, ALL_TCP_BLOCKED);
    });

    test("GCP (response policy with apex and wildcard rules) from inside the network: verify passes every check", async () => {
      expectRun(await runs.get("gcp")!);
    });

    test("Azure (private DNS zones linked to the VNet) from inside the network: verify passes every check", async () => {
      expectRun(await runs.get("azure")!);
    });

    test.each([["gcp-outside"], ["azure-outside"]])("%s: a host outside the network gets public answers, and verify connects to nothing", async (name) => {
      expectRun(await runs.get(name)!, [
        { id: / dns$/, status: "fail", detail: /resolves to public address 198\.18\.\d+\.\d+: the private zone is not in effect/ },
        { id: / /, status: "skip", detail: /^skipped: no private address to connect to/ },
      ]);
    });

    test.each([["east-other"], ["gcp-other"], ["azure-other"]])(
      "%s: a custom endpoint the config does not list resolves through the public path (no name hidden)",
      async (name) => {
        expectRun(await runs.get(name)!, [
          { id: / dns$/, status: "fail", detail: /resolves to public address 198\.18\.\d+\.\d+: the private zone is not in effect/ },
          { id: / /, status: "skip" },
        ]);
      },
    );

    test("eu-west-1's wildcard answers every other custom endpoint with its own endpoint, as synth warns", async () => {
      const run = await runs.get("west-other")!;
      expectRun(run);
      const west = plan.endpoints.find((e) => e.stack === "aura-aws-eu-west-1")!;
      expect(run.report.results[0]).toMatchObject({ id: `${OTHER_ENDPOINT}.endpoints.neo4j.io dns`, detail: west.addresses.join(", ") });
    });

    describe("mutations verify catches, with the check and the name that broke", () => {
      const east = clientLabel.cidr("10.20.0.0/16", EXAMPLE.east);
      async function mutated(change: TwinInput["stacks"], run: (p: TwinPlan) => Promise<VerifyRun>): Promise<{ run: VerifyRun; plan: TwinPlan }> {
        const p = planTwin({ stacks: change });
        await world.apply(p);
        try {
          return { run: await run(p), plan: p };
        } finally {
          await world.apply(plan);
        }
      }
      // A dropped connection fails after --timeout: 2 s where one is expected.
      const eastRun = (p: TwinPlan, extra: Record<string, Record<string, unknown>> = {}, timeout?: string) =>
        verify(world, east, { outputs: { "aura-aws-us-east-1": p.outputs["aura-aws-us-east-1"]!, ...extra }, dbids: [instance("0000")], timeout });

      test("an ingress rule removed (443 from 10.20.0.0/16): tcp:443 fails as dropped, the 443 checks after it are skipped", async () => {
        const { run, plan: p } = await mutated(
          withStack(stacks, "aura-aws-us-east-1", (j) => removeResource(j, "aws_vpc_security_group_ingress_rule", "privatelink_ingress_https_10-20-0-0-16")),
          (q) => eastRun(q, {}, "2s"),
        );
        expect(p.endpoints[0]!.ruleset).not.toContain("ip saddr 10.20.0.0/16 tcp dport 443 accept");
        expectRun(run, [
          { id: new RegExp(`^${instance("0000")} tcp:443$`), status: "fail", detail: /^no connection to 100\.\d+\.\d+\.\d+:443 within 2000 ms \(a security group or firewall drops it/ },
          { id: new RegExp(`^${instance("0000")} (tls1\\.[123](-refused)?|certificate|https):443$`), status: "skip", detail: /^skipped: tcp 443 did not pass$/ },
        ]);
      });

      test("an ingress rule's port changed (7474 to 7475): tcp:7474 fails as dropped", async () => {
        const { run } = await mutated(
          withStack(stacks, "aura-aws-us-east-1", (j) => changeRulePort(j, "privatelink_ingress_http_10-20-0-0-16", 7475)),
          (q) => eastRun(q, {}, "2s"),
        );
        expectRun(run, [{ id: new RegExp(`^${instance("0000")} tcp:7474$`), status: "fail", detail: /:7474 within 2000 ms \(a security group or firewall drops it/ }]);
      });

      test("the orchestration's record deleted: the instance name is NXDOMAIN in its private zone, nothing else is tried", async () => {
        const { run } = await mutated(
          withStack(stacks, "aura-aws-us-east-1", (j) => removeResource(j, "aws_route53_record", "dns_records_orch-0000")),
          (q) => eastRun(q),
        );
        expectRun(run, [
          { id: new RegExp(`^${instance("0000")} dns$`), status: "fail", detail: new RegExp(`^${instance("0000")} does not exist here \\(NXDOMAIN from DNS server [\\d.]+:53\\)`) },
          { id: afterDns(instance("0000")), status: "skip" },
        ]);
      });

      test("a custom endpoint's response policy rule deleted (GCP c- record): the name resolves publicly", async () => {
        const name = "c-reports-abcdef-234567";
        const { run } = await mutated(
          withStack(stacks, "aura-gcp-europe-west1", (j) => removeForEachKey(j, "google_dns_response_policy_rule", "dns_rules_endpoints", name)),
          (q) => verify(world, clientLabel.inside(EXAMPLE.gcp), { outputs: { "aura-gcp-europe-west1": q.outputs["aura-gcp-europe-west1"]! }, dbids: [instance("0002")] }),
        );
        expectRun(run, [{ id: new RegExp(`^${name}\\.endpoints\\.neo4j\\.io dns$`), status: "fail", detail: /resolves to public address 198\.18\./ }]);
      });

      test("GCP's wildcard rule deleted, the apex rule kept: a rule answers only its own name, so instances resolve publicly", async () => {
        const { run } = await mutated(
          withStack(stacks, "aura-gcp-europe-west1", (j) => removeForEachKey(j, "google_dns_response_policy_rule", "dns_rules_orch-0002", "*")),
          (q) => verify(world, clientLabel.inside(EXAMPLE.gcp), { outputs: { "aura-gcp-europe-west1": q.outputs["aura-gcp-europe-west1"]! }, dbids: [instance("0002")] }),
        );
        expectRun(run, [
          { id: new RegExp(`^${instance("0002")} dns$`), status: "fail", detail: /resolves to public address 198\.18\.\d+\.\d+: the private zone is not in effect/ },
          { id: afterDns(instance("0002")), status: "skip" },
        ]);
      });

      test("the orchestration wildcard replaced by exact names: the driver's routing hosts stop resolving", async () => {
        const { run } = await mutated(
          withStack(stacks, "aura-aws-us-east-1", (j) => exactNamesForWildcard(j, "dns_records_orch-0000", [instance("0000")])),
          (q) => eastRun(q),
        );
        expectRun(run, [
          { id: new RegExp(`^${instance("0000")} bolt:7687$`), status: "fail", detail: new RegExp(`p-${DBID}-000\\d\\.production-orch-0000\\.neo4j\\.io`) },
          { id: new RegExp(`^${instance("0000")} routing$`), status: "skip" },
        ]);
      });

      test("a whole-domain zone for endpoints.neo4j.io: another custom endpoint stops resolving (NXDOMAIN) instead of going public", async () => {
        const { run } = await mutated(
          regionStacks(wholeDomainZoneConfig()),
          (q) => eastRun(q, otherProjectOutputs(OTHER_ENDPOINT)),
        );
        expectRun(run, [
          { id: new RegExp(`^(|[a-d]-)${OTHER_ENDPOINT}\\.endpoints\\.neo4j\\.io dns$`), status: "fail", detail: /does not exist here \(NXDOMAIN from DNS server [\d.]+:53\)/ },
          { id: afterDns(`${OTHER_ENDPOINT}.endpoints.neo4j.io`), status: "skip" },
        ]);
      });
    });
  });

  describe("two regions sharing a network (network.additionalVpcs)", () => {
    const A = "aws:" + SHARED.vpcA;
    const B = "aws:" + SHARED.vpcB;
    const clientNetworks = { [SHARED.appsA]: A, [SHARED.appsB]: B };
    let plan: TwinPlan;
    let world: TwinWorld;
    beforeAll(async () => {
      plan = planTwin({ stacks: regionStacks(sharedNetworkConfig()), clientNetworks });
      world = await TwinWorld.start(plan, tls, dir);
    }, 240_000);
    afterAll(() => world?.close());
    const both = (p: TwinPlan) => ({ outputs: p.outputs, dbids: [instance(SHARED.orchA), instance(SHARED.orchB)] });

    test("from each VPC, both regions' instances and custom endpoints resolve to their own endpoints and pass every check", async () => {
      expect(plan.applyErrors).toEqual([]);
      const [fromA, fromB] = await limited([() => verify(world, clientLabel.cidr(SHARED.appsA, A), both(plan)), () => verify(world, clientLabel.cidr(SHARED.appsB, B), both(plan))]);
      expectRun(fromA!);
      expectRun(fromB!);
    });

    test("the wildcard layout: one endpoints.neo4j.io zone per network, so one region's custom endpoints reach the other region's endpoint", async () => {
      // The combined config is refused at synth; as two separate apps each region passes alone.
      expect(() => composeApp(new App({ outdir: fs.mkdtempSync(path.join(os.tmpdir(), "refused-")) }), parseConfig(sharedNetworkConfig("wildcard")))).toThrow(
        /customEndpointRecords: got "wildcard"; network aws:vpc-0aaa1111bbbb2222c is linked to 2 regions/,
      );
      const wildcard = planTwin({
        stacks: [...regionStacks(sharedNetworkConfig("wildcard", ["A"])), ...regionStacks(sharedNetworkConfig("wildcard", ["B"]))],
        clientNetworks,
      });
      expect(wildcard.applyErrors).toEqual([
        `aura-aws-eu-west-1 aws_route53_zone.dns_zone_endpoints: ConflictingDomainExists: ${B} already sees a private zone endpoints.neo4j.io (aura-aws-us-east-1 aws_route53_zone.dns_zone_endpoints)`,
        expect.stringMatching(/^aura-aws-eu-west-1 aws_route53_record\.dns_records_endpoints\["\*"\]: no zone Z[0-9A-F]{20} for record \*\.endpoints\.neo4j\.io$/),
      ]);
      await world.apply(wildcard);
      try {
        const run = await verify(world, clientLabel.cidr(SHARED.appsB, B), { outputs: { "aura-aws-eu-west-1": wildcard.outputs["aura-aws-eu-west-1"]! }, dbids: [instance(SHARED.orchB)] });
        const a = wildcard.endpoints.find((e) => e.stack === "aura-aws-us-east-1")!.addresses.join(", ");
        expectRun(run, [
          {
            id: new RegExp(`^(|[a-d]-)${SHARED.endpointB}\\.endpoints\\.neo4j\\.io dns$`),
            status: "fail",
            detail: new RegExp(`resolves to ${a}, which is not this endpoint's address`),
          },
          // The driver is then routed to the other region's endpoint too.
          {
            id: new RegExp(`^${SHARED.endpointB}\\.endpoints\\.neo4j\\.io routing$`),
            status: "fail",
            detail: new RegExp(`^routing table entry ${SHARED.endpointB}\\.endpoints\\.neo4j\\.io:7687: .* resolves to ${a}, which is not this endpoint's address`),
          },
        ]);
      } finally {
        await world.apply(plan);
      }
    });
  });

  describe("several custom endpoints per region (AWS per-name zones, GCP managed zones, Azure private DNS)", () => {
    let plan: TwinPlan;
    let world: TwinWorld;
    beforeAll(async () => {
      plan = planTwin({ stacks: regionStacks(customEndpointsConfig()) });
      world = await TwinWorld.start(plan, tls, dir);
    }, 240_000);
    afterAll(() => world?.close());

    test("verify passes every check for every orchestration and custom endpoint on each cloud", async () => {
      expect(plan.applyErrors).toEqual([]);
      const [aws, gcp, azure] = await limited([
        () => verify(world, clientLabel.cidr("10.20.0.0/16", EXAMPLE.east), { outputs: { "aura-aws-us-east-1": plan.outputs["aura-aws-us-east-1"]! }, dbids: [instance("0000"), instance("0004")] }),
        () => verify(world, clientLabel.inside(EXAMPLE.gcp), { outputs: { "aura-gcp-europe-west1": plan.outputs["aura-gcp-europe-west1"]! }, dbids: [instance("0002")] }),
        () => verify(world, clientLabel.inside(EXAMPLE.azure), { outputs: { "aura-azure-eastus": plan.outputs["aura-azure-eastus"]! }, dbids: [instance("0003")] }),
      ]);
      for (const run of [aws!, gcp!, azure!]) expectRun(run);
      const names = (run: VerifyRun) => [...new Set(run.report.results.filter((r) => r.kind === "dns").map((r) => r.host.split(".")[0]))];
      expect(names(aws!)).toEqual([DBID, ...CUSTOM.aws.sort().flatMap((n) => [n, `a-${n}`, `b-${n}`, `c-${n}`, `d-${n}`])]);
      expect(names(gcp!)).toEqual([DBID, ...CUSTOM.gcp.sort().flatMap((n) => [n, `a-${n}`, `b-${n}`, `c-${n}`, `d-${n}`])]);
      expect(names(azure!)).toEqual([DBID, ...CUSTOM.azure.sort().flatMap((n) => [n, `a-${n}`, `b-${n}`, `c-${n}`, `d-${n}`])]);
    });
  });
}
