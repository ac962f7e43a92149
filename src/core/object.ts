/**
 * Sets an own, enumerable property. Plain `obj[key] = value` on a `{}` would, for the key
 * `__proto__` (legal in YAML and JSON input), replace the prototype instead of adding data.
 */
export function setOwn(obj: Record<string, unknown>, key: string, value: unknown): void {
  if (key === "__proto__")
    Object.defineProperty(obj, key, { value, enumerable: true, writable: true, configurable: true });
  else obj[key] = value;
}

/** A plain data object: not null, not an array, not a Date (YAML 1.1 timestamps read as one). */
export function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === "object" && v !== null && !Array.isArray(v) && !(v instanceof Date);
}
