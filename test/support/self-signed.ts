import { generateKeyPairSync } from "node:crypto";
import forge from "node-forge";

/**
 * A throwaway self-signed certificate and key (PEM) for a TLS test server, valid for an hour, made for this
 * test run only. `altNames`: DNS names and IP addresses the certificate is issued for.
 */
export function selfSignedCertificate(commonName: string, altNames: { dns?: string[]; ip?: string[] } = {}, ca = false): { key: string; cert: string } {
  // The key pair from Node's native RSA (OpenSSL): node-forge's pure-JS generation took most of the CPU of the
  // TLS tests, seconds a certificate. forge still builds and signs the certificate.
  const pair = generateKeyPairSync("rsa", { modulusLength: 2048, publicKeyEncoding: { type: "spki", format: "pem" }, privateKeyEncoding: { type: "pkcs8", format: "pem" } });
  const keys = { publicKey: forge.pki.publicKeyFromPem(pair.publicKey), privateKey: forge.pki.privateKeyFromPem(pair.privateKey) };
  const cert = forge.pki.createCertificate();
  cert.publicKey = keys.publicKey;
  cert.serialNumber = "01";
  cert.validity.notBefore = new Date(Date.now() - 60_000);
  cert.validity.notAfter = new Date(Date.now() + 3600_000);
  const attrs = [{ name: "commonName", value: commonName }];
  cert.setSubject(attrs);
  cert.setIssuer(attrs);
  cert.setExtensions([
    ...(ca ? [{ name: "basicConstraints", cA: true }] : []),
    { name: "subjectAltName", altNames: [...(altNames.dns ?? []).map((value) => ({ type: 2, value })), ...(altNames.ip ?? []).map((ip) => ({ type: 7, ip }))] },
  ]);
  cert.sign(keys.privateKey, forge.md.sha256.create());
  return { key: forge.pki.privateKeyToPem(keys.privateKey), cert: forge.pki.certificateToPem(cert) };
}
