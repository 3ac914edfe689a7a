import type { AuraSecureConfig } from "../config/schema";
import { UserError } from "../domain/errors";

/**
 * `npm run synth -- --offline-preview`: stacks that `terraform plan` without cloud credentials or access
 * to the state, for a pull-request check on a runner with no cloud access. Every resource then plans as
 * a create: it previews the shape of the change, not the diff against what is deployed. Pure functions:
 * one over the config (what would read the cloud at plan time is turned off), one over each synthesized
 * stack's JSON (no backend, fixed fake AWS credentials, no role to assume).
 */

export const OFFLINE_PREVIEW_OUTDIR = "cdktf.preview";

/** Fake keys written into the preview's AWS providers: a preview stack can plan, and can never apply. */
export const PREVIEW_AWS_KEY = "offline-preview-only";

/**
 * The config without the plan-time reads that need credentials: the VPC DNS check (`data "aws_vpc"`) is
 * turned off. Subnets given by id (`network.subnetIds`) are looked up at plan time for their AZ, so such a
 * region cannot be previewed offline: refused with what to do instead.
 */
export function offlinePreviewConfig(config: AuraSecureConfig): AuraSecureConfig {
  const needsLookup = config.regions.flatMap((r, i) => (r.cloud === "aws" && r.network.subnetIds?.length ? [`regions[${i}].network.subnetIds`] : []));
  if (needsLookup.length > 0) {
    throw new UserError(
      `--offline-preview: ${needsLookup.join(", ")} are looked up in AWS at plan time (their availability zone is checked there), which needs credentials; ` +
        "give network.subnets keyed by AZ ID for the preview, or plan with credentials",
    );
  }
  return {
    ...config,
    regions: config.regions.map((r) => (r.cloud === "aws" ? { ...r, dns: { ...r.dns, checkVpcDnsSettings: false } } : r)) as AuraSecureConfig["regions"],
  };
}

interface StackJson {
  terraform?: { backend?: unknown; [k: string]: unknown };
  provider?: { aws?: Array<Record<string, unknown>>; [k: string]: unknown };
  [k: string]: unknown;
}

/**
 * A synthesized stack made plannable offline: the backend (or HCP Terraform `cloud` block) removed (local,
 * empty state), and every AWS provider given fixed fake keys, told not to validate them, look up the
 * account or ask the metadata service, and without its account pin and roles to assume (fake keys belong
 * to no account, and a role needs STS).
 */
export function offlinePreviewStack(json: StackJson): StackJson {
  const { backend: _backend, cloud: _cloud, ...terraform } = json.terraform ?? {};
  const aws = json.provider?.aws?.map(({ assume_role: _role, assume_role_with_web_identity: _web, allowed_account_ids: _allowed, forbidden_account_ids: _forbidden, ...p }) => ({
    ...p,
    access_key: PREVIEW_AWS_KEY,
    secret_key: PREVIEW_AWS_KEY,
    skip_credentials_validation: true,
    skip_requesting_account_id: true,
    skip_metadata_api_check: true,
  }));
  return { ...json, terraform, ...(json.provider ? { provider: { ...json.provider, ...(aws ? { aws } : {}) } } : {}) };
}
