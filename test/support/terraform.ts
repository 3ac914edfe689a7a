import { execFile, execFileSync, spawnSync } from "node:child_process";
import { promisify } from "node:util";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { describeUnless } from "./real-tools";
import { TEST_SECRETS } from "./test-secrets";

/**
 * Helpers to run the real terraform CLI offline against synthesized stacks.
 * Provider binaries come from the machine's filesystem mirror; nothing is downloaded.
 */

const MIRROR_CANDIDATES = ["/opt/tf-plugins", "/usr/share/terraform/plugins", path.join(os.homedir(), ".terraform.d/plugins")];

let cachedMirror: string | null | undefined;

/** The folder that contains `registry.terraform.io` with the AWS provider, or null when none is installed. */
export function findProviderMirror(): string | null {
  if (cachedMirror !== undefined) return cachedMirror;
  const fromEnv = process.env.AURA_TF_PROVIDER_MIRROR;
  const hasAws = (root: string) => fs.existsSync(path.join(root, "registry.terraform.io", "hashicorp", "aws"));
  if (fromEnv && hasAws(fromEnv)) return (cachedMirror = fromEnv);
  for (const candidate of MIRROR_CANDIDATES) if (hasAws(candidate)) return (cachedMirror = candidate);
  // Last resort: the same search DESIGN.md describes, limited to one filesystem.
  const found = spawnSync("sh", ["-c", "find / -xdev -path /proc -prune -o -name 'terraform-provider-aws_*' -print 2>/dev/null | head -1"], {
    encoding: "utf8",
    timeout: 60_000,
  }).stdout.trim();
  if (found) {
    const marker = `${path.sep}registry.terraform.io${path.sep}`;
    const idx = found.indexOf(marker);
    if (idx > 0) return (cachedMirror = found.slice(0, idx));
  }
  return (cachedMirror = null);
}

export function terraformVersion(): string | null {
  const r = spawnSync("terraform", ["version", "-json"], { encoding: "utf8" });
  if (r.status !== 0) return null;
  try {
    return JSON.parse(r.stdout).terraform_version as string;
  } catch {
    return null;
  }
}

/** Why terraform tests cannot run here, or null when they can. `needsAws` also requires the provider mirror. */
export function terraformUnavailableReason(needsAws = true): string | null {
  if (!terraformVersion()) return "terraform is not on PATH";
  if (needsAws && !findProviderMirror()) return "no filesystem mirror with registry.terraform.io/hashicorp/aws was found (set AURA_TF_PROVIDER_MIRROR)";
  return null;
}

/**
 * Registers a describe block that runs only when terraform can run here; otherwise the runner reports it
 * skipped, the reason in the test's name.
 */
export function describeWithTerraform(name: string, fn: () => void, needsAws = true): void {
  describeUnless(terraformUnavailableReason(needsAws), name, fn);
}

export interface TerraformRun {
  dir: string;
  env: NodeJS.ProcessEnv;
}

/** Writes a CLI config that installs providers only from the mirror, and returns an env that uses it. */
export function offlineEnv(workRoot: string): NodeJS.ProcessEnv {
  const mirror = findProviderMirror();
  const cliConfig = path.join(workRoot, "terraform-cli.tfrc");
  const body = mirror
    ? `provider_installation {\n  filesystem_mirror {\n    path    = ${JSON.stringify(mirror)}\n    include = ["registry.terraform.io/*/*"]\n  }\n  direct { exclude = ["registry.terraform.io/*/*"] }\n}\n`
    : `provider_installation {\n  direct { exclude = ["registry.terraform.io/*/*"] }\n}\n`;
  fs.writeFileSync(cliConfig, body);
  return {
    ...process.env,
    TF_CLI_CONFIG_FILE: cliConfig,
    TF_IN_AUTOMATION: "1",
    TF_INPUT: "0",
    CHECKPOINT_DISABLE: "1",
    AWS_ACCESS_KEY_ID: "AKIAFAKEFAKEFAKEFAKE",
    AWS_SECRET_ACCESS_KEY: TEST_SECRETS.offlineAwsSecretKey,
    AWS_EC2_METADATA_DISABLED: "true",
  };
}

/**
 * Copies a synthesized stack folder (cdktf.out/stacks/<name>) to a temp dir so that terraform's
 * working files never land in the source tree.
 */
export function stageStack(stackDir: string, workRoot?: string): TerraformRun {
  const root = workRoot ?? fs.mkdtempSync(path.join(os.tmpdir(), "aura-tf-"));
  const dir = path.join(root, path.basename(stackDir));
  fs.cpSync(stackDir, dir, { recursive: true });
  keepLocalStateIn(dir);
  return { dir, env: offlineEnv(root) };
}

/**
 * The app's local backend points from the stack folder to the project root; a staged copy elsewhere
 * must keep its state beside it instead, so no test ever writes state outside its temp dir.
 */
