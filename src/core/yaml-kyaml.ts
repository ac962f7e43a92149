/**
 * The scalars of kustomize's two YAML readers, for the `kyaml` and `yaml11` dialects of
 * `parseYamlDocuments`. `kyaml` is how kustomize reads resources and strategic merge patches
 * (go-yaml v3 decoded into Go values, then JSON): it differs from YAML 1.2 core where go-yaml v3
 * keeps YAML 1.1 habits: `0775` is octal (509), `0b11` binary, underscores are dropped from
 * numbers (`1_000`), a leading-zero number that is not octal (`08`) is a float, plain timestamps
 * (`2001-12-14`) become RFC 3339 strings, and `<<` merge keys merge; booleans and nulls are
 * YAML 1.2 core's (`yes`, `on` stay strings). `yaml11` is how it reads kustomization files and
 * JSON 6902 patches (sigs.k8s.io/yaml, go-yaml v2): the same numbers, timestamps left as
 * written, and YAML 1.1 booleans (`y`, `yes`, `on`, `off`, `no`, `n`…). Written as regular
 * expressions for the two readers core/yaml.ts drives (js-yaml and `yaml`), since neither ships
 * go-yaml's rules.
 */
import jsyaml from "js-yaml";
import type { ScalarTag } from "yaml";

/** Raw plain scalars go-yaml tries as an integer (`strconv.ParseInt` with base 0, `_` removed). */
const INT = /^[-+]?(?:0[xX][0-9a-fA-F_]+|0[oO][0-7_]+|0[bB][01_]+|[0-9][0-9_]*)$/;
/** go-yaml's `yamlStyleFloat`, on the text with `_` removed, and its `.inf`/`.nan` specials. */
const FLOAT = /^[-+]?(?:\.[0-9_]+|[0-9][0-9_]*(?:\.[0-9_]*)?)(?:[eE][-+]?[0-9_]+)?$/;
const FLOAT_SPECIAL = /^(?:[-+]?\.(?:inf|Inf|INF)|\.nan|\.NaN|\.NAN)$/;
/** go-yaml's `parseTimestamp` formats: a date, optionally a time (`T`, `t` or spaces) and zone. */
const TIMESTAMP =
  /^([0-9]{4})-([0-9]{1,2})-([0-9]{1,2})(?:(?:[Tt]|[ \t]+)([0-9]{1,2}):([0-9]{1,2}):([0-9]{1,2})(\.[0-9]*)?[ \t]*(Z|[-+][0-9]{1,2}(?::?[0-9]{2})?)?)?$/;

function toInt(s: string): number {
  const plain = s.replace(/_/g, "");
  const sign = plain[0] === "-" ? -1 : 1;
  const body = plain.replace(/^[-+]/, "");
  const prefix = body.slice(0, 2).toLowerCase();
  if (prefix === "0x") return sign * Number.parseInt(body.slice(2), 16);
  if (prefix === "0o") return sign * Number.parseInt(body.slice(2), 8);
  if (prefix === "0b") return sign * Number.parseInt(body.slice(2), 2);
  // Go reads a leading zero as octal; with an 8 or 9 ParseInt fails and go-yaml reads a float
  if (/^0[0-7]+$/.test(body)) return sign * Number.parseInt(body, 8);
  return sign * Number.parseFloat(body);
}

function toFloat(s: string): number {
  if (FLOAT_SPECIAL.test(s))
    return /nan$/i.test(s) ? Number.NaN : s[0] === "-" ? Number.NEGATIVE_INFINITY : Number.POSITIVE_INFINITY;
  return Number.parseFloat(s.replace(/_/g, ""));
}

const pad = (n: string, width = 2) => n.padStart(width, "0");

/** A timestamp as Go's `time.Time` marshals to JSON (RFC 3339, fraction without trailing zeros). */
function toTimestamp(s: string): string {
  const m = TIMESTAMP.exec(s) as RegExpExecArray;
  const [, y, mo, d, h, mi, sec, frac, zone] = m;
  const date = `${y}-${pad(mo as string)}-${pad(d as string)}`;
  if (h === undefined) return `${date}T00:00:00Z`;
  const fraction = frac ? frac.replace(/0+$/, "").replace(/^\.$/, "") : "";
  let tz = "Z";
  if (zone && zone !== "Z") {
    const zm = /^([-+])([0-9]{1,2}):?([0-9]{2})?$/.exec(zone) as RegExpExecArray;
    const offset = `${zm[1]}${pad(zm[2] as string)}:${zm[3] ?? "00"}`;
    tz = offset === "+00:00" || offset === "-00:00" ? "Z" : offset;
  }
  return `${date}T${pad(h)}:${pad(mi as string)}:${pad(sec as string)}${fraction}${tz}`;
}

