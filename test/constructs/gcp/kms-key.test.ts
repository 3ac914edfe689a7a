import { KmsCryptoKey } from "@cdktf/provider-google/lib/kms-crypto-key";
import { KmsCryptoKeyIamMember } from "@cdktf/provider-google/lib/kms-crypto-key-iam-member";
import { KmsKeyRing } from "@cdktf/provider-google/lib/kms-key-ring";
import { GoogleProvider } from "@cdktf/provider-google/lib/provider";
import { Testing } from "cdktf";
import { AuraGcpKmsKey, AURA_GCP_KEY_ROLES, type AuraGcpKmsKeyProps } from "../../../constructs/gcp/kms-key";
import { AuraStack } from "../../../stacks/aura-stack";

const ACCOUNTS = ["aura-kms-b@neo4j-aura-prod.iam.gserviceaccount.com", "aura-kms-a@neo4j-aura-prod.iam.gserviceaccount.com", "aura-kms-c@neo4j-aura-prod.iam.gserviceaccount.com"];
const props: AuraGcpKmsKeyProps = { project: "acme-graph-prod", region: "europe-west1", keyRingName: "acme-aura-europe-west1", keyName: "aura-cmk", auraServiceAccounts: ACCOUNTS };

function synth(over: Partial<AuraGcpKmsKeyProps> = {}) {
  const app = Testing.app();
  const stack = new AuraStack(app, "gcp-key");
  new GoogleProvider(stack, "google", { project: "acme-graph-prod", region: "europe-west1" });
  const key = new AuraGcpKmsKey(stack, "cmk", { ...props, ...over });
  const text = Testing.synth(stack);
  return { text, json: JSON.parse(text), key };
}

describe("AuraGcpKmsKey", () => {
  test("a regional key ring in the instance's region and a rotating symmetric key, both kept from destroy", () => {
    const { text } = synth();
    expect(text).toHaveResourceWithProperties(KmsKeyRing, { name: "acme-aura-europe-west1", location: "europe-west1", project: "acme-graph-prod", lifecycle: { prevent_destroy: true } });
    expect(text).toHaveResourceWithProperties(KmsCryptoKey, {
      name: "aura-cmk",
      key_ring: "${google_kms_key_ring.cmk_key_ring.id}",
      purpose: "ENCRYPT_DECRYPT",
      rotation_period: "31536000s",
      destroy_scheduled_duration: "10368000s",
      version_template: { algorithm: "GOOGLE_SYMMETRIC_ENCRYPTION", protection_level: "SOFTWARE" },
      lifecycle: { prevent_destroy: true },
    });
  });

  test("each Aura service account gets encrypter/decrypter and viewer on the key, with ids by account", () => {
    const { text, json } = synth();
    const members = json.resource.google_kms_crypto_key_iam_member;
    expect(Object.keys(members)).toHaveLength(ACCOUNTS.length * AURA_GCP_KEY_ROLES.length);
    for (const account of ACCOUNTS) {
      for (const role of AURA_GCP_KEY_ROLES) {
        expect(text).toHaveResourceWithProperties(KmsCryptoKeyIamMember, { crypto_key_id: "${google_kms_crypto_key.cmk_key.id}", role, member: `serviceAccount:${account}` });
      }
    }
    expect(Object.keys(members)).toContain("cmk_aura-kms-a_neo4j-aura-prod_iam_gserviceaccount_com_cryptoKeyEncrypterDecrypter");
    expect(Object.keys(members)).toContain("cmk_aura-kms-c_neo4j-aura-prod_iam_gserviceaccount_com_viewer");
  });

  test("accounts with one name in two projects get distinct members", () => {
    const { json } = synth({ auraServiceAccounts: ["aura@project-one.iam.gserviceaccount.com", "aura@project-two.iam.gserviceaccount.com"] });
    expect(Object.keys(json.resource.google_kms_crypto_key_iam_member)).toHaveLength(2 * AURA_GCP_KEY_ROLES.length);
  });

  test("reordering the service accounts changes nothing", () => {
    expect(synth({ auraServiceAccounts: [...ACCOUNTS].reverse() }).text).toBe(synth().text);
  });

  test("rotation period, destroy period and HSM are passed through; rotation off drops the period and warns", () => {
    expect(synth({ rotationPeriodDays: 90, destroyScheduledDays: 30, protectionLevel: "HSM" }).text).toHaveResourceWithProperties(KmsCryptoKey, {
      rotation_period: "7776000s",
      destroy_scheduled_duration: "2592000s",
      version_template: { algorithm: "GOOGLE_SYMMETRIC_ENCRYPTION", protection_level: "HSM" },
    });
    const off = synth({ rotation: false });
    expect(off.json.resource.google_kms_crypto_key.cmk_key.rotation_period).toBeUndefined();
    expect(off.key.node.metadata.filter((m) => m.type === "@cdktf/warn").map((m) => String(m.data))).toEqual([expect.stringContaining("automatic rotation is off")]);
  });

  test("allowDestroy drops prevent_destroy from key ring and key", () => {
    const { json } = synth({ allowDestroy: true });
    expect(json.resource.google_kms_key_ring.cmk_key_ring.lifecycle).toBeUndefined();
    expect(json.resource.google_kms_crypto_key.cmk_key.lifecycle).toBeUndefined();
  });
});
