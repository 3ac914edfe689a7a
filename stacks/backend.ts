import * as path from "node:path";
import { App, AzurermBackend, CloudBackend, GcsBackend, LocalBackend, NamedCloudWorkspace, S3Backend, TaggedCloudWorkspaces, TerraformStack } from "cdktf";
import type { BackendConfig } from "../config/backend";
import { ConfigError } from "../domain/errors";
import { REQUIRED_TERRAFORM_VERSION, cloudWorkspaceName, cloudWorkspaceTags } from "../domain/state-backends";

export type { BackendConfig } from "../config/backend";
export { REQUIRED_TERRAFORM_VERSION } from "../domain/state-backends";

/** The state key of a stack: one object per stack under the configured prefix. */
export function stateKey(keyPrefix: string, stackName: string): string {
  return `${keyPrefix}/${stackName}.tfstate`;
}

/**
 * Where terraform, running in `<outdir>/stacks/<stack>/`, finds the local state: `terraform.<stack>.tfstate`
 * in stateDir, written relative to the stack folder so that the path is the same on every machine
 * (`../../../terraform.<stack>.tfstate` by default). Pure.
 */
export function localStatePath(outdir: string, stackName: string, stateDir: string, cwd: string): string {
  const stackDir = path.resolve(cwd, outdir, "stacks", stackName);
  return path.relative(stackDir, path.resolve(cwd, stateDir, `terraform.${stackName}.tfstate`)).split(path.sep).join("/");
}

/**
 * The stack's state backend, each locking the way that backend does (local lock file, S3 lock object with
 * `use_lockfile`, GCS lock object, Azure blob lease, HCP Terraform workspace lock), and the Terraform version
 * the stacks need, so an older Terraform stops at init with a clear message instead of failing mid-apply.
 * Local state by default, outside cdktf.out (cdktf-cli deletes that folder on synth, state included).
 */
export function applyBackend(stack: TerraformStack, stackName: string, backend: BackendConfig = { type: "local", stateDir: "." }): void {
  stack.addOverride("terraform.required_version", REQUIRED_TERRAFORM_VERSION);
  switch (backend.type) {
    case "local":
      new LocalBackend(stack, { path: localStatePath(App.of(stack).outdir, stackName, backend.stateDir, process.cwd()) });
      return;
    case "s3": {
      const s3 = new S3Backend(stack, {
        bucket: backend.bucket,
        key: stateKey(backend.keyPrefix, stackName),
        region: backend.region,
        encrypt: true,
        kmsKeyId: backend.kmsKeyId,
        ...(backend.roleArn ? { assumeRole: { roleArn: backend.roleArn } } : {}),
      });
      // cdktf 0.21's S3Backend predates use_lockfile.
      s3.addOverride("use_lockfile", true);
      return;
    }
    case "gcs":
      // The GCS backend stores <prefix>/<workspace>.tfstate and locks with <prefix>/<workspace>.tflock.
      new GcsBackend(stack, {
        bucket: backend.bucket,
        prefix: `${backend.prefix}/${stackName}`,
        kmsEncryptionKey: backend.kmsEncryptionKey,
        impersonateServiceAccount: backend.impersonateServiceAccount,
      });
      return;
    case "azurerm":
      new AzurermBackend(stack, {
        storageAccountName: backend.storageAccountName,
        containerName: backend.containerName,
        key: stateKey(backend.keyPrefix, stackName),
        resourceGroupName: backend.resourceGroupName,
        subscriptionId: backend.subscriptionId,
        tenantId: backend.tenantId,
        useAzureadAuth: backend.useAzureadAuth,
      });
      return;
    case "cloud": {
      let workspaces: NamedCloudWorkspace | TaggedCloudWorkspaces;
      if (backend.workspaces.namePrefix !== undefined) {
        const named = cloudWorkspaceName(backend.workspaces.namePrefix, stackName);
        if ("problem" in named) throw new ConfigError([`backend.workspaces.namePrefix: ${named.problem}`], "config");
        workspaces = new NamedCloudWorkspace(named.name, backend.project);
      } else {
        workspaces = new TaggedCloudWorkspaces(cloudWorkspaceTags(backend.workspaces.tags ?? [], stackName), backend.project);
      }
      new CloudBackend(stack, { organization: backend.organization, hostname: backend.hostname, workspaces });
      return;
    }
  }
}
