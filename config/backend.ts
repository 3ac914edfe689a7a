import { z } from "zod";
import { AWS_REGION_PATTERN, terraformText } from "./common";

const bucketName = z.string().regex(/^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/, { error: "must be an S3 bucket name (3-63 lowercase letters, digits, dots, hyphens)" });

/** Where each stack keeps its state. Local by default; S3 with native lock files (use_lockfile) for pipelines. */
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
      z.strictObject({
        type: z.literal("s3"),
        bucket: bucketName,
        region: z.string().regex(AWS_REGION_PATTERN, { error: 'must be the AWS region of the state bucket, like "eu-west-1"' }),
        keyPrefix: z
          .string()
          .regex(/^[A-Za-z0-9!_.*'()-]+(\/[A-Za-z0-9!_.*'()-]+)*$/, { error: 'must be a key prefix like "aura-secure/prod" (no leading or trailing slash)' })
          .default("aura-secure"),
        /** A KMS key id, key ARN, alias name or alias ARN (what the S3 backend's kms_key_id takes). */
        kmsKeyId: z
          .string()
          .regex(/^(arn:aws[a-z-]*:kms:[a-z0-9-]+:[0-9]{12}:(key|alias)\/[A-Za-z0-9/_-]{1,250}|alias\/[A-Za-z0-9/_-]{1,250}|[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}|mrk-[0-9a-f]{32})$/, {
            error: 'must be a KMS key id, key ARN, alias ("alias/<name>") or alias ARN',
          })
          .optional(),
        roleArn: z.string().regex(/^arn:aws[a-z-]*:iam::[0-9]{12}:role\/[A-Za-z0-9+=,.@_/-]{1,512}$/, { error: 'must be an IAM role ARN like "arn:aws:iam::111122223333:role/state-access"' }).optional(),
      }),
    ],
    { error: 'must have type "local" or "s3"' },
  )
  .default({ type: "local", stateDir: "." });

export type BackendConfig = z.infer<typeof backendSchema>;
