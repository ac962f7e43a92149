/**
 * A fast YAML emitter for plain JSON-like data (what Kubernetes manifests are).
 *
 * Why not `yaml`'s stringify: it builds a full Document node tree per object, which made it the
 * largest cost of synthesizing big control planes (docs/benchmarks.md). Manifests need only
 * block maps, block sequences and scalars, so this emitter writes them directly. It is
 * conservative: a string is written plain only when it cannot be read back as anything else
 * under YAML 1.1 or 1.2 rules; otherwise it is double-quoted (JSON string syntax is valid YAML)
 * or, for readable multi-line text, a literal block. A property test checks that `yaml` parses
 * every emitted document back to the same value.
 */

const PLAIN = /^[A-Za-z_/][-A-Za-z0-9_./@+=~,:()* ]*$/;
const SPECIAL =
  /^(y|Y|yes|Yes|YES|n|N|no|No|NO|true|True|TRUE|false|False|FALSE|on|On|ON|off|Off|OFF|null|Null|NULL)$/;
const LITERAL_UNSAFE =
  /[\r\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f\u0085\u2028\u2029\ufeff]|[ \t]\n|[ \t]$|^[ \t]|\n\n$/;

function plainOk(s: string): boolean {
  return (
    s.length < 1024 &&
    PLAIN.test(s) &&
    !SPECIAL.test(s) &&
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

/** One YAML document (no `---`), ending in a newline. Keys are written in the object's order. */
export function emitYaml(value: unknown): string {
  if (!isCollection(value)) return `${scalar(value, "")}\n`;
  const empty = emptyCollection(value);
  if (empty) return `${empty}\n`;
  const out: string[] = [];
  writeNode(value, "", out);
  return `${out.join("\n")}\n`;
}
