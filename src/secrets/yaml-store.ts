/**
 * sops' YAML store: reading into the ordered tree and writing text laid out as sops writes it.
 *
 * Reading goes through the `yaml` package's document model rather than src/core's reader, which
 * returns plain objects: sops needs key order kept (integer-like keys included) and integers told
 * from floats (`1` is type:int, `1.5` type:float), which plain values lose.
 *
 * Writing is by hand because sops' bytes come from Go's yaml.v3 with a 4-space indent, whose
 * layout no JavaScript emitter reproduces: a nested block aligns to the next multiple of 4, except
 * the first level inside a sequence item, which only skips the `- `; strings that yaml.v3 would
 * read back as another type are double-quoted, others plain, single- or double-quoted by the
 * emitter's own analysis. Comments are not kept (see docs/secrets.md, Limits).
 */
import type { LineCounter } from "yaml";
import { KilnError } from "../core/errors.ts";
import { MAX_YAML_BYTES } from "../core/yaml.ts";
import { yamlLib as yaml } from "../core/yaml-lib.ts";
import { type SopsMap as Map_, SopsMap, type SopsValue } from "./tree.ts";

/** Every document of a YAML stream as sops trees (empty documents are dropped, as sops does). */
export function parseSopsYaml(text: string, file: string): SopsValue[] {
  if (text.length > MAX_YAML_BYTES) throw new KilnError("file is too large", { file });
  const { parseAllDocuments, LineCounter } = yaml();
  const lc = new LineCounter();
  const docs = parseAllDocuments(text, {
    lineCounter: lc,
    uniqueKeys: true,
    version: "1.2",
    intAsBigInt: true,
    prettyErrors: false,
  });
  const list = Array.isArray(docs) ? docs : [docs];
  const out: SopsValue[] = [];
  for (const doc of list) {
    const err = doc.errors[0];
    if (err) {
      const pos = lc.linePos(err.pos[0]);
      throw new KilnError(err.message.split("\n")[0] ?? err.message, {
        file,
        line: pos.line,
        column: pos.col,
      });
    }
    if (doc.contents === null) continue;
    out.push(fromNode(doc.contents, file, lc));
  }
  return out;
}

function fromNode(node: unknown, file: string, lc: LineCounter): SopsValue {
  const { isMap, isSeq, isScalar, isAlias } = yaml();
  const where = (n: unknown) => {
    const r = (n as { range?: [number] }).range;
    const p = r ? lc.linePos(r[0]) : { line: 1, col: 1 };
    return { file, line: p.line, column: p.col };
  };
  if (isAlias(node)) throw new KilnError("YAML aliases are not supported in sops files", where(node));
  if (isMap(node)) {
    const m = new SopsMap();
    for (const pair of node.items) {
      const k = pair.key;
      if (
        !isScalar(k) ||
        (typeof k.value !== "string" && typeof k.value !== "bigint" && typeof k.value !== "number")
      )
        throw new KilnError("only scalar map keys are supported", where(k ?? node));
      m.items.push([String(k.value), pair.value === null ? null : fromNode(pair.value, file, lc)]);
    }
    return m;
  }
  if (isSeq(node)) return node.items.map((i) => (i === null ? null : fromNode(i, file, lc)));
  if (isScalar(node)) {
    const v = node.value;
    if (v === null || typeof v === "string" || typeof v === "boolean" || typeof v === "bigint") return v;
    if (typeof v === "number") return v;
    if (v instanceof Uint8Array) return Buffer.from(v).toString("base64");
  }
  throw new KilnError("unsupported YAML node", where(node));
}

/** Documents joined by `---`, each laid out as sops (yaml.v3, indent 4) writes it. */
export function emitSopsYaml(docs: readonly SopsValue[]): string {
  return docs.map((d) => emitDocument(d)).join("---\n");
}

