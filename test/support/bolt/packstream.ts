/**
 * PackStream v1, the value encoding of Bolt (server side of the test server).
 *
 * Decoding maps ints to `number` when they fit in a safe integer and to `bigint` otherwise; floats to
 * `number`. Encoding maps safe-integer numbers and bigints to ints and other numbers to floats; wrap a
 * value in `PackFloat` to force a float (`1.0`). neo4j-driver `Integer` objects are encoded as ints so a
 * query handler may return what the driver itself would produce.
 */

/** A PackStream structure (node, duration, Bolt message...) that has no dedicated JS type here. */
export class Structure {
  constructor(
    readonly signature: number,
    readonly fields: unknown[],
  ) {}
}

/** Forces float encoding of an integral number. */
export class PackFloat {
  constructor(readonly value: number) {}
}

const INT64_MIN = -(2n ** 63n);
const INT64_MAX = 2n ** 63n - 1n;

/** neo4j-driver's Integer, recognised by shape so this module does not depend on the driver. */
interface DriverInteger {
  low: number;
  high: number;
  toBigInt(): bigint;
}
function isDriverInteger(x: unknown): x is DriverInteger {
  return (
    typeof x === "object" &&
    x !== null &&
    typeof (x as DriverInteger).low === "number" &&
    typeof (x as DriverInteger).high === "number" &&
    typeof (x as DriverInteger).toBigInt === "function"
  );
}

export class PackStreamError extends Error {}

class Writer {
  private buf = Buffer.alloc(256);
  private len = 0;

  private ensure(n: number): void {
    if (this.len + n <= this.buf.length) return;
    let size = this.buf.length * 2;
    while (size < this.len + n) size *= 2;
    const next = Buffer.alloc(size);
    this.buf.copy(next, 0, 0, this.len);
    this.buf = next;
  }
  u8(v: number): void {
    this.ensure(1);
    this.buf.writeUInt8(v, this.len);
    this.len += 1;
  }
  i8(v: number): void {
    this.ensure(1);
    this.buf.writeInt8(v, this.len);
    this.len += 1;
  }
  u16(v: number): void {
    this.ensure(2);
    this.buf.writeUInt16BE(v, this.len);
    this.len += 2;
  }
  i16(v: number): void {
    this.ensure(2);
    this.buf.writeInt16BE(v, this.len);
    this.len += 2;
  }
  u32(v: number): void {
    this.ensure(4);
    this.buf.writeUInt32BE(v, this.len);
    this.len += 4;
  }
  i32(v: number): void {
    this.ensure(4);
    this.buf.writeInt32BE(v, this.len);
    this.len += 4;
  }
  i64(v: bigint): void {
    this.ensure(8);
    this.buf.writeBigInt64BE(v, this.len);
    this.len += 8;
  }
  f64(v: number): void {
    this.ensure(8);
    this.buf.writeDoubleBE(v, this.len);
    this.len += 8;
  }
  bytes(b: Uint8Array): void {
    this.ensure(b.length);
    this.buf.set(b, this.len);
    this.len += b.length;
  }
  result(): Buffer {
    return Buffer.from(this.buf.subarray(0, this.len));
  }
}

function writeSize(w: Writer, size: number, tiny: number, m8: number | null, m16: number, m32: number): void {
  if (size < 0x10) w.u8(tiny + size);
  else if (m8 !== null && size <= 0xff) {
    w.u8(m8);
    w.u8(size);
  } else if (size <= 0xffff) {
    w.u8(m16);
    w.u16(size);
  } else if (size <= 0xffffffff) {
    w.u8(m32);
    w.u32(size);
  } else throw new PackStreamError(`size ${size} too large`);
}

function writeInt(w: Writer, v: bigint): void {
  if (v < INT64_MIN || v > INT64_MAX) throw new PackStreamError(`integer ${v} outside int64`);
  if (v >= -16n && v <= 127n) w.i8(Number(v));
  else if (v >= -128n && v <= 127n) {
    w.u8(0xc8);
    w.i8(Number(v));
  } else if (v >= -32768n && v <= 32767n) {
    w.u8(0xc9);
    w.i16(Number(v));
  } else if (v >= -2147483648n && v <= 2147483647n) {
    w.u8(0xca);
    w.i32(Number(v));
  } else {
    w.u8(0xcb);
    w.i64(v);
  }
}

function writeValue(w: Writer, x: unknown): void {
  if (x === null || x === undefined) w.u8(0xc0);
  else if (x === true) w.u8(0xc3);
  else if (x === false) w.u8(0xc2);
  else if (typeof x === "number") {
    if (Number.isSafeInteger(x) && !Object.is(x, -0)) writeInt(w, BigInt(x));
    else {
      w.u8(0xc1);
      w.f64(x);
    }
  } else if (typeof x === "bigint") writeInt(w, x);
  else if (x instanceof PackFloat) {
    w.u8(0xc1);
    w.f64(x.value);
  } else if (typeof x === "string") {
    const b = Buffer.from(x, "utf8");
    writeSize(w, b.length, 0x80, 0xd0, 0xd1, 0xd2);
    w.bytes(b);
  } else if (x instanceof Uint8Array) {
    // Bytes have no tiny form.
    if (x.length <= 0xff) {
      w.u8(0xcc);
      w.u8(x.length);
    } else if (x.length <= 0xffff) {
      w.u8(0xcd);
      w.u16(x.length);
    } else {
      w.u8(0xce);
      w.u32(x.length);
    }
    w.bytes(x);
  } else if (Array.isArray(x)) {
    writeSize(w, x.length, 0x90, 0xd4, 0xd5, 0xd6);
    for (const item of x) writeValue(w, item);
  } else if (x instanceof Structure) {
    if (x.fields.length > 15) throw new PackStreamError("structures hold at most 15 fields");
    w.u8(0xb0 + x.fields.length);
    w.u8(x.signature);
    for (const f of x.fields) writeValue(w, f);
  } else if (isDriverInteger(x)) writeInt(w, x.toBigInt());
  else if (x instanceof Map) {
    writeSize(w, x.size, 0xa0, 0xd8, 0xd9, 0xda);
    for (const [k, v] of x) {
      if (typeof k !== "string") throw new PackStreamError("map keys must be strings");
      writeValue(w, k);
      writeValue(w, v);
    }
  } else if (typeof x === "object") {
    const entries = Object.entries(x as Record<string, unknown>);
    writeSize(w, entries.length, 0xa0, 0xd8, 0xd9, 0xda);
    for (const [k, v] of entries) {
      writeValue(w, k);
      writeValue(w, v);
    }
  } else throw new PackStreamError(`cannot pack ${typeof x}`);
}

