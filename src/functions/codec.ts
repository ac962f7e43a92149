/**
 * The wire codec of kiln's function server: RunFunctionRequest decoding and RunFunctionResponse
 * encoding, producing and consuming exactly the objects of the SDK's generated (ts-proto) code.
 *
 * Why not the SDK's codec: a RunFunctionRequest is mostly `google.protobuf.Struct` (every
 * resource is one), and the generated code builds an intermediate message object per Struct,
 * map entry and Value, then unwraps it; encoding wraps every JSON value in a Value object and
 * forks a writer per nested message. On the gateway's steady-state request that was most of the
 * server's own CPU per call. This codec reads and writes JSON values directly.
 *
 * Equivalence with the SDK is a tested property (test/functions/codec.test.ts): for any message
 * the SDK encodes, `decodeRunFunctionRequest` returns what `RunFunctionRequest.decode` returns,
 * and `encodeRunFunctionResponse` returns the bytes `RunFunctionResponse.encode` writes. One
 * deliberate difference: a Struct key `__proto__` stays an own data property (the generated
 * code's plain assignment would set the object's prototype instead).
 */
import type {
  Credentials,
  Resource,
  Resources,
  RunFunctionRequest,
  RunFunctionResponse,
  Schema,
  State,
} from "@crossplane-org/function-sdk-typescript";

type RequestMeta = NonNullable<RunFunctionRequest["meta"]>;

// ---------------------------------------------------------------------------------------------
// Decoding. Module-level state: decoding is synchronous and never re-entered.

let rb: Uint8Array = new Uint8Array(0);
/** The same bytes as a Buffer, for its native latin1 decoding. */
let rbuf: Buffer = Buffer.alloc(0);
let rview: DataView = new DataView(rb.buffer);
let rpos = 0;
let depth = 0;
const utf8 = new TextDecoder("utf-8", { ignoreBOM: true });
/** As the generated code: nesting deeper than this many messages is refused. */
const MAX_DEPTH = 100;

/** Decodes a RunFunctionRequest; throws on malformed input, as the SDK's decoder does. */
export function decodeRunFunctionRequest(bytes: Uint8Array): RunFunctionRequest {
  rb = bytes;
  rbuf = Buffer.isBuffer(bytes) ? bytes : Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  rview = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  rpos = 0;
  depth = 0;
  try {
    const req = request(bytes.length);
    if (rpos > bytes.length) throw new RangeError("premature EOF");
    return req;
  } finally {
    rb = EMPTY;
    rbuf = EMPTY_BUF;
    rview = EMPTY_VIEW;
  }
}
const EMPTY = new Uint8Array(0);
const EMPTY_VIEW = new DataView(EMPTY.buffer);
const EMPTY_BUF = Buffer.alloc(0);

function enter(): void {
  if (depth >= MAX_DEPTH) throw new Error("protobuf decode recursion limit exceeded");
  depth++;
}

function u32(): number {
  let b = rb[rpos++]!;
  let r = b & 0x7f;
  if (b < 0x80) return r;
  b = rb[rpos++]!;
  r |= (b & 0x7f) << 7;
  if (b < 0x80) return r;
  b = rb[rpos++]!;
  r |= (b & 0x7f) << 14;
  if (b < 0x80) return r;
  b = rb[rpos++]!;
  r |= (b & 0x7f) << 21;
  if (b < 0x80) return r;
  b = rb[rpos++]!;
  r |= (b & 0x0f) << 28;
  // A 64-bit varint's upper bytes do not change the low 32 bits.
  for (let i = 5; b >= 0x80 && i < 10; i++) b = rb[rpos++]!;
  if (b >= 0x80) throw new Error("invalid varint");
  return r >>> 0;
}

/** End offset of a length-delimited field whose length is read now. */
function lenEnd(): number {
  const len = u32();
  const end = rpos + len;
  if (end > rb.length) throw new RangeError("premature EOF");
  return end;
}

