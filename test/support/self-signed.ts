// tsyringe, which @peculiar/x509 uses internally, needs the Reflect metadata API loaded before it.
import "reflect-metadata";
import { webcrypto } from "node:crypto";
import * as x509 from "@peculiar/x509";

/**
 * A throwaway self-signed certificate and key (PEM) for a TLS test server, valid for an hour, made for this
 * test run only. `altNames`: DNS names and IP addresses the certificate is issued for.
 *
 * An EC P-256 key over Node's WebCrypto, built with @peculiar/x509 (as runtime/tls does): a few milliseconds. The
 * RSA key and node-forge's pure-JS signature it replaces cost about a second a certificate, paid again by every
 * test file that made one and, in a mutation run, by every mutant those files cover.
 */
export async function selfSignedCertificate(commonName: string, altNames: { dns?: string[]; ip?: string[] } = {}, ca = false): Promise<{ key: string; cert: string }> {
  const algorithm = { name: "ECDSA", namedCurve: "P-256", hash: "SHA-256" };
  const keys = (await webcrypto.subtle.generateKey(algorithm, true, ["sign", "verify"])) as webcrypto.CryptoKeyPair;
  const cert = await x509.X509CertificateGenerator.createSelfSigned(
    {
      serialNumber: "01",
      name: [{ CN: [commonName] }],
      notBefore: new Date(Date.now() - 60_000),
      notAfter: new Date(Date.now() + 3600_000),
      keys,
      signingAlgorithm: algorithm,
      extensions: [
        ...(ca ? [new x509.BasicConstraintsExtension(true, undefined, true)] : []),
        new x509.SubjectAlternativeNameExtension([...(altNames.dns ?? []).map((value) => ({ type: "dns" as const, value })), ...(altNames.ip ?? []).map((value) => ({ type: "ip" as const, value }))]),
      ],
    },
    webcrypto,
  );
  const key = x509.PemConverter.encode(await webcrypto.subtle.exportKey("pkcs8", keys.privateKey), "PRIVATE KEY");
  return { key, cert: cert.toString("pem") };
}
