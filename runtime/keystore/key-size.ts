import { UserError } from "../cli/errors";

/** Neo4j encrypts stored alias credentials with AES/GCM and asks for a 256-bit key (reference 000). */
export const ALLOWED_AES_KEY_SIZES = [256] as const;
export type AesKeySize = (typeof ALLOWED_AES_KEY_SIZES)[number];

export function parseAesKeySize(raw: string, input = "--key-size"): AesKeySize {
  const allowed = ALLOWED_AES_KEY_SIZES.join(", ");
  if (!/^\d+$/.test(raw)) {
    throw new UserError(`${input} ${JSON.stringify(raw)} is not a number; allowed: ${allowed} (bits)`);
  }
  const bits = Number(raw);
  const match = ALLOWED_AES_KEY_SIZES.find((size) => size === bits);
  if (match === undefined) {
    throw new UserError(`${input} ${bits} is not allowed; allowed: ${allowed} (Neo4j needs an AES-256 key for alias credentials)`);
  }
  return match;
}