/**
 * Strings of up to this many bytes go through a small intern table. Crossplane re-sends the
 * same keys and mostly the same values on every call, so a hit (hash and compare the bytes)
 * replaces a string allocation, several times cheaper and less garbage.
 */
const INTERN_MAX = 64;
const INTERN_SLOTS = 4096;
const interned: string[] = new Array<string>(INTERN_SLOTS).fill("");

function str(): string {
  const end = lenEnd();
  const start = rpos;
  rpos = end;
  const n = end - start;
  if (n > INTERN_MAX) return utf8.decode(rb.subarray(start, end));
  let h = n;
  for (let i = start; i < end; i++) {
    const c = rb[i]!;
    if (c > 0x7f) return utf8.decode(rb.subarray(start, end));
    h = (Math.imul(h, 31) + c) | 0;
  }
  const slot = (h ^ (h >>> 12)) & (INTERN_SLOTS - 1);
  const hit = interned[slot]!;
  if (hit.length === n) {
    let i = 0;
    while (i < n && hit.charCodeAt(i) === rb[start + i]) i++;
    if (i === n) return hit;
  }
  const s = rbuf.toString("latin1", start, end);
  interned[slot] = s;
  return s;
}

function bytesField(): Buffer {
  const end = lenEnd();
  const b = Buffer.from(rb.subarray(rpos, end));
  rpos = end;
  return b;
}

function skip(wireType: number): void {
  switch (wireType) {
    case 0:
      while (rb[rpos++]! & 0x80) {}
      break;
    case 1:
      rpos += 8;
      break;
    case 2:
      rpos = lenEnd();
      break;
    case 3:
      for (;;) {
        const t = u32();
        if ((t & 7) === 4) break;
        skip(t & 7);
      }
      break;
    case 5:
      rpos += 4;
      break;
    default:
      throw new Error(`cant skip wire type ${wireType}`);
  }
  if (rpos > rb.length) throw new RangeError("premature EOF");
}

/** True when the generated code would stop reading this message at `tag`. */
function stops(tag: number): boolean {
  return (tag & 7) === 4 || tag === 0;
}

/** Sets a key as an own data property even when it is `__proto__`. */
function put(o: Record<string, unknown>, k: string, v: unknown): void {
  if (k === "__proto__")
    Object.defineProperty(o, k, { value: v, enumerable: true, configurable: true, writable: true });
  else o[k] = v;
}

function struct(end: number): Record<string, unknown> {
  enter();
  const o: Record<string, unknown> = {};
  while (rpos < end) {
    const tag = u32();
    if (tag === 10) {
      const e = lenEnd();
      enter();
      let key = "";
      let val: unknown;
      while (rpos < e) {
        const t = u32();
        if (t === 10) key = str();
        else if (t === 18) val = value(lenEnd());
        else if (stops(t)) break;
        else skip(t & 7);
      }
      depth--;
      if (val !== undefined) put(o, key, val);
    } else if (stops(tag)) break;
    else skip(tag & 7);
  }
  depth--;
  return o;
}

function list(end: number): unknown[] {
  enter();
  const a: unknown[] = [];
  while (rpos < end) {
    const tag = u32();
    if (tag === 10) a.push(value(lenEnd()));
    else if (stops(tag)) break;
    else skip(tag & 7);
  }
  depth--;
  return a;
}

/** A google.protobuf.Value as the generated `Value.unwrap` returns it (a oneof; first kind set wins in its order). */
function value(end: number): unknown {
  enter();
  let nul: boolean | undefined;
  let num: number | undefined;
  let s: string | undefined;
  let bool: boolean | undefined;
  let obj: Record<string, unknown> | undefined;
  let arr: unknown[] | undefined;
  while (rpos < end) {
    const tag = u32();
    switch (tag) {
      case 26:
        s = str();
        continue;
      case 17:
        num = rview.getFloat64(rpos, true);
        rpos += 8;
        continue;
      case 42:
        obj = struct(lenEnd());
        continue;
      case 32: {
        const b = rb[rpos]!;
        if (b < 0x80) {
          rpos++;
          bool = b !== 0;
        } else bool = varintNonZero();
        continue;
      }
      case 50:
        arr = list(lenEnd());
        continue;
      case 8:
        u32();
        nul = true;
        continue;
    }
    if (stops(tag)) break;
    skip(tag & 7);
  }
  depth--;
  if (s !== undefined) return s;
  if (num !== undefined) return num;
  if (bool !== undefined) return bool;
  if (obj !== undefined) return obj;
  if (arr !== undefined) return arr;
  if (nul !== undefined) return null;
  return undefined;
}

