import * as fs from "fs";
import * as path from "path";
import { writeFileAtomic } from "../cli/atomic-files";
import { UserError } from "../cli/errors";
import { createCa, loadCa, LoadedCa } from "./certificates";
import { KeySpec } from "./inputs";
import { PRIVATE_KEY_MODE, PUBLIC_FILE_MODE } from "./layout";

export interface CaFiles {
  keyPath: string;
  certPath: string;
}

export function caFiles(caDir: string): CaFiles {
  return { keyPath: path.join(caDir, "ca.key"), certPath: path.join(caDir, "ca.crt") };
}

/**
 * Reuses the CA in caDir when both files exist (so every server of a cluster shares one CA),
 * creates one when neither exists, and refuses a half-present CA. A reused CA keeps its own key type:
 * an RSA CA may sign EC server keys and the other way round, which X.509 and TLS allow.
 */
export async function loadOrPlanCa(
  caDir: string,
  create: { commonName: string; days: number; key: KeySpec },
): Promise<{ ca: LoadedCa; created: { keyPem: string; certPem: string } | null }> {
  const files = caFiles(caDir);
  const hasKey = fs.existsSync(files.keyPath);
  const hasCert = fs.existsSync(files.certPath);
  if (hasKey && hasCert) {
    return { ca: await loadCa(fs.readFileSync(files.keyPath, "utf8"), fs.readFileSync(files.certPath, "utf8"), caDir), created: null };
  }
  if (hasKey !== hasCert) {
    throw new UserError(`--ca-dir ${caDir} holds only ${hasKey ? "ca.key" : "ca.crt"}; it needs both ca.key and ca.crt, or neither to create a new CA`);
  }
  const created = await createCa(create);
  return { ca: await loadCa(created.keyPem, created.certPem, caDir), created };
}

export function writeCa(caDir: string, created: { keyPem: string; certPem: string }): void {
  try {
    fs.mkdirSync(caDir, { recursive: true, mode: 0o700 });
  } catch (error) {
    throw new UserError(`--ca-dir ${caDir}: folder cannot be created (${(error as NodeJS.ErrnoException).code ?? String(error)})`);
  }
  const files = caFiles(caDir);
  writeFileAtomic(files.keyPath, created.keyPem, PRIVATE_KEY_MODE, "--ca-dir");
  writeFileAtomic(files.certPath, created.certPem, PUBLIC_FILE_MODE, "--ca-dir");
}
