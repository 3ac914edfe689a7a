import { execFileSync } from "node:child_process";
import { anyToHclTerraform, anyToTerraform, hashMapper, hashMapperHcl, TerraformResource, type TerraformMetaArguments } from "cdktf";
import type { Construct, IValidation } from "constructs";

/**
 * Terraform's built-in `terraform_data` resource, as cdktf's DataResource writes it (the same JSON), with
 * one difference: cdktf's DataResource spawns `terraform version` for every instance, at every synth, to
 * check Terraform >= 1.4; this one asks once per process and shares the answer, so an app with several
 * runners pays one spawn, and the check itself (like every other validation) still runs.
 */

/** `terraform version` output per binary, read once per process. */
const versionOutput = new Map<string, { text: string } | { error: string }>();

const SEMVER = /(\d+)\.(\d+)\.(\d+)/;

/** Terraform >= 1.4 (terraform_data), the binary named as cdktf names it (TERRAFORM_BINARY_NAME). */
export class TerraformDataVersionCheck implements IValidation {
  validate(): string[] {
    const binary = process.env.TERRAFORM_BINARY_NAME || "terraform";
    if (!versionOutput.has(binary)) {
      try {
        versionOutput.set(binary, { text: execFileSync(binary, ["version"], { stdio: "pipe", encoding: "utf8" }) });
      } catch (error) {
        versionOutput.set(binary, { error: String(error) });
      }
    }
    const out = versionOutput.get(binary)!;
    if ("error" in out) return [`Could not determine version of ${binary}, ${binary} version failed: ${out.error}`];
    const m = SEMVER.exec(out.text);
    if (!m) return [`Could not determine version of ${binary} (running ${binary} version)`];
    const [major, minor] = [Number(m[1]), Number(m[2])];
    if (major > 1 || (major === 1 && minor >= 4)) return [];
    return [`${binary} version ${m[0]} is lower than the required version >=1.4 for this construct. The built-in Terraform data resource is only supported for Terraform >=1.4. Please upgrade your Terraform version.`];
  }
}

export interface TerraformDataConfig extends TerraformMetaArguments {
  /** Stored in state and shown in the plan; its change updates the resource in place. */
  readonly input?: Record<string, unknown>;
  /** A change replaces the resource (and runs its create-time provisioners again). */
  readonly triggersReplace?: Record<string, unknown>;
}

export class TerraformData extends TerraformResource {
  static readonly tfResourceType = "terraform_data";
  private readonly inputValue?: Record<string, unknown>;
  private readonly triggersReplaceValue?: Record<string, unknown>;

  constructor(scope: Construct, id: string, config: TerraformDataConfig = {}) {
    super(scope, id, {
      terraformResourceType: "terraform_data",
      terraformGeneratorMetadata: { providerName: "terraform" },
      provider: config.provider,
      dependsOn: config.dependsOn,
      count: config.count,
      lifecycle: config.lifecycle,
      provisioners: config.provisioners,
      connection: config.connection,
      forEach: config.forEach,
    });
    this.inputValue = config.input;
    this.triggersReplaceValue = config.triggersReplace;
    this.node.addValidation(new TerraformDataVersionCheck());
  }

  get id(): string {
    return this.getStringAttribute("id");
  }

  protected synthesizeAttributes(): { [name: string]: unknown } {
    return {
      input: hashMapper(anyToTerraform)(this.inputValue),
      triggers_replace: hashMapper(anyToTerraform)(this.triggersReplaceValue),
    };
  }

  protected synthesizeHclAttributes(): { [name: string]: unknown } {
    return {
      input: hashMapperHcl(anyToHclTerraform)(this.inputValue),
      triggers_replace: hashMapperHcl(anyToHclTerraform)(this.triggersReplaceValue),
    };
  }
}
