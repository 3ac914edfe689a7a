import * as fs from "node:fs";
import * as path from "node:path";
import { exampleConfig } from "../../config/example";
import { clone, synthConfig } from "../support/synth";
import { describeWithTerraform, stageStack, terraform, terraformResult } from "../support/terraform";

/**
 * Every state backend the config offers, on an AWS stack (the only provider in the offline mirror): the real
 * terraform accepts the synthesized `terraform` block, backend or cloud block and required_version, with
 * `init -backend=false` and `validate`. Neither reads the backend's arguments, so a full `init` follows: it
 * checks every argument first and then stops where it reaches for the backend (nothing is reachable here).
 * That it checks them is shown by a misspelled argument, refused by the same init.
 */

const STACK = "aura-aws-us-east-1";
/** [name, backend config, the block synthesized, where a full init stops offline (null: it succeeds)] */
const BACKENDS: Array<[string, unknown, string, string | null]> = [
  ["local", { type: "local" }, "local", null],
  ["s3", { type: "s3", bucket: "acme-tf-state", region: "eu-west-1", kmsKeyId: "alias/tf-state", roleArn: "arn:aws:iam::111122223333:role/tf-state" }, "s3", "Error: Cannot assume IAM Role"],
  [
    "gcs",
    { type: "gcs", bucket: "acme-tf-state", kmsEncryptionKey: "projects/acme-graph-prod/locations/europe/keyRings/tf/cryptoKeys/state", impersonateServiceAccount: "state-writer@acme-graph-prod.iam.gserviceaccount.com" },
    "gcs",
    "google: could not find default credentials",
  ],
  [
    "azurerm",
    { type: "azurerm", storageAccountName: "acmetfstate", containerName: "tfstate", subscriptionId: "00000000-1111-2222-3333-444444444444", tenantId: "11111111-2222-3333-4444-555555555555" },
    "azurerm",
    "unable to build authorizer for Storage API",
  ],
  ["cloud by name", { type: "cloud", organization: "acme", project: "graph-network", workspaces: { namePrefix: "prod-" } }, "cloud", 'Failed to request discovery document: Get "https://app.terraform.io/.well-known/terraform.json"'],
  ["cloud by tags", { type: "cloud", organization: "acme", hostname: "tfe.acme.example", workspaces: { tags: ["aura", "env:prod"] } }, "cloud", 'Failed to request discovery document: Get "https://tfe.acme.example/.well-known/terraform.json"'],
];
const ARGUMENT_REFUSED = /No argument or block type is named|Unsupported argument|Extraneous JSON object property|Invalid value/;

function config(backend: unknown): any {
  const c = clone(exampleConfig) as any;
  c.regions = [c.regions[0]];
  delete c.neo4jAccess;
  c.backend = backend;
  return c;
}

jest.setTimeout(900_000);

describeWithTerraform("terraform init -backend=false and validate accept every backend", () => {
  // One staged folder: the provider is installed once; each backend replaces cdk.tf.json and re-inits.
  const synths = BACKENDS.map(([, backend]) => synthConfig(config(backend)));
  const run = stageStack(synths[0]!.stackDir(STACK));
  afterAll(() => {
    fs.rmSync(path.dirname(run.dir), { recursive: true, force: true });
    for (const s of synths) fs.rmSync(s.outdir, { recursive: true, force: true });
  });

  test.each(BACKENDS.map((row, i) => [...row, i] as const))("%s", (_name, _backend, block, reach, i) => {
    const json = synths[i]!.json(STACK);
    expect(block === "cloud" ? Object.keys(json.terraform.cloud) : Object.keys(json.terraform.backend)).toEqual(block === "cloud" ? expect.arrayContaining(["organization", "workspaces"]) : [block]);
    // The state's own key and the role reach the block terraform reads (the full init below then assumes the role).
    if (block === "s3") {
      expect(json.terraform.backend.s3).toEqual({
        bucket: "acme-tf-state",
        key: `aura-secure/${STACK}.tfstate`,
        region: "eu-west-1",
        encrypt: true,
        kms_key_id: "alias/tf-state",
        assume_role: { role_arn: "arn:aws:iam::111122223333:role/tf-state" },
        use_lockfile: true,
      });
    }
    fs.writeFileSync(path.join(run.dir, "cdk.tf.json"), JSON.stringify(json, null, 2));
    terraform(run, ["init", "-input=false", "-backend=false"]);
    expect(terraform(run, ["validate"])).toContain("Success! The configuration is valid.");
    // The full init: every argument accepted, then the backend is out of reach. (A fresh start: the backend
    // the previous row initialized is forgotten; -reconfigure does that for backends but not for cloud.)
    fs.rmSync(path.join(run.dir, ".terraform", "terraform.tfstate"), { force: true });
    const full = terraformResult(run, ["init", "-input=false"], 120_000);
    if (reach === null) {
      expect(full.status).toBe(0);
    } else {
      expect(full.status).toBe(1);
      expect(full.output.replace(/\s+/g, " ")).toContain(reach);
      expect(full.output).not.toMatch(ARGUMENT_REFUSED);
    }
  });

  test("control: the full init refuses an argument the backend does not have", () => {
    const json = synths[2]!.json(STACK);
    json.terraform.backend.gcs.bukket = "acme-tf-state";
    fs.writeFileSync(path.join(run.dir, "cdk.tf.json"), JSON.stringify(json, null, 2));
    fs.rmSync(path.join(run.dir, ".terraform", "terraform.tfstate"), { force: true });
    const full = terraformResult(run, ["init", "-input=false"], 120_000);
    expect(full.status).toBe(1);
    expect(full.output).toContain('No argument or block type is named "bukket"');
  });

  test("a Terraform older than the stacks need is named by the constraint (checked with a constraint this Terraform misses)", () => {
    // Terraform 1.11 is the oldest here, so the message is shown with a constraint above it; the stacks
    // carry ">= 1.10.0", which every Terraform older than 1.10 fails in the same way.
    const json = synths[0]!.json(STACK);
    expect(json.terraform.required_version).toBe(">= 1.10.0");
    json.terraform.required_version = ">= 99.0.0";
    fs.writeFileSync(path.join(run.dir, "cdk.tf.json"), JSON.stringify(json, null, 2));
    const r = terraformResult(run, ["init", "-input=false", "-backend=false"]);
    expect(r.status).toBe(1);
    expect(r.output.replace(/\s+/g, " ")).toContain("Unsupported Terraform Core version");
    expect(r.output).toContain(">= 99.0.0");
  });
});
