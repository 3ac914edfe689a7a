import { execFileSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { anyToHclTerraform, anyToTerraform, hashMapper, hashMapperHcl, TerraformResource, type TerraformMetaArguments } from "cdktf";
import type { Construct, IValidation } from "constructs";

/**
 * Terraform's built-in `terraform_data` resource, as cdktf's DataResource writes it (the same JSON), with
 * one difference: cdktf's DataResource spawns `terraform version` for every instance, at every synth, to
 * check Terraform >= 1.4; this one asks once per process and shares the answer, and remembers it between
 * synths for as long as the binary on PATH is the same file (path, size, modification time), so a synth
 * spawns nothing once the version is known. The check itself (like every other validation) still runs.
 */

/** `terraform version` output per binary, read once per process. */
const versionOutput = new Map<string, { text: string } | { error: string }>();

/** The executable `binary` resolves to on PATH, as the shell would find it, or null. */
function onPath(binary: string): string | null {
  if (binary.includes("/")) return fs.existsSync(binary) ? path.resolve(binary) : null;
  for (const dir of (process.env.PATH ?? "").split(path.delimiter).filter(Boolean)) {
    const candidate = path.join(dir, binary);
    try {
      fs.accessSync(candidate, fs.constants.X_OK);
      if (fs.statSync(candidate).isFile()) return candidate;
    } catch {
      // not here
    }
  }
  return null;
}

/**
 * `terraform version` of the binary, from a per-user cache file keyed by the binary's real path, size and
 * modification time (a new Terraform is a new file), else by running it. A cache file not owned by this
 * user is ignored: it could only skip a version check, but it is not ours to trust.
 */
function versionText(binary: string): string {
  const found = onPath(binary);
  if (!found) return execFileSync(binary, ["version"], { stdio: "pipe", encoding: "utf8" });
  const real = fs.realpathSync(found);
  const st = fs.statSync(real);
  const key = `${real}\0${st.size}\0${st.mtimeMs}`;
  const cacheFile = path.join(os.tmpdir(), `cdktf-aura-secure-terraform-version-${process.getuid?.() ?? "user"}.json`);
  try {
    const cached = fs.statSync(cacheFile);
    if (process.getuid === undefined || cached.uid === process.getuid()) {
      const entry = JSON.parse(fs.readFileSync(cacheFile, "utf8")) as { key?: string; text?: string };
      if (entry.key === key && typeof entry.text === "string") return entry.text;
    }
  } catch {
    // no cache yet, or unreadable: ask the binary
  }
  const text = execFileSync(real, ["version"], { stdio: "pipe", encoding: "utf8" });
  try {
    fs.writeFileSync(cacheFile, JSON.stringify({ key, text }), { mode: 0o600 });
  } catch {
    // a read-only temp folder only costs the next synth a spawn
  }
  return text;
}

const SEMVER = /(\d+)\.(\d+)\.(\d+)/;

/** Terraform >= 1.4 (terraform_data), the binary named as cdktf names it (TERRAFORM_BINARY_NAME). */
export class TerraformDataVersionCheck implements IValidation {
  validate(): string[] {
    const binary = process.env.TERRAFORM_BINARY_NAME || "terraform";
    if (!versionOutput.has(binary)) {
      try {
        versionOutput.set(binary, { text: versionText(binary) });
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
