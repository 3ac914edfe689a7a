import { z } from "zod";
import { AWS_REGION_PATTERN, terraformText } from "./common";
import { CLOUD_KMS_KEY_PATTERN, CLOUD_TAG_PATTERN, HCP_NAME_PATTERN, SERVICE_ACCOUNT_EMAIL_PATTERN, STATE_KEY_PREFIX_PATTERN, gcsBucketNameProblem } from "../domain/state-backends";

const bucketName = z.string().regex(/^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/, { error: "must be an S3 bucket name (3-63 lowercase letters, digits, dots, hyphens)" });

const keyPrefix = z.string().regex(STATE_KEY_PREFIX_PATTERN, { error: 'must be a key prefix like "aura-secure/prod" (no leading or trailing slash)' }).default("aura-secure");

const guid = (what: string) => z.string().regex(/^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$/, { error: `must be the ${what} id, a GUID like "00000000-1111-2222-3333-444444444444"` });

const WORKSPACES_HINT = 'must be {namePrefix: "<prefix>"} (a workspace per stack named <prefix><stack>) or {tags: [...]} (workspaces by tag, plus the stack\'s name as a tag)';

/**
 * Where each stack keeps its state, and how that backend locks it (one state per stack under the configured
 * prefix or workspace naming). Local by default. Credentials are never part of this config: every backend
 * takes them from the pipeline's environment (the Terraform docs pages are in docs/vendor-facts.md).
 */
