import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";

/**
 * Synth wall time and peak memory, each scenario in a fresh process:
 * - example: the embedded example config;
 * - aws-30x20: a generated config of 30 AWS regions with 20 custom endpoints each.
 * Targets (issue 2): example under 1 s, 30 regions under 3 s and 400 MB.
 */

const AWS_REGIONS = [
  "us-east-1", "us-east-2", "us-west-1", "us-west-2", "af-south-1", "ap-east-1", "ap-south-1", "ap-south-2",
  "ap-southeast-1", "ap-southeast-2", "ap-southeast-3", "ap-southeast-4", "ap-northeast-1", "ap-northeast-2",
  "ap-northeast-3", "ca-central-1", "ca-west-1", "eu-central-1", "eu-central-2", "eu-west-1", "eu-west-2",
  "eu-west-3", "eu-south-1", "eu-south-2", "eu-north-1", "il-central-1", "me-south-1", "me-central-1",
  "sa-east-1", "mx-central-1",
];

function hex(n: number, width: number): string {
  return n.toString(16).padStart(width, "0");
}

export function generatedConfig(regionCount: number, endpointsPerRegion: number): unknown {
  const { azIdPrefix } = require("../domain/aws/availability-zones") as typeof import("../domain/aws/availability-zones");
  return {
    project: "bench",
    regions: AWS_REGIONS.slice(0, regionCount).map((region, i) => ({
      cloud: "aws",
      region,
      product: i % 2 === 0 ? "virtual-dedicated-cloud" : "ds-enterprise",
      accountId: "111122223333",
      orchestrations: [hex(i, 4)],
      endpointServiceName: `com.amazonaws.vpce.${region}.vpce-svc-${hex(i, 17)}`,
      network: {
        vpcId: `vpc-${hex(i, 17)}`,
        subnets: Object.fromEntries([1, 2].map((az) => [`${azIdPrefix(region)}-az${az}`, `subnet-${hex(i * 10 + az, 17)}`])),
        allowedCidrs: [{ cidr: `10.${i}.0.0/16`, description: `apps in ${region}` }],
      },
      dns: { customEndpoints: Array.from({ length: endpointsPerRegion }, (_, e) => `ep-${hex(i, 2)}-${hex(e, 2)}`) },
    })),
  };
}

function runScenario(name: string): void {
  const started = process.hrtime.bigint();
  const { App } = require("cdktf") as typeof import("cdktf");
  const { parseConfig } = require("../config/load") as typeof import("../config/load");
  const { exampleConfig } = require("../config/example") as typeof import("../config/example");
  const { composeApp } = require("../stacks/compose") as typeof import("../stacks/compose");
  const loaded = process.hrtime.bigint();
  const outdir = fs.mkdtempSync(path.join(os.tmpdir(), "aura-bench-"));
  const app = new App({ outdir });
  const input = name === "example" ? exampleConfig : generatedConfig(30, 20);
  const stacks = composeApp(app, parseConfig(input));
  app.synth();
  const done = process.hrtime.bigint();
  const resources = stacks.reduce((n, s) => {
    const json = JSON.parse(fs.readFileSync(path.join(outdir, "stacks", s.name, "cdk.tf.json"), "utf8"));
    return n + Object.values(json.resource ?? {}).reduce((m: number, byName) => m + Object.keys(byName as object).length, 0);
  }, 0);
  fs.rmSync(outdir, { recursive: true, force: true });
  process.stdout.write(
    JSON.stringify({
      stacks: stacks.length,
      resources,
      importMs: Number(loaded - started) / 1e6,
      synthMs: Number(done - loaded) / 1e6,
      peakRssMb: process.resourceUsage().maxRSS / 1024,
    }),
  );
}

function main(): void {
  const scenario = process.argv[2];
  if (scenario) return runScenario(scenario);
  const tsxCli = require.resolve("tsx/cli");
  console.log("scenario     stacks  res.blocks  wall(ms)  imports(ms)  synth(ms)  peak RSS(MB)  target");
  for (const [name, target] of [["example", "< 1000 ms"], ["aws-30x20", "< 3000 ms, < 400 MB"]] as const) {
    const t0 = process.hrtime.bigint();
    const r = spawnSync(process.execPath, [tsxCli, __filename, name], { encoding: "utf8" });
    const wallMs = Number(process.hrtime.bigint() - t0) / 1e6;
    if (r.status !== 0) throw new Error(`${name} failed:\n${r.stderr}`);
    const f = JSON.parse(r.stdout) as { stacks: number; resources: number; importMs: number; synthMs: number; peakRssMb: number };
    console.log(
      `${name.padEnd(12)} ${String(f.stacks).padStart(6)} ${String(f.resources).padStart(11)} ${wallMs.toFixed(0).padStart(9)} ${f.importMs.toFixed(0).padStart(12)} ${f.synthMs.toFixed(0).padStart(10)} ${f.peakRssMb.toFixed(0).padStart(13)}  ${target}`,
    );
  }
  console.log("wall = whole process (node + tsx start, imports, validation, synth, write); synth = validation + composition + writing cdk.tf.json.");
}

main();
