import { createHash } from "node:crypto";

/**
 * Pure GCP naming and parsing: service attachment URLs, network and subnetwork self links, resource
 * names and labels. No provider imports; used by the config schema and the GCP constructs alike.
 */

export const GCP_PROJECT_ID_PATTERN = /^[a-z][a-z0-9-]{4,28}[a-z0-9]$/;
export const GCP_REGION_PATTERN = /^[a-z]+-[a-z]+[0-9]+$/;
const NAME = "[a-z](?:[-a-z0-9]{0,61}[a-z0-9])?";
const PROJECT = "[a-z][a-z0-9-]{4,28}[a-z0-9]";
const REGION = "[a-z]+-[a-z]+[0-9]+";
const API_PREFIX = "https://www.googleapis.com/compute/v1/";

const SERVICE_ATTACHMENT = new RegExp(`^(?:${escape(API_PREFIX)})?projects/(${PROJECT})/regions/(${REGION})/serviceAttachments/(${NAME})$`);
const NETWORK = new RegExp(`^(?:${escape(API_PREFIX)})?projects/(${PROJECT})/global/networks/(${NAME})$`);
const SUBNETWORK = new RegExp(`^(?:${escape(API_PREFIX)})?projects/(${PROJECT})/regions/(${REGION})/subnetworks/(${NAME})$`);

function escape(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\/]/g, "\\$&");
}

export interface ServiceAttachment {
  project: string;
  region: string;
  name: string;
  /** The full URL, the form the Aura console shows. */
  url: string;
}

/** Accepts the console's full URL or the `projects/<p>/regions/<r>/serviceAttachments/<n>` short form. */
export function parseServiceAttachment(value: string): ServiceAttachment | null {
  const m = SERVICE_ATTACHMENT.exec(value.trim());
  if (!m) return null;
  const [, project, region, name] = m as unknown as [string, string, string, string];
  return { project, region, name, url: `${API_PREFIX}projects/${project}/regions/${region}/serviceAttachments/${name}` };
}

export interface NetworkRef {
  project: string;
  name: string;
  /** `projects/<p>/global/networks/<n>`: what Cloud DNS and compute accept, and the cross-region key. */
  selfLink: string;
}

export function parseNetwork(value: string): NetworkRef | null {
  const m = NETWORK.exec(value.trim());
  if (!m) return null;
  const [, project, name] = m as unknown as [string, string, string];
  return { project, name, selfLink: `projects/${project}/global/networks/${name}` };
}

export interface SubnetworkRef {
  project: string;
  region: string;
  name: string;
  selfLink: string;
}

export function parseSubnetwork(value: string): SubnetworkRef | null {
  const m = SUBNETWORK.exec(value.trim());
  if (!m) return null;
  const [, project, region, name] = m as unknown as [string, string, string, string];
  return { project, region, name, selfLink: `projects/${project}/regions/${region}/subnetworks/${name}` };
}

const MANAGED_ZONE = new RegExp(`^(?:projects/(${PROJECT})/managedZones/)?(${NAME})$`);

/** An existing Cloud DNS zone: `aura-orch-0000`, or `projects/<p>/managedZones/<name>` in another project. */
export function parseManagedZoneRef(value: string): { project?: string; name: string } | null {
  const m = MANAGED_ZONE.exec(value.trim());
  return m ? { project: m[1], name: m[2]! } : null;
}

/** Cloud DNS wants the full URL for a network in a zone's visibility and a response policy's networks. */
export function networkUrl(selfLink: string): string {
  return `${API_PREFIX}${selfLink}`;
}

/**
 * A GCP resource name (RFC 1035 label, at most `max` characters) from parts. Too long a name is cut and
 * given a short hash of the whole, so two long names never collapse into one and the result is stable.
 */
export function gcpResourceName(parts: readonly string[], max = 63): string {
  const joined = parts
    .join("-")
    .toLowerCase()
    .replace(/[^a-z0-9-]+/g, "-")
    .replace(/-+/g, "-")
    .replace(/^[^a-z]+/, "")
    .replace(/-+$/, "");
  const name = joined || "aura";
  if (name.length <= max) return name;
  const hash = createHash("sha256").update(name).digest("hex").slice(0, 6);
  return `${name.slice(0, max - 7).replace(/-+$/, "")}-${hash}`;
}

/**
 * GCP labels from the config's free-form tags: keys and values of lowercase letters, digits, `_` and `-`,
 * at most 63 characters, keys starting with a letter. Tags are shared by all clouds, so translate rather
 * than refuse; keys are sorted so the output is stable.
 */
export function gcpLabels(tags: Readonly<Record<string, string>>): Record<string, string> {
  const clean = (s: string) => s.toLowerCase().replace(/[^a-z0-9_-]/g, "_").slice(0, 63);
  const out: Record<string, string> = {};
  for (const key of Object.keys(tags).sort()) {
    let k = clean(key);
    if (!/^[a-z]/.test(k)) k = `t_${k}`.slice(0, 63);
    out[k] = clean(tags[key] ?? "");
  }
  return out;
}
