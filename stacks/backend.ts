import { LocalBackend, S3Backend, TerraformStack } from "cdktf";
import type { BackendConfig } from "../config/backend";

export type { BackendConfig } from "../config/backend";

/** The state key of a stack: one object per stack under the configured prefix. */
export function stateKey(keyPrefix: string, stackName: string): string {
  return `${keyPrefix}/${stackName}.tfstate`;
}

/**
 * Local state by default (terraform.<stack>.tfstate in the stack folder, cdktf.out/stacks/<stack>/, where
 * terraform runs: fine for a trial, lost with cdktf.out); S3 with native lock files
 * (`use_lockfile`, Terraform 1.10+) so pipelines need no DynamoDB table.
 */
export function applyBackend(stack: TerraformStack, stackName: string, backend: BackendConfig = { type: "local" }): void {
  if (backend.type === "local") {
    new LocalBackend(stack, { path: `terraform.${stackName}.tfstate` });
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
