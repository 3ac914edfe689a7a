import { auraPorts, type AuraProduct } from "../aura/names";

/** Pure: the security-group ingress rules of an Aura endpoint, one per port and source, each described. */

export interface IngressSource {
  cidr?: string;
  securityGroupId?: string;
  description: string;
}

export interface IngressRule {
  /** Stable construct id: port name plus source, so adding a source never renames another rule. */
  id: string;
  port: number;
  cidr?: string;
  securityGroupId?: string;
  description: string;
}

export interface IngressInput {
  product: AuraProduct;
  allowedCidrs: ReadonlyArray<{ cidr: string; description: string }>;
  allowedSecurityGroups: ReadonlyArray<{ id: string; description: string }>;
  allowAnyIpv4Source?: boolean;
}

const MAX_DESCRIPTION = 255;

function sourceKey(s: IngressSource): string {
  // Stryker disable next-line StringLiteral: every source has a cidr or a security group id (both lists are typed so); "" is never reached
  return (s.cidr ?? s.securityGroupId ?? "").replace(/[./]/g, "-");
}

export function endpointIngressRules(input: IngressInput): IngressRule[] {
  const sources: IngressSource[] = [
    ...input.allowedCidrs.map((c) => ({ cidr: c.cidr, description: c.description })),
    ...input.allowedSecurityGroups.map((g) => ({ securityGroupId: g.id, description: g.description })),
  ];
  if (input.allowAnyIpv4Source && !sources.some((s) => s.cidr === "0.0.0.0/0")) {
    sources.push({ cidr: "0.0.0.0/0", description: "any IPv4 address (allowAnyIpv4Source: true in the config)" });
  }
  const rules: IngressRule[] = [];
  for (const port of auraPorts(input.product)) {
    for (const source of sources) {
      rules.push({
        id: `ingress_${port.name}_${sourceKey(source)}`,
        port: port.port,
        cidr: source.cidr,
        securityGroupId: source.securityGroupId,
        description: `${port.description} from ${source.description}`.slice(0, MAX_DESCRIPTION),
      });
    }
  }
  return rules;
}
