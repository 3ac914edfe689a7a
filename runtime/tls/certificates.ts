// tsyringe, which @peculiar/x509 uses internally, needs the Reflect metadata API loaded before it.
import "reflect-metadata";
import { createPrivateKey, KeyObject, randomBytes, webcrypto, X509Certificate as NodeCertificate } from "crypto";
import * as x509 from "@peculiar/x509";
import { UserError } from "../cli/errors";
import { KeySpec, MUTUAL_TLS_POLICIES, SslPolicy } from "./inputs";

/*
 * Certificates are built with @peculiar/x509 over Node's WebCrypto, for RSA and EC alike: one profile,
 * one code path. node-forge (still used for the PKCS12 keystore) can only sign RSA certificates.
 */
const crypto = webcrypto;
type CryptoKey = webcrypto.CryptoKey;

export interface KeyAndCertificate {
  /** PKCS#8 PEM ("BEGIN PRIVATE KEY"), the form Neo4j's SSL policies read for RSA and EC keys. */
  keyPem: string;
  certPem: string;
}

/** Certificates start a few minutes in the past so a server with a slightly slow clock accepts them. */
const CLOCK_SKEW_MS = 5 * 60 * 1000;
const DAY_MS = 24 * 60 * 60 * 1000;

type SigningAlgorithm = webcrypto.RsaHashedImportParams | webcrypto.EcKeyImportParams;
/** A CA's signing key and the algorithm handed to the generator (ECDSA names its hash here; an RSA key carries SHA-256 itself). */
interface Signer {
  key: CryptoKey;
  algorithm: webcrypto.Algorithm | webcrypto.EcdsaParams;
}

function generationParams(spec: KeySpec): webcrypto.RsaHashedKeyGenParams | webcrypto.EcKeyGenParams {
  return spec.type === "rsa"
    ? { name: "RSASSA-PKCS1-v1_5", modulusLength: spec.bits, publicExponent: new Uint8Array([1, 0, 1]), hash: "SHA-256" }
    : { name: "ECDSA", namedCurve: spec.curve };
}

/** ECDSA-with-SHA256 for P-256 (SHA-384 for a reused P-384 CA); RSA keys carry SHA-256 in their own parameters. */
function signingParams(params: SigningAlgorithm | webcrypto.RsaHashedKeyGenParams | webcrypto.EcKeyGenParams): webcrypto.Algorithm | webcrypto.EcdsaParams {
  if (!("namedCurve" in params)) return { name: params.name };
  return { name: "ECDSA", hash: params.namedCurve === "P-384" ? "SHA-384" : "SHA-256" };
}

async function newKeyPair(spec: KeySpec): Promise<{ keys: webcrypto.CryptoKeyPair; keyPem: string }> {
  // Extractable so the private key can be written out; it never leaves this process otherwise.
  const keys = (await crypto.subtle.generateKey(generationParams(spec), true, ["sign", "verify"])) as webcrypto.CryptoKeyPair;
  const keyPem = KeyObject.from(keys.privateKey).export({ type: "pkcs8", format: "pem" }) as string;
  return { keys, keyPem };
}

/** 16 random bytes with the top bit cleared: a positive serial, unpredictable as CA/B rules ask. */
function randomSerial(): string {
  const bytes = randomBytes(16);
  bytes[0] = bytes[0]! & 0x7f;
  return bytes.toString("hex");
}

function validity(days: number, now: Date): { notBefore: Date; notAfter: Date } {
  return { notBefore: new Date(now.getTime() - CLOCK_SKEW_MS), notAfter: new Date(now.getTime() + days * DAY_MS) };
}

/** A JSON name, not a "CN=..." string, so a common name with ',' or '=' is taken literally. */
const commonName = (value: string): x509.JsonName => [{ CN: [value] }];

export interface CaOptions {
  commonName: string;
  days: number;
  key: KeySpec;
  now?: Date;
}

export async function createCa(options: CaOptions): Promise<KeyAndCertificate> {
  const { keys, keyPem } = await newKeyPair(options.key);
  const cert = await x509.X509CertificateGenerator.createSelfSigned(
    {
      serialNumber: randomSerial(),
      name: commonName(options.commonName),
      ...validity(options.days, options.now ?? new Date()),
      keys,
      signingAlgorithm: signingParams(generationParams(options.key)),
      extensions: [
        new x509.BasicConstraintsExtension(true, 0, true),
        new x509.KeyUsagesExtension(x509.KeyUsageFlags.keyCertSign | x509.KeyUsageFlags.cRLSign, true),
        await x509.SubjectKeyIdentifierExtension.create(keys.publicKey, false, crypto),
      ],
    },
    crypto,
  );
  return { keyPem, certPem: cert.toString("pem") + "\n" };
}

export interface LoadedCa {
  cert: x509.X509Certificate;
  signer: Signer;
  certPem: string;
  /** e.g. "RSA 2048" or "EC P-256", for the command's output. */
  keyDescription: string;
}

