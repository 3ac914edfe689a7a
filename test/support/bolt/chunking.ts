/**
 * Bolt message framing: each message is split into chunks of at most 65535 bytes, each prefixed with a
 * 2-byte big-endian length, and terminated by an empty chunk (`00 00`).
 */

const MAX_CHUNK = 0xffff;

/** Frames one encoded message. */
export function chunk(message: Buffer): Buffer {
  const parts: Buffer[] = [];
  for (let off = 0; off < message.length; off += MAX_CHUNK) {
    const body = message.subarray(off, Math.min(off + MAX_CHUNK, message.length));
    const head = Buffer.alloc(2);
    head.writeUInt16BE(body.length, 0);
    parts.push(head, body);
  }
  parts.push(Buffer.from([0, 0]));
  return Buffer.concat(parts);
}

/**
 * Reassembles messages from a byte stream. TCP may split a message across reads or deliver several
 * (pipelined) messages in one read, so state carries over between `push` calls.
 */
export class Dechunker {
  private pending: Buffer = Buffer.alloc(0);
  private current: Buffer[] = [];

  /** Feeds received bytes; returns the messages completed by them, in order. */
  push(data: Buffer): Buffer[] {
    this.pending = this.pending.length === 0 ? data : Buffer.concat([this.pending, data]);
    const done: Buffer[] = [];
    let off = 0;
    while (this.pending.length - off >= 2) {
      const size = this.pending.readUInt16BE(off);
      if (size === 0) {
        off += 2;
        // An empty chunk with nothing before it is a NOOP keep-alive, not an empty message.
        if (this.current.length > 0) {
          done.push(Buffer.concat(this.current));
          this.current = [];
        }
        continue;
      }
      if (this.pending.length - off - 2 < size) break;
      this.current.push(Buffer.from(this.pending.subarray(off + 2, off + 2 + size)));
      off += 2 + size;
    }
    this.pending = this.pending.subarray(off);
    return done;
  }
}