export function keepLocalStateIn(stackDir: string): void {
  const file = path.join(stackDir, "cdk.tf.json");
  const json = JSON.parse(fs.readFileSync(file, "utf8")) as { terraform?: { backend?: { local?: { path?: string } } } };
  const local = json.terraform?.backend?.local;
  if (!local) return;
  local.path = `terraform.${path.basename(stackDir)}.tfstate`;
  fs.writeFileSync(file, JSON.stringify(json, null, 2));
}

export function terraform(run: TerraformRun, args: string[], timeoutMs = 240_000): string {
  try {
    return execFileSync("terraform", [...args, "-no-color"], {
      cwd: run.dir,
      env: run.env,
      encoding: "utf8",
      timeout: timeoutMs,
      maxBuffer: 256 * 1024 * 1024,
      stdio: ["ignore", "pipe", "pipe"],
    });
  } catch (err) {
    const e = err as { stdout?: string; stderr?: string; message: string };
    throw new Error(`terraform ${args.join(" ")} failed in ${run.dir}:\n${e.stderr ?? ""}\n${e.stdout ?? ""}\n${e.message}`);
  }
}

/** Runs terraform and returns exit status with output, for tests that expect a failure. */
export function terraformResult(run: TerraformRun, args: string[], timeoutMs = 240_000): { status: number; output: string } {
  const r = spawnSync("terraform", [...args, "-no-color"], { cwd: run.dir, env: run.env, encoding: "utf8", timeout: timeoutMs, maxBuffer: 256 * 1024 * 1024 });
  return { status: r.status ?? -1, output: `${r.stdout ?? ""}${r.stderr ?? ""}` };
}

/**
 * Runs terraform without blocking this process (a test server in this process must keep answering while
 * terraform's provisioners or providers talk to it); never throws.
 */
export async function terraformAsync(run: TerraformRun, args: string[], timeoutMs = 300_000): Promise<{ ok: boolean; code: number; output: string }> {
  try {
    const r = await promisify(execFile)("terraform", [...args, "-no-color"], { cwd: run.dir, env: run.env, encoding: "utf8", timeout: timeoutMs, maxBuffer: 64 * 1024 * 1024 });
    return { ok: true, code: 0, output: r.stdout + r.stderr };
  } catch (e) {
    const x = e as { code?: unknown; stdout?: string; stderr?: string; message?: string };
    return { ok: false, code: typeof x.code === "number" ? x.code : 1, output: `${x.stdout ?? ""}${x.stderr ?? ""}${x.stdout || x.stderr ? "" : (x.message ?? "")}` };
  }
}

/** terraformAsync that throws with the output when terraform fails. */
export async function terraformAsyncOk(run: TerraformRun, args: string[]): Promise<string> {
  const r = await terraformAsync(run, args);
  if (!r.ok) throw new Error(`terraform ${args.join(" ")} failed:\n${r.output}`);
  return r.output;
}

export interface PlannedResource {
  address: string;
  type: string;
  name: string;
  values: Record<string, unknown>;
}

export interface PlanJson {
  planned_values?: { root_module?: { resources?: PlannedResource[] } };
  resource_changes?: Array<{ address: string; type: string; change: { actions: string[]; after: Record<string, unknown> } }>;
  output_changes?: Record<string, { after: unknown; after_unknown?: unknown; after_sensitive?: unknown }>;
  configuration?: unknown;
}

/** init, validate and plan, then returns the plan as `terraform show -json` prints it. */
export function initValidatePlan(run: TerraformRun): PlanJson {
  terraform(run, ["init", "-input=false"]);
  terraform(run, ["validate"]);
  terraform(run, ["plan", "-input=false", "-lock=false", "-refresh=false", "-out=plan.bin"]);
  return JSON.parse(terraform(run, ["show", "-json", "plan.bin"])) as PlanJson;
}

export function plannedResources(plan: PlanJson): PlannedResource[] {
  return plan.planned_values?.root_module?.resources ?? [];
}

/**
 * An offline plan needs the AWS provider to skip every call it makes on configure. These flags are
 * right for tests only, so they are added to the staged copy, never to what the app synthesizes.
 * Offline the provider cannot learn its account, and with `allowed_account_ids` it then refuses to plan
 * ("AWS account ID not allowed: " with an empty id), and a role to assume needs STS: the copy drops both, so
 * an offline plan says nothing about the account. test/stacks/account-pin-plan.test.ts checks the pin and
 * the role against a fake STS instead.
 */
export function withOfflineAwsProviders(stackDir: string): void {
  const file = path.join(stackDir, "cdk.tf.json");
  const json = JSON.parse(fs.readFileSync(file, "utf8")) as { provider?: { aws?: Array<Record<string, unknown>> } };
  for (const provider of json.provider?.aws ?? []) {
    Object.assign(provider, { skip_credentials_validation: true, skip_requesting_account_id: true, skip_metadata_api_check: true });
    delete provider.allowed_account_ids;
    delete provider.assume_role;
  }
  fs.writeFileSync(file, JSON.stringify(json, null, 2));
}
