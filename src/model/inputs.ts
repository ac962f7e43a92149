/**
 * Typed inputs. A control plane declares its inputs as a default value; the shape of the
 * defaults is the type. Overrides (from tests, `--set path=value`, `-f values.yaml`) are checked
 * against that shape: an unknown path or a value of the wrong type is a KilnError naming the
 * path, the expected type and where the override came from.
 *
 * A default holds one value, so it cannot tell a union type (`"sops" | "infisical"`,
 * `number | "auto"`) from its member: TypeScript's types are gone at run time. `choices`
 * (InputChoices, typed against the inputs) lists the values such an input allows; they are
 * checked in the defaults and in every override, and `--set` reads its text as the choice it
 * names. No input value is ever quoted in an error: it may be a secret.
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

/** One allowed value: a literal, or `Number`/`String`/`Boolean` for any value of that type. */
export type InputChoice<T> =
  | T
  | (number extends T ? NumberConstructor : never)
  | (string extends T ? StringConstructor : never)
  | (boolean extends T ? BooleanConstructor : never);

/**
 * The allowed values of union-typed inputs, in the shape of the inputs: a list at each input
 * that has a fixed set of values (checked by `tsc` against the input's type), `"*"` for every
 * key of a map. Array items share the array's list.
 *
 * @example
 * choices: { secrets: ["infisical", "sops"], replicas: [Number, "auto"], clusters: { "*": { role: ["a", "b"] } } }
 */
export type InputChoices<T> = [NonNullable<T>] extends [string | number | boolean]
  ? readonly InputChoice<NonNullable<T>>[]
  : NonNullable<T> extends readonly (infer U)[]
    ? InputChoices<U>
    : NonNullable<T> extends object
      ? { [K in keyof NonNullable<T>]?: InputChoices<NonNullable<T>[K]> } & {
          "*"?: InputChoices<NonNullable<T>[keyof NonNullable<T>]>;
        }
      : never;

/** Where an override came from: `--set`, a values file (with the line of each path), `overrides`. */
export interface InputSource {
  name: string;
  /** The line of an input path in the source, when it is a file. */
  line?: (path: readonly string[]) => number | undefined;
}

/** A choices node: a list at an input, a map of child nodes above it. */
type ChoiceNode = readonly unknown[] | { readonly [key: string]: ChoiceNode | undefined } | undefined;

function childChoices(node: ChoiceNode, key: string): ChoiceNode {
  if (!node || Array.isArray(node)) return undefined;
  const map = node as { readonly [key: string]: ChoiceNode | undefined };
  return Object.hasOwn(map, key) ? map[key] : map["*"];
}

function listOf(node: ChoiceNode): readonly unknown[] | undefined {
  return Array.isArray(node) ? node : undefined;
}

function matchesChoice(value: unknown, choice: unknown): boolean {
  if (choice === Number) return typeof value === "number" && Number.isFinite(value);
  if (choice === String) return typeof value === "string";
  if (choice === Boolean) return typeof value === "boolean";
  return value === choice;
}

function describeChoices(list: readonly unknown[]): string {
  return list
    .map((c) =>
      c === Number
        ? "any number"
        : c === String
          ? "any text"
          : c === Boolean
            ? "true or false"
            : JSON.stringify(c),
    )
    .join(", ");
}

function sourceText(source: string | InputSource, at: readonly string[]): string {
  if (typeof source === "string") return source;
  const line = source.line?.(at);
  return line ? `${source.name}:${line}` : source.name;
}

/** The value must be one of the input's choices; the error names them, never the value. */
function checkChoice(
  value: unknown,
  list: readonly unknown[],
  at: readonly string[],
  source: string | InputSource,
): void {
  if (list.some((c) => matchesChoice(value, c))) return;
  throw new KilnError(
    `input ${at.join(".") || "(root)"} must be one of ${describeChoices(list)}; got a${typeName(value) === "array" || typeName(value) === "object" ? "n" : ""} ${typeName(value)} that is none of them (from ${sourceText(source, at)})`,
  );
}

/**
 * Checks values (the defaults of a control plane) against `choices`: every input that has a list
 * must hold one of its values. `source` names the values in errors.
 */
export function checkInputChoices(
  value: unknown,
  choices: unknown,
  source: string | InputSource,
  at: string[] = [],
): void {
  const node = choices as ChoiceNode;
  if (node === undefined || value === undefined) return;
  const list = listOf(node);
  if (Array.isArray(value)) {
    value.forEach((item, i) => {
      checkInputChoices(item, node, source, [...at.slice(0, -1), `${at[at.length - 1] ?? ""}[${i}]`]);
    });
    return;
  }
  if (list) {
    checkChoice(value, list, at, source);
    return;
  }
  if (isObject(value))
    for (const [k, v] of Object.entries(value))
      checkInputChoices(v, childChoices(node, k), source, [...at, k]);
}

