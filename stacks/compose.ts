import { Annotations, App, TerraformStack } from "cdktf";
import { ConfigError } from "../domain/errors";
import { loadOptionalBinding, type OptionalBinding } from "../domain/bindings";
import { sharedAuraPrincipalWarnings } from "../domain/azure/aura-principal";
import type { AuraSecureConfig, RegionConfig } from "../config/schema";
import { crossRegionDnsProblems } from "../domain/aura/dns-plan";
import { awsReplicaKeysFor } from "./aws-keys";
import { AwsRegionStack } from "./aws-region-stack";
import { cloudDnsProblems, zoneQuotaReport } from "./cloud-dns-checks";
import { Neo4jAccessStack } from "./neo4j-access-stack";
import { regionDnsInput } from "./region-dns";

/**
 * The GCP and Azure stacks are loaded only when the config has such a region: their provider bindings are
 * optional peer dependencies, so an AWS-only app synthesizes without @cdktf/provider-google or -azurerm.
 */
const loadCloudStacks = <T>(load: () => T, binding: OptionalBinding, where: string): T => loadOptionalBinding(load, binding, where);

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

  const zoneQuota = zoneQuotaReport(entries);
  const problems = [...crossRegionDnsProblems(entries.map((e) => e.dns)), ...cloudDnsProblems(entries), ...zoneQuota.problems];
  if (problems.length > 0) throw new ConfigError(problems, "config (checks across regions)");

  const regionStacks = entries.map(({ region, name, dns }, i): ComposedStack => {
    switch (region.cloud) {
      case "aws":
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
  return [
    ...regionStacks,
    {
      name,
      description: `Neo4j roles, privileges and aliases applied with Cypher (${runner})`,
      stack: new Neo4jAccessStack(app, name, { access, backend: config.backend }),
    },
  ];
}
