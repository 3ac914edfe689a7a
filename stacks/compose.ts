import { Annotations, App, TerraformStack } from "cdktf";
import { ConfigError } from "../domain/errors";
import { regionStackName } from "../domain/stack-names";
import { loadOptionalBinding, type OptionalBinding } from "../domain/bindings";
import { sharedAuraPrincipalWarnings } from "../domain/azure/aura-principal";
import type { AuraSecureConfig, RegionConfig } from "../config/schema";
import { accessNetworkDependencies, type AccessNetworkNeeds, type NetworkRegion } from "../domain/aura/access-networks";
import { crossRegionDnsProblems } from "../domain/aura/dns-plan";
import { runnerAccount, type AccountRegion } from "../domain/aws/account-pin";
import type { Neo4jAccessConfig } from "../domain/neo4j/access-model";
import { cloudDnsProblems, zoneQuotaReport } from "./cloud-dns-checks";
import { regionDnsInput } from "./region-dns";

/**
 * Each cloud's stacks (and the access stack) are loaded only when the config has them (`require` where
 * they are built): a synth loads the provider bindings it uses and no other (each costs start-up time),
 * and the GCP and Azure bindings are optional peer dependencies, so an AWS-only app synthesizes without
 * @cdktf/provider-google or -azurerm.
 */
const loadCloudStacks = <T>(load: () => T, binding: OptionalBinding, where: string): T => loadOptionalBinding(load, binding, where);

export interface ComposedStack {
  readonly name: string;
  readonly description: string;
  readonly stack: TerraformStack;
}

/** The AWS VPCs whose resolvers see a configured region's names, with their regions (pure). */
export function regionVpcs(region: RegionConfig): NetworkRegion["vpcs"] {
  if (region.cloud !== "aws") return [];
  const { vpcId, additionalVpcs, otherAccountVpcs } = region.network;
  return [{ vpcId, region: region.region }, ...additionalVpcs, ...otherAccountVpcs.map((v) => ({ vpcId: v.vpcId, region: v.region }))];
}

/** Where the access stack connects and runs, as far as synth can tell (pure). */
export function accessNetworkNeeds(access: Neo4jAccessConfig): AccessNetworkNeeds {
  return {
    connectionUri: access.connection.uri,
    remoteAliasUrls: access.remoteAliases.map((a) => a.url),
    ...(access.runner?.type === "lambda" ? { lambdaVpc: { vpcId: access.runner.vpcId, region: access.runner.region } } : {}),
  };
}

export { regionStackName };

/**
 * Config -> stacks. Runs the checks that need every region at once before creating anything, so a
 * misrouting setup fails the synth with the regions named rather than surfacing after apply.
 */
export function composeApp(app: App, config: AuraSecureConfig): ComposedStack[] {
  const entries = config.regions.map((region, i) => {
    const name = regionStackName(config.stackPrefix, region);
    return { region, name, dns: regionDnsInput(region, name, `regions[${i}]`) };
  });

  const zoneQuota = zoneQuotaReport(entries);
  const problems = [...crossRegionDnsProblems(entries.map((e) => e.dns)), ...cloudDnsProblems(entries), ...zoneQuota.problems];
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

  const principals = sharedAuraPrincipalWarnings(
    entries.flatMap(({ region, name, dns }) =>
      region.cloud === "azure" && region.customerManagedKey?.auraApplicationId !== undefined
        ? [{ stack: name, configPath: dns.configPath, tenantId: region.customerManagedKey.tenantId, applicationId: region.customerManagedKey.auraApplicationId }]
        : [],
    ),
  );
  for (const { stack, message } of [...zoneQuota.warnings, ...principals]) {
    const target = regionStacks.find((s) => s.name === stack);
    if (target) Annotations.of(target.stack).addWarning(message);
  }

  if (!config.neo4jAccess) return regionStacks;
  const access = config.neo4jAccess;
  const name = `${config.stackPrefix}-neo4j-access-${access.id}`;
  const runner = access.runner?.type === "lambda" ? `Lambda in ${access.runner.vpcId}` : "local-exec from the pipeline";
  const { Neo4jAccessStack } = require("./neo4j-access-stack") as typeof import("./neo4j-access-stack");
  const stack = new Neo4jAccessStack(app, name, { access, backend: config.backend });
  // The access stack comes after the networks it connects through (cdktf deploy '*' follows the manifest).
  const dependencies = accessNetworkDependencies(
    accessNetworkNeeds(access),
    entries.map((e) => ({ ...e.dns, vpcs: regionVpcs(e.region) })),
  );
  for (const d of dependencies) stack.addDependency(regionStacks.find((s) => s.name === d.stack)!.stack);
  if (access.runner?.type === "lambda") pinRunnerAccount(stack, access.runner, config.regions);
  const after = dependencies.length > 0 ? `; after ${dependencies.map((d) => d.stack).join(", ")}` : "";
  return [...regionStacks, { name, description: `Neo4j roles, privileges and aliases applied with Cypher (${runner}${after})`, stack }];
}

/** The Lambda runner's provider deploys into the account of the configured network it runs in. */
function pinRunnerAccount(stack: TerraformStack, vpc: { vpcId: string; region: string }, regions: readonly RegionConfig[]): void {
  const { pinAwsProviders, regionAccountPin } = require("./aws-account") as typeof import("./aws-account");
  const awsRegions: AccountRegion[] = [];
  regions.forEach((r, i) => {
    if (r.cloud !== "aws") return;
    awsRegions.push({
      configPath: `regions[${i}]`,
      pin: regionAccountPin(r),
      vpcs: [{ vpcId: r.network.vpcId, region: r.region }, ...r.network.additionalVpcs],
      otherAccountVpcs: r.network.otherAccountVpcs,
    });
  });
  const found = runnerAccount(vpc, awsRegions);
  if (found && "conflict" in found) throw new ConfigError([`neo4jAccess.runner.vpcId: ${found.conflict}`], "config (checks across regions)");
  if (found) {
    pinAwsProviders(stack, found.pin);
    return;
  }
  Annotations.of(stack).addWarning(
    `neo4jAccess.runner.vpcId: ${vpc.vpcId} (${vpc.region}) is in no configured AWS region's network, so the Lambda runner's AWS provider is not pinned to an account: ` +
      "it deploys into whatever account the pipeline's credentials belong to; list that VPC in a region's network (vpcId or additionalVpcs) to pin its account",
  );
}
