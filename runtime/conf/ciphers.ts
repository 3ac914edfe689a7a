import { UserError } from "../cli/errors";

/**
 * The suites Aura accepts (DESIGN section 4, OpenSSL names) with the IANA names that Java, and so
 * `dbms.ssl.policy.<scope>.ciphers`, expects. TLS 1.3 suites have the same name in both.
 */
export const AURA_CIPHER_SUITES: ReadonlyArray<{ openssl: string; iana: string; tls: "TLSv1.3" | "TLSv1.2" }> = [
  { openssl: "TLS_AES_128_GCM_SHA256", iana: "TLS_AES_128_GCM_SHA256", tls: "TLSv1.3" },
  { openssl: "TLS_AES_256_GCM_SHA384", iana: "TLS_AES_256_GCM_SHA384", tls: "TLSv1.3" },
  { openssl: "TLS_CHACHA20_POLY1305_SHA256", iana: "TLS_CHACHA20_POLY1305_SHA256", tls: "TLSv1.3" },
  { openssl: "ECDHE-RSA-AES128-GCM-SHA256", iana: "TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256", tls: "TLSv1.2" },
  { openssl: "ECDHE-RSA-AES256-GCM-SHA384", iana: "TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384", tls: "TLSv1.2" },
  { openssl: "ECDHE-RSA-CHACHA20-POLY1305", iana: "TLS_ECDHE_RSA_WITH_CHACHA20_POLY1305_SHA256", tls: "TLSv1.2" },
  { openssl: "DHE-RSA-AES128-GCM-SHA256", iana: "TLS_DHE_RSA_WITH_AES_128_GCM_SHA256", tls: "TLSv1.2" },
  { openssl: "DHE-RSA-AES256-GCM-SHA384", iana: "TLS_DHE_RSA_WITH_AES_256_GCM_SHA384", tls: "TLSv1.2" },
];

export const TLS_VERSIONS = ["TLSv1.2", "TLSv1.3"] as const;
export type TlsVersion = (typeof TLS_VERSIONS)[number];

/** Accepts IANA or OpenSSL spellings of the Aura-accepted suites and returns the IANA names, in order. */
export function toJavaCipherNames(names: readonly string[], input = "--ciphers"): string[] {
  const result: string[] = [];
  for (const name of names) {
    const suite = AURA_CIPHER_SUITES.find((candidate) => candidate.iana === name || candidate.openssl === name);
    if (!suite) {
      throw new UserError(`${input} ${JSON.stringify(name)} is not an Aura-accepted cipher suite; allowed: ${AURA_CIPHER_SUITES.map((s) => s.iana).join(", ")} (or their OpenSSL names)`);
    }
    if (!result.includes(suite.iana)) result.push(suite.iana);
  }
  if (result.length === 0) throw new UserError(`${input} is empty; allowed: ${AURA_CIPHER_SUITES.map((s) => s.iana).join(", ")}`);
  return result;
}

export function parseTlsVersions(names: readonly string[], input = "--tls-versions"): TlsVersion[] {
  const result: TlsVersion[] = [];
  for (const name of names) {
    const version = TLS_VERSIONS.find((candidate) => candidate === name);
    if (!version) throw new UserError(`${input} ${JSON.stringify(name)} is not allowed; allowed: ${TLS_VERSIONS.join(", ")} (Aura accepts TLS 1.2 and 1.3 only)`);
    if (!result.includes(version)) result.push(version);
  }
  if (result.length === 0) throw new UserError(`${input} is empty; allowed: ${TLS_VERSIONS.join(", ")}`);
  return result;
}
