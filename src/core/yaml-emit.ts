/**
 * A fast YAML emitter for plain JSON-like data (what Kubernetes manifests are).
 *
 * Why not `yaml`'s stringify: it builds a full Document node tree per object, which made it the
 * largest cost of synthesizing big control planes (docs/benchmarks.md). Manifests need only
 * block maps, block sequences and scalars, so this emitter writes them directly. It is
 * conservative: a string is written plain only when it cannot be read back as anything else
 * under YAML 1.1 or 1.2 rules (so `interval: 1m` and `path: ./apps` stay plain, as people write
 * them, while `"1.10"` and `"0755"` are quoted); otherwise it is double-quoted (JSON string syntax is valid YAML)
 * or, for readable multi-line text, a literal block. A property test checks that `yaml` parses
 * every emitted document back to the same value. `stringifyGoYaml` (below) writes go-yaml v2's
 * style instead.
 */
import { setOwn } from "./object.ts";
import { yamlLib } from "./yaml-lib.ts";

const PLAIN = /^[A-Za-z_/][-A-Za-z0-9_./@+=~,:()* ]*$/;
const SPECIAL =
  /^(y|Y|yes|Yes|YES|n|N|no|No|NO|true|True|TRUE|false|False|FALSE|on|On|ON|off|Off|OFF|null|Null|NULL)$/;
const LITERAL_UNSAFE =
  /[\r\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f\u0085\u2028\u2029\ufeff]|[ \t]\n|[ \t]$|^[ \t]|\n\n$/;

/**
 * A string that starts like a number (digit, `.`, `+`) may still be written plain — durations
 * (`1m0s`, `10m`), relative paths (`./apps`), versions (`1.27.3-r1`) — unless some YAML 1.1 or 1.2
 * reader would take it for a number or a timestamp: decimal, octal, hex, binary and base-60
 * integers and floats with underscores, exponents, `.inf`/`.nan`, and `2001-12-14`-style dates.
 */
const NUMBERISH = [
  /^[-+]?[0-9][0-9_]*([eE][-+]?[0-9]+)?$/,
  /^[-+]?([0-9][0-9_]*)?\.[0-9_]*([eE][-+]?[0-9]+)?$/,
  /^[-+]?0[xX][0-9a-fA-F_]+$/,
  /^[-+]?0[bB][01_]+$/,
  /^[-+]?0[oO][0-7_]+$/,
  /^[-+]?[0-9][0-9_]*(:[0-5]?[0-9])+(\.[0-9_]*)?$/,
  /^[-+]?\.(inf|Inf|INF)$/,
  /^\.(nan|NaN|NAN)$/,
  /^[0-9]{4}-[0-9]{1,2}-[0-9]{1,2}/,
];
const PLAIN_NUMBERISH_START = /^[0-9.+][-A-Za-z0-9_./@+=~,:()* ]*$/;

function plainOk(s: string): boolean {
  return (
    s.length < 1024 &&
    (PLAIN.test(s) || (PLAIN_NUMBERISH_START.test(s) && !NUMBERISH.some((r) => r.test(s)))) &&
    !SPECIAL.test(s) &&
    // `yaml`'s YAML 1.1 schema reads "E0" and "+e5" as floats (NaN); quoting them costs nothing.
    !/^[-+]?[eE][-+]?[0-9_]*$/.test(s) &&
    !s.endsWith(" ") &&
    !s.endsWith(":") &&
    !s.includes(": ") &&
    !s.includes(" #")
  );
}

function scalarString(s: string, indent: string): string {
  if (s.length > 0 && plainOk(s)) return s;
  if (s.includes("\n") && !LITERAL_UNSAFE.test(s)) {
    const clip = s.endsWith("\n");
    const body = clip ? s.slice(0, -1) : s;
    const lines = body.split("\n").map((l) => (l ? `${indent}  ${l}` : ""));
    return `|${clip ? "" : "-"}\n${lines.join("\n")}`;
  }
  return JSON.stringify(s);
}