export const backendSchema = z
  .discriminatedUnion(
    "type",
    [
      z.strictObject({
        type: z.literal("local"),
        /** Folder of the state files, relative to where synth runs; never inside cdktf.out, which cdktf-cli wipes. */
        stateDir: terraformText(z.string().min(1))
          // A folder name reaches the backend block and the file system: no control characters (a NUL cannot be a path at all).
          .refine((d) => !/[\u0000-\u001f\u007f]/.test(d), { error: "must not contain control characters (line breaks, tabs, NUL)" })
          .refine((d) => !/(^|\/)cdktf\.out(\/|$)/.test(d), { error: "must not be inside cdktf.out: cdktf-cli deletes that folder, and the state with it" })
          .default("."),
      }),
      /** S3 with native lock files (use_lockfile): no DynamoDB table. */
      z.strictObject({
        type: z.literal("s3"),
        bucket: bucketName,
        region: z.string().regex(AWS_REGION_PATTERN, { error: 'must be the AWS region of the state bucket, like "eu-west-1"' }),
        keyPrefix,
        /** A KMS key id, key ARN, alias name or alias ARN (what the S3 backend's kms_key_id takes). */
        kmsKeyId: z
          .string()
          .regex(/^(arn:aws[a-z-]*:kms:[a-z0-9-]+:[0-9]{12}:(key|alias)\/[A-Za-z0-9/_-]{1,250}|alias\/[A-Za-z0-9/_-]{1,250}|[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}|mrk-[0-9a-f]{32})$/, {
            error: 'must be a KMS key id, key ARN, alias ("alias/<name>") or alias ARN',
          })
          .optional(),
        roleArn: z.string().regex(/^arn:aws[a-z-]*:iam::[0-9]{12}:role\/[A-Za-z0-9+=,.@_/-]{1,512}$/, { error: 'must be an IAM role ARN like "arn:aws:iam::111122223333:role/state-access"' }).optional(),
      }),
      /** Google Cloud Storage: the backend locks with a lock object beside the state. */
      z.strictObject({
        type: z.literal("gcs"),
        bucket: z.string().superRefine((name, ctx) => {
          const problem = gcsBucketNameProblem(name);
          if (problem) ctx.addIssue({ code: "custom", input: name, message: problem });
        }),
        /** State of stack S lands in <prefix>/<S>/default.tfstate. */
        prefix: keyPrefix,
        /** A Cloud KMS key that encrypts the state objects (the bucket's service agent needs encrypter/decrypter on it). */
        kmsEncryptionKey: z
          .string()
          .regex(CLOUD_KMS_KEY_PATTERN, {
            error: 'must be a Cloud KMS key name like "projects/<project>/locations/<location>/keyRings/<ring>/cryptoKeys/<key>"',
          })
          .optional(),
        /** A service account terraform impersonates to reach the bucket. */
        impersonateServiceAccount: z
          .string()
          .regex(SERVICE_ACCOUNT_EMAIL_PATTERN, { error: 'must be a service account email like "state-writer@my-project.iam.gserviceaccount.com"' })
          .optional(),
      }),
      /** An Azure storage account's blob container: the backend locks with a blob lease. */
      z.strictObject({
        type: z.literal("azurerm"),
        storageAccountName: z.string().regex(/^[a-z0-9]{3,24}$/, { error: "must be a storage account name: 3-24 lowercase letters and digits" }),
        containerName: z
          .string()
          .regex(/^(?!.*--)[a-z0-9][a-z0-9-]{1,61}[a-z0-9]$/, { error: "must be a blob container name: 3-63 lowercase letters, digits and single hyphens, starting and ending with a letter or digit" }),
        /** State of stack S lands in the blob <keyPrefix>/<S>.tfstate. */
        keyPrefix,
        resourceGroupName: z
          .string()
          .regex(/^[A-Za-z0-9_().-]{0,89}[A-Za-z0-9_()-]$/, { error: "must be a resource group name: 1-90 letters, digits and _ ( ) . - (not ending with a dot)" })
          .optional(),
        subscriptionId: guid("subscription").optional(),
        tenantId: guid("tenant").optional(),
        /**
         * Microsoft Entra ID for the blob data plane (the principal needs Storage Blob Data Contributor), the
         * Terraform docs' recommended method; false looks up the account's access key instead.
         */
        useAzureadAuth: z.boolean({ error: "must be true (Entra ID, the default) or false (look up the storage account's access key)" }).default(true),
      }),
      /** HCP Terraform (or Terraform Enterprise): one workspace per stack; HCP locks a workspace during each run. */
      z.strictObject({
        type: z.literal("cloud"),
        organization: z.string().regex(HCP_NAME_PATTERN, { error: "must be an HCP Terraform organization name: letters, digits, - and _" }),
        /** Terraform Enterprise's host; HCP Terraform (app.terraform.io) when left out. */
        hostname: z
          .string()
          .regex(/^(?=.{1,253}$)[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?(?:\.[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?)+$/, { error: 'must be a host name like "tfe.example.com" (no scheme, no path)' })
          .optional(),
        /** The HCP Terraform project the workspaces belong to (and are created in). */
        project: z.string().regex(/^[A-Za-z0-9_-][A-Za-z0-9 _-]{0,38}[A-Za-z0-9_-]$|^[A-Za-z0-9_-]$/, { error: "must be a project name: letters, digits, spaces, - and _ (at most 40)" }).optional(),
        /** Exactly one of namePrefix (a workspace per stack named <namePrefix><stack>) and tags. */
        workspaces: z
          .strictObject({
            namePrefix: z.string().regex(/^[A-Za-z0-9_-]{0,89}$/, { error: "must be letters, digits, - and _ (a workspace name prefix)" }).optional(),
            /** Workspaces carrying all these tags; each stack adds its own name as a tag, so it selects only its workspace. */
            tags: z
              .array(z.string().regex(CLOUD_TAG_PATTERN, { error: "must be a workspace tag: 1-255 letters, digits, colons, hyphens and underscores" }))
              .min(1, { error: "list at least one tag shared by the workspaces of these stacks" })
              .optional(),
          }, { error: WORKSPACES_HINT })
          .superRefine((w, ctx) => {
            if (w.namePrefix !== undefined && w.tags !== undefined) ctx.addIssue({ code: "custom", path: ["tags"], input: w.tags, message: `give namePrefix or tags, not both: ${WORKSPACES_HINT}` });
            if (w.namePrefix === undefined && w.tags === undefined) ctx.addIssue({ code: "custom", input: w, message: WORKSPACES_HINT });
          }),
      }),
    ],
    { error: 'must have type "local", "s3", "gcs", "azurerm" or "cloud"' },
  )
  .superRefine((b, ctx) => {
    if (b.type === "azurerm" && !b.useAzureadAuth && b.resourceGroupName === undefined) {
      ctx.addIssue({ code: "custom", path: ["resourceGroupName"], input: undefined, message: "is needed with useAzureadAuth: false: terraform looks up the storage account's access key in its resource group" });
    }
  })
  .default({ type: "local", stateDir: "." });

export type BackendConfig = z.infer<typeof backendSchema>;
