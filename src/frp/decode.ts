/**
 * frp's strict decoder, reproduced: JSON-shaped input (TOML and YAML are converted to it first, as
 * frp does) is matched against the v1 structs with Go encoding/json's rules — exact key first,
 * then case-insensitive — unknown fields rejected, wrong types rejected, and proxies, visitors and
 * plugins picked by their `type`. Written by hand because no library decodes into Go struct
 * semantics; the wording follows pkg/config/load.go (enhanceDecodeError) and pkg/config/v1/decode.go.
 *
 * The output is canonical: keys renamed to frp's JSON names, unknown nothing, nulls dropped.
 */
import { isObject } from "../core/object.ts";
import { type GoType, TYPED_FAMILIES, type TypedFamily } from "./schema.ts";

export type Path = Array<string | number>;

/** A decode failure: frp's message plus the path of the offending key in the input. */
export class FrpDecodeError extends Error {
  constructor(
    message: string,
    readonly path: Path,
  ) {
    super(message);
  }
}

/** How type errors are worded: top-level config (enhanced by frp) or inside a typed entry. */
type Style = { kind: "root" } | { kind: "nested" };

interface Ctx {
  style: Style;
  /** Path from the decode root (frp's UnmarshalTypeError.Field), in canonical names. */
  field: string[];
  /** Go type of the innermost struct being decoded (UnmarshalTypeError.Struct). */
  struct: string;
  /** Path in the input document, for locating the error. */
  at: Path;
  /** Plugins inside a proxy are decoded leniently first, strictly afterwards (decode.go). */
  lenientPlugins: boolean;
  /** The Go `Decode` call this value belongs to (see Session). */
  session: Session;
}

/**
 * One call of Go's encoding/json `Decode`. An unknown field or a plain type mismatch is saved
 * (the first one only) and decoding goes on; the saved error is returned when the call ends. An
 * error from a type's own UnmarshalJSON (frp's typed proxies and plugins, BandwidthQuantity) ends
 * the call at once, in place of whatever was saved. So of several problems in one file, frp names
 * a hard one first, else the first soft one in key order.
 */
interface Session {
  saved?: FrpDecodeError;
  /**
   * Set on the root call only: DecodeClientConfigJSON reads proxies and visitors as raw messages
   * and decodes them after the root call has returned without error.
   */
  deferred?: Array<() => void>;
}

/** Runs one Decode call: `fn` with a fresh session, then the error it saved, if any. */
function session<T>(fn: (s: Session) => T, deferred?: Array<() => void>): T {
  const s: Session = deferred ? { deferred } : {};
  const out = fn(s);
  if (s.saved) throw s.saved;
  return out;
}

function soft(ctx: Ctx, e: FrpDecodeError): undefined {
  ctx.session.saved ??= e;
  return undefined;
}

const FAMILY_WORDS: Record<TypedFamily, { noun: string; struct: string; plugin?: TypedFamily }> = {
  proxy: { noun: "proxy", struct: "ProxyConfig", plugin: "clientPlugin" },
  visitor: { noun: "visitor", struct: "VisitorConfig", plugin: "visitorPlugin" },
  clientPlugin: { noun: "plugin", struct: "ClientPluginOptions" },
  visitorPlugin: { noun: "visitor plugin", struct: "VisitorPluginOptions" },
};

/** Decodes a whole client or server config. Throws FrpDecodeError with frp's wording. */
export function decodeConfig(input: unknown, type: GoType): Record<string, unknown> {
  if (input === null || input === undefined) return {};
  const deferred: Array<() => void> = [];
  const out = session(
    (s) =>
      decodeValue(input, type, {
        style: { kind: "root" },
        field: [],
        struct: "",
        at: [],
        lenientPlugins: false,
        session: s,
      }),
    deferred,
  );
  for (const decode of deferred) decode();
  return (out ?? {}) as Record<string, unknown>;
}