function key(k: string): string {
  return k.length > 0 && plainOk(k) ? k : JSON.stringify(k);
}

function scalar(v: unknown, indent: string): string {
  if (v === null || v === undefined) return "null";
  switch (typeof v) {
    case "string":
      return scalarString(v, indent);
    case "number":
      if (Number.isNaN(v)) return ".nan";
      if (!Number.isFinite(v)) return v > 0 ? ".inf" : "-.inf";
      return Object.is(v, -0) ? "0" : String(v);
    case "bigint":
      return v.toString();
    case "boolean":
      return v ? "true" : "false";
    default:
      throw new TypeError(`cannot write a ${typeof v} as YAML`);
  }
}

function isCollection(v: unknown): v is object {
  return typeof v === "object" && v !== null;
}

function emptyCollection(v: object): string | undefined {
  if (Array.isArray(v)) return v.length === 0 ? "[]" : undefined;
  for (const k in v) if ((v as Record<string, unknown>)[k] !== undefined) return undefined;
  return "{}";
}

function writeMap(obj: Record<string, unknown>, indent: string, out: string[]): void {
  for (const k of Object.keys(obj)) {
    const v = obj[k];
    if (v === undefined) continue;
    const head = `${indent}${key(k)}:`;
    if (isCollection(v)) {
      const empty = emptyCollection(v);
      if (empty) out.push(`${head} ${empty}`);
      else {
        out.push(head);
        writeNode(v, `${indent}  `, out);
      }
    } else out.push(`${head} ${scalar(v, indent)}`);
  }
}

function writeSeq(arr: unknown[], indent: string, out: string[]): void {
  for (const item of arr) {
    if (isCollection(item)) {
      const empty = emptyCollection(item);
      if (empty) {
        out.push(`${indent}- ${empty}`);
        continue;
      }
      const sub: string[] = [];
      writeNode(item, `${indent}  `, sub);
      // The first line of the nested block shares the "- " line.
      sub[0] = `${indent}- ${sub[0]!.slice(indent.length + 2)}`;
      out.push(...sub);
    } else out.push(`${indent}- ${scalar(item ?? null, indent)}`);
  }
}

function writeNode(v: object, indent: string, out: string[]): void {
  if (Array.isArray(v)) writeSeq(v, indent, out);
  else writeMap(v as Record<string, unknown>, indent, out);
}

/**
 * Deterministic YAML text for a plain value: one document (no `---`) ending in a newline, block
 * style, no line folding, no anchors, keys in the value's own order (see synth's `orderKeys` for
 * Kubernetes conventions).
 */
export function stringifyYaml(value: unknown): string {
  if (!isCollection(value)) return `${scalar(value, "")}\n`;
  const empty = emptyCollection(value);
  if (empty) return `${empty}\n`;
  const out: string[] = [];
  writeNode(value, "", out);
  return `${out.join("\n")}\n`;
}

// ---------------------------------------------------------------------------------------------
// go-yaml v2's style, for output that must diff cleanly against Go tools' (`kiln render` against
// `crossplane render`): JSON → sigs.k8s.io/yaml → go-yaml v2 sorts map keys in its "natural"
// order, does not indent sequences under their key, double-quotes strings that YAML 1.1 would
// read as another type ("True", "2024-01-01T00:00:00Z", "yes", "") and falls back to single
// quotes for strings that cannot be plain. The `yaml` package does the emitting; only the key
// order and the choice of double quotes are decided here, because no library reproduces go-yaml
// v2's choices.

/**
 * What a plain scalar `s` reads as under a YAML version (`undefined` when it does not read as
 * one scalar).
 */
function plainScalarValue(s: string, version: "1.1" | "1.2"): unknown {
  try {
    return yamlLib().parse(s, { version, logLevel: "silent" });
  } catch {
    return undefined;
  }
}

/**
 * go-yaml v2's map key order (sorter.go `keyList.Less`) for string keys: runs of digits compare
 * as numbers, a non-letter sorts before a letter, otherwise code points compare.
 */
