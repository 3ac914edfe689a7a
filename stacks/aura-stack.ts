import { TerraformElement, TerraformStack } from "cdktf";
import { Construct, Node } from "constructs";

/**
 * A stack whose Terraform addresses are readable and stable: the construct path joined with "_",
 * e.g. `aws_route53_record.dns_records_orch-0000["*"]`, instead of cdktf's default name plus hash.
 * Construct ids are fixed strings or config keys, so renaming a TypeScript variable never moves a resource.
 */
export class AuraStack extends TerraformStack {
  private readonly allocated = new Map<string, string>();

  constructor(scope: Construct, id: string) {
    super(scope, id);
  }

  protected allocateLogicalId(tfElement: TerraformElement | Node): string {
    const node = tfElement instanceof Node ? tfElement : tfElement.node;
    const stackDepth = this.node.scopes.length;
    const parts = node.scopes.slice(stackDepth).map((c) => c.node.id);
    const id = parts
      .join("_")
      .replace(/[^A-Za-z0-9_-]/g, "_")
      .replace(/^([^A-Za-z_])/, "_$1");
    const owner = this.allocated.get(id);
    if (owner !== undefined && owner !== node.path) {
      // Two paths that flatten to one name would silently merge resources: fail the synth instead.
      throw new Error(`Terraform address collision: ${node.path} and ${owner} both map to "${id}"`);
    }
    this.allocated.set(id, node.path);
    return id;
  }
}