function decodeValue(v: unknown, t: GoType, ctx: Ctx): unknown {
  if (v === null && t.k === "typed" && (t.family === "proxy" || t.family === "visitor")) {
    // DecodeProxyConfigurerJSON / DecodeVisitorConfigurerJSON: a null entry has no type.
    throw new FrpDecodeError(
      `decode ${t.family} at index ${ctx.at[ctx.at.length - 1]}: type is required`,
      ctx.at,
    );
  }
  if (v === null || v === undefined) return undefined;
  switch (t.k) {
    case "any":
      return v;
    case "string":
      if (typeof v !== "string") return soft(ctx, typeError(v, t, ctx));
      return v;
    case "bool":
      if (typeof v !== "boolean") return soft(ctx, typeError(v, t, ctx));
      return v;
    case "int":
      if (typeof v !== "number" || !Number.isInteger(v)) return soft(ctx, typeError(v, t, ctx));
      return v;
    case "bandwidth":
      return decodeBandwidth(v, ctx);
    case "list": {
      if (!Array.isArray(v)) return soft(ctx, typeError(v, t, ctx));
      const deferred = ctx.session.deferred;
      if (deferred && t.of.k === "typed") {
        // Raw messages in the root call: decoded, each in its own call, once the root call is done.
        const out: unknown[] = [];
        deferred.push(() => {
          for (const [i, item] of v.entries())
            out.push(decodeValue(item, t.of, { ...ctx, at: [...ctx.at, i] }));
        });
        return out;
      }
      return v.map((item, i) => decodeValue(item, t.of, { ...ctx, at: [...ctx.at, i] }));
    }
    case "map": {
      if (!isObject(v)) return soft(ctx, typeError(v, t, ctx));
      const out: Record<string, unknown> = {};
      for (const [key, item] of Object.entries(v)) {
        // Go's error path stops at the map: keys are not struct fields.
        const d = decodeValue(item, t.of, { ...ctx, at: [...ctx.at, key] });
        if (d !== undefined) out[key] = d;
      }
      return out;
    }
    case "struct":
      return decodeStruct(v, t, ctx);
    case "typed":
      return ctx.lenientPlugins && (t.family === "clientPlugin" || t.family === "visitorPlugin")
        ? decodeLenientPlugin(v, t.family, ctx)
        : decodeTyped(v, t.family, ctx);
  }
}

function decodeStruct(v: unknown, t: Extract<GoType, { k: "struct" }>, ctx: Ctx, strict = true) {
  if (!isObject(v)) return soft(ctx, typeError(v, t, ctx));
  const out: Record<string, unknown> = {};
  ctx = { ...ctx, struct: t.go };
  for (const [key, value] of Object.entries(v)) {
    const field =
      t.fields.find(([n]) => n === key) ?? t.fields.find(([n]) => n.toLowerCase() === key.toLowerCase());
    if (!field) {
      if (strict) soft(ctx, new FrpDecodeError(`json: unknown field "${key}"`, [...ctx.at, key]));
      continue;
    }
    const [name, type, via] = field;
    const goField = via ? [...ctx.field, via, name] : [...ctx.field, name];
    const d = decodeValue(value, type, { ...ctx, field: goField, at: [...ctx.at, key] });
    if (d !== undefined) out[name] = name in out ? intoExisting(out[name], d, type) : d;
  }
  return out;
}

/**
 * Two keys that match one field case-insensitively (`WEBSERVER` and `webServer`) are both decoded
 * into it, in key order. Go decodes into the value already there: structs and maps keep the
 * members the later key does not set; slices and scalars are replaced.
 */
function intoExisting(existing: unknown, next: unknown, t: GoType): unknown {
  if (!isObject(existing) || !isObject(next) || (t.k !== "struct" && t.k !== "map")) return next;
  const out: Record<string, unknown> = { ...existing };
  for (const [k, v] of Object.entries(next)) {
    const ft = t.k === "map" ? t.of : t.fields.find(([n]) => n === k)?.[1];
    out[k] = k in out && ft ? intoExisting(out[k], v, ft) : v;
  }
  return out;
}