export function compareKeysGoYaml(a: string, b: string): number {
  if (a === b) return 0;
  return goYamlLess([...a], [...b]) ? -1 : 1;
}

const isLetter = (c: string) => /\p{L}/u.test(c);
const isDigit = (c: string | undefined) => c !== undefined && c >= "0" && c <= "9";

function goYamlLess(ar: string[], br: string[]): boolean {
  for (let i = 0; i < ar.length && i < br.length; i++) {
    if (ar[i] === br[i]) continue;
    const al = isLetter(ar[i]!);
    const bl = isLetter(br[i]!);
    if (al && bl) return ar[i]! < br[i]!;
    if (al || bl) return bl;
    let an = 0;
    let bn = 0;
    if (ar[i] === "0" || br[i] === "0") {
      for (let j = i - 1; j >= 0 && isDigit(ar[j]); j--) {
        if (ar[j] !== "0") {
          an = 1;
          bn = 1;
          break;
        }
      }
    }
    let ai = i;
    let bi = i;
    for (; ai < ar.length && isDigit(ar[ai]); ai++) an = an * 10 + Number(ar[ai]);
    for (; bi < br.length && isDigit(br[bi]); bi++) bn = bn * 10 + Number(br[bi]);
    if (an !== bn) return an < bn;
    if (ai !== bi) return ai < bi;
    return ar[i]! < br[i]!;
  }
  return ar.length < br.length;
}

/** A deep copy with every map's keys in go-yaml v2 order and `undefined` fields dropped (as JSON does). */
export function sortKeysGoYaml(value: unknown): unknown {
  if (Array.isArray(value)) return value.map((v) => (v === undefined ? null : sortKeysGoYaml(v)));
  if (value && typeof value === "object") {
    const out: Record<string, unknown> = {};
    for (const k of Object.keys(value).sort(compareKeysGoYaml)) {
      const v = (value as Record<string, unknown>)[k];
      if (v !== undefined) setOwn(out, k, sortKeysGoYaml(v));
    }
    return out;
  }
  return value;
}

/**
 * True when a plain `s` would read back as a null, bool, number or timestamp: under YAML 1.1
 * (go-yaml v2, crank's resolver) or YAML 1.2 (e.g. `0o17`, which 1.1 reads as a string; crank
 * leaves it plain, kiln quotes it so 1.2 readers get the same string).
 */
function needsDoubleQuotes(s: string): boolean {
  // go-yaml v2 resolves `<<` to its merge tag, so it quotes it too.
  if (s === "" || s === "<<") return true;
  if (s.includes("\n")) return false;
  return (["1.1", "1.2"] as const).some((version) => {
    const v = plainScalarValue(s, version);
    return (
      v === null ||
      typeof v === "number" ||
      typeof v === "boolean" ||
      typeof v === "bigint" ||
      v instanceof Date
    );
  });
}

/**
 * One object as go-yaml v2 writes it through sigs.k8s.io/yaml (apimachinery's YAML serializer,
 * what `crossplane render` prints), without a leading `---`.
 */
export function stringifyGoYaml(value: unknown): string {
  const { Document, isScalar, Scalar, visit } = yamlLib();
  const doc = new Document(sortKeysGoYaml(value), { version: "1.2" });
  visit(doc, {
    Scalar(_key, node) {
      if (typeof node.value === "string" && needsDoubleQuotes(node.value)) node.type = Scalar.QUOTE_DOUBLE;
    },
    Pair(_key, pair) {
      if (isScalar(pair.key) && typeof pair.key.value === "string" && needsDoubleQuotes(pair.key.value)) {
        pair.key.type = Scalar.QUOTE_DOUBLE;
      }
    },
  });
  return doc.toString({
    indentSeq: false,
    lineWidth: 0,
    singleQuote: true,
    defaultStringType: "PLAIN",
    defaultKeyType: "PLAIN",
  });
}