function varintNonZero(): boolean {
  let nz = false;
  for (let i = 0; i < 10; i++) {
    const b = rb[rpos++]!;
    if (b & 0x7f) nz = true;
    if (b < 0x80) return nz;
  }
  throw new Error("invalid varint");
}

function request(end: number): RunFunctionRequest {
  enter();
  const m: RunFunctionRequest = {
    meta: undefined,
    observed: undefined,
    desired: undefined,
    input: undefined,
    context: undefined,
    extraResources: {},
    credentials: {},
    requiredResources: {},
    requiredSchemas: {},
  };
  while (rpos < end) {
    const tag = u32();
    switch (tag) {
      case 10:
        m.meta = requestMeta(lenEnd());
        continue;
      case 18:
        m.observed = state(lenEnd());
        continue;
      case 26:
        m.desired = state(lenEnd());
        continue;
      case 34:
        m.input = struct(lenEnd());
        continue;
      case 42:
        m.context = struct(lenEnd());
        continue;
      case 50:
        messageEntry(m.extraResources, resources);
        continue;
      case 58:
        messageEntry(m.credentials, credentials);
        continue;
      case 66:
        messageEntry(m.requiredResources, resources);
        continue;
      case 74:
        messageEntry(m.requiredSchemas, schema);
        continue;
    }
    if (stops(tag)) break;
    skip(tag & 7);
  }
  depth--;
  return m;
}

/** A map entry whose value is a message; an entry without a value is dropped, as generated code does. */
function messageEntry<T>(into: Record<string, T>, decode: (end: number) => T): void {
  const e = lenEnd();
  enter();
  let key = "";
  let val: T | undefined;
  while (rpos < e) {
    const t = u32();
    if (t === 10) key = str();
    else if (t === 18) val = decode(lenEnd());
    else if (stops(t)) break;
    else skip(t & 7);
  }
  depth--;
  if (val !== undefined) put(into as Record<string, unknown>, key, val);
}

function bytesEntry(into: Record<string, Buffer>): void {
  const e = lenEnd();
  enter();
  let key = "";
  let val: Buffer = Buffer.alloc(0);
  while (rpos < e) {
    const t = u32();
    if (t === 10) key = str();
    else if (t === 18) val = bytesField();
    else if (stops(t)) break;
    else skip(t & 7);
  }
  depth--;
  put(into, key, val);
}

function requestMeta(end: number): RequestMeta {
  enter();
  const m: RequestMeta = { tag: "", capabilities: [] };
  while (rpos < end) {
    const tag = u32();
    if (tag === 10) m.tag = str();
    else if (tag === 16) m.capabilities.push(u32() | 0);
    else if (tag === 18) {
      const e = u32() + rpos;
      while (rpos < e) m.capabilities.push(u32() | 0);
    } else if (stops(tag)) break;
    else skip(tag & 7);
  }
  depth--;
  return m;
}

function state(end: number): State {
  enter();
  const m: State = { composite: undefined, resources: {} };
  while (rpos < end) {
    const tag = u32();
    if (tag === 10) m.composite = resource(lenEnd());
    else if (tag === 18) messageEntry(m.resources, resource);
    else if (stops(tag)) break;
    else skip(tag & 7);
  }
  depth--;
  return m;
}

