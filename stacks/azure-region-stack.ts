import { AzurermProvider } from "@cdktf/provider-azurerm/lib/provider";
import { Annotations, TerraformOutput } from "cdktf";
import { Construct } from "constructs";
import type { AzureRegionConfig } from "../config/azure";
import { hiddenNameWarnings, planRegionDns, type RegionDnsInput } from "../domain/aura/dns-plan";
import { parseSubnetId, parseVnetId, type VnetRef } from "../domain/azure/names";
import { PRODUCT_LABELS } from "../domain/aura/names";
import { AzurePrivateDns } from "../constructs/azure/private-dns";
import { AzurePrivateLinkEndpoint } from "../constructs/azure/private-link-endpoint";
import { AuraStack } from "./aura-stack";
import { addAzureCustomerManagedKey } from "./azure-keys";
import { applyBackend, type BackendConfig } from "./backend";
import { addRegionOutputs } from "./outputs";

export interface AzureRegionStackProps {
  readonly project: string;
  readonly region: AzureRegionConfig;
  readonly dns: RegionDnsInput;
  readonly tags: Readonly<Record<string, string>>;
  readonly backend?: BackendConfig;
}

/** One Azure location: the Private Link endpoint to Aura and the private DNS zones linked to the VNets. */
export class AzureRegionStack extends AuraStack {
  readonly endpoint: AzurePrivateLinkEndpoint;
  readonly dns?: AzurePrivateDns;

  constructor(scope: Construct, name: string, props: AzureRegionStackProps) {
    super(scope, name);
    const r = props.region;
    const tags = { project: props.project, "managed-by": "cdktf-aura-secure", ...props.tags, ...r.tags };
    // azurerm 4.x requires subscription_id; credentials come from the environment (az login, OIDC, ...).
    new AzurermProvider(this, "azurerm", { features: [{}], subscriptionId: r.subscriptionId });
    applyBackend(this, name, props.backend);

    const endpointName = `${props.project}-aura-${r.region}`;
    this.endpoint = new AzurePrivateLinkEndpoint(this, "private_link", {
      name: endpointName,
      location: r.region,
      resourceGroupName: r.resourceGroupName,
      subnetId: r.network.subnetId,
      privateLinkServiceAlias: r.privateLinkServiceAlias,
      requestMessage: r.requestMessage ?? `${PRODUCT_LABELS[r.product]} private endpoint of ${props.project} (subscription ${r.subscriptionId})`.slice(0, 140),
      tags,
    });

    const zones = planRegionDns(props.dns);
    if (r.dns.strategy === "private-zone") for (const warning of hiddenNameWarnings(props.dns)) Annotations.of(this).addWarning(warning);
    if (r.dns.strategy === "private-zone") {
      // Both parsed before by the schema; the filter only narrows the type.
      const vnets = [parseSubnetId(r.network.subnetId)?.vnet, ...r.network.additionalVnetIds.map(parseVnetId)].filter((v): v is VnetRef => !!v);
      this.dns = new AzurePrivateDns(this, "dns", {
        resourceGroupName: r.resourceGroupName,
        zones,
        vnets,
        ipAddress: this.endpoint.privateIpAddress,
        tags,
      });
    }

    const pe = this.endpoint.endpoint;
    new TerraformOutput(this, "endpoint_id", {
      value: pe.id,
      description: "The private endpoint's resource id.",
    });
    new TerraformOutput(this, "endpoint_name", {
      value: pe.name,
      description: "The private endpoint's name, as the Aura console lists it for acceptance.",
    });
    new TerraformOutput(this, "private_ip", {
      value: this.endpoint.privateIpAddress,
      description: "The endpoint's private IP; every Aura A record points here.",
    });
    addRegionOutputs(this, {
      cloud: "azure",
      region: r.region,
      product: r.product,
      orchestrations: r.orchestrations,
      customEndpoints: r.dns.customEndpoints,
      allowListId: r.subscriptionId,
      zones,
      zoneIds: this.dns?.zoneIds ?? {},
      zoneIdsDescription: "Private DNS zone resource id by Aura domain (empty when dns.strategy is none).",
      recordsTarget: "private_ip",
      console: { private_link_service_alias: r.privateLinkServiceAlias, endpoint_id_to_accept: pe.id, endpoint_name_to_accept: pe.name },
    });

    addAzureCustomerManagedKey(this, { region: r, tags, configPath: props.dns.configPath });
  }
}
