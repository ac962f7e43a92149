/**
 * Structural defaulting as the apiserver does it on create, before validation and CEL: an absent
 * property (or a `null` one whose schema is not nullable) takes its `default`; defaults are
 * applied depth-first through properties, items and additionalProperties.
 */
type Schema = Record<string, any>;

/** Returns `value` with defaults applied; the input is not modified. */
export function applyDefaults(value: unknown, schema: Schema | undefined): unknown {
  if (!schema || value === null || typeof value !== "object") return value;
  if (Array.isArray(value)) {
    const items = schema.items as Schema | undefined;
    return items ? value.map((v) => applyDefaults(v, items)) : value;
  }
  const props = schema.properties as Record<string, Schema> | undefined;
  const extra = schema.additionalProperties as Schema | boolean | undefined;
  if (!props && (typeof extra !== "object" || extra === null)) return value;
  const src = value as Record<string, unknown>;
  const out: Record<string, unknown> = { ...src };
  if (props) {
    for (const [k, ps] of Object.entries(props)) {
      const present = k in src && !(src[k] === null && !ps.nullable);
      if (!present && ps.default !== undefined) out[k] = structuredClone(ps.default);
      else if (src[k] === null && !ps.nullable) delete out[k];
      if (out[k] !== undefined) out[k] = applyDefaults(out[k], ps);
    }
  }
  if (extra && typeof extra === "object") {
    for (const k of Object.keys(src)) if (!props?.[k]) out[k] = applyDefaults(src[k], extra);
  }
  return out;
}

/** True when the schema tree has any `default` (most kinds do not; they skip the copy). */
export function hasDefaults(schema: unknown): boolean {
  if (!schema || typeof schema !== "object") return false;
  if (Array.isArray(schema)) return schema.some(hasDefaults);
  const s = schema as Schema;
  if (s.default !== undefined) return true;
  return Object.entries(s).some(
    ([k, v]) => k !== "default" && k !== "example" && typeof v === "object" && hasDefaults(v),
  );
}
