import { KmsCryptoKey } from "@cdktf/provider-google/lib/kms-crypto-key";
import { KmsCryptoKeyIamMember } from "@cdktf/provider-google/lib/kms-crypto-key-iam-member";
import { KmsKeyRing } from "@cdktf/provider-google/lib/kms-key-ring";
import { Annotations } from "cdktf";
import { Construct } from "constructs";
import { assertProps } from "../../domain/props";
import { gcpKeyProblems } from "../../domain/construct-rules";

/** The roles every Aura service account needs on the key (DESIGN.md section 5). */
export const AURA_GCP_KEY_ROLES = ["roles/cloudkms.cryptoKeyEncrypterDecrypter", "roles/cloudkms.viewer"] as const;

export interface AuraGcpKmsKeyProps {
  readonly project: string;
  /** The Aura instance's region: a regional key ring there (Aura uses keys of the instance's region). */
  readonly region: string;
  readonly keyRingName: string;
  readonly keyName: string;
  /** Automatic rotation; true unless set to false. */
  readonly rotation?: boolean;
  readonly rotationPeriodDays?: number;
  /** Days a destroyed version stays restorable; 120 (the Cloud KMS maximum) by default. */
  readonly destroyScheduledDays?: number;
  readonly protectionLevel?: "SOFTWARE" | "HSM";
  readonly allowDestroy?: boolean;
  /** The service accounts the Aura console lists. */
  readonly auraServiceAccounts: readonly string[];
  readonly labels?: Readonly<Record<string, string>>;
}

const DAY_SECONDS = 86_400;

/**
 * A regional key ring and a symmetric crypto key for Aura, with encrypter/decrypter and viewer for each
 * Aura service account. IAM is per member (additive), so other bindings on the key are left alone.
 */
export class AuraGcpKmsKey extends Construct {
  readonly keyRing: KmsKeyRing;
  readonly key: KmsCryptoKey;
  readonly members: KmsCryptoKeyIamMember[] = [];

  constructor(scope: Construct, id: string, props: AuraGcpKmsKeyProps) {
    super(scope, id);
    assertProps("AuraGcpKmsKey", this.node.path, gcpKeyProblems({ ...props, labels: props.labels }));
    const rotation = props.rotation ?? true;
    if (!rotation) Annotations.of(this).addWarning(`GCP key ${props.keyName}: automatic rotation is off; Aura supports automatic rotation and rotating regularly is best practice`);
    // Key rings cannot be deleted in GCP; prevent_destroy makes a destroy fail loudly instead of dropping it from state.
    const keep = props.allowDestroy ? undefined : { preventDestroy: true };

    this.keyRing = new KmsKeyRing(this, "key_ring", { project: props.project, name: props.keyRingName, location: props.region, lifecycle: keep });
    this.key = new KmsCryptoKey(this, "key", {
      name: props.keyName,
      keyRing: this.keyRing.id,
      purpose: "ENCRYPT_DECRYPT",
      rotationPeriod: rotation ? `${(props.rotationPeriodDays ?? 365) * DAY_SECONDS}s` : undefined,
      destroyScheduledDuration: `${(props.destroyScheduledDays ?? 120) * DAY_SECONDS}s`,
      versionTemplate: { algorithm: "GOOGLE_SYMMETRIC_ENCRYPTION", protectionLevel: props.protectionLevel ?? "SOFTWARE" },
      labels: { ...props.labels },
      lifecycle: keep,
    });

    // Ids from the whole email (names repeat across projects), never its position, so reordering moves nothing.
    for (const account of [...props.auraServiceAccounts].sort()) {
      for (const role of AURA_GCP_KEY_ROLES) {
        this.members.push(
          new KmsCryptoKeyIamMember(this, `${account}_${role.split(".").pop()}`, {
            cryptoKeyId: this.key.id,
            role,
            member: `serviceAccount:${account}`,
          }),
        );
      }
    }
  }
}
