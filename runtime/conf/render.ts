import { isIP } from "net";
import * as path from "path";
import { UserError } from "../cli/errors";
import { MUTUAL_TLS_POLICIES, SslPolicy } from "../tls/inputs";
import { assertSuitesCoverVersions, TlsVersion } from "./ciphers";

export const CLIENT_AUTH_VALUES = ["NONE", "OPTIONAL", "REQUIRE"] as const;
export type ClientAuth = (typeof CLIENT_AUTH_VALUES)[number];

export interface KeystoreSettings {
  /** Absolute: Neo4j documents dbms.security.keystore.path as an absolute path. */
  keystorePath: string;
  keyName: string;
  /** Absolute path of the password script run by command expansion. */
  passwordScript: string;
}

export interface SecurityConfInput {
  keystore?: KeystoreSettings;
  policies: SslPolicy[];
  certificatesDir: string;
  clientAuth: ClientAuth;
  tlsVersions: TlsVersion[];
  ciphers: string[];
  listenAddress: string;
  boltPort: number;
  httpsPort: number;
}

export function parseClientAuth(raw: string, input = "--client-auth"): ClientAuth {
  const value = CLIENT_AUTH_VALUES.find((candidate) => candidate === raw.toUpperCase());
  if (!value) throw new UserError(`${input} ${JSON.stringify(raw)} is not allowed; allowed: ${CLIENT_AUTH_VALUES.join(", ")}`);
  return value;
}

export function parsePort(raw: string, input: string): number {
  const port = /^\d+$/.test(raw) ? Number(raw) : NaN;
  if (!Number.isInteger(port) || port < 1 || port > 65535) throw new UserError(`${input} ${JSON.stringify(raw)} is not a port; allowed: 1-65535`);
  return port;
}

export function parseListenAddress(raw: string, input = "--listen-address"): string {
  const hostname = /^(?=.{1,253}$)[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?)*$/;
  // Digits and dots only is an IPv4 address or nothing (a top-level domain is never all digits).
  if (!isIP(raw) && (!hostname.test(raw) || /^[\d.]+$/.test(raw))) throw new UserError(`${input} ${JSON.stringify(raw)} is not an IP address or hostname`);
  return raw;
}

/** Values written verbatim into neo4j.conf must stay on one line and not start a comment or an expansion. */
export function assertConfPath(value: string, input: string, mustBeAbsolute: boolean): string {
  if (mustBeAbsolute && !path.isAbsolute(value)) throw new UserError(`${input} ${JSON.stringify(value)} must be an absolute path`);
  if (/[\s#$"'`\\]/.test(value) || /[\u0000-\u001f]/.test(value)) {
    throw new UserError(`${input} ${JSON.stringify(value)} contains a space, quote, '#', '$' or '\\'; use a path without them`);
  }
  return value;
}

/** Cluster members and backup clients authenticate with their certificates; bolt/https serve browsers and drivers. */
function clientAuthFor(policy: SslPolicy, requested: ClientAuth): ClientAuth {
  return MUTUAL_TLS_POLICIES.has(policy) ? "REQUIRE" : requested;
}

function addressFor(input: SecurityConfInput, port: number): string {
  return isIP(input.listenAddress) === 6 ? `[${input.listenAddress}]:${port}` : `${input.listenAddress}:${port}`;
}

/** The neo4j.conf fragment: keystore for alias credentials, SSL policies, TLS-only Bolt and HTTPS. */
export function renderSecurityConf(input: SecurityConfInput): string {
  assertSuitesCoverVersions(input.tlsVersions, input.ciphers);
  const lines: string[] = [
    "# Written by aura-secure conf render. Start Neo4j with --expand-commands: a value below is $(...).",
    "# Do not append this file to neo4j.conf: Neo4j 5 refuses a setting declared twice. Replace the lines",
    "# instead: aura-secure conf merge --conf neo4j.conf --fragment <this file>",
  ];
  if (input.keystore) {
    lines.push(
      "",
      "# Keystore with the AES-256 key that encrypts stored remote alias credentials",
      `dbms.security.keystore.path=${input.keystore.keystorePath}`,
      `dbms.security.keystore.password=$(${input.keystore.passwordScript})`,
      `dbms.security.key.name=${input.keystore.keyName}`,
    );
  }
  lines.push("", "# Listen address and connectors: Bolt only over TLS, HTTPS instead of HTTP");
  lines.push(`server.default_listen_address=${input.listenAddress}`);
  if (input.policies.includes("bolt")) {
    lines.push("server.bolt.enabled=true", `server.bolt.listen_address=${addressFor(input, input.boltPort)}`, "server.bolt.tls_level=REQUIRED");
  }
  if (input.policies.includes("https")) {
    lines.push("server.http.enabled=false", "server.https.enabled=true", `server.https.listen_address=${addressFor(input, input.httpsPort)}`);
  }
  if (input.tlsVersions.includes("TLSv1.2") && !input.ciphers.some((name) => name.includes("_ECDSA_"))) {
    // Aura's TLS 1.2 suites all authenticate with RSA; say so where the ciphers are chosen, not at handshake time.
    lines.push(
      "",
      "# TLS 1.2 below offers only RSA-authenticated suites (Aura's accepted list): with an EC certificate",
      "# (certs create --key-type ec) Neo4j can handshake over TLS 1.3 only. Use RSA certificates for TLS 1.2 clients.",
    );
  }
  for (const policy of input.policies) {
    const prefix = `dbms.ssl.policy.${policy}`;
    lines.push(
      "",
      `# SSL policy ${policy}`,
      `${prefix}.enabled=true`,
      `${prefix}.base_directory=${input.certificatesDir}/${policy}`,
      `${prefix}.private_key=private.key`,
      `${prefix}.public_certificate=public.crt`,
      `${prefix}.trusted_dir=trusted`,
      `${prefix}.revoked_dir=revoked`,
      `${prefix}.client_auth=${clientAuthFor(policy, input.clientAuth)}`,
      `${prefix}.tls_versions=${input.tlsVersions.join(",")}`,
      `${prefix}.ciphers=${input.ciphers.join(",")}`,
    );
  }
  return lines.join("\n") + "\n";
}

/**
 * The script command expansion runs for the keystore password: it prints the value of an environment
 * variable of the Neo4j process, so the password lives in neither neo4j.conf nor this file.
 */
export function renderPasswordScript(envName: string): string {
  return [
    "#!/bin/sh",
    "# Prints the keystore password for neo4j.conf command expansion (written by aura-secure conf render).",
    `if [ -z "\${${envName}:-}" ]; then`,
    `  echo "${envName} is not set in the environment of the Neo4j process" >&2`,
    "  exit 1",
    "fi",
    `printf '%s\\n' "\$${envName}"`,
    "",
  ].join("\n");
}
