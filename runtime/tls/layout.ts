import * as fs from "fs";
import * as path from "path";
import { installFolders } from "../cli/atomic-files";
import { UserError } from "../cli/errors";
import { KeyAndCertificate } from "./certificates";
import { SslPolicy } from "./inputs";

export type LayoutItem =
  | { kind: "dir"; path: string; mode: number }
  | { kind: "file"; path: string; content: string; mode: number }
  | { kind: "symlink"; path: string; target: string };

export const PRIVATE_KEY_MODE = 0o600;
export const PUBLIC_FILE_MODE = 0o644;
export const DIR_MODE = 0o755;

/** The per-policy folder Neo4j reads: private.key, public.crt, trusted/ (CA certificates), revoked/. */
export function planPolicyFolder(policy: SslPolicy, server: KeyAndCertificate, caCertPem: string): LayoutItem[] {
  return [
    { kind: "dir", path: policy, mode: DIR_MODE },
    { kind: "file", path: `${policy}/private.key`, content: server.keyPem, mode: PRIVATE_KEY_MODE },
    { kind: "file", path: `${policy}/public.crt`, content: server.certPem, mode: PUBLIC_FILE_MODE },
    { kind: "dir", path: `${policy}/trusted`, mode: DIR_MODE },
    { kind: "file", path: `${policy}/trusted/ca.crt`, content: caCertPem, mode: PUBLIC_FILE_MODE },
    { kind: "dir", path: `${policy}/revoked`, mode: DIR_MODE },
  ];
}

/**
 * Links into certbot's live/<domain> folder (reference 003): certbot swaps the files behind live/ on renewal,
 * so links keep Neo4j on the current certificate and no key is ever copied.
 */
export function planLetsEncryptFolder(policy: SslPolicy, liveDir: string): LayoutItem[] {
  const live = path.resolve(liveDir);
  return [
    { kind: "dir", path: policy, mode: DIR_MODE },
    { kind: "symlink", path: `${policy}/private.key`, target: path.join(live, "privkey.pem") },
    { kind: "symlink", path: `${policy}/public.crt`, target: path.join(live, "fullchain.pem") },
    { kind: "dir", path: `${policy}/trusted`, mode: DIR_MODE },
    { kind: "symlink", path: `${policy}/trusted/chain.pem`, target: path.join(live, "chain.pem") },
    { kind: "dir", path: `${policy}/revoked`, mode: DIR_MODE },
  ];
}

/** The nearest folder that exists on the way to `target` (itself when it exists). */
function nearestExisting(target: string): string {
  let at = path.resolve(target);
  while (!fs.existsSync(at) && path.dirname(at) !== at) at = path.dirname(at);
  return at;
}

/**
 * Checks the target before anything is written: the folder is usable (or can be made) and no policy
 * folder is in the way. Creates nothing, so a command that fails later leaves no empty folder behind.
 */
export function assertLayoutTarget(out: string, policies: readonly SslPolicy[], force: boolean): void {
  const existing = nearestExisting(out);
  if (!fs.statSync(existing).isDirectory()) throw new UserError(`--out ${out}: ${existing} is not a folder`);
  try {
    fs.accessSync(existing, fs.constants.W_OK | fs.constants.X_OK);
  } catch (error) {
    throw new UserError(`--out ${out}: folder cannot be created or written (${(error as NodeJS.ErrnoException).code ?? String(error)} on ${existing})`);
  }
  if (existing !== path.resolve(out)) return;
  for (const policy of policies) {
    const target = path.join(out, policy);
    let exists = false;
    try {
      fs.lstatSync(target);
      exists = true;
    } catch {
      exists = false;
    }
    if (exists && !force) throw new UserError(`--out ${out}: ${target} already exists; pass --force to replace it`);
  }
}

/**
 * Creates `out` when missing, builds the items in a temp folder inside it, gives them to `owner` when asked
 * (lchown: the links themselves, not certbot's files), then moves each policy folder into place. A failure
 * removes the folders this call created.
 */
export function writeLayout(out: string, policies: readonly SslPolicy[], items: readonly LayoutItem[], owner?: { uid: number; gid: number }): void {
  const firstMissing = fs.existsSync(out) ? null : (() => {
    let at = path.resolve(out);
    while (!fs.existsSync(path.dirname(at))) at = path.dirname(at);
    return at;
  })();
  try {
    fs.mkdirSync(out, { recursive: true, mode: DIR_MODE });
  } catch (error) {
    throw new UserError(`--out ${out}: folder cannot be created (${(error as NodeJS.ErrnoException).code ?? String(error)})`);
  }
  try {
    installFolders(
      out,
      (tempRoot) => {
        for (const item of items) {
          const at = path.join(tempRoot, item.path);
          if (item.kind === "dir") {
            fs.mkdirSync(at, { mode: item.mode });
            fs.chmodSync(at, item.mode);
          } else if (item.kind === "file") {
            fs.writeFileSync(at, item.content, { mode: item.mode, flag: "wx" });
            fs.chmodSync(at, item.mode);
          } else {
            fs.symlinkSync(item.target, at);
          }
          if (owner) fs.lchownSync(at, owner.uid, owner.gid);
        }
        return [...policies];
      },
      "--out",
    );
  } catch (error) {
    if (firstMissing) fs.rmSync(firstMissing, { recursive: true, force: true });
    throw error;
  }
}