function resource(end: number): Resource {
  enter();
  const m: Resource = { resource: undefined, connectionDetails: {}, ready: 0 };
  while (rpos < end) {
    const tag = u32();
    if (tag === 10) m.resource = struct(lenEnd());
    else if (tag === 18) bytesEntry(m.connectionDetails);
    else if (tag === 24) m.ready = u32() | 0;
    else if (stops(tag)) break;
    else skip(tag & 7);
  }
  depth--;
  return m;
}

function resources(end: number): Resources {
  enter();
  const m: Resources = { items: [] };
  while (rpos < end) {
    const tag = u32();
    if (tag === 10) m.items.push(resource(lenEnd()));
    else if (stops(tag)) break;
    else skip(tag & 7);
  }
  depth--;
  return m;
}

function credentials(end: number): Credentials {
  enter();
  const m: Credentials = { credentialData: undefined };
  while (rpos < end) {
    const tag = u32();
    if (tag === 10) {
      const e = lenEnd();
      enter();
      const data: Record<string, Buffer> = {};
      while (rpos < e) {
        const t = u32();
        if (t === 10) bytesEntry(data);
        else if (stops(t)) break;
        else skip(t & 7);
      }
      depth--;
      m.credentialData = { data };
    } else if (stops(tag)) break;
    else skip(tag & 7);
  }
  depth--;
  return m;
}

function schema(end: number): Schema {
  enter();
  const m: Schema = { openapiV3: undefined };
  while (rpos < end) {
    const tag = u32();
    if (tag === 10) m.openapiV3 = struct(lenEnd());
    else if (stops(tag)) break;
    else skip(tag & 7);
  }
  depth--;
  return m;
}

// ---------------------------------------------------------------------------------------------
// Encoding: one pass into a reused buffer. A nested message reserves one length byte and is
// moved right in the rare case its body needs a longer length varint.

let wb: Buffer = Buffer.allocUnsafe(64 * 1024);
let wpos = 0;
const utf8Enc = new TextEncoder();
/** Scratch buffers above this size are dropped after use so a rare huge response does not pin memory. */
const KEEP_BYTES = 1024 * 1024;

/** Encodes a RunFunctionResponse to the bytes the SDK's `RunFunctionResponse.encode` writes. */
export function encodeRunFunctionResponse(rsp: RunFunctionResponse): Buffer {
  wpos = 0;
  try {
    response(rsp);
    const out = Buffer.allocUnsafe(wpos);
    wb.copy(out, 0, 0, wpos);
    return out;
  } finally {
    if (wb.length > KEEP_BYTES) wb = Buffer.allocUnsafe(64 * 1024);
  }
}

function ensure(n: number): void {
  if (wpos + n <= wb.length) return;
  let size = wb.length * 2;
  while (size < wpos + n) size *= 2;
  const next = Buffer.allocUnsafe(size);
  wb.copy(next, 0, 0, wpos);
  wb = next;
}

function varint(v: number): void {
  ensure(10);
  while (v > 0x7f) {
    wb[wpos++] = (v & 0x7f) | 0x80;
    v = v > 0xffffffff ? Math.floor(v / 128) : v >>> 7;
  }
  wb[wpos++] = v;
}

/** int32 and enums: negative values are sign-extended to ten bytes, as protobuf requires. */
function int32(v: number): void {
  // As the SDK's writer: a field that is not a 32-bit integer (e.g. an unset enum) is an error.
  if (!Number.isInteger(v) || v > 0x7fffffff || v < -0x80000000) throw new Error(`invalid int32: ${v}`);
  if (v >= 0) {
    varint(v);
    return;
  }
  ensure(10);
  let lo = v >>> 0;
  for (let i = 0; i < 4; i++) {
    wb[wpos++] = (lo & 0x7f) | 0x80;
    lo >>>= 7;
  }
  // Bits 28–31 of the low word, then the high word's ones.
  wb[wpos++] = (lo & 0x0f) | 0x70 | 0x80;
  for (let i = 0; i < 4; i++) wb[wpos++] = 0xff;
  wb[wpos++] = 0x01;
}