/** The CA key types that can sign: RSA (PKCS#1 v1.5) and ECDSA on the NIST curves TLS stacks support. */
function caImportParams(key: KeyObject): { params: SigningAlgorithm; description: string } | null {
  if (key.asymmetricKeyType === "rsa") {
    return { params: { name: "RSASSA-PKCS1-v1_5", hash: "SHA-256" }, description: `RSA ${key.asymmetricKeyDetails?.modulusLength ?? "?"}` };
  }
  if (key.asymmetricKeyType === "ec") {
    const curve = { prime256v1: "P-256", secp384r1: "P-384" }[key.asymmetricKeyDetails?.namedCurve ?? ""];
    if (curve) return { params: { name: "ECDSA", namedCurve: curve }, description: `EC ${curve}` };
  }
  return null;
}

/** Loads an existing CA (RSA or EC, PEM in any of the usual key encodings) to issue more certificates under it. */
export async function loadCa(keyPem: string, certPem: string, where: string, now = new Date()): Promise<LoadedCa> {
  let cert: x509.X509Certificate;
  let key: KeyObject;
  try {
    cert = new x509.X509Certificate(certPem);
    key = createPrivateKey(keyPem);
  } catch (error) {
    throw new UserError(`CA in ${where} cannot be read as a PEM private key and certificate (${error instanceof Error ? error.message : String(error)})`);
  }
  const kind = caImportParams(key);
  if (!kind) {
    const details = key.asymmetricKeyDetails?.namedCurve ? ` ${key.asymmetricKeyDetails.namedCurve}` : "";
    throw new UserError(`CA key in ${where} is ${key.asymmetricKeyType ?? "unknown"}${details}; allowed: RSA, or EC on P-256 or P-384`);
  }
  if (!cert.getExtension(x509.BasicConstraintsExtension)?.ca) throw new UserError(`CA certificate in ${where} is not a CA (basicConstraints cA is not true)`);
  if (!new NodeCertificate(certPem).checkPrivateKey(key)) throw new UserError(`CA key and certificate in ${where} do not belong together`);
  if (cert.notAfter.getTime() <= now.getTime()) throw new UserError(`CA certificate in ${where} expired on ${cert.notAfter.toISOString()}`);
  const der = key.export({ type: "pkcs8", format: "der" });
  const signingKey = await crypto.subtle.importKey("pkcs8", der, kind.params, false, ["sign"]);
  return { cert, signer: { key: signingKey, algorithm: signingParams(kind.params) }, certPem, keyDescription: kind.description };
}

export interface ServerCertOptions {
  policy: SslPolicy;
  dnsNames: string[];
  ips: string[];
  days: number;
  key: KeySpec;
  ca: LoadedCa;
  now?: Date;
}

export async function issueServerCertificate(options: ServerCertOptions): Promise<KeyAndCertificate> {
  const { ca } = options;
  const dates = validity(options.days, options.now ?? new Date());
  if (dates.notAfter.getTime() > ca.cert.notAfter.getTime()) {
    throw new UserError(`--days ${options.days} would outlive the CA (valid until ${ca.cert.notAfter.toISOString()}); choose fewer days or a new CA`);
  }
  const { keys, keyPem } = await newKeyPair(options.key);
  // keyEncipherment is for RSA key transport only; an EC key cannot encipher, and strict clients reject it on EC.
  const usages = x509.KeyUsageFlags.digitalSignature | (options.key.type === "rsa" ? x509.KeyUsageFlags.keyEncipherment : 0);
  // Cluster members (and backup clients) connect with the same certificate, so it must also be a client certificate.
  const extendedUsages = MUTUAL_TLS_POLICIES.has(options.policy) ? [x509.ExtendedKeyUsage.serverAuth, x509.ExtendedKeyUsage.clientAuth] : [x509.ExtendedKeyUsage.serverAuth];
  // The AKI repeats the CA's own SKI when it has one, so chain building matches whatever the CA declares.
  const caKeyId = ca.cert.getExtension(x509.SubjectKeyIdentifierExtension)?.keyId;
  const cert = await x509.X509CertificateGenerator.create(
    {
      serialNumber: randomSerial(),
      subject: commonName(options.dnsNames[0] ?? options.ips[0] ?? "neo4j"),
      issuer: ca.cert.subjectName,
      ...dates,
      publicKey: keys.publicKey,
      signingKey: ca.signer.key,
      signingAlgorithm: ca.signer.algorithm,
      extensions: [
        new x509.BasicConstraintsExtension(false, undefined, true),
        new x509.KeyUsagesExtension(usages, true),
        new x509.ExtendedKeyUsageExtension(extendedUsages),
        new x509.SubjectAlternativeNameExtension([
          ...options.dnsNames.map((value) => ({ type: "dns" as const, value })),
          ...options.ips.map((value) => ({ type: "ip" as const, value })),
        ]),
        await x509.SubjectKeyIdentifierExtension.create(keys.publicKey, false, crypto),
        caKeyId ? new x509.AuthorityKeyIdentifierExtension(caKeyId) : await x509.AuthorityKeyIdentifierExtension.create(ca.cert.publicKey, false, crypto),
      ],
    },
    crypto,
  );
  return { keyPem, certPem: cert.toString("pem") + "\n" };
}
