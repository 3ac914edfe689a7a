import { TerraformOutput } from "cdktf";
import type { Construct } from "constructs";
import type { PlannedZone } from "../domain/aura/dns-plan";
import { CUSTOM_ENDPOINT_DOMAIN, PRODUCT_LABELS, auraPorts, orchDomain, privateUriPattern, type AuraProduct } from "../domain/aura/names";
import { AURA_CONSOLE } from "../domain/aura/console";

/** Output values shared by the clouds' stacks: pure builders, and the outputs every region stack has. */

export type Cloud = "aws" | "gcp" | "azure";

export function privateUriPatterns(orchestrations: readonly string[]): string[] {
  return [...orchestrations].sort().map(privateUriPattern);
}

export function dnsRecordsOutput(zones: readonly PlannedZone[]): string[] {
  return zones.flatMap((z) => z.records.map((r) => r.fqdn));
}

const ALLOW_LIST_NOUN: Record<Cloud, string> = { aws: "AWS account", gcp: "GCP project", azure: "Azure subscription" };

/** Where the cloud console would turn on its own private DNS for the endpoint: the step that must be skipped. */
const CLOUD_PRIVATE_DNS: Record<Cloud, string> = {
  aws: 'the endpoint\'s "Enable private DNS name" in the AWS console',
  gcp: "an automatic DNS configuration (service directory / private zone) for the PSC endpoint in the Google Cloud console",
  azure: '"Integrate with private DNS zone" on the private endpoint in the Azure portal',
};

/** How Aura's network access guide names what is allow-listed, per cloud (the Azure subsection: "Target Azure Subscription IDs"). */
const ALLOW_LIST_FIELD: Record<Cloud, string> = { aws: "the AWS account", gcp: "the GCP project", azure: "the Target Azure Subscription IDs" };

/**
 * The console steps of aura_console, in the words and paths of the current Aura pages; consoleStepSources
 * gives the page of each step (docs/vendor-facts.md, "Aura console paths").
 */
export function consoleSteps(cloud: Cloud, principal: string): string[] {
  const c = AURA_CONSOLE;
  return [
    `1. ${c.privateEndpoints.path} > New network access configuration: choose the product and region, and enter ${principal} as ${ALLOW_LIST_FIELD[cloud]} to allow (before apply).`,
    `2. After apply, ${c.acceptEndpoint.path}: accept the endpoint shown in endpoint_id_to_accept.`,
    `3. Do not enable ${CLOUD_PRIVATE_DNS[cloud]}, even though the same step of the Aura console's guide mentions it: this stack serves the Aura names (dns_records), and doing both fails with a conflicting domain or is reverted by the next terraform apply.`,
    `4. Run connectivity_checks ${c.testConnectivity.path}: each name resolves to the private endpoint, the ports answer, and HTTPS succeeds.`,
    `5. Only then ${c.disablePublicTraffic.path}: disable public traffic (optional; it does not take effect at once, the console shows when it has).`,
  ];
}

/** The page each of consoleSteps' steps comes from, in the same order. */
export function consoleStepSources(): string[] {
  const c = AURA_CONSOLE;
  return [c.privateEndpoints.source, c.acceptEndpoint.source, c.acceptEndpoint.source, c.testConnectivity.source, c.disablePublicTraffic.source];
}

/**
 * Where the pages disagree about a console path, the note the output carries. Aura's secure connections
 * page names the network access place under Project settings in its "Network access" section, and still
 * as "Security > Network Access" in its Azure subsection.
 */
const CONSOLE_PATH_NOTES: Partial<Record<Cloud, string>> = {
  azure:
    'Aura\'s secure connections page names this place twice: "Project settings > Security & Networking > Private endpoints" (its Network access section, used here) and "Security > Network Access" (its older Azure subsection); use whichever your console shows.',
};

/**
 * The checks Aura documents for each orchestration (nslookup, nc per port, and the HTTPS request), run
 * from inside the network, then each custom endpoint's name (it must resolve to the private endpoint too,
 * or its clients keep going public). Sources: docs/vendor-facts.md, "Aura private endpoints".
 */
export function connectivityChecks(orchestrations: readonly string[], product: AuraProduct, customEndpoints: readonly string[] = []): string[] {
  const orchChecks = [...orchestrations].sort().flatMap((orch) => {
    const host = `<dbid>.${orchDomain(orch)}`;
    return [`nslookup ${host}`, ...auraPorts(product).map((p) => `nc -vz ${host} ${p.port}`), `curl https://${host}`];
  });
  const endpointChecks = [...customEndpoints].sort().flatMap((name) => {
    const host = `${name}.${CUSTOM_ENDPOINT_DOMAIN}`;
    return [`nslookup ${host}`, `nc -vz ${host} 7687`, `curl https://${host}`];
  });
  return [...orchChecks, ...endpointChecks];
}

const ALLOW_LIST_KEY: Record<Cloud, string> = { aws: "account_to_allow_list", gcp: "project_to_allow_list", azure: "subscription_to_allow_list" };

export interface RegionOutputs {
  readonly cloud: Cloud;
  readonly region: string;
  readonly product: AuraProduct;
  readonly orchestrations: readonly string[];
  /** Custom endpoint names (without the domain), checked after the orchestrations. */
  readonly customEndpoints?: readonly string[];
  /** The account, project or subscription Aura must allow-list. */
  readonly allowListId: string;
  readonly zones: readonly PlannedZone[];
  readonly zoneIds: Readonly<Record<string, string>>;
  readonly zoneIdsDescription: string;
  /** What the records point at, in the dns_records description: "the endpoint", "private_ip". */
  readonly recordsTarget: string;
  /** Cloud-specific fields of aura_console: the endpoint to accept and the like. */
  readonly console: Readonly<Record<string, unknown>>;
}

/** zone_ids, dns_records, private_uri_patterns and aura_console: the outputs every region stack has. */
export function addRegionOutputs(scope: Construct, o: RegionOutputs): void {
  new TerraformOutput(scope, "zone_ids", { value: o.zoneIds, description: o.zoneIdsDescription });
  new TerraformOutput(scope, "dns_records", {
    value: dnsRecordsOutput(o.zones),
    description: `The names that must resolve to ${o.recordsTarget} (created here, or to create yourself when dns.strategy is none).`,
  });
  new TerraformOutput(scope, "private_uri_patterns", {
    value: privateUriPatterns(o.orchestrations),
    description: "Private URI of the instances this endpoint serves; <dbid> is the instance id shown in the Aura console.",
  });
  new TerraformOutput(scope, "aura_console", {
    value: {
      product: PRODUCT_LABELS[o.product],
      region: o.region,
      [ALLOW_LIST_KEY[o.cloud]]: o.allowListId,
      ...o.console,
      steps: consoleSteps(o.cloud, o.allowListId),
      step_sources: consoleStepSources(),
      ...(CONSOLE_PATH_NOTES[o.cloud] ? { console_path_note: CONSOLE_PATH_NOTES[o.cloud] } : {}),
      connectivity_checks: connectivityChecks(o.orchestrations, o.product, o.customEndpoints),
    },
    description: `What to do in the Aura console: the ${ALLOW_LIST_NOUN[o.cloud]} to allow-list, the endpoint to accept, and how to test before disabling public traffic.`,
  });
}