function int64(v: number): void {
  if (v >= 0 && Number.isSafeInteger(v)) {
    varint(v);
    return;
  }
  let x = BigInt.asUintN(64, BigInt(Math.trunc(v)));
  ensure(10);
  while (x > 0x7fn) {
    wb[wpos++] = Number(x & 0x7fn) | 0x80;
    x >>= 7n;
  }
  wb[wpos++] = Number(x);
}

function tag(t: number): void {
  ensure(1);
  wb[wpos++] = t;
}

function string(s: string): void {
  const n = s.length;
  if (n <= 64) {
    ensure(n + 1);
    const at = wpos;
    let p = at + 1;
    for (let i = 0; i < n; i++) {
      const c = s.charCodeAt(i);
      if (c > 0x7f) {
        utf8String(s);
        return;
      }
      wb[p++] = c;
    }
    wb[at] = n;
    wpos = p;
    return;
  }
  utf8String(s);
}

function utf8String(s: string): void {
  ensure(s.length * 3 + 5);
  const at = open();
  wpos += utf8Enc.encodeInto(s, wb.subarray(wpos)).written;
  close(at);
}

function bytes(b: Uint8Array): void {
  varint(b.length);
  ensure(b.length);
  wb.set(b, wpos);
  wpos += b.length;
}

/** Reserves one byte for the length of the message that follows; returns where it is. */
function open(): number {
  ensure(1);
  return wpos++;
}

function close(at: number): void {
  const len = wpos - at - 1;
  if (len < 0x80) {
    wb[at] = len;
    return;
  }
  let extra = 1;
  for (let l = len >>> 14; l > 0; l >>>= 7) extra++;
  ensure(extra);
  wb.copyWithin(at + 1 + extra, at + 1, wpos);
  wpos += extra;
  let v = len;
  let p = at;
  while (v > 0x7f) {
    wb[p++] = (v & 0x7f) | 0x80;
    v >>>= 7;
  }
  wb[p] = v;
}

function structBody(o: Record<string, unknown>): void {
  for (const k of Object.keys(o)) {
    const v = o[k];
    if (v === undefined) continue;
    tag(10);
    const e = open();
    if (k !== "") {
      tag(10);
      string(k);
    }
    tag(18);
    const ve = open();
    valueBody(v);
    close(ve);
    close(e);
  }
}

/** A JSON value as the generated `Value.wrap` + `Value.encode` write it. */
function valueBody(v: unknown): void {
  if (v === null) {
    ensure(2);
    wb[wpos++] = 8;
    wb[wpos++] = 0;
    return;
  }
  switch (typeof v) {
    case "string":
      tag(26);
      string(v);
      return;
    case "number":
      ensure(9);
      wb[wpos++] = 17;
      wb.writeDoubleLE(v, wpos);
      wpos += 8;
      return;
    case "boolean":
      ensure(2);
      wb[wpos++] = 32;
      wb[wpos++] = v ? 1 : 0;
      return;
    case "object": {
      if (Array.isArray(v)) {
        tag(50);
        const e = open();
        for (const x of v) {
          tag(10);
          const xe = open();
          valueBody(x);
          close(xe);
        }
        close(e);
      } else {
        tag(42);
        const e = open();
        structBody(v as Record<string, unknown>);
        close(e);
      }
      return;
    }
    case "undefined":
      return;
    default:
      throw new Error(`Unsupported any value type: ${typeof v}`);
  }
}

function structField(t: number, o: Record<string, unknown>): void {
  tag(t);
  const e = open();
  structBody(o);
  close(e);
}

function resourceBody(r: Resource): void {
  if (r.resource !== undefined) structField(10, r.resource);
  for (const [k, v] of Object.entries(r.connectionDetails)) {
    tag(18);
    const e = open();
    if (k !== "") {
      tag(10);
      string(k);
    }
    if (v.length !== 0) {
      tag(18);
      bytes(v);
    }
    close(e);
  }
  if (r.ready !== 0) {
    tag(24);
    int32(r.ready);
  }
}