function emitDocument(v: SopsValue): string {
  const out: string[] = [];
  if (v instanceof SopsMap) {
    if (v.items.length === 0) return "{}\n";
    writeMap(v, 0, out);
  } else if (Array.isArray(v)) {
    if (v.length === 0) return "[]\n";
    writeSeq(v, 0, out);
  } else return `${scalarText(v, 0)}\n`;
  return `${out.join("\n")}\n`;
}

/** yaml.v3's indent for a block nested in one at `indent`: the next multiple of 4. */
const align = (indent: number) => 4 * Math.floor((indent + 4) / 4);

function writeMap(m: Map_, indent: number, out: string[], firstPrefix?: string): void {
  m.items.forEach(([k, v], i) => {
    const pad = i === 0 && firstPrefix !== undefined ? firstPrefix : " ".repeat(indent);
    const head = `${pad}${stringText(k, indent, true)}:`;
    const child = align(indent);
    if (v instanceof SopsMap && v.items.length > 0) {
      out.push(head);
      writeMap(v, child, out);
    } else if (Array.isArray(v) && v.length > 0) {
      out.push(head);
      writeSeq(v, child, out);
    } else out.push(`${head} ${scalarText(v, child, child - indent === 4)}`);
  });
}

function writeSeq(s: SopsValue[], indent: number, out: string[], firstPrefix?: string): void {
  s.forEach((v, i) => {
    const dash = `${i === 0 && firstPrefix !== undefined ? firstPrefix : " ".repeat(indent)}- `;
    const child = indent + 2;
    if (v instanceof SopsMap && v.items.length > 0) writeMap(v, child, out, dash);
    else if (Array.isArray(v) && v.length > 0) writeSeq(v, child, out, dash);
    else out.push(`${dash}${scalarText(v, child, false)}`);
  });
}

function scalarText(v: SopsValue, blockIndent: number, hintOk = true): string {
  if (v instanceof SopsMap) return "{}";
  if (Array.isArray(v)) return "[]";
  if (v === null) return "null";
  switch (typeof v) {
    case "string":
      return stringText(v, blockIndent, false, hintOk);
    case "bigint":
      return v.toString();
    case "boolean":
      return v ? "true" : "false";
    default:
      return goFloatG(v);
  }
}

/** yaml.v3's float text: strconv.FormatFloat(f, 'g', -1, 64), `.inf`/`.nan` for the specials. */
export function goFloatG(f: number): string {
  if (Number.isNaN(f)) return ".nan";
  if (!Number.isFinite(f)) return f > 0 ? ".inf" : "-.inf";
  if (f === 0) return Object.is(f, -0) ? "-0" : "0";
  const [mant, expText] = f.toExponential().split("e") as [string, string];
  const exp = Number(expText);
  // Shortest digits switch to an exponent below 1e-4 and from 1e6 up (eprec 6 in strconv).
  if (exp < -4 || exp >= 6) return `${mant}e${exp < 0 ? "-" : "+"}${String(Math.abs(exp)).padStart(2, "0")}`;
  return String(f);
}

/**
 * Strings yaml.v3 would resolve to another type (or, for 1.1 compatibility, quotes anyway). Every
 * run of digits is one: what strconv.ParseInt refuses (`08`, `0_9`) yamlStyleFloat takes as a float.
 */
const RESOLVES =
  /^(?:~|null|Null|NULL|true|True|TRUE|false|False|FALSE|y|Y|yes|Yes|YES|n|N|no|No|NO|on|On|ON|off|Off|OFF|[-+]?[0-9][0-9_]*|[-+]?0o[0-7_]+|[-+]?0x[0-9a-fA-F_]+|[-+]?0b[01_]+|[-+]?(?:[0-9][0-9_]*\.[0-9_]*|\.[0-9][0-9_]*)(?:[eE][-+]?[0-9]+)?|[-+]?[0-9][0-9_]*(?:[eE][-+]?[0-9]+)|[-+]?\.(?:inf|Inf|INF)|\.(?:nan|NaN|NAN)|[-+]?[0-9][0-9_]*(?::[0-5]?[0-9])+(?:\.[0-9_]*)?|\d{4}-\d\d?-\d\d?(?:(?:[Tt]|[ \t]+)\d\d?:\d\d:\d\d(?:\.\d*)?(?:[ \t]*(?:Z|[-+]\d\d?(?::\d\d)?))?)?)$/;

