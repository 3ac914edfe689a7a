import { TerraformElement, TerraformStack } from "cdktf";
import { Construct, Node } from "constructs";
import { UserError } from "../domain/errors";

/**
 * The readable Terraform name of an element: its construct path below the stack joined with "_",
 * e.g. `aura_endpoint` or `dns_records_orch-0000`, instead of cdktf's default name plus hash
 * (`aura_endpoint_70425874`). Pure over the construct tree.
 */
export function readableLogicalId(stack: TerraformStack, tfElement: TerraformElement | Node): string {
  const node = tfElement instanceof Node ? tfElement : tfElement.node;
  const parts = node.scopes.slice(stack.node.scopes.length).map((c) => c.node.id);
  return parts
    .join("_")
    .replace(/[^A-Za-z0-9_-]/g, "_")
    .replace(/^([^A-Za-z_])/, "_$1");
}

type Allocator = (tfElement: TerraformElement | Node) => string;

/** Readable ids with a collision check: two paths that flatten to one name would silently merge resources. */
function readableAllocator(stack: TerraformStack): Allocator {
  const allocated = new Map<string, string>();
  return (tfElement) => {
    const node = tfElement instanceof Node ? tfElement : tfElement.node;
    const id = readableLogicalId(stack, tfElement);
    const owner = allocated.get(id);
    if (owner !== undefined && owner !== node.path) {
      throw new UserError(`Terraform address collision: ${node.path} and ${owner} both map to "${id}"; give one of the constructs another id`);
    }
    allocated.set(id, node.path);
    return id;
  };
}

/**
 * A stack whose Terraform addresses are readable and stable: the construct path joined with "_",
 * e.g. `aws_route53_record.dns_records_orch-0000["*"]`, instead of cdktf's default name plus hash.
 * Construct ids are fixed strings or config keys, so renaming a TypeScript variable never moves a resource.
 * Use it as the base of your own stacks (`class MyStack extends AuraStack`), or call
 * useReadableAddresses(stack) on a plain TerraformStack.
 */
export class AuraStack extends TerraformStack {
  private readonly allocate = readableAllocator(this);

  constructor(scope: Construct, id: string) {
    super(scope, id);
  }

  protected allocateLogicalId(tfElement: TerraformElement | Node): string {
    return this.allocate(tfElement);
  }
}

/**
 * Gives a plain TerraformStack (one you cannot make extend AuraStack) the same readable addresses. Call it
 * right after creating the stack: cdktf names an element when it is first referenced or synthesized,
 * so elements named before the call keep their hashed names. Returns the stack.
 */
export function useReadableAddresses<T extends TerraformStack>(stack: T): T {
  // allocateLogicalId is protected API meant to be overridden; an own property overrides it for this instance.
  (stack as unknown as { allocateLogicalId: Allocator }).allocateLogicalId = readableAllocator(stack);
  return stack;
}
