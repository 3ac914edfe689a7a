import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { exampleConfig } from "../../config/example";
import { clone, synthConfig } from "../support/synth";
import { describeWithTerraform, offlineEnv, terraform, type TerraformRun } from "../support/terraform";

/**
 * A Key Vault rotation adds a key version. The registration with Aura (a terraform_data runner) must then
 * neither be replaced (its destroy step would remove the registration, and Aura refuses that while instances
 * use the key) nor change what it registered. No azurerm provider is installed here, so the key's `id` and
 * `versionless_id` are locals built from a variable, the key version, as in the worst case of a provider
 * that moved `id` to the new version (azurerm 4.55.0 keeps it at the first one); the registration is the
 * synthesized resource, unchanged but for those two references and provisioners that only count runs.
 */

const STACK = "aura-azure-eastus";
const VAULT_KEY = "https://kv-acme-aura-eastus.vault.azure.net/keys/aura-cmk";

function registrationOf(form: "versioned" | "versionless"): Record<string, any> {
  const c = clone(exampleConfig) as any;
  c.regions = c.regions.filter((r: any) => r.cloud === "azure");
  delete c.neo4jAccess;
  Object.assign(c.regions[0].customerManagedKey, {
    auraKeyIdentifier: form,
    auraApi: { name: "acme-eastus", tenantId: "6f1e2d3c-4b5a-4968-8776-655443322110", credentials: { clientId: { env: "AURA_CLIENT_ID" }, clientSecret: { env: "AURA_CLIENT_SECRET" } } },
  });
  return synthConfig(c).json(STACK).resource.terraform_data.cmk_registration_register;
}

/** The synthesized registration wired to the stand-in key, its provisioners appending to runs.log. */
function stage(registration: Record<string, any>): TerraformRun {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), "aura-rotation-"));
  const dir = path.join(root, "stack");
  fs.mkdirSync(dir);
  const text = JSON.stringify(registration)
    .replaceAll("${azurerm_key_vault_key.cmk_key.versionless_id}", "${local.key_versionless_id}")
    .replaceAll("${azurerm_key_vault_key.cmk_key.id}", "${local.key_id}");
  const reg = JSON.parse(text) as Record<string, any>;
  delete reg.depends_on;
  delete reg["//"];
  reg.provisioner = [{ "local-exec": { command: "echo create >> runs.log" } }, { "local-exec": { when: "destroy", command: "echo destroy >> runs.log" } }];
  const config = {
    variable: { key_version: { type: "string" } },
    locals: { key_id: `${VAULT_KEY}/\${var.key_version}`, key_versionless_id: VAULT_KEY },
    resource: { terraform_data: { cmk_registration_register: reg } },
  };
  fs.writeFileSync(path.join(dir, "main.tf.json"), JSON.stringify(config, null, 2));
  return { dir, env: offlineEnv(root) };
}

function planOf(run: TerraformRun, version: string): Record<string, string[]> {
  terraform(run, ["plan", "-input=false", "-lock=false", `-var=key_version=${version}`, "-out=plan.bin"]);
  const plan = JSON.parse(terraform(run, ["show", "-json", "plan.bin"])) as { resource_changes: Array<{ address: string; change: { actions: string[] } }> };
  return Object.fromEntries(plan.resource_changes.map((rc) => [rc.address, rc.change.actions]));
}

const runs = (run: TerraformRun) => fs.readFileSync(path.join(run.dir, "runs.log"), "utf8").trim().split("\n");

describeWithTerraform(
  "Azure key rotation and the Aura registration (real terraform, terraform_data only)",
  () => {
    test.each(["versioned", "versionless"] as const)("%s: a new key version changes nothing in the registration; it registered once", (form) => {
      const run = stage(registrationOf(form));
      terraform(run, ["init", "-input=false"]);
      terraform(run, ["apply", "-input=false", "-lock=false", "-auto-approve", "-var=key_version=v1"]);
      const registered = JSON.parse(terraform(run, ["show", "-json"])).values.root_module.resources.find((r: any) => r.address === "terraform_data.cmk_registration_register").values.input.spec.request.key_id;
      expect(registered).toBe(form === "versioned" ? `${VAULT_KEY}/v1` : VAULT_KEY);

      // Key Vault rotated: the key now has version v2.
      expect(planOf(run, "v2")).toEqual({ "terraform_data.cmk_registration_register": ["no-op"] });
      terraform(run, ["apply", "-input=false", "-lock=false", "-auto-approve", "-var=key_version=v2"]);
      const after = JSON.parse(terraform(run, ["show", "-json"])).values.root_module.resources.find((r: any) => r.address === "terraform_data.cmk_registration_register").values.input.spec.request.key_id;
      expect(after).toBe(registered);
      expect(runs(run)).toEqual(["create"]);
    });

    test("the control: a registration keyed by the versioned id would be replaced by the rotation (deregistered, then registered again)", () => {
      const reg = registrationOf("versioned");
      reg.triggers_replace.key_id = "${azurerm_key_vault_key.cmk_key.id}";
      delete reg.lifecycle;
      const run = stage(reg);
      terraform(run, ["init", "-input=false"]);
      terraform(run, ["apply", "-input=false", "-lock=false", "-auto-approve", "-var=key_version=v1"]);
      expect(planOf(run, "v2")["terraform_data.cmk_registration_register"]).toEqual(["delete", "create"]);
    });
  },
  false,
);