/** go-yaml v2's booleans (YAML 1.1). */
const BOOL_11 = /^(?:y|Y|yes|Yes|YES|n|N|no|No|NO|true|True|TRUE|false|False|FALSE|on|On|ON|off|Off|OFF)$/;
const toBool11 = (s: string) => /^(?:y|Y|yes|Yes|YES|true|True|TRUE|on|On|ON)$/.test(s);

/** One plain scalar as go-yaml resolves it, or undefined for a string (null, and bool in v3, are core's). */
function resolve(s: string, v2: boolean): { value: unknown } | undefined {
  if (v2 && BOOL_11.test(s)) return { value: toBool11(s) };
  if (TIMESTAMP.test(s)) return v2 ? undefined : { value: toTimestamp(s) };
  if (INT.test(s) && /[0-9]/.test(s)) return { value: toInt(s) };
  if (FLOAT_SPECIAL.test(s) || (FLOAT.test(s) && /[0-9]/.test(s))) return { value: toFloat(s) };
  return undefined;
}

let resolved: unknown;
const implicit = (v2: boolean) =>
  new jsyaml.Type(`tag:kiln.dev,2026:${v2 ? "yaml11" : "kyaml"}-implicit`, {
    kind: "scalar",
    resolve: (s: unknown) => {
      if (typeof s !== "string") return false;
      const r = resolve(s, v2);
      if (!r) return false;
      resolved = r.value;
      return true;
    },
    construct: () => resolved,
  });

/** The js-yaml schemas of the dialects: core null (and bool for kyaml), go-yaml's scalars, `<<`. */
const types = (
  jsyaml as unknown as { types: Record<"null" | "bool" | "merge" | "int" | "float", jsyaml.Type> }
).types;
export const KYAML_JS_SCHEMA = jsyaml.FAILSAFE_SCHEMA.extend({
  implicit: [types.null, types.bool, implicit(false), types.merge],
  explicit: [types.int, types.float],
});
export const YAML11_JS_SCHEMA = jsyaml.FAILSAFE_SCHEMA.extend({
  implicit: [types.null, implicit(true), types.merge],
  explicit: [types.int, types.float],
});

/** `yaml`'s custom tags of a dialect (with `schema: "core"` and `merge: true`). */
export function goYamlTags(v2: boolean): (tags: unknown[]) => unknown[] {
  return (tags) => tagsFor(tags, v2);
}

function tagsFor(tags: unknown[], v2: boolean): unknown[] {
  const INT_TAG = "tag:yaml.org,2002:int";
  const FLOAT_TAG = "tag:yaml.org,2002:float";
  const BOOL_TAG = "tag:yaml.org,2002:bool";
  const kept = tags.filter((t) => {
    const tag = (t as { tag?: string }).tag;
    return tag !== INT_TAG && tag !== FLOAT_TAG && !(v2 && tag === BOOL_TAG);
  });
  const bool: ScalarTag = {
    tag: BOOL_TAG,
    default: true,
    test: BOOL_11,
    resolve: (s: string) => toBool11(s),
  };
  const timestamp: ScalarTag = {
    tag: "tag:yaml.org,2002:timestamp",
    default: true,
    test: TIMESTAMP,
    resolve: (s: string) => toTimestamp(s),
  };
  const int: ScalarTag = {
    tag: INT_TAG,
    default: true,
    test: new RegExp(`(?=.*[0-9])${INT.source.slice(1)}`.replace(/^/, "^")),
    resolve: (s: string) => toInt(s),
  };
  const float: ScalarTag = {
    tag: FLOAT_TAG,
    default: true,
    test: new RegExp(`^(?:${FLOAT_SPECIAL.source.slice(1, -1)}|(?=.*[0-9])${FLOAT.source.slice(1, -1)})$`),
    resolve: (s: string) => toFloat(s),
  };
  return v2 ? [...kept, bool, int, float] : [...kept, timestamp, int, float];
}
