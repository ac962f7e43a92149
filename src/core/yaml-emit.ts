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
 * every emitted document back to the same value.
 */

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
