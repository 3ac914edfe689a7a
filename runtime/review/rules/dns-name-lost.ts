import { lostNames } from "../posture/dns";
import type { Rule, StackHit } from "../rule";

export const dnsNameLost: Rule = {
  id: "AURA-DNS-4",
  severity: "high",
  title: "An Aura name stops resolving privately in a network",
  meaning:
    "Which Aura names (orchestration wildcards, custom endpoint names) resolve privately in which network is computed from the zones, records, zone associations, virtual network links and response policy rules, before and after. After this change a name that resolved to the endpoint no longer does in that network: a private zone without the record answers NXDOMAIN, a detached zone hands the name back to public DNS. Drivers there fail to connect or to route (or leave the private path).",
  fix: "Keep the record, the zone and its network attachments; to move a name, create the new zone or record first and switch networks over in a window.",
  checkStack: (ctx) => {
    const byCause = new Map<string, { hit: StackHit; names: string[] }>();
    for (const { lost, causes } of lostNames(ctx)) {
      for (const change of causes) {
        const key = `${change.address}\u0000${change.deposed ?? ""}\u0000${lost.network}`;
        // Stryker disable next-line StringLiteral: the detail is overwritten two lines below before it is read
        const entry = byCause.get(key) ?? { hit: { change, detail: "" }, names: [] };
        entry.names.push(`${lost.name} (${lost.after})`);
        entry.hit.detail = `in ${lost.network}: `;
        byCause.set(key, entry);
      }
    }
    return [...byCause.values()].map((e) => ({ ...e.hit, detail: `${e.hit.detail}${e.names.join("; ")}` }));
  },
};