const PRINTABLE = /^[\u0020-\u007e\u0085\u00a0-\ud7ff\ue000-\ufefe\uff00-\ufffd\u{10000}-\u{10ffff}]*$/u;

function stringText(s: string, blockIndent: number, isKey: boolean, hintOk = true): string {
  if (s === "") return '""';
  // An indentation indicator says 4 (yaml.v3's best_indent): right only where the block is 4 deeper.
  const needsHint = s.startsWith(" ") || s.startsWith("\n");
  if (!isKey && s.includes("\n") && literalOk(s) && (hintOk || !needsHint)) return literal(s, blockIndent);
  if (RESOLVES.test(s) || s.includes("\n")) return doubleQuoted(s);
  if (!PRINTABLE.test(s) || s.includes("\t")) return doubleQuoted(s);
  if (plainOk(s)) return s;
  return `'${s.replaceAll("'", "''")}'`;
}

/** yaml_emitter_analyze_scalar's verdict for block plain style. */
function plainOk(s: string): boolean {
  if (s.startsWith("---") || s.startsWith("...")) return false;
  if (s.startsWith(" ") || s.endsWith(" ")) return false;
  const first = s[0] as string;
  if ("#,[]{}&*!|>'\"%@`".includes(first)) return false;
  if ("?:-".includes(first) && (s.length === 1 || s[1] === " ")) return false;
  for (let i = 0; i < s.length; i++) {
    const c = s[i];
    if (c === ":" && (i + 1 === s.length || s[i + 1] === " ")) return false;
    if (c === "#" && i > 0 && s[i - 1] === " ") return false;
  }
  return true;
}

function literalOk(s: string): boolean {
  if (!PRINTABLE.test(s.replaceAll("\n", ""))) return false;
  if (s.includes("\t")) return false;
  // yaml.v3 double-quotes text with a space before a line break or at the end.
  return !/ \n| $/.test(s);
}

/** A literal block as yaml.v3 writes it: an indentation indicator (always 4, its best_indent)
 * when the text starts with a space or a line break; `-`, clip or `+` chomping. */
function literal(s: string, indent: number): string {
  const hint = s.startsWith(" ") || s.startsWith("\n") ? "4" : "";
  const chomp = !s.endsWith("\n") ? "-" : s === "\n" || s.endsWith("\n\n") ? "+" : "";
  const body = s.endsWith("\n") ? s.slice(0, -1) : s;
  const pad = " ".repeat(indent);
  return `|${hint}${chomp}\n${body
    .split("\n")
    .map((l) => (l ? `${pad}${l}` : ""))
    .join("\n")}`;
}

function doubleQuoted(s: string): string {
  let out = '"';
  for (const ch of s) {
    const c = ch.codePointAt(0) as number;
    if (ch === '"') out += '\\"';
    else if (ch === "\\") out += "\\\\";
    else if (ch === "\n") out += "\\n";
    else if (ch === "\t") out += "\\t";
    else if (ch === "\r") out += "\\r";
    else if (c === 0) out += "\\0";
    else if (c < 0x20 || c === 0x7f) out += `\\x${c.toString(16).toUpperCase().padStart(2, "0")}`;
    else if (c === 0xfeff || (c >= 0xd800 && c <= 0xdfff) || c === 0xfffe || c === 0xffff)
      out += `\\u${c.toString(16).toUpperCase().padStart(4, "0")}`;
    else if (c === 0x85) out += "\\N";
    else if (c === 0xa0) out += "\\_";
    else if (c === 0x2028) out += "\\L";
    else if (c === 0x2029) out += "\\P";
    else out += ch;
  }
  return `${out}"`;
}
