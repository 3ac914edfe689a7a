/**
 * Contradictions in one region's DNS settings, shared by the config schema and the DNS constructs' guards.
 * Pure; each problem names the field (relative to the region's `dns`) and what to change.
 */
export interface DnsSettings {
  strategy: "private-zone" | "none";
  existingZones: Readonly<Record<string, string>>;
}

export function dnsSettingsProblems(dns: DnsSettings): Array<{ field: string; problem: string }> {
  const out: Array<{ field: string; problem: string }> = [];
  const zones = Object.keys(dns.existingZones);
  if (dns.strategy === "none" && zones.length > 0) {
    out.push({
      field: "existingZones",
      problem: `lists zones (${zones.join(", ")}), but strategy "none" creates no records in any zone; remove existingZones, or use strategy "private-zone" to add the records to those zones`,
    });
  }
  return out;
}
