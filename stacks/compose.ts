import { App, TerraformStack } from "cdktf";
import { ConfigError, UserError } from "../domain/errors";
import type { AuraSecureConfig, RegionConfig } from "../config/schema";
import { crossRegionDnsProblems } from "../domain/aura/dns-plan";
import { cloudDnsProblems } from "./cloud-dns-checks";
import { regionDnsInput } from "./region-dns";

/**
 * Each cloud's stacks (and the access stack) are loaded only when the config has such a region: a synth
 * loads the provider bindings it uses and no other (each costs start-up time), and the GCP and Azure
 * bindings are optional peer dependencies, so an AWS-only app synthesizes without them.
 */
function loadCloudStacks<T>(load: () => T, binding: string, where: string): T {
  try {
    return load();
  } catch (err) {
    if ((err as { code?: string }).code === "MODULE_NOT_FOUND" && String((err as Error).message).includes(binding)) {
      throw new UserError(`${where}: this region needs the provider binding ${binding}, which is not installed; add it to your app (npm install ${binding}@${BINDING_RANGES[binding]})`);
    }
    throw err;
  }
}

/** The binding versions the constructs are written against (package.json peerDependencies). */
const BINDING_RANGES: Record<string, string> = { "@cdktf/provider-google": "^16.12.1", "@cdktf/provider-azurerm": "^14.23.1" };

export interface ComposedStack {
  readonly name: string;
  readonly description: string;
  readonly stack: TerraformStack;
}

export function regionStackName(prefix: string, region: Pick<RegionConfig, "cloud" | "region">): string {
  return `${prefix}-${region.cloud}-${region.region}`;
}

/**
 * Config -> stacks. Runs the checks that need every region at once before creating anything, so a
 * misrouting setup fails the synth with the regions named rather than surfacing after apply.
 */
export function composeApp(app: App, config: AuraSecureConfig): ComposedStack[] {
  const entries = config.regions.map((region, i) => {
    const name = regionStackName(config.stackPrefix, region);
    return { region, name, dns: regionDnsInput(region, name, `regions[${i}]`) };
  });

  const problems = [...crossRegionDnsProblems(entries.map((e) => e.dns)), ...cloudDnsProblems(entries)];
  if (problems.length > 0) throw new ConfigError(problems, "config (checks across regions)");

  const regionStacks = entries.map(({ region, name, dns }, i): ComposedStack => {
    switch (region.cloud) {
      case "aws": {
        const { AwsRegionStack } = require("./aws-region-stack") as typeof import("./aws-region-stack");
        const { awsReplicaKeysFor } = require("./aws-keys") as typeof import("./aws-keys");
        return {
          name,
          description: `AWS PrivateLink + Route53 in ${region.region} (${dns.orchestrations.length} orchestration(s), ${dns.customEndpoints.length} custom endpoint(s))`,
          stack: new AwsRegionStack(app, name, {
            project: config.project,
            region,
            dns,
            tags: config.tags,
            backend: config.backend,
            replicaKeys: awsReplicaKeysFor(config.project, config.regions, region.region),
          }),
        };
      }
      case "gcp": {
        const { GcpRegionStack } = loadCloudStacks(() => require("./gcp-region-stack") as typeof import("./gcp-region-stack"), "@cdktf/provider-google", `regions[${i}]`);
        return {
          name,
          description: `GCP Private Service Connect + ${region.dns.strategy === "none" ? "no DNS (strategy none)" : `Cloud DNS ${region.dns.gcpMode}`} in ${region.region} (${dns.orchestrations.length} orchestration(s), ${dns.customEndpoints.length} custom endpoint(s))`,
          stack: new GcpRegionStack(app, name, { project: config.project, region, dns, tags: config.tags, backend: config.backend }),
        };
      }
      case "azure": {
        const { AzureRegionStack } = loadCloudStacks(() => require("./azure-region-stack") as typeof import("./azure-region-stack"), "@cdktf/provider-azurerm", `regions[${i}]`);
        return {
          name,
          description: `Azure Private Link + private DNS in ${region.region} (${dns.orchestrations.length} orchestration(s), ${dns.customEndpoints.length} custom endpoint(s))`,
          stack: new AzureRegionStack(app, name, { project: config.project, region, dns, tags: config.tags, backend: config.backend }),
        };
      }
    }
  });

  if (!config.neo4jAccess) return regionStacks;
  const access = config.neo4jAccess;
  const name = `${config.stackPrefix}-neo4j-access-${access.id}`;
  const runner = access.runner?.type === "lambda" ? `Lambda in ${access.runner.vpcId}` : "local-exec from the pipeline";
  const { Neo4jAccessStack } = require("./neo4j-access-stack") as typeof import("./neo4j-access-stack");
  return [
    ...regionStacks,
    {
      name,
      description: `Neo4j roles, privileges and aliases applied with Cypher (${runner})`,
      stack: new Neo4jAccessStack(app, name, { access, backend: config.backend }),
    },
  ];
}
