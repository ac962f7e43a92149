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

/** Returns `value` with defaults applied; the input is not modified. */
export function applyDefaults(value: unknown, schema: Schema | undefined): unknown {
  if (!schema || value === null || typeof value !== "object" || !defaultsBelow(schema)) return value;
  if (Array.isArray(value)) {
    const items = schema.items as Schema | undefined;
    return items && defaultsBelow(items) ? value.map((v) => applyDefaults(v, items)) : value;
  }
  const props = schema.properties as Record<string, Schema> | undefined;
  const extra = schema.additionalProperties as Schema | boolean | undefined;
  const src = value as Record<string, unknown>;
  const out: Record<string, unknown> = { ...src };
  if (props) {
    for (const k in props) {
      const ps = props[k]!;
      if (!defaultsBelow(ps) && !(src[k] === null && !ps.nullable)) continue;
      const present = k in src && !(src[k] === null && !ps.nullable);
      if (!present && ps.default !== undefined) out[k] = structuredClone(ps.default);
      else if (src[k] === null && !ps.nullable) delete out[k];
      if (out[k] !== undefined) out[k] = applyDefaults(out[k], ps);
    }
  }
  if (extra && typeof extra === "object" && defaultsBelow(extra)) {
    for (const k of Object.keys(src)) if (!props?.[k]) out[k] = applyDefaults(src[k], extra);
  }
  return out;
}

/** True when the schema tree has any `default` (most kinds do not; they skip the copy). */
export function hasDefaults(schema: unknown): boolean {
  return defaultsBelow(schema as Schema);
}
