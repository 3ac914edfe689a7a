import { generateKeyPairSync, randomBytes } from "crypto";
import forge from "node-forge";
import { UserError } from "../cli/errors";
import { RsaKeySize, SslPolicy } from "./inputs";

export interface KeyAndCertificate {
  /** PKCS#8 PEM ("BEGIN PRIVATE KEY"), the form Neo4j's SSL policies read. */
  keyPem: string;
  certPem: string;
}

/** Certificates start a few minutes in the past so a server with a slightly slow clock accepts them. */
const CLOCK_SKEW_MS = 5 * 60 * 1000;
const DAY_MS = 24 * 60 * 60 * 1000;

function newRsaKey(bits: RsaKeySize): { keyPem: string; forgeKey: forge.pki.rsa.PrivateKey; forgePublic: forge.pki.rsa.PublicKey } {
  const { privateKey, publicKey } = generateKeyPairSync("rsa", {
    modulusLength: bits,
    publicExponent: 0x10001,
    privateKeyEncoding: { type: "pkcs8", format: "pem" },
    publicKeyEncoding: { type: "spki", format: "pem" },
  });
  return {
    keyPem: privateKey,
    forgeKey: forge.pki.privateKeyFromPem(privateKey),
    forgePublic: forge.pki.publicKeyFromPem(publicKey) as forge.pki.rsa.PublicKey,
  };
}

/** 16 random bytes with the top bit cleared: a positive serial, unpredictable as CA/B rules ask. */
function randomSerial(): string {
  const bytes = randomBytes(16);
  bytes[0] = bytes[0]! & 0x7f;
  return bytes.toString("hex");
}

function validity(cert: forge.pki.Certificate, days: number, now: Date): void {
  cert.validity.notBefore = new Date(now.getTime() - CLOCK_SKEW_MS);
  cert.validity.notAfter = new Date(now.getTime() + days * DAY_MS);
}

export interface CaOptions {
  commonName: string;
  days: number;
  keySize: RsaKeySize;
  now?: Date;
}

export function createCa(options: CaOptions): KeyAndCertificate {
  const key = newRsaKey(options.keySize);
  const cert = forge.pki.createCertificate();
  cert.publicKey = key.forgePublic;
  cert.serialNumber = randomSerial();
  validity(cert, options.days, options.now ?? new Date());
  const subject = [{ shortName: "CN", value: options.commonName }];
  cert.setSubject(subject);
  cert.setIssuer(subject);
  cert.setExtensions([
    { name: "basicConstraints", cA: true, pathLenConstraint: 0, critical: true },
    { name: "keyUsage", keyCertSign: true, cRLSign: true, critical: true },
    { name: "subjectKeyIdentifier" },
  ]);
  cert.sign(key.forgeKey, forge.md.sha256.create());
  return { keyPem: key.keyPem, certPem: forge.pki.certificateToPem(cert) };
}

export interface LoadedCa {
  cert: forge.pki.Certificate;
  key: forge.pki.rsa.PrivateKey;
  certPem: string;
}

/** Loads an existing CA to issue more certificates under it (e.g. one per cluster member). */
export function loadCa(keyPem: string, certPem: string, where: string, now = new Date()): LoadedCa {
  let cert: forge.pki.Certificate;
  let key: forge.pki.rsa.PrivateKey;
  try {
    cert = forge.pki.certificateFromPem(certPem);
    key = forge.pki.privateKeyFromPem(keyPem);
  } catch (error) {
    throw new UserError(`CA in ${where} cannot be read as an RSA key and certificate in PEM (${error instanceof Error ? error.message : String(error)}); node-forge signs with RSA only`);
  }
  const constraints = cert.getExtension("basicConstraints") as { cA?: boolean } | null;
  if (!constraints?.cA) throw new UserError(`CA certificate in ${where} is not a CA (basicConstraints cA is not true)`);
  const publicKey = cert.publicKey as forge.pki.rsa.PublicKey;
  if (publicKey.n.compareTo(key.n) !== 0) throw new UserError(`CA key and certificate in ${where} do not belong together`);
  if (cert.validity.notAfter.getTime() <= now.getTime()) throw new UserError(`CA certificate in ${where} expired on ${cert.validity.notAfter.toISOString()}`);
  return { cert, key, certPem };
}

export interface ServerCertOptions {
  policy: SslPolicy;
  dnsNames: string[];
  ips: string[];
  days: number;
  keySize: RsaKeySize;
  ca: LoadedCa;
  now?: Date;
}

export function issueServerCertificate(options: ServerCertOptions): KeyAndCertificate {
  const now = options.now ?? new Date();
  const key = newRsaKey(options.keySize);
  const cert = forge.pki.createCertificate();
  cert.publicKey = key.forgePublic;
  cert.serialNumber = randomSerial();
  validity(cert, options.days, now);
  if (cert.validity.notAfter.getTime() > options.ca.cert.validity.notAfter.getTime()) {
    throw new UserError(
      `--days ${options.days} would outlive the CA (valid until ${options.ca.cert.validity.notAfter.toISOString()}); choose fewer days or a new CA`,
    );
  }
  cert.setSubject([{ shortName: "CN", value: options.dnsNames[0] ?? options.ips[0] ?? "neo4j" }]);
  cert.setIssuer(options.ca.cert.subject.attributes);
  const caKeyId = (options.ca.cert.generateSubjectKeyIdentifier() as forge.util.ByteStringBuffer).getBytes();
  cert.setExtensions([
    { name: "basicConstraints", cA: false, critical: true },
    { name: "keyUsage", digitalSignature: true, keyEncipherment: true, critical: true },
    // Cluster members connect to each other with the same certificate, so it must also be a client certificate.
    { name: "extKeyUsage", serverAuth: true, clientAuth: options.policy === "cluster" },
    {
      name: "subjectAltName",
      altNames: [...options.dnsNames.map((value) => ({ type: 2, value })), ...options.ips.map((ip) => ({ type: 7, ip }))],
    },
    { name: "subjectKeyIdentifier" },
    { name: "authorityKeyIdentifier", keyIdentifier: caKeyId },
  ]);
  cert.sign(options.ca.key, forge.md.sha256.create());
  return { keyPem: key.keyPem, certPem: forge.pki.certificateToPem(cert) };
}
