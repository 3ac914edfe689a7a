import * as path from "node:path";
import { App, LocalBackend, S3Backend, TerraformStack } from "cdktf";
import type { BackendConfig } from "../config/backend";

export type { BackendConfig } from "../config/backend";

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
 * Local state by default, outside cdktf.out (cdktf-cli deletes that folder on synth, state included);
 * S3 with native lock files (`use_lockfile`, Terraform 1.10+) so pipelines need no DynamoDB table.
 */
export function applyBackend(stack: TerraformStack, stackName: string, backend: BackendConfig = { type: "local", stateDir: "." }): void {
  if (backend.type === "local") {
    new LocalBackend(stack, { path: localStatePath(App.of(stack).outdir, stackName, backend.stateDir, process.cwd()) });
    return;
  }
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
}
