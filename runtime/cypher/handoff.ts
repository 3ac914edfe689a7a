/**
 * The hand-off between the two halves of one replacement of the local-exec runner's terraform_data.
 *
 * Terraform runs the old object's destroy-time provisioner and then the new object's create-time one, one
 * after the other in the same `terraform apply`. The first makes the whole change; the second would only
 * read the server again. A failure there would taint the new object, and Terraform never runs a tainted
 * object's destroy-time provisioner, so the next change would lose its ownership record. The first half
 * therefore leaves a note that the declared state is applied, and the second half, finding it, succeeds
 * without touching the server. The note is keyed by the working directory (one stack) and the state's
 * hash, lives in the temp folder, and counts only for a short while: it is a hand-off, never a record.
 */
import { createHash } from "node:crypto";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";

/** Longer than any gap between two provisioners of one apply; short enough that a stale note never counts. */
export const HANDOFF_MAX_AGE_MS = 15 * 60_000;

function notePath(stateSha: string, cwd: string): string {
  const key = createHash("sha256").update(`${path.resolve(cwd)}\0${stateSha}`).digest("hex").slice(0, 32);
  const uid = typeof process.getuid === "function" ? process.getuid() : "user";
  return path.join(os.tmpdir(), `aura-secure-cypher-${uid}`, `${key}.applied`);
}

/** Records that `stateSha` was applied by this run's replacement step. Failing to write it costs one re-read. */
export function recordHandoff(stateSha: string, cwd = process.cwd()): void {
  const file = notePath(stateSha, cwd);
  try {
    fs.mkdirSync(path.dirname(file), { recursive: true, mode: 0o700 });
    fs.writeFileSync(file, `${new Date().toISOString()}\n`, { mode: 0o600 });
  } catch {
    // Best effort: without the note the create step reads the server again.
  }
}

/** True (and the note removed) when a fresh note says `stateSha` was just applied. */
export function takeHandoff(stateSha: string, cwd = process.cwd(), now = Date.now()): boolean {
  const file = notePath(stateSha, cwd);
  let fresh = false;
  try {
    fresh = now - fs.statSync(file).mtimeMs <= HANDOFF_MAX_AGE_MS;
    fs.rmSync(file, { force: true });
  } catch {
    return false;
  }
  return fresh;
}