/** Encodes one value. */
export function pack(value: unknown): Buffer {
  const w = new Writer();
  writeValue(w, value);
  return w.result();
}

class Reader {
  pos = 0;
  constructor(private readonly buf: Buffer) {}
  need(n: number): void {
    if (this.pos + n > this.buf.length) throw new PackStreamError("unexpected end of PackStream data");
  }
  u8(): number {
    this.need(1);
    return this.buf.readUInt8(this.pos++);
  }
  i8(): number {
    this.need(1);
    return this.buf.readInt8(this.pos++);
  }
  u16(): number {
    this.need(2);
    const v = this.buf.readUInt16BE(this.pos);
    this.pos += 2;
    return v;
  }
  i16(): number {
    this.need(2);
    const v = this.buf.readInt16BE(this.pos);
    this.pos += 2;
    return v;
  }
  u32(): number {
    this.need(4);
    const v = this.buf.readUInt32BE(this.pos);
    this.pos += 4;
    return v;
  }
  i32(): number {
    this.need(4);
    const v = this.buf.readInt32BE(this.pos);
    this.pos += 4;
    return v;
  }
  i64(): bigint {
    this.need(8);
    const v = this.buf.readBigInt64BE(this.pos);
    this.pos += 8;
    return v;
  }
  f64(): number {
    this.need(8);
    const v = this.buf.readDoubleBE(this.pos);
    this.pos += 8;
    return v;
  }
  slice(n: number): Buffer {
    this.need(n);
    const b = this.buf.subarray(this.pos, this.pos + n);
    this.pos += n;
    return b;
  }
  get done(): boolean {
    return this.pos >= this.buf.length;
  }
}

function readString(r: Reader, n: number): string {
  return r.slice(n).toString("utf8");
}
function readList(r: Reader, n: number): unknown[] {
  const out: unknown[] = [];
  for (let i = 0; i < n; i++) out.push(readValue(r));
  return out;
}
function readMap(r: Reader, n: number): Record<string, unknown> {
  // A null-prototype object keeps keys such as "__proto__" as plain data.
  const out: Record<string, unknown> = Object.create(null) as Record<string, unknown>;
  for (let i = 0; i < n; i++) {
    const k = readValue(r);
    if (typeof k !== "string") throw new PackStreamError("map key is not a string");
    out[k] = readValue(r);
  }
  return out;
}
function int64ToJs(v: bigint): number | bigint {
  return v >= BigInt(Number.MIN_SAFE_INTEGER) && v <= BigInt(Number.MAX_SAFE_INTEGER) ? Number(v) : v;
}

function readValue(r: Reader): unknown {
  const m = r.u8();
  if (m <= 0x7f) return m; // tiny positive int
  if (m >= 0xf0) return m - 0x100; // tiny negative int
  const hi = m & 0xf0;
  const lo = m & 0x0f;
  if (hi === 0x80) return readString(r, lo);
  if (hi === 0x90) return readList(r, lo);
  if (hi === 0xa0) return readMap(r, lo);
  if (hi === 0xb0) {
    const sig = r.u8();
    return new Structure(sig, readList(r, lo));
  }
  switch (m) {
    case 0xc0:
      return null;
    case 0xc1:
      return r.f64();
    case 0xc2:
      return false;
    case 0xc3:
      return true;
    case 0xc8:
      return r.i8();
    case 0xc9:
      return r.i16();
    case 0xca:
      return r.i32();
    case 0xcb:
      return int64ToJs(r.i64());
    case 0xcc:
      return Buffer.from(r.slice(r.u8()));
    case 0xcd:
      return Buffer.from(r.slice(r.u16()));
    case 0xce:
      return Buffer.from(r.slice(r.u32()));
    case 0xd0:
      return readString(r, r.u8());
    case 0xd1:
      return readString(r, r.u16());
    case 0xd2:
      return readString(r, r.u32());
    case 0xd4:
      return readList(r, r.u8());
    case 0xd5:
      return readList(r, r.u16());
    case 0xd6:
      return readList(r, r.u32());
    case 0xd8:
      return readMap(r, r.u8());
    case 0xd9:
      return readMap(r, r.u16());
    case 0xda:
      return readMap(r, r.u32());
    default:
      throw new PackStreamError(`unknown PackStream marker 0x${m.toString(16)}`);
  }
}

/** Decodes exactly one value; trailing bytes are an error (a Bolt message is one structure). */
export function unpack(buf: Buffer): unknown {
  const r = new Reader(buf);
  const v = readValue(r);
  if (!r.done) throw new PackStreamError(`${buf.length - r.pos} trailing bytes after PackStream value`);
  return v;
}
