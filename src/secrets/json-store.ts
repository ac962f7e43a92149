/**
 * sops' JSON store: a JSON object read into the ordered tree (through the same `yaml` reader as
 * the YAML store, JSON being YAML 1.2), written as Go's encoding/json writes it and sops
 * re-indents it: tab indent, `<`, `>`, `&`, U+2028/2029 and control characters escaped, floats in
 * Go's shortest form.
 */
import { KilnError } from "../core/errors.ts";
import { SopsMap, type SopsValue } from "./tree.ts";
import { parseSopsYaml } from "./yaml-store.ts";

export function parseSopsJson(text: string, file: string): SopsMap {
  const trimmed = text.trimStart();
  if (!trimmed.startsWith("{")) throw new KilnError("a sops JSON file must hold one JSON object", { file });
  try {
    JSON.parse(text);
  } catch (e) {
    throw new KilnError(`invalid JSON: ${(e as Error).message}`, { file });
  }
  const docs = parseSopsYaml(text, file);
  const doc = docs[0];
  if (docs.length !== 1 || !(doc instanceof SopsMap))
    throw new KilnError("a sops JSON file must hold one JSON object", { file });
  return doc;
}

export function emitSopsJson(doc: SopsMap): string {
  return `${value(doc, "")}\n`;
}

function value(v: SopsValue, indent: string): string {
  const inner = `${indent}\t`;
  if (v instanceof SopsMap) {
    if (v.items.length === 0) return "{}";
    return `{\n${v.items.map(([k, x]) => `${inner}${goString(k)}: ${value(x, inner)}`).join(",\n")}\n${indent}}`;
  }
  if (Array.isArray(v)) {
    if (v.length === 0) return "[]";
    return `[\n${v.map((x) => `${inner}${value(x, inner)}`).join(",\n")}\n${indent}]`;
  }
  if (v === null) return "null";
  switch (typeof v) {
    case "string":
      return goString(v);
    case "bigint":
      return v.toString();
    case "boolean":
      return String(v);
    default:
      return goJsonFloat(v);
  }
}

/** encoding/json's float64: 'f' form, except below 1e-6 or from 1e21 up ('e', exponent unpadded). */
function goJsonFloat(f: number): string {
  if (!Number.isFinite(f)) throw new KilnError("JSON cannot hold NaN or infinite numbers");
  const abs = Math.abs(f);
  if (abs !== 0 && (abs < 1e-6 || abs >= 1e21))
    return f
      .toExponential()
      .replace("e+", "e+")
      .replace(/e([+-])0*(\d)/, "e$1$2");
  return String(f);
}

/** encoding/json's string escaping (HTML-safe, the default). */
export function goString(s: string): string {
  let out = '"';
  for (const ch of s) {
    const c = ch.codePointAt(0) as number;
    if (ch === '"') out += '\\"';
    else if (ch === "\\") out += "\\\\";
    else if (ch === "\n") out += "\\n";
    else if (ch === "\r") out += "\\r";
    else if (ch === "\t") out += "\\t";
    else if (c < 0x20 || ch === "<" || ch === ">" || ch === "&" || c === 0x2028 || c === 0x2029)
      out += `\\u${c.toString(16).padStart(4, "0")}`;
    else out += ch;
  }
  return `${out}"`;
}
