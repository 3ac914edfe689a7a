import * as fs from "node:fs";
import * as path from "node:path";
import { createCa, issueServerCertificate, loadCa, type LoadedCa } from "../../runtime/tls/certificates";
import type { TwinTls } from "./net/world";

/**
 * The twin's test CA and the endpoint hosts' certificates, made with the project's own TLS tooling
 * (runtime/tls, what `aura-secure certs create` runs). RSA keys: Aura's TLS 1.2 suites are all *-RSA-*.
 */
export async function twinTls(dir: string): Promise<TwinTls> {
  const created = await createCa({ commonName: "aura-secure twin test CA", days: 2, key: { type: "rsa", bits: 2048 } });
  const caFile = path.join(dir, "twin-ca.crt");
  fs.writeFileSync(caFile, created.certPem);
  const ca: LoadedCa = await loadCa(created.keyPem, created.certPem, "the twin's test CA");
  const issued = new Map<string, Promise<{ key: string; cert: string }>>();
  return {
    caFile,
    certificate(names) {
      const key = [...names].sort().join(" ");
      if (!issued.has(key)) {
        issued.set(
          key,
          issueServerCertificate({ policy: "https", dnsNames: names, ips: [], days: 1, key: { type: "rsa", bits: 2048 }, ca }).then((c) => ({ key: c.keyPem, cert: c.certPem })),
        );
      }
      return issued.get(key)!;
    },
  };
}
