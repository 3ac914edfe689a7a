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
 * (pipelined) messages in one read, so state carries over between `push` calls. Received buffers are
 * queued and only joined once a whole chunk is there, so a large message arriving in many small reads
 * costs linear, not quadratic, copying.
 */
export class Dechunker {
  private queue: Buffer[] = [];
  private queued = 0;
  private current: Buffer[] = [];

  /** Feeds received bytes; returns the messages completed by them, in order. */
  push(data: Buffer): Buffer[] {
    if (data.length > 0) {
      this.queue.push(data);
      this.queued += data.length;
    }
    const done: Buffer[] = [];
    while (this.queued >= 2) {
      const size = this.peekSize();
      if (this.queued < 2 + size) break;
      this.take(2);
      if (size === 0) {
        // An empty chunk with nothing before it is a NOOP keep-alive, not an empty message.
        if (this.current.length > 0) {
          done.push(Buffer.concat(this.current));
          this.current = [];
        }
        continue;
      }
      this.current.push(this.take(size));
    }
    return done;
  }

  private peekSize(): number {
    const first = this.queue[0];
    if (first.length >= 2) return first.readUInt16BE(0);
    return (first[0] << 8) | this.queue[1][0];
  }

  /** Removes and returns the next n queued bytes (n <= queued). */
  private take(n: number): Buffer {
    const parts: Buffer[] = [];
    let need = n;
    while (need > 0) {
      const head = this.queue[0];
      if (head.length <= need) {
        parts.push(head);
        this.queue.shift();
        need -= head.length;
      } else {
        parts.push(head.subarray(0, need));
        this.queue[0] = head.subarray(need);
        need = 0;
      }
    }
    this.queued -= n;
    // Copy so a message never aliases a socket buffer that Node may reuse.
    return Buffer.from(parts.length === 1 ? parts[0] : Buffer.concat(parts));
  }
}