function typeName(v: unknown): string {
  if (v === null) return "null";
  if (Array.isArray(v)) return "array";
  return typeof v;
}

/**
 * Merges `override` over `base`, checking every leaf against the type of the default it
 * replaces — or, for an input with `choices`, against those. Arrays replace arrays whole; `null`
 * defaults accept any value.
 */
export function applyOverrides<T>(
  base: T,
  override: unknown,
  source: string | InputSource,
  at: string[] = [],
  choices?: unknown,
): T {
  if (override === undefined) return base;
  const here = at.join(".") || "(root)";
  const from = () => sourceText(source, at);
  const node = choices as ChoiceNode;
  const list = listOf(node);
  if (list && !Array.isArray(base)) {
    checkChoice(override, list, at, source);
    return override as T;
  }
  if (isObject(base)) {
    if (!isObject(override)) {
      throw new KilnError(`input ${here} expects an object, got ${typeName(override)} (from ${from()})`);
    }
    const out: Plain = { ...base };
    for (const [k, v] of Object.entries(override)) {
      // Own keys only: `constructor` or `toString` are on every object's prototype, not inputs.
      if (!Object.hasOwn(base, k)) {
        const known = Object.keys(base).sort().join(", ");
        const p = [...at, k].join(".");
        throw new KilnError(
          `unknown input ${p} (from ${sourceText(source, [...at, k])}); known inputs${at.length ? ` under ${here}` : ""}: ${known}`,
        );
      }
      setOwn(out, k, applyOverrides((base as Plain)[k], v, source, [...at, k], childChoices(node, k)));
    }
    return out as T;
  }
  if (base === null) return override as T;
  if (Array.isArray(base)) {
    if (!Array.isArray(override)) {
      throw new KilnError(`input ${here} expects an array, got ${typeName(override)} (from ${from()})`);
    }
    const sample = base[0];
    override.forEach((item, i) => {
      const itemAt = [...at.slice(0, -1), `${at[at.length - 1] ?? ""}[${i}]`];
      if (list) checkChoice(item, list, itemAt, source);
      else if (sample !== undefined) applyOverrides(sample, item, source, itemAt, node);
    });
    return override as T;
  }
  // The path is the message's own: no location path, so the printed error says it once.
  if (typeof base !== typeof override || isObject(override) || Array.isArray(override)) {
    throw new KilnError(`input ${here} expects a ${typeof base}, got ${typeName(override)} (from ${from()})`);
  }
  if (typeof override === "number" && !Number.isFinite(override)) {
    throw new KilnError(`input ${here} expects a finite number (from ${from()})`);
  }
  return override as T;
}

/**
 * Turns `--set a.b=value` strings into a nested override, converting each value to the type of
 * the default at that path (so `--set replicas=3` is a number, `--set name=007` stays a string).
 * For an input with `choices`, the text is read as the choice it spells (`3` for `Number`,
 * `auto` for "auto"); text that is none of them stays text, for applyOverrides to report.
 */
export function parseSetFlags(defaults: unknown, sets: readonly string[], choices?: unknown): Plain {
  const out: Plain = {};
  for (const raw of sets) {
    const eq = raw.indexOf("=");
    // Only the text of a flag with no value at all is quoted back: a value may be a secret.
    if (eq < 0) throw new UsageError(`--set expects path=value, got "${raw}"`);
    if (eq === 0) throw new UsageError("--set expects path=value, got an empty path");
    const path = raw.slice(0, eq).split(".");
    const text = raw.slice(eq + 1);
    let def: unknown = defaults;
    let node = choices as ChoiceNode;
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
      node = childChoices(node, seg);
    });
    let value: unknown = text;
    const list = listOf(node);
    if (list && !Array.isArray(def)) value = choiceOfText(text, list);
    else if (typeof def === "number") {
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

/** The choice `text` spells: a literal whose text it is, else a number or boolean a list allows. */
function choiceOfText(text: string, list: readonly unknown[]): unknown {
  const literal = list.find((c) => typeof c !== "function" && String(c) === text);
  if (literal !== undefined) return literal;
  if (list.includes(Number) && text.trim() !== "" && Number.isFinite(Number(text))) return Number(text);
  if (list.includes(Boolean) && (text === "true" || text === "false")) return text === "true";
  return text;
}
