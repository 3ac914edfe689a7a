import { GoogleProvider } from "@cdktf/provider-google/lib/provider";
import { Annotations, TerraformOutput } from "cdktf";
import { Construct } from "constructs";
import type { GcpRegionConfig } from "../config/gcp";
import { hiddenNameWarnings, planRegionDns, type RegionDnsInput } from "../domain/aura/dns-plan";
import { CloudDnsPrivateZone } from "../constructs/gcp/cloud-dns-private-zone";
import { CloudDnsResponsePolicy } from "../constructs/gcp/cloud-dns-response-policy";
import { gcpLabels, gcpResourceName } from "../domain/gcp/names";
import { PscEndpoint } from "../constructs/gcp/psc-endpoint";
import { AuraStack } from "./aura-stack";
import { addGcpCustomerManagedKey } from "./gcp-keys";
import { applyBackend, type BackendConfig } from "./backend";
import { addRegionOutputs } from "./outputs";

export interface GcpRegionStackProps {
  readonly project: string;
  readonly region: GcpRegionConfig;
  readonly dns: RegionDnsInput;
  readonly tags: Readonly<Record<string, string>>;
  readonly backend?: BackendConfig;
}

/** One GCP region: the Private Service Connect endpoint to Aura and its Cloud DNS (zones or response policy). */
export class GcpRegionStack extends AuraStack {
  readonly endpoint: PscEndpoint;
  readonly privateZones?: CloudDnsPrivateZone;
  readonly responsePolicy?: CloudDnsResponsePolicy;

  constructor(scope: Construct, name: string, props: GcpRegionStackProps) {
    super(scope, name);
    const r = props.region;
    const labels = { ...r.labels };
    const provider = new GoogleProvider(this, "google", { project: r.projectId, region: r.region });
    // Config tags are free-form (shared with AWS and Azure) and GCP labels stricter, so translate them.
    // Set as an override: cdktf snake-cases map keys inside provider blocks ("cost-center" -> "cost_center").
    provider.addOverride("default_labels", gcpLabels({ project: props.project, "managed-by": "cdktf-aura-secure", ...props.tags }));
    applyBackend(this, name, props.backend);

    const resourceName = gcpResourceName([props.project, "aura", r.region]);
    this.endpoint = new PscEndpoint(this, "psc", {
      name: resourceName,
      project: r.projectId,
      region: r.region,
      product: r.product,
      network: r.network.network,
      subnetwork: r.network.subnetwork,
      address: r.network.address,
      serviceAttachment: r.serviceAttachment,
      globalAccess: r.network.globalAccess,
      // When this stack serves the Aura names, Google's automatic zone for the attachment's domain would be a second owner.
      noAutomateDnsZone: r.dns.strategy === "private-zone",
      labels,
    });
    const ip = this.endpoint.address.address;

    const zones = planRegionDns(props.dns);
    if (r.dns.strategy === "private-zone") for (const warning of hiddenNameWarnings(props.dns)) Annotations.of(this).addWarning(warning);
    const networks = [r.network.network, ...r.network.additionalNetworks];
    if (r.dns.strategy === "private-zone" && r.dns.gcpMode === "managed-zone") {
      this.privateZones = new CloudDnsPrivateZone(this, "dns", { namePrefix: resourceName, project: r.projectId, zones, networks, ipAddress: ip, labels });
    } else if (r.dns.strategy === "private-zone") {
      this.responsePolicy = new CloudDnsResponsePolicy(this, "dns", { name: resourceName, project: r.projectId, zones, networks, ipAddress: ip });
    }

    const rule = this.endpoint.forwardingRule;
    new TerraformOutput(this, "endpoint_id", {
      value: rule.id,
      description: "The PSC endpoint (forwarding rule) id: projects/<project>/regions/<region>/forwardingRules/<name>.",
    });
    new TerraformOutput(this, "private_ip", {
      value: ip,
      description: "The endpoint's internal address; every Aura A record (or response policy rule) points here.",
    });
    new TerraformOutput(this, "psc_connection_status", {
      value: rule.pscConnectionStatus,
      description: `ACCEPTED once Aura accepts the connection; PENDING means project ${r.projectId} is not allow-listed in the Aura console yet.`,
    });
    new TerraformOutput(this, "response_policy_id", {
      value: this.responsePolicy?.policy.id ?? "",
      description: 'The Cloud DNS response policy bound to the networks (empty unless dns.gcpMode is "response-policy").',
    });
    addRegionOutputs(this, {
      cloud: "gcp",
      region: r.region,
      product: r.product,
      orchestrations: r.orchestrations,
      customEndpoints: r.dns.customEndpoints,
      allowListId: r.projectId,
      zones,
      zoneIds: this.privateZones?.zoneIds ?? {},
      zoneIdsDescription: 'Private managed zone id by Aura domain (empty with dns.gcpMode "response-policy" or dns.strategy "none").',
      recordsTarget: "private_ip",
      console: {
        service_attachment: r.serviceAttachment,
        endpoint_id_to_accept: rule.pscConnectionId,
        allow_list_note: `The PSC connection stays PENDING until GCP project ${r.projectId} is allow-listed for ${r.region} in the Aura console; allow-list it before apply.`,
      },
    });

    addGcpCustomerManagedKey(this, { project: props.project, region: r });
  }
}
