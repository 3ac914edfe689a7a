import { createPrivateKey, X509Certificate } from "crypto";
import forge from "node-forge";
import { UserError } from "../cli/errors";
import { MAC_DIGESTS, MacDigest, OID, pkcs12Mac } from "./asn1";
import { pbes2Decrypt } from "./pbes2";

const { asn1 } = forge;

/** forge's password-based cipher lookup (PBES2 and the PKCS#12 PBE schemes); missing from @types/node-forge. */
interface PbeCipherFactory {
  getCipher(oid: string, params: forge.asn1.Asn1, password: string): forge.cipher.BlockCipher;
}
const pbe = (forge.pki as unknown as { pbe: PbeCipherFactory }).pbe;

export type KeystoreEntryType = "secret key" | "private key" | "certificate";

export interface KeystoreEntry {
  alias: string | null;
  type: KeystoreEntryType;
  algorithm: string;
  keySizeBits?: number;
  subject?: string;
}

/** Secret-key algorithm OIDs Java writes into the PrivateKeyInfo of a secret bag. */
const SECRET_KEY_ALGORITHMS: Record<string, string> = {
  [OID.aes]: "AES",
  "2.16.840.1.101.3.4.1.2": "AES-128-CBC",
  "2.16.840.1.101.3.4.1.22": "AES-192-CBC",
  "2.16.840.1.101.3.4.1.42": "AES-256-CBC",
  "1.2.840.113549.2.7": "HmacSHA1",
  "1.2.840.113549.2.9": "HmacSHA256",
  "1.2.840.113549.2.10": "HmacSHA384",
  "1.2.840.113549.2.11": "HmacSHA512",
  "1.2.840.113549.3.7": "DESede",
};

const CURVE_BITS: Record<string, number> = { prime256v1: 256, secp384r1: 384, secp521r1: 521 };

function curveSize(curve: string | undefined): { keySizeBits?: number } {
  const bits = curve ? CURVE_BITS[curve] : undefined;
  return bits ? { keySizeBits: bits } : {};
}

class MalformedKeystore extends Error {}

function oidOf(node: forge.asn1.Asn1 | undefined): string {
  if (!node || node.type !== asn1.Type.OID || typeof node.value !== "string") throw new MalformedKeystore("expected an OID");
  return asn1.derToOid(node.value);
}

function children(node: forge.asn1.Asn1 | undefined): forge.asn1.Asn1[] {
  if (!node || !Array.isArray(node.value)) throw new MalformedKeystore("expected a constructed value");
  return node.value;
}

/** The bytes of an OCTET STRING, also when BER splits it into constructed parts. */
function octetBytes(node: forge.asn1.Asn1 | undefined): string {
  if (!node) throw new MalformedKeystore("expected an OCTET STRING");
  if (typeof node.value === "string") return node.value;
  return node.value.map((part) => octetBytes(part)).join("");
}

function explicitContent(node: forge.asn1.Asn1 | undefined): forge.asn1.Asn1 {
  const inner = children(node)[0];
  if (!inner) throw new MalformedKeystore("empty [0] content");
  return inner;
}

function decryptWithPassword(algorithm: forge.asn1.Asn1, encrypted: string, password: string): string {
  const [oidNode, params] = children(algorithm);
  const oid = oidOf(oidNode);
  if (oid === OID.pbes2) return pbes2Decrypt(params as forge.asn1.Asn1, Buffer.from(encrypted, "binary"), password).toString("binary");
  // Older keystores use the PKCS#12 PBE schemes (3DES, RC2), which forge handles.
  const cipher = pbe.getCipher(oid, params as forge.asn1.Asn1, password);
  cipher.update(forge.util.createBuffer(encrypted));
  if (!cipher.finish()) throw new UserError("keystore password is wrong, or the keystore is corrupted (decryption failed)");
  return cipher.output.getBytes();
}

function decryptShroudedKey(epkiBytes: string, password: string): forge.asn1.Asn1 {
  const [algorithm, data] = children(asn1.fromDer(epkiBytes));
  return asn1.fromDer(decryptWithPassword(algorithm as forge.asn1.Asn1, octetBytes(data), password));
}