function stateBody(s: State): void {
  if (s.composite !== undefined) {
    tag(10);
    const e = open();
    resourceBody(s.composite);
    close(e);
  }
  for (const [k, v] of Object.entries(s.resources)) {
    tag(18);
    const e = open();
    if (k !== "") {
      tag(10);
      string(k);
    }
    if (v !== undefined) {
      tag(18);
      const ve = open();
      resourceBody(v);
      close(ve);
    }
    close(e);
  }
}

/** A map<string, M> field: each entry is a message with the key (1) and the value (2). */
function mapField<V>(t: number, map: Record<string, V>, body: (v: V) => void): void {
  for (const [k, v] of Object.entries(map)) {
    tag(t);
    const e = open();
    if (k !== "") {
      tag(10);
      string(k);
    }
    if (v !== undefined) {
      tag(18);
      const ve = open();
      body(v);
      close(ve);
    }
    close(e);
  }
}

function response(m: RunFunctionResponse): void {
  if (m.meta !== undefined) {
    tag(10);
    const e = open();
    if (m.meta.tag !== "") {
      tag(10);
      string(m.meta.tag);
    }
    const ttl = m.meta.ttl;
    if (ttl !== undefined) {
      tag(18);
      const te = open();
      if (ttl.seconds !== 0) {
        tag(8);
        int64(ttl.seconds);
      }
      if (ttl.nanos !== 0) {
        tag(16);
        int32(ttl.nanos);
      }
      close(te);
    }
    close(e);
  }
  if (m.desired !== undefined) {
    tag(18);
    const e = open();
    stateBody(m.desired);
    close(e);
  }
  for (const r of m.results) {
    tag(26);
    const e = open();
    if (r.severity !== 0) {
      tag(8);
      int32(r.severity);
    }
    if (r.message !== "") {
      tag(18);
      string(r.message);
    }
    if (r.reason !== undefined) {
      tag(26);
      string(r.reason);
    }
    if (r.target !== undefined) {
      tag(32);
      int32(r.target);
    }
    close(e);
  }
  if (m.context !== undefined) structField(34, m.context);
  if (m.requirements !== undefined) {
    const q = m.requirements;
    tag(42);
    const e = open();
    mapField(10, q.extraResources, selector);
    mapField(18, q.resources, selector);
    mapField(26, q.schemas, (s) => {
      if (s.apiVersion !== "") {
        tag(10);
        string(s.apiVersion);
      }
      if (s.kind !== "") {
        tag(18);
        string(s.kind);
      }
    });
    close(e);
  }
  for (const c of m.conditions) {
    tag(50);
    const e = open();
    if (c.type !== "") {
      tag(10);
      string(c.type);
    }
    if (c.status !== 0) {
      tag(16);
      int32(c.status);
    }
    if (c.reason !== "") {
      tag(26);
      string(c.reason);
    }
    if (c.message !== undefined) {
      tag(34);
      string(c.message);
    }
    if (c.target !== undefined) {
      tag(40);
      int32(c.target);
    }
    close(e);
  }
  if (m.output !== undefined) structField(58, m.output);
}

function selector(s: {
  apiVersion: string;
  kind: string;
  matchName?: string | undefined;
  matchLabels?: { labels: Record<string, string> } | undefined;
  namespace?: string | undefined;
}): void {
  if (s.apiVersion !== "") {
    tag(10);
    string(s.apiVersion);
  }
  if (s.kind !== "") {
    tag(18);
    string(s.kind);
  }
  if (s.matchName !== undefined) {
    tag(26);
    string(s.matchName);
  }
  if (s.matchLabels !== undefined) {
    tag(34);
    const e = open();
    for (const [k, v] of Object.entries(s.matchLabels.labels)) {
      tag(10);
      const le = open();
      if (k !== "") {
        tag(10);
        string(k);
      }
      if (v !== "") {
        tag(18);
        string(v);
      }
      close(le);
    }
    close(e);
  }
  if (s.namespace !== undefined) {
    tag(42);
    string(s.namespace);
  }
}
