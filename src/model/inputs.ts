/**
 * Typed inputs. A control plane declares its inputs as a default value; the shape of the
 * defaults is the type. Overrides (from tests, `--set path=value`, `-f values.yaml`) are checked
 * against that shape: an unknown path or a value of the wrong type is a KilnError naming the
 * path, the expected type and where the override came from.
 */
import { KilnError, UsageError } from "../core/errors.ts";
import { isObject, setOwn } from "../core/object.ts";
import { parseYamlDocuments } from "../core/yaml.ts";

export type DeepPartial<T> = T extends readonly (infer U)[]
  ? U[]
  : T extends object
    ? { [K in keyof T]?: DeepPartial<T[K]> }
    : T;

type Plain = Record<string, unknown>;

function typeName(v: unknown): string {
  if (v === null) return "null";
  if (Array.isArray(v)) return "array";
  return typeof v;
}

/**
 * Merges `override` over `base`, checking every leaf against the type of the default it
 * replaces. Arrays replace arrays whole; `null` defaults accept any value.
 */
export function applyOverrides<T>(base: T, override: unknown, source: string, at: string[] = []): T {
  if (override === undefined) return base;
  const here = at.join(".") || "(root)";
  if (isObject(base)) {
    if (!isObject(override)) {
      throw new KilnError(`input ${here} expects an object, got ${typeName(override)} (from ${source})`);
    }
    const out: Plain = { ...base };
    for (const [k, v] of Object.entries(override)) {
      // Own keys only: `constructor` or `toString` are on every object's prototype, not inputs.
      if (!Object.hasOwn(base, k)) {
        const known = Object.keys(base).sort().join(", ");
        const p = [...at, k].join(".");
        throw new KilnError(
          `unknown input ${p} (from ${source}); known inputs${at.length ? ` under ${here}` : ""}: ${known}`,
        );
      }
      setOwn(out, k, applyOverrides((base as Plain)[k], v, source, [...at, k]));
    }
    return out as T;
  }
  if (base === null) return override as T;
  if (Array.isArray(base)) {
    if (!Array.isArray(override)) {
      throw new KilnError(`input ${here} expects an array, got ${typeName(override)} (from ${source})`);
    }
    const sample = base[0];
    if (sample !== undefined) {
      override.forEach((item, i) => {
        applyOverrides(sample, item, source, [...at.slice(0, -1), `${at[at.length - 1] ?? ""}[${i}]`]);
      });
    }
    return override as T;
  }
  if (typeof base !== typeof override || isObject(override) || Array.isArray(override)) {
    throw new KilnError(
      `input ${here} expects a ${typeof base}, got ${typeName(override)} (from ${source})`,
      { path: here },
    );
  }
  if (typeof override === "number" && !Number.isFinite(override)) {
    throw new KilnError(`input ${here} expects a finite number (from ${source})`);
  }
  return override as T;
}

/**
 * Turns `--set a.b=value` strings into a nested override, converting each value to the type of
 * the default at that path (so `--set replicas=3` is a number, `--set name=007` stays a string).
 */
export function parseSetFlags(defaults: unknown, sets: readonly string[]): Plain {
  const out: Plain = {};
  for (const raw of sets) {
    const eq = raw.indexOf("=");
    // Only the text of a flag with no value at all is quoted back: a value may be a secret.
    if (eq < 0) throw new UsageError(`--set expects path=value, got "${raw}"`);
    if (eq === 0) throw new UsageError("--set expects path=value, got an empty path");
    const path = raw.slice(0, eq).split(".");
    const text = raw.slice(eq + 1);
    let def: unknown = defaults;
    path.forEach((seg, i) => {
      // A prototype key is never an input: refuse before it can reach an object's prototype.
      if (seg === "__proto__" || seg === "prototype" || seg === "constructor" || seg === "") {
        if (!isObject(def) || !Object.hasOwn(def, seg) || seg === "__proto__" || seg === "") {
          throw new UsageError(
            `--set ${raw}: ${seg === "" ? "empty path segment" : `"${seg}" is not an input name`} at segment ${i + 1} of ${path.join(".")}`,
          );
        }
      }
      def = isObject(def) && Object.hasOwn(def, seg) ? def[seg] : undefined;
    });
    let value: unknown = text;
    if (typeof def === "number") {
      value = text.trim() === "" ? Number.NaN : Number(text);
      if (!Number.isFinite(value as number)) {
        throw new KilnError(
          `input ${path.join(".")} expects a number, got text that is not one (from --set)`,
        );
      }
    } else if (typeof def === "boolean") {
      if (text !== "true" && text !== "false") {
        throw new KilnError(
          `input ${path.join(".")} expects a boolean (true|false), got other text (from --set)`,
        );
      }
      value = text === "true";
    } else if (def !== null && typeof def === "object") {
      const docs = parseYamlDocuments(text, "--set");
      value = docs[0]?.value ?? null;
    }
    let cur = out;
    path.forEach((seg, i) => {
      if (i === path.length - 1) setOwn(cur, seg, value);
      else {
        if (!Object.hasOwn(cur, seg) || !isObject(cur[seg])) setOwn(cur, seg, {});
        cur = cur[seg] as Plain;
      }
    });
  }
  return out;
}

/** Layered merge with clear precedence: later layers win; objects merge deeply, arrays replace. */
export function mergeLayers<T extends object>(...layers: ReadonlyArray<DeepPartial<T> | undefined>): T {
  let out: Plain = {};
  for (const layer of layers) if (layer) out = deepMerge(out, layer as Plain);
  return out as T;
}

function deepMerge(a: Plain, b: Plain): Plain {
  const out: Plain = { ...a };
  for (const [k, v] of Object.entries(b)) {
    if (v === undefined) continue;
    setOwn(out, k, isObject(v) && isObject(out[k]) ? deepMerge(out[k] as Plain, v) : v);
  }
  return out;
}
