import type { IngressRuleModel } from "../model/stacks";

/**
 * The security group in front of an endpoint, as an nftables ruleset for the endpoint host's input hook.
 * A security group allows only what its rules allow and is stateful: replies to allowed traffic pass, and
 * everything else is dropped silently (no reset), so a blocked client sees a connect timeout
 * (docs/vendor-facts.md, "Network twin"). Pure: the twin loads the text with `nft -f`.
 */

export const TWIN_TABLE = "aura_twin";

export interface RulesetInput {
  /** The endpoint's security group rules, or null when the stack puts no filter in front of it (GCP, Azure). */
  rules: readonly IngressRuleModel[] | null;
  /** Addresses of the twin's hosts in each referenced security group. */
  members: Readonly<Record<string, readonly string[]>>;
  /** The endpoint's own security groups (a rule referencing one of them admits the endpoint's addresses). */
  ownGroups?: readonly string[];
  ownAddresses?: readonly string[];
}

const quote = (text: string) => text.replace(/[^A-Za-z0-9 ._:/()#,@+=&;{}!$*-]/g, "?");

function match(rule: IngressRuleModel, source: string): string {
  const ports = rule.fromPort === rule.toPort ? `${rule.fromPort}` : `${rule.fromPort}-${rule.toPort}`;
  if (rule.protocol === "all") return `${source} accept`;
  return `${source} ${rule.protocol} dport ${ports} accept`;
}

/** One nft rule per security group rule (a comment line when it admits no twin host). Pure. */
export function ruleLines(input: RulesetInput): string[] {
  const lines: string[] = [];
  for (const rule of input.rules ?? []) {
    lines.push(`# ${quote(`${rule.stack} ${rule.resource}: ${rule.description}`)}`);
    const s = rule.source;
    if ("cidr" in s) lines.push(match(rule, `ip saddr ${s.cidr}`));
    else if ("cidr6" in s) lines.push(match(rule, `ip6 saddr ${s.cidr6}`));
    else {
      const own = input.ownGroups?.includes(s.securityGroup) ? (input.ownAddresses ?? []) : [];
      const members = [...new Set([...(input.members[s.securityGroup] ?? []), ...own])];
      if (members.length) lines.push(match(rule, `ip saddr { ${members.join(", ")} }`));
      else lines.push(`# no twin host is in ${quote(s.securityGroup)}: this rule admits nobody here`);
    }
  }
  return lines;
}

/** The whole ruleset, replacing any earlier one atomically (nft -f applies a file as one transaction). Pure. */
export function endpointRuleset(input: RulesetInput): string {
  const filtered = input.rules !== null;
  const body = filtered
    ? ["    iifname \"lo\" accept", "    ct state established,related accept", ...ruleLines(input).map((l) => `    ${l}`)]
    : ["    # no security group in front of this endpoint in the synthesized stack: everything that reaches it is accepted"];
  return [
    `table inet ${TWIN_TABLE} {}`,
    `delete table inet ${TWIN_TABLE}`,
    `table inet ${TWIN_TABLE} {`,
    "  chain ingress {",
    `    type filter hook input priority filter; policy ${filtered ? "drop" : "accept"};`,
    ...body,
    "  }",
    "}",
    "",
  ].join("\n");
}