/** Finds the `type` member the way Go matches keys (exact, then case-insensitive). */
function typeOf(v: Record<string, unknown>): unknown {
  if ("type" in v) return v.type;
  const key = Object.keys(v).find((k) => k.toLowerCase() === "type");
  return key === undefined ? undefined : v[key];
}

// pkg/config/v1/decode.go: DecodeProxyConfigurerJSON / DecodeVisitorConfigurerJSON /
// DecodeClientPluginOptionsJSON and the "decode proxy at index %d" wrapping in DecodeClientConfigJSON.
function decodeTyped(v: unknown, family: TypedFamily, ctx: Ctx): unknown {
  const words = FAMILY_WORDS[family];
  const isEntry = family === "proxy" || family === "visitor";
  const index = ctx.at[ctx.at.length - 1];
  const wrap = (msg: string) => (isEntry ? `decode ${words.noun} at index ${index}: ${msg}` : msg);
  if (!isObject(v)) {
    throw new FrpDecodeError(
      wrap(`json: cannot unmarshal ${jsonKind(v)} into Go value of type v1.typedEnvelope`),
      ctx.at,
    );
  }
  const rawType = typeOf(v);
  if (rawType !== undefined && rawType !== null && typeof rawType !== "string") {
    // The envelope's type error is wrapped with %w, so frp's enhanceDecodeError rewrites the
    // whole message (pkg/config/load.go): the "decode proxy at index" prefix is lost.
    const kind = jsonKind(rawType);
    const msg = isEntry
      ? `field "type": cannot unmarshal ${kind} into string`
      : `json: cannot unmarshal ${kind} into Go struct field typedEnvelope.type of type string`;
    throw new FrpDecodeError(msg, [...ctx.at, "type"]);
  }
  const type = (rawType ?? "") as string;
  if (!isEntry && type === "") throw new FrpDecodeError(`${words.noun} type is empty`, ctx.at);
  const struct = TYPED_FAMILIES[family][type];
  if (struct?.k !== "struct") {
    throw new FrpDecodeError(wrap(`unknown ${words.noun} type: ${type}`), ctx.at);
  }
  const inner = (s: Session): Ctx => ({
    style: { kind: "nested" },
    field: [],
    struct: struct.go,
    at: ctx.at,
    lenientPlugins: isEntry,
    session: s,
  });
  let out: Record<string, unknown>;
  try {
    out = session((s) => decodeStruct(v, struct, inner(s)) ?? {});
  } catch (e) {
    if (e instanceof FrpDecodeError)
      throw new FrpDecodeError(wrap(`unmarshal ${words.struct} error: ${e.message}`), e.path);
    throw e;
  }
  if (words.plugin) {
    const pluginKey =
      Object.keys(v).find((k) => k === "plugin") ?? Object.keys(v).find((k) => k.toLowerCase() === "plugin");
    const plugin = pluginKey === undefined ? undefined : v[pluginKey];
    if (pluginKey !== undefined && plugin !== null && plugin !== undefined) {
      try {
        out.plugin = decodeTyped(plugin, words.plugin, {
          ...inner({}),
          at: [...ctx.at, pluginKey],
          lenientPlugins: false,
        });
      } catch (e) {
        if (e instanceof FrpDecodeError)
          throw new FrpDecodeError(wrap(`unmarshal ${words.noun} plugin error: ${e.message}`), e.path);
        throw e;
      }
    }
  }
  return out;
}

/**
 * The first pass over a proxy decodes its plugin through TypedClientPluginOptions.UnmarshalJSON,
 * which is not strict: type and known-field errors surface, unknown fields do not (yet).
 */
