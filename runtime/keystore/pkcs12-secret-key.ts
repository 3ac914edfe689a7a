import forge from "node-forge";
import { der, OID, pkcs12Mac } from "./asn1";
import { pbes2Encrypt } from "./pbes2";

/**
 * Iteration counts match Java 17's keytool defaults for PKCS12 (keystore.pkcs12.keyPbeIterationCount and
 * macIterationCount are 10000), so the file is what `keytool -genseckey` writes.
 */
export const KEY_PBKDF2_ITERATIONS = 10000;
export const MAC_ITERATIONS = 10000;

export interface SecretKeyKeystoreInput {
  alias: string;
  /** Raw AES key bytes (32 for AES-256). */
  key: Buffer;
  password: string;
  /** Java writes "Time <millis>"; injectable so tests can pin it. */
  localKeyId?: string;
}

/**
 * Builds a PKCS12 keystore holding one AES secret key, laid out as Java 17's
 * `keytool -genseckey -keyalg aes -keysize 256 -storetype pkcs12` does:
 *
 *   PFX v3 { authSafe: data { SafeContents { secretBag {
 *       secretTypeId: pkcs8ShroudedKeyBag,
 *       secretValue: EncryptedPrivateKeyInfo(PBES2: PBKDF2-HMAC-SHA256 + AES-256-CBC) of
 *                    PrivateKeyInfo { 0, AlgorithmIdentifier(AES, NULL), OCTET STRING key } }
 *     attributes: friendlyName (BMPString alias), localKeyId } } },
 *     macData: HMAC-SHA256, PKCS#12 KDF, 20-byte salt, 10000 iterations }
 *
 * Hand-built because node-forge's PKCS12 writer only knows key and certificate bags, not secret bags;
 * PBES2 runs on Node's native crypto (pbes2.ts), the PKCS#12 MAC KDF on node-forge.
 */
export function buildSecretKeyPkcs12(input: SecretKeyKeystoreInput): Buffer {
  const privateKeyInfo = der.seq([der.int(0), der.seq([der.oid(OID.aes), der.nul()]), der.octets(input.key.toString("binary"))]);
  const shrouded = pbes2Encrypt(Buffer.from(der.toBytes(privateKeyInfo), "binary"), input.password, KEY_PBKDF2_ITERATIONS);
  const encryptedKeyInfo = der.seq([shrouded.algorithm, der.octets(shrouded.encrypted.toString("binary"))]);

  const localKeyId = input.localKeyId ?? `Time ${Date.now()}`;
  const secretBag = der.seq([
    der.oid(OID.secretBag),
    der.explicit0(der.seq([der.oid(OID.pkcs8ShroudedKeyBag), der.explicit0(der.octets(der.toBytes(encryptedKeyInfo)))])),
    der.set([
      der.seq([der.oid(OID.friendlyName), der.set([der.bmp(input.alias)])]),
      der.seq([der.oid(OID.localKeyId), der.set([der.octets(localKeyId)])]),
    ]),
  ]);
  const safeContents = der.seq([secretBag]);
  const authenticatedSafe = der.seq([der.seq([der.oid(OID.data), der.explicit0(der.octets(der.toBytes(safeContents)))])]);
  const authSafeBytes = der.toBytes(authenticatedSafe);

  const macSalt = forge.random.getBytesSync(20);
  const mac = pkcs12Mac(input.password, macSalt, MAC_ITERATIONS, "sha256", authSafeBytes);
  const pfx = der.seq([
    der.int(3),
    der.seq([der.oid(OID.data), der.explicit0(der.octets(authSafeBytes))]),
    der.seq([der.seq([der.seq([der.oid(OID.sha256), der.nul()]), der.octets(mac)]), der.octets(macSalt), der.int(MAC_ITERATIONS)]),
  ]);
  return Buffer.from(der.toBytes(pfx), "binary");
}
