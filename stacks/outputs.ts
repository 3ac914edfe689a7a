import type { PlannedZone } from "../constructs/aura/dns-plan";
import { auraPorts, orchDomain, privateUriPattern, type AuraProduct } from "../constructs/aura/names";

/** Pure builders of output values shared by the clouds' stacks. */

export type Cloud = "aws" | "gcp" | "azure";

export function privateUriPatterns(orchestrations: readonly string[]): string[] {
  return [...orchestrations].sort().map(privateUriPattern);
}

export function dnsRecordsOutput(zones: readonly PlannedZone[]): string[] {
  return zones.flatMap((z) => z.records.map((r) => r.fqdn));
}

const ALLOW_LIST_NOUN: Record<Cloud, string> = { aws: "AWS account", gcp: "GCP project", azure: "Azure subscription" };

export function consoleSteps(cloud: Cloud, principal: string): string[] {
  return [
    `1. Aura console > Security > Network access: allow-list ${ALLOW_LIST_NOUN[cloud]} ${principal} (before apply).`,
    "2. After apply, accept the endpoint shown in endpoint_id_to_accept.",
    "3. Run the connectivity checks from inside the network.",
    "4. Only then disable public traffic in the Aura console.",
  ];
}

/** The checks of reference 001 for each orchestration, run from inside the network. */
export function connectivityChecks(orchestrations: readonly string[], product: AuraProduct): string[] {
  return [...orchestrations].sort().flatMap((orch) => {
    const host = `<dbid>.${orchDomain(orch)}`;
    return [`nslookup ${host}`, ...auraPorts(product).map((p) => `nc -vz ${host} ${p.port}`)];
  });
}