function describePrivateKeyInfo(info: forge.asn1.Asn1): Pick<KeystoreEntry, "algorithm" | "keySizeBits"> {
  const key = createPrivateKey({ key: Buffer.from(asn1.toDer(info).getBytes(), "binary"), format: "der", type: "pkcs8" });
  const details = key.asymmetricKeyDetails ?? {};
  const type = (key.asymmetricKeyType ?? "unknown").toUpperCase();
  if (details.modulusLength) return { algorithm: type, keySizeBits: details.modulusLength };
  if (details.namedCurve) return { algorithm: `${type} ${details.namedCurve}`, ...curveSize(details.namedCurve) };
  return { algorithm: type };
}

function describeSecretKeyInfo(info: forge.asn1.Asn1): Pick<KeystoreEntry, "algorithm" | "keySizeBits"> {
  const [, algorithmId, keyOctets] = children(info);
  const oid = oidOf(children(algorithmId)[0]);
  return { algorithm: SECRET_KEY_ALGORITHMS[oid] ?? oid, keySizeBits: octetBytes(keyOctets).length * 8 };
}

function friendlyNameOf(attributes: forge.asn1.Asn1 | undefined): string | null {
  if (!attributes) return null;
  for (const attribute of children(attributes)) {
    const [oidNode, values] = children(attribute);
    if (oidOf(oidNode) === OID.friendlyName) {
      const value = children(values)[0]?.value;
      return typeof value === "string" ? value : null;
    }
  }
  return null;
}

function readBag(bag: forge.asn1.Asn1, password: string): KeystoreEntry | null {
  const [idNode, valueNode, attributes] = children(bag);
  const alias = friendlyNameOf(attributes);
  const value = explicitContent(valueNode);
  switch (oidOf(idNode)) {
    case OID.keyBag:
      return { alias, type: "private key", ...describePrivateKeyInfo(value) };
    case OID.pkcs8ShroudedKeyBag:
      return { alias, type: "private key", ...describePrivateKeyInfo(decryptShroudedKey(asn1.toDer(value).getBytes(), password)) };
    case OID.certBag: {
      const [certType, certValue] = children(value);
      if (oidOf(certType) !== OID.x509Certificate) return { alias, type: "certificate", algorithm: "non-X.509" };
      const cert = new X509Certificate(Buffer.from(octetBytes(explicitContent(certValue)), "binary"));
      const details = cert.publicKey.asymmetricKeyDetails ?? {};
      return {
        alias,
        type: "certificate",
        algorithm: (cert.publicKey.asymmetricKeyType ?? "unknown").toUpperCase() + (details.namedCurve ? ` ${details.namedCurve}` : ""),
        ...(details.modulusLength ? { keySizeBits: details.modulusLength } : curveSize(details.namedCurve)),
        subject: cert.subject.replace(/\n/g, ", "),
      };
    }
    case OID.secretBag: {
      const [secretType, secretValue] = children(value);
      const secretBytes = octetBytes(explicitContent(secretValue));
      const typeOid = oidOf(secretType);
      if (typeOid === OID.pkcs8ShroudedKeyBag) return { alias, type: "secret key", ...describeSecretKeyInfo(decryptShroudedKey(secretBytes, password)) };
      if (typeOid === OID.keyBag) return { alias, type: "secret key", ...describeSecretKeyInfo(asn1.fromDer(secretBytes)) };
      return { alias, type: "secret key", algorithm: `unknown (secret type ${typeOid})` };
    }
    default:
      return null; // CRL and other bags hold no keystore entry
  }
}

function verifyMac(macData: forge.asn1.Asn1, password: string, authSafeBytes: string): void {
  const [digestInfo, saltNode, iterationsNode] = children(macData);
  const [algorithmId, digestNode] = children(digestInfo);
  const digestOid = oidOf(children(algorithmId)[0]);
  const digest = (Object.keys(MAC_DIGESTS) as MacDigest[]).find((name) => MAC_DIGESTS[name].oid === digestOid);
  if (!digest) throw new UserError(`keystore MAC uses digest ${digestOid}; supported: SHA-1, SHA-256, SHA-384, SHA-512`);
  const iterations = iterationsNode ? asn1.derToInteger(String(iterationsNode.value)) : 1;
  const expected = octetBytes(digestNode);
  if (pkcs12Mac(password, octetBytes(saltNode), iterations, digest, authSafeBytes) !== expected) {
    throw new UserError("keystore password is wrong, or the keystore is corrupted (MAC check failed)");
  }
}

