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

/** The TLS version a suite belongs to (TLS 1.3 suites cannot be used with 1.2 and the other way round, RFC 8446 B.4). */
export function tlsVersionOf(iana: string): TlsVersion | undefined {
  return AURA_CIPHER_SUITES.find((suite) => suite.iana === iana)?.tls;
}

/**
 * Every enabled TLS version needs at least one enabled suite of its own: TLS 1.2 with only TLS 1.3 suites
 * makes every TLS 1.2 handshake fail (and the other way round), which Neo4j only shows at connect time
 * (Neo4j uses the JDK's TLS by default; docs/vendor-facts.md, Self-managed Neo4j; tested in tls-handshake.test.ts).
 */
export function assertSuitesCoverVersions(versions: readonly TlsVersion[], ciphers: readonly string[], input = "--tls-versions/--ciphers"): void {
  for (const version of versions) {
    if (!ciphers.some((name) => tlsVersionOf(name) === version)) {
      const own = AURA_CIPHER_SUITES.filter((suite) => suite.tls === version).map((suite) => suite.iana);
      throw new UserError(
        `${input}: ${version} is enabled but none of the ciphers (${ciphers.join(", ")}) is a ${version} suite, so every ${version} handshake would fail; add one of ${own.join(", ")}, or drop ${version} from --tls-versions`,
      );
    }
  }
}

/** Aura's TLS 1.2 suites all authenticate with RSA; an EC certificate can use none of them (DESIGN section 4). */
export function ecTls12Warning(versions: readonly TlsVersion[], ciphers: readonly string[]): string | null {
  if (!versions.includes("TLSv1.2")) return null;
  const tls12 = ciphers.filter((name) => tlsVersionOf(name) === "TLSv1.2");
  if (tls12.length === 0 || tls12.some((name) => name.includes("_ECDSA_"))) return null;
  return "an EC certificate meets a TLS 1.2 list of RSA-authenticated suites only: TLS 1.2 clients cannot handshake (TLS 1.3 clients can); use an RSA certificate (certbot --key-type rsa, certs create --key-type rsa) if clients need TLS 1.2, or drop TLSv1.2";
}
