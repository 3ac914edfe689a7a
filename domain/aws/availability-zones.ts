/**
 * Availability-zone rules for AWS PrivateLink to Aura. AZ names (us-east-1a) differ per account,
 * AZ IDs (use1-az1) do not, so the config keys subnets by AZ ID.
 */

/** AZ IDs where Aura does not offer its endpoint service (docs/vendor-facts.md, "Aura private endpoints"). */
export const UNSUPPORTED_AZ_IDS: Readonly<Record<string, readonly string[]>> = {
  "us-east-1": ["use1-az3"],
};

export const AZ_ID_PATTERN = /^[a-z]{2,5}[0-9]+-az[0-9]+$/;

const DIRECTION_CODES: Readonly<Record<string, string>> = {
  east: "e",
  west: "w",
  north: "n",
  south: "s",
  central: "c",
  northeast: "ne",
  northwest: "nw",
  southeast: "se",
  southwest: "sw",
};

/**
 * The prefix AWS uses for AZ IDs of a region: us-east-1 -> use1, ap-southeast-2 -> apse2,
 * us-gov-west-1 -> usgw1. Returns null for a region whose name does not follow the scheme.
 */
export function azIdPrefix(region: string): string | null {
  const parts = region.split("-");
  if (parts.length === 4 && parts[1] === "gov") {
    // Stryker disable next-line StringLiteral: four parts make parts[2] a string, so the fallback is never read (equivalent)
    const dir = DIRECTION_CODES[parts[2] ?? ""];
    return dir ? `${parts[0]}g${dir}${parts[3]}` : null;
  }
  if (parts.length !== 3) return null;
  const [geo, direction, number] = parts as [string, string, string];
  const dir = DIRECTION_CODES[direction];
  if (!dir || !/^[a-z]{2}$/.test(geo) || !/^[0-9]+$/.test(number)) return null;
  return `${geo}${dir}${number}`;
}

export function unsupportedAzMessage(region: string, azId: string): string {
  return `AZ ID ${azId} in ${region} is not supported by Aura for private endpoints; pick a subnet in another availability zone`;
}

export interface SubnetByAz {
  azId: string;
  subnetId: string;
}

/**
 * Problems with the subnets chosen for a region's endpoint, each naming the AZ ID. Keyed by AZ ID in
 * the config, so "at most one subnet per AZ" holds by construction; this checks the rest.
 */
export function subnetProblems(region: string, subnets: readonly SubnetByAz[]): Array<{ azId: string; problem: string }> {
  const problems: Array<{ azId: string; problem: string }> = [];
  const prefix = azIdPrefix(region);
  const unsupported = UNSUPPORTED_AZ_IDS[region] ?? [];
  const seenSubnets = new Map<string, string>();
  for (const { azId, subnetId } of subnets) {
    if (prefix && !azId.startsWith(`${prefix}-`)) {
      problems.push({ azId, problem: `AZ ID ${azId} is not in ${region} (AZ IDs there start with "${prefix}-")` });
    }
    if (unsupported.includes(azId)) problems.push({ azId, problem: unsupportedAzMessage(region, azId) });
    const other = seenSubnets.get(subnetId);
    if (other) problems.push({ azId, problem: `subnet ${subnetId} is also given for ${other}; a subnet lives in exactly one AZ` });
    seenSubnets.set(subnetId, azId);
  }
  return problems;
}