function decodeLenientPlugin(v: unknown, family: TypedFamily, ctx: Ctx): unknown {
  if (!isObject(v)) {
    // The envelope's type error comes out of UnmarshalJSON, and the proxy's decoder adds its field.
    throw new FrpDecodeError(
      `json: cannot unmarshal ${jsonKind(v)} into Go struct field ${ctx.struct}.${ctx.field.join(".")} of type v1.typedEnvelope`,
      ctx.at,
    );
  }
  const type = typeOf(v);
  const words = FAMILY_WORDS[family];
  if (type === undefined || type === "") throw new FrpDecodeError(`${words.noun} type is empty`, ctx.at);
  const struct = TYPED_FAMILIES[family][String(type)];
  if (struct?.k !== "struct") throw new FrpDecodeError(`unknown ${words.noun} type: ${String(type)}`, ctx.at);
  try {
    return session((s) =>
      decodeStruct(
        v,
        struct,
        {
          style: { kind: "nested" },
          field: [],
          struct: struct.go,
          at: ctx.at,
          lenientPlugins: false,
          session: s,
        },
        false,
      ),
    );
  } catch (e) {
    if (e instanceof FrpDecodeError)
      throw new FrpDecodeError(`unmarshal ${words.struct} error: ${e.message}`, e.path);
    throw e;
  }
}

// pkg/config/types/types.go: BandwidthQuantity.UnmarshalString
function decodeBandwidth(v: unknown, ctx: Ctx): string | undefined {
  // UnmarshalJSON decodes a string first; the outer decoder adds the field context to its error.
  if (typeof v !== "string") throw typeError(v, { k: "string" }, ctx);
  const s = v.trim();
  if (s === "") return undefined;
  const m = /^(.*)(MB|KB)$/.exec(s);
  if (!m) throw new FrpDecodeError("unit not support", ctx.at);
  const num = m[1]!;
  if (!/^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/.test(num)) {
    throw new FrpDecodeError(`strconv.ParseFloat: parsing "${num}": invalid syntax`, ctx.at);
  }
  return s;
}

function typeError(v: unknown, t: GoType, ctx: Ctx): FrpDecodeError {
  const value = typeof v === "number" && t.k === "int" ? `number ${v}` : jsonKind(v);
  const field = ctx.field.join(".");
  if (ctx.style.kind === "root") {
    if (field === "")
      return new FrpDecodeError(`json: cannot unmarshal ${value} into Go value of type ${goName(t)}`, ctx.at);
    return new FrpDecodeError(`field "${field}": cannot unmarshal ${value} into ${goName(t)}`, ctx.at);
  }
  return new FrpDecodeError(
    `json: cannot unmarshal ${value} into Go struct field ${ctx.struct}.${field} of type ${goName(t)}`,
    ctx.at,
  );
}

function goName(t: GoType): string {
  switch (t.k) {
    case "string":
      return t.go ? `v1.${t.go}` : t.k;
    case "bool":
      return t.k;
    case "int":
      return t.go;
    case "bandwidth":
      return "types.BandwidthQuantity";
    case "list":
      // proxies and visitors are first decoded as raw messages (v1/decode.go).
      return t.of.k === "typed" ? "[]jsonx.RawMessage" : `[]${goName(t.of)}`;
    case "map":
      return `map[string]${goName(t.of)}`;
    case "struct":
      return t.go === "PortsRange" ? "types.PortsRange" : `v1.${t.go}`;
    case "typed":
      return t.family === "proxy"
        ? "v1.TypedProxyConfig"
        : t.family === "visitor"
          ? "v1.TypedVisitorConfig"
          : "v1.TypedClientPluginOptions";
    case "any":
      return "interface {}";
  }
}

/** encoding/json's name for a JSON value's kind in UnmarshalTypeError. */
export function jsonKind(v: unknown): string {
  if (Array.isArray(v)) return "array";
  if (v === null) return "null";
  switch (typeof v) {
    case "string":
      return "string";
    case "number":
    case "bigint":
      return "number";
    case "boolean":
      return "bool";
    default:
      return "object";
  }
}
