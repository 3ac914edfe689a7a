import { randomBytes } from "crypto";
import * as fs from "fs";
import { assertWritableTarget, backupFile, writeFileAtomic } from "../cli/atomic-files";
import { UserError } from "../cli/errors";
import { readInputFile } from "../cli/input-files";
import { AesKeySize } from "./key-size";
import { KeystoreEntry, readPkcs12Entries } from "./pkcs12-read";
import { buildSecretKeyPkcs12 } from "./pkcs12-secret-key";

export const KEYSTORE_FILE_MODE = 0o600;

export interface CreateKeystoreOptions {
  out: string;
  alias: string;
  keySize: AesKeySize;
  password: string;
  force: boolean;
  owner?: { uid: number; gid: number };
}

/**
 * Inputs are validated by the caller; this checks the target, then writes atomically at 0600. A keystore
 * being replaced (--force) is copied to <out>.bak-<timestamp> first: its key decrypts every stored alias
 * credential (reference 000, "Changing the encryption key"), so losing it loses them. Returns that backup.
 */
export function createKeystoreFile(options: CreateKeystoreOptions): { backup: string | null } {
  assertWritableTarget(options.out, "--out", options.force);
  const keystore = buildSecretKeyPkcs12({ alias: options.alias, key: randomBytes(options.keySize / 8), password: options.password });
  const backup = fs.existsSync(options.out) ? backupFile(options.out, "--out") : null;
  writeFileAtomic(options.out, keystore, KEYSTORE_FILE_MODE, "--out", options.owner);
  return { backup };
}

/** Neo4j needs a 256-bit AES key (reference 000); a keytool default (-keysize omitted) or a typo gives another size. */
export function weakAesKeyWarnings(entries: readonly KeystoreEntry[]): string[] {
  return entries
    .filter((entry) => entry.type === "secret key" && entry.algorithm.startsWith("AES") && entry.keySizeBits !== 256)
    .map((entry) => `${entry.alias ?? "(no alias)"} is an AES key of ${entry.keySizeBits ?? "?"} bits; Neo4j encrypts alias credentials with AES/GCM and needs 256 bits`);
}

export function inspectKeystoreFile(file: string, password: string): KeystoreEntry[] {
  const bytes = readInputFile(file, "keystore file", "a PKCS12 keystore (from keystore create or keytool -storetype pkcs12)");
  try {
    return readPkcs12Entries(bytes, password);
  } catch (error) {
    if (error instanceof UserError) throw new UserError(`${error.message} (keystore file ${file})`);
    throw error;
  }
}

export function formatEntries(entries: KeystoreEntry[]): string {
  if (entries.length === 0) return "no entries\n";
  const rows = entries.map((entry) => [
    entry.alias ?? "(no alias)",
    entry.type,
    entry.algorithm,
    entry.keySizeBits ? `${entry.keySizeBits} bits` : "-",
    entry.subject ?? "",
  ]);
  const header = ["ALIAS", "TYPE", "ALGORITHM", "SIZE", "SUBJECT"];
  const widths = header.map((title, column) => Math.max(title.length, ...rows.map((row) => row[column]!.length)));
  return [header, ...rows].map((row) => row.map((cell, column) => cell.padEnd(widths[column]!)).join("  ").trimEnd()).join("\n") + "\n";
}
