import { z } from "zod";
import { AWS_REGION_PATTERN } from "./common";

const bucketName = z.string().regex(/^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/, { error: "must be an S3 bucket name (3-63 lowercase letters, digits, dots, hyphens)" });

/** Where each stack keeps its state. Local by default; S3 with native lock files (use_lockfile) for pipelines. */
export const backendSchema = z
  .discriminatedUnion(
    "type",
    [
      z.strictObject({
        type: z.literal("local"),
        /** Folder of the state files, relative to where synth runs; never inside cdktf.out, which cdktf-cli wipes. */
        stateDir: z
          .string()
          .min(1)
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
        kmsKeyId: z.string().min(1).optional(),
        roleArn: z.string().regex(/^arn:aws[a-z-]*:iam::[0-9]{12}:role\/.+$/, { error: "must be an IAM role ARN" }).optional(),
      }),
    ],
    { error: 'must have type "local" or "s3"' },
  )
  .default({ type: "local", stateDir: "." });

export type BackendConfig = z.infer<typeof backendSchema>;
