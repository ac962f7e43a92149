/**
 * Structural defaulting as the apiserver does it on create, before validation and CEL: an absent
 * property (or a `null` one whose schema is not nullable) takes its `default`; defaults are
 * applied depth-first through properties, items and additionalProperties. Subtrees whose schema
 * has no default anywhere are shared with the input, not copied.
 */
type Schema = Record<string, any>;

const withDefaults = new WeakMap<Schema, boolean>();

/** True when this schema node or anything below it declares a `default`. */
function defaultsBelow(s: Schema | undefined): boolean {
  if (!s || typeof s !== "object") return false;
  const hit = withDefaults.get(s);
  if (hit !== undefined) return hit;
  withDefaults.set(s, false);
  const v =
    s.default !== undefined ||
    Object.values((s.properties ?? {}) as Record<string, Schema>).some(defaultsBelow) ||
    defaultsBelow(s.items) ||
    (typeof s.additionalProperties === "object" && defaultsBelow(s.additionalProperties));
  withDefaults.set(s, v);
  return v;
}

const keysCache = new WeakMap<Record<string, Schema>, string[]>();
/** The properties (in schema order) under which some default is declared. */
function defaultedKeys(props: Record<string, Schema>): string[] {
  let keys = keysCache.get(props);
  if (!keys) {
    keys = Object.keys(props).filter((k) => defaultsBelow(props[k]));
    keysCache.set(props, keys);
  }
  return keys;
}

/**
 * Returns `value` with defaults applied; the input is not modified. Objects are copied only on
 * the way to a default that applies (most objects already set what their schema defaults).
 */
export function applyDefaults(value: unknown, schema: Schema | undefined): unknown {
  if (!schema || value === null || typeof value !== "object" || !defaultsBelow(schema)) return value;
  if (Array.isArray(value)) {
    const items = schema.items as Schema | undefined;
    if (!items || !defaultsBelow(items)) return value;
    let out: unknown[] | undefined;
    for (let i = 0; i < value.length; i++) {
      const v = applyDefaults(value[i], items);
      if (v !== value[i]) {
        out ??= [...value];
        out[i] = v;
      }
    }
    return out ?? value;
  }
  const props = schema.properties as Record<string, Schema> | undefined;
  const extra = schema.additionalProperties as Schema | boolean | undefined;
  const src = value as Record<string, unknown>;
  let out: Record<string, unknown> | undefined;
  const copy = () => {
    out ??= { ...src };
    return out;
  };
  if (props) {
    for (const k of defaultedKeys(props)) {
      const ps = props[k]!;
      const dropNull = src[k] === null && !ps.nullable;
      const present = k in src && !dropNull;
      let v: unknown;
      if (!present && ps.default !== undefined) v = cloneData(ps.default);
      else if (dropNull) {
        delete copy()[k];
        continue;
      } else v = src[k];
      if (v === undefined) continue;
      const d = applyDefaults(v, ps);
      if (d !== src[k] || !(k in src)) copy()[k] = d;
    }
  }
  // A null where the schema is not nullable is dropped, as the apiserver does (the keys that
  // have a default below were handled above, in schema order).
  if (props)
    for (const k in src) {
      if (src[k] !== null || !Object.hasOwn(props, k)) continue;
      const ps = props[k]!;
      if (!ps.nullable && !defaultsBelow(ps)) delete copy()[k];
    }
  if (extra && typeof extra === "object" && defaultsBelow(extra)) {
    for (const k of Object.keys(src)) {
      if (props?.[k]) continue;
      const d = applyDefaults(src[k], extra);
      if (d !== src[k]) copy()[k] = d;
    }
  }
  return out ?? src;
}

/**
 * A copy of a default: plain JSON data read from the CRD, mostly `{}`, `[]` or a few keys, so a
 * copy by hand costs a fraction of `structuredClone`'s serializer (docs/benchmarks.md). `__proto__` stays an own key, as the YAML reader made it.
 */
function cloneData(v: unknown): unknown {
  if (v === null || typeof v !== "object") return v;
  if (Array.isArray(v)) return v.map(cloneData);
  const out: Record<string, unknown> = {};
  for (const k of Object.keys(v)) {
    const x = cloneData((v as Record<string, unknown>)[k]);
    if (k === "__proto__")
      Object.defineProperty(out, k, { value: x, enumerable: true, writable: true, configurable: true });
    else out[k] = x;
  }
  return out;
}

/** True when the schema tree has any `default` (most kinds do not; they skip the copy). */
export function hasDefaults(schema: unknown): boolean {
  return defaultsBelow(schema as Schema);
}
