import forge from "node-forge";

const { asn1 } = forge;
const U = asn1.Class.UNIVERSAL;

/** Small constructors over node-forge's ASN.1 primitives, so the PKCS12 layout reads like its spec. */
export const der = {
  seq: (values: forge.asn1.Asn1[]) => asn1.create(U, asn1.Type.SEQUENCE, true, values),
  set: (values: forge.asn1.Asn1[]) => asn1.create(U, asn1.Type.SET, true, values),
  oid: (dotted: string) => asn1.create(U, asn1.Type.OID, false, asn1.oidToDer(dotted).getBytes()),
  int: (value: number) => asn1.create(U, asn1.Type.INTEGER, false, asn1.integerToDer(value).getBytes()),
  octets: (bytes: string) => asn1.create(U, asn1.Type.OCTETSTRING, false, bytes),
  nul: () => asn1.create(U, asn1.Type.NULL, false, ""),
  bmp: (text: string) => asn1.create(U, asn1.Type.BMPSTRING, false, text),
  explicit0: (value: forge.asn1.Asn1) => asn1.create(asn1.Class.CONTEXT_SPECIFIC, 0, true, [value]),
  toBytes: (node: forge.asn1.Asn1) => asn1.toDer(node).getBytes(),
};

export const OID = {
  data: "1.2.840.113549.1.7.1",
  encryptedData: "1.2.840.113549.1.7.6",
  keyBag: "1.2.840.113549.1.12.10.1.1",
  pkcs8ShroudedKeyBag: "1.2.840.113549.1.12.10.1.2",
  certBag: "1.2.840.113549.1.12.10.1.3",
  secretBag: "1.2.840.113549.1.12.10.1.5",
  x509Certificate: "1.2.840.113549.1.9.22.1",
  friendlyName: "1.2.840.113549.1.9.20",
  localKeyId: "1.2.840.113549.1.9.21",
  pbes2: "1.2.840.113549.1.5.13",
  /** The key algorithm Java writes for an AES secret key (plain "AES", not a mode-specific OID). */
  aes: "2.16.840.1.101.3.4.1",
  sha1: "1.3.14.3.2.26",
  sha256: "2.16.840.1.101.3.4.2.1",
  sha384: "2.16.840.1.101.3.4.2.2",
  sha512: "2.16.840.1.101.3.4.2.3",
  /** Java marks trusted certificate entries with this attribute. */
  oracleTrustedKeyUsage: "2.16.840.1.113894.746875.1.1",
} as const;

export type MacDigest = "sha1" | "sha256" | "sha384" | "sha512";

export const MAC_DIGESTS: Record<MacDigest, { oid: string; bytes: number; create: () => forge.md.MessageDigest }> = {
  sha1: { oid: OID.sha1, bytes: 20, create: () => forge.md.sha1.create() },
  sha256: { oid: OID.sha256, bytes: 32, create: () => forge.md.sha256.create() },
  sha384: { oid: OID.sha384, bytes: 48, create: () => forge.md.sha384.create() },
  sha512: { oid: OID.sha512, bytes: 64, create: () => forge.md.sha512.create() },
};

/**
 * The PKCS12 integrity MAC: an HMAC keyed by the PKCS#12 KDF (ID 3) over the AuthenticatedSafe bytes.
 * The KDF takes the password as a BMPString, which forge's generateKey does from the JS string.
 */
export function pkcs12Mac(password: string, salt: string, iterations: number, digest: MacDigest, content: string): string {
  const spec = MAC_DIGESTS[digest];
  const key = forge.pkcs12.generateKey(password, forge.util.createBuffer(salt), 3, iterations, spec.bytes, spec.create());
  const hmac = forge.hmac.create();
  hmac.start(digest, key);
  hmac.update(content);
  return hmac.digest().getBytes();
}
