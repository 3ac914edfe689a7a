/**
 * Where things are in the Aura console, in the words of the current Aura pages, each with the page it comes
 * from (docs/vendor-facts.md, "Aura console paths"). Console paths move between releases: every output and
 * message names them from here, so one edit follows the pages.
 */

export interface ConsolePlace {
  /** The path as the page writes it. */
  readonly path: string;
  /** The page (and section) that says so. */
  readonly source: string;
}

const SECURE_CONNECTIONS = "https://neo4j.com/docs/aura/security/secure-connections/";
const CMK_PAGE = "https://neo4j.com/docs/aura/security/customer-managed-keys/";
const PRIVATE_ENDPOINTS = "Aura console > Project settings > Security & Networking > Private endpoints";
const NETWORK_ACCESS = `${SECURE_CONNECTIONS}#_network_access`;

export const AURA_CONSOLE = {
  /** Network access configuration: allow-listing, accepting endpoints, disabling public traffic. */
  privateEndpoints: { path: PRIVATE_ENDPOINTS, source: NETWORK_ACCESS },
  /** Accepting an endpoint's connection request (step 3 of the console's network access guide). */
  acceptEndpoint: { path: `${PRIVATE_ENDPOINTS} (network access guide, step 3: accept endpoint connection requests)`, source: NETWORK_ACCESS },
  /** Disabling public traffic (step 4 of the guide; optional, not immediate). */
  disablePublicTraffic: { path: `${PRIVATE_ENDPOINTS} (network access guide, step 4: disable public traffic)`, source: NETWORK_ACCESS },
  /** The checks to run through the endpoint before public traffic is disabled. */
  testConnectivity: { path: "from a machine inside the network", source: `${SECURE_CONNECTIONS}#_test_connectivity_through_the_private_endpoint` },
  /** Adding a customer managed key ("Go to security settings in the Aura Console and add a Customer Managed Key"). */
  customerManagedKeys: { path: "Aura console > security settings > Customer Managed Key", source: CMK_PAGE },
} as const satisfies Record<string, ConsolePlace>;
