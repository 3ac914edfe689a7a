/**
 * The name of a region's stack. One rule for the stacks that create it (stacks/compose.ts), the review that
 * maps a config's regions to their plans (runtime/review/networks.ts) and users who compose stacks themselves.
 */
export function regionStackName(prefix: string, region: { cloud: string; region: string }): string {
  return `${prefix}-${region.cloud}-${region.region}`;
}