function parseDer(file: Buffer): forge.asn1.Asn1 {
  try {
    return asn1.fromDer(file.toString("binary"), { strict: false } as unknown as boolean);
  } catch {
    throw new UserError("keystore is not a PKCS12 file (not DER)");
  }
}

/** Lists the entries of a PKCS12 keystore, including secret keys, which node-forge's reader rejects. */
export function readPkcs12Entries(file: Buffer, password: string): KeystoreEntry[] {
  const pfx = parseDer(file);
  try {
    const [, authSafe, macData] = children(pfx);
    const [contentType, content] = children(authSafe);
    if (oidOf(contentType) !== OID.data) throw new UserError("keystore uses public-key integrity mode, which is not supported");
    const authSafeBytes = octetBytes(explicitContent(content));
    if (macData) verifyMac(macData, password, authSafeBytes);

    const entries: KeystoreEntry[] = [];
    for (const contentInfo of children(asn1.fromDer(authSafeBytes))) {
      const [typeNode, body] = children(contentInfo);
      let safeContentsBytes: string;
      if (oidOf(typeNode) === OID.data) {
        safeContentsBytes = octetBytes(explicitContent(body));
      } else if (oidOf(typeNode) === OID.encryptedData) {
        const [, encryptedContentInfo] = children(explicitContent(body));
        const [, algorithm, encrypted] = children(encryptedContentInfo);
        safeContentsBytes = decryptWithPassword(algorithm as forge.asn1.Asn1, octetBytes(encrypted), password);
      } else {
        continue; // enveloped data needs a private key, not a password; Java never writes it
      }
      for (const bag of children(asn1.fromDer(safeContentsBytes))) {
        const entry = readBag(bag, password);
        if (entry) entries.push(entry);
      }
    }
    return entries;
  } catch (error) {
    if (error instanceof UserError) throw error;
    throw new UserError(`keystore is not a readable PKCS12 file (${error instanceof Error ? error.message : String(error)})`);
  }
}

/**
 * The entries a PKCS12 file shows without its password: Java keeps secret-key and private-key bags in a
 * plain `data` content (their values are shrouded, their aliases are not) and encrypts certificate bags.
 * Enough to tell whether an alias exists and holds a secret key; its size needs the password.
 */
export function listPkcs12AliasesWithoutPassword(file: Buffer): { entries: Array<{ alias: string | null; type: KeystoreEntryType }>; encryptedParts: number } {
  const pfx = parseDer(file);
  try {
    const [, authSafe] = children(pfx);
    const [contentType, content] = children(authSafe);
    if (oidOf(contentType) !== OID.data) throw new UserError("keystore uses public-key integrity mode, which is not supported");
    const entries: Array<{ alias: string | null; type: KeystoreEntryType }> = [];
    let encryptedParts = 0;
    for (const contentInfo of children(asn1.fromDer(octetBytes(explicitContent(content))))) {
      const [typeNode, body] = children(contentInfo);
      if (oidOf(typeNode) !== OID.data) {
        encryptedParts++;
        continue;
      }
      for (const bag of children(asn1.fromDer(octetBytes(explicitContent(body))))) {
        const [idNode, , attributes] = children(bag);
        const type: KeystoreEntryType | null = { [OID.keyBag]: "private key", [OID.pkcs8ShroudedKeyBag]: "private key", [OID.certBag]: "certificate", [OID.secretBag]: "secret key" }[oidOf(idNode)] as KeystoreEntryType | undefined ?? null;
        if (type) entries.push({ alias: friendlyNameOf(attributes), type });
      }
    }
    return { entries, encryptedParts };
  } catch (error) {
    if (error instanceof UserError) throw error;
    throw new UserError(`keystore is not a readable PKCS12 file (${error instanceof Error ? error.message : String(error)})`);
  }
}
