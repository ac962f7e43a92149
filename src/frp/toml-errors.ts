/**
 * frp reads TOML with go-toml v2 (v2.2.0 in frp v0.70.1) and prints its errors as they are; kiln
 * parses with smol-toml, which finds the same syntax errors at the same places but words them its
 * own way. This module rewords a smol-toml failure the way go-toml words it, so `kiln frp verify`
 * prints what `frpc verify` prints. No JavaScript library produces go-toml's messages, so the
 * rules are written here from go-toml's parser (unstable/parser.go, scanner.go) and its key
 * tracker (internal/tracker/seen.go), and held to the real binaries by the mutated corpus in
 * test/interop/frp.test.ts. A failure this module does not recognise keeps smol-toml's words.
 */
import type { TomlError } from "smol-toml";

export interface GoTomlError {
  message: string;
  /** Parser errors are located; the key tracker's (duplicates) are not, as in go-toml. */
  line?: number;
  column?: number;
}

/** go-toml's error for the TOML text smol-toml refused with `e`. */
export function goTomlError(text: string, e: TomlError): GoTomlError {
  const detail = e.message.split("\n")[0]!.replace(/^Invalid TOML document: /, "");
  const located = (message: string, line = e.line, column = e.column): GoTomlError => ({
    message,
    line,
    column,
  });
  if (detail.startsWith("trying to redefine")) {
    const tracked = trackKeys(text);
    if (tracked) return { message: tracked };
    return located(detail);
  }
  const offset = offsetOf(text, e.line, e.column);
  const at = text[offset];
  const lineStart = text.lastIndexOf("\n", offset - 1) + 1;
  const before = text.slice(lineStart, offset).trim();
  const eof = at === undefined;
  switch (detail) {
    case "illegal character in key":
    case "unexpected end of key":
    case "illegal empty bare key":
    case "incomplete key-value: cannot find end of key":
    case "expected end of table array declaration":
    case "expected end of table declaration": {
      if (before.startsWith("[")) {
        if (/[.[]\s*$/.test(before))
          return located(eof ? "expected key but found none" : `invalid character at start of key: ${at}`);
        return located(eof ? "expected character ] but the document ended here" : "expected character ]");
      }
      // A key and then the end of the document: go-toml points past the key.
      if (/^[\w.-]+[ \t]*$/.test(text.slice(offset)) && /^[\w.-]*$/.test(before.split(/\s/).pop() ?? "")) {
        const end = positionOf(text, text.length);
        return located("expected = after a key, but the document ends there", end.line, end.column);
      }
      if (before === "" || before.endsWith(".")) {
        if (eof) return located("expected key but found none");
        return located(`invalid character at start of key: ${at === "\n" ? "" : at}`);
      }
      return located(eof ? "expected = after a key, but the document ends there" : "expected character =");
    }
    case "invalid value":
      return located(invalidValue(text, offset));
    case "each key-value declaration must be followed by an end-of-line":
    case "illegal character in numeric literal":
    case "illegal leading zero": {
      let i = offset;
      if (detail === "illegal leading zero") i++;
      while (text[i] === " " || text[i] === "\t") i++;
      const c = text[i];
      if (c === undefined) return located(detail);
      const pos = positionOf(text, i);
      return located(`expected newline but got ${goRune(c)}`, pos.line, pos.column);
    }
    case "control characters are not allowed in strings": {
      const literal = openingQuote(text, lineStart, offset) === "'";
      if (at === "\n") return located(`${literal ? "literal" : "basic"} strings cannot have new lines`);
      return located("invalid character");
    }
    case "unfinished string": {
      const literal = openingQuote(text, lineStart, offset) === "'";
      const end = positionOf(text, text.length);
      return located(
        literal ? "unterminated literal string" : 'basic string not terminated by "',
        end.line,
        end.column,
      );
    }
    case "expected comma or end of structure": {
      const open = innermostBracket(text, offset);
      if (open === "{") {
        // An inline table cannot go on past its line: go-toml stops at the line's end.
        if (e.column === 1 && e.line > 1) {
          const end = positionOf(text, lineStart - 1);
          return located("expected character ,", end.line, end.column);
        }
        return located("expected character ,");
      }
      if (eof) return located("expected character ] but the document ended here");
      return located("array elements must be separated by commas");
    }
    case "unrecognised escape sequence": {
      const c = text[offset - 1] === "\\" ? text[offset] : (text[offset + 1] ?? text[offset]);
      return c === undefined ? located(detail) : located(`invalid escaped character ${goRune(c)}`);
    }
    default:
      return located(detail);
  }
}

/** go-toml's parseValue on a value it cannot read: what the first character promised. */
function invalidValue(text: string, offset: number): string {
  const c = text[offset];
  switch (c) {
    case "t":
      return "expected 'true'";
    case "f":
      return "expected 'false'";
    case "n":
      return "expected 'nan'";
    case "i":
      return "expected 'inf'";
    case ".":
      return "float cannot start with a dot";
    case "+":
    case "-": {
      const next = text[offset + 1];
      if (next !== undefined && !/[0-9in]/.test(next))
        return `couldn't parse decimal number: strconv.ParseInt: parsing "${c}": invalid syntax`;
      return "incomplete number";
    }
    default:
      return "incomplete number";
  }
}

/** Go's `%#U`: `U+002C ','`. */
function goRune(c: string): string {
  const cp = c.codePointAt(0)!;
  const hex = `U+${cp.toString(16).toUpperCase().padStart(4, "0")}`;
  return cp >= 0x20 && cp !== 0x7f ? `${hex} '${c}'` : hex;
}

function offsetOf(text: string, line: number, column: number): number {
  let o = 0;
  for (let l = 1; l < line; l++) {
    const nl = text.indexOf("\n", o);
    if (nl < 0) return text.length;
    o = nl + 1;
  }
  return Math.min(text.length, o + column - 1);
}

function positionOf(text: string, offset: number): { line: number; column: number } {
  const before = text.slice(0, offset);
  const nl = before.lastIndexOf("\n");
  return { line: before.split("\n").length, column: offset - nl };
}

/** The quote that opened the string still open at `offset`, scanning its line from the start. */
function openingQuote(text: string, lineStart: number, offset: number): string | undefined {
  for (let i = lineStart; i < offset; i++) {
    const c = text[i]!;
    if (c === "#") return undefined;
    if (c !== '"' && c !== "'") continue;
    const end = skipString(text, i);
    if (end >= offset) return c;
    i = end;
  }
  return undefined;
}

/** The innermost `[` or `{` still open at `offset` (strings skipped). */
function innermostBracket(text: string, offset: number): string | undefined {
  const stack: string[] = [];
  for (let i = 0; i < offset; i++) {
    const c = text[i]!;
    if (c === '"' || c === "'") i = skipString(text, i);
    else if (c === "#") while (i < offset && text[i] !== "\n") i++;
    else if (c === "[" || c === "{") stack.push(c);
    else if (c === "]" || c === "}") stack.pop();
  }
  return stack[stack.length - 1];
}

function skipString(text: string, i: number): number {
  const q = text[i]!;
  const triple = text.startsWith(q.repeat(3), i);
  if (triple) {
    const end = text.indexOf(q.repeat(3), i + 3);
    return end < 0 ? text.length : end + 2;
  }
  for (let j = i + 1; j < text.length; j++) {
    if (q === '"' && text[j] === "\\") j++;
    else if (text[j] === q || text[j] === "\n") return j;
  }
  return text.length;
}

// --- go-toml's key tracker (internal/tracker/seen.go), over the document's expressions ---

type Kind = "value" | "table" | "array table";
interface Entry {
  kind: Kind;
  explicit: boolean;
  /** Created by a dotted key-value: becomes explicit when the table it is in is left. */
  kv: boolean;
  children: Map<string, Entry>;
}

const entry = (kind: Kind, explicit: boolean, kv: boolean): Entry => ({
  kind,
  explicit,
  kv,
  children: new Map(),
});

interface Tracker {
  root: Entry;
  current: Entry;
}

function child(parent: Entry, name: string, e: Entry): Entry {
  parent.children.set(name, e);
  return e;
}

function setExplicit(e: Entry): void {
  for (const c of e.children.values()) {
    if (c.kv) {
      c.explicit = true;
      c.kv = false;
    }
    setExplicit(c);
  }
}

function checkTable(t: Tracker, keys: string[], array: boolean): string | undefined {
  setExplicit(t.current);
  let parent = t.root;
  for (const k of keys.slice(0, -1)) {
    const e = parent.children.get(k) ?? child(parent, k, entry("table", false, false));
    if (e.kind === "value") return `toml: expected ${k} to be a table, not a ${e.kind}`;
    parent = e;
  }
  const k = keys[keys.length - 1]!;
  let e = parent.children.get(k);
  if (array) {
    if (!e) e = child(parent, k, entry("array table", true, false));
    else if (e.kind !== "array table")
      return `toml: key ${e.kind} already exists as a ${k},  but should be an array table`;
    else e.children.clear();
  } else if (e) {
    if (e.kind !== "table") return `toml: key ${k} should be a table, not a ${e.kind}`;
    if (e.explicit) return `toml: table ${k} already exists`;
    e.explicit = true;
  } else e = child(parent, k, entry("table", true, false));
  t.current = e;
  return undefined;
}

function checkKeyValue(t: Tracker, keys: string[], inline: Expression[][]): string | undefined {
  let parent = t.current;
  for (const [i, k] of keys.entries()) {
    const e = parent.children.get(k);
    if (!e) {
      const created = entry("table", false, true);
      parent.children.set(k, created);
      parent = created;
      continue;
    }
    if (i === keys.length - 1) return `toml: key ${k} is already defined`;
    if (e.kind !== "table") return `toml: expected ${k} to be a table, not a ${e.kind}`;
    if (e.explicit) return `toml: cannot redefine table ${k} that has already been explicitly defined`;
    parent = e;
  }
  parent.kind = "value";
  // Each inline table in the value is checked with a tracker of its own.
  for (const table of inline) {
    const own: Tracker = { root: entry("table", false, false), current: undefined as unknown as Entry };
    own.current = own.root;
    for (const x of table) {
      const err = x.kind === "kv" ? checkKeyValue(own, x.keys, x.inline) : undefined;
      if (err) return err;
    }
  }
  return undefined;
}

type Expression =
  | { kind: "table" | "array table"; keys: string[] }
  | { kind: "kv"; keys: string[]; inline: Expression[][] };

/** The first key-tracker error of the document, or undefined. */
function trackKeys(text: string): string | undefined {
  const t: Tracker = { root: entry("table", false, false), current: undefined as unknown as Entry };
  t.current = t.root;
  const scan = new Scanner(text);
  for (;;) {
    const x = scan.expression();
    if (!x) return undefined;
    const err =
      x.kind === "kv" ? checkKeyValue(t, x.keys, x.inline) : checkTable(t, x.keys, x.kind === "array table");
    if (err) return err;
  }
}

/** Reads expressions (headers and key-values) far enough to know their keys; values are skipped. */
class Scanner {
  i = 0;
  constructor(readonly text: string) {}

  expression(): Expression | undefined {
    const s = this.text;
    for (;;) {
      while (this.i < s.length && /[ \t\r\n]/.test(s[this.i]!)) this.i++;
      if (s[this.i] === "#") {
        while (this.i < s.length && s[this.i] !== "\n") this.i++;
        continue;
      }
      break;
    }
    if (this.i >= s.length) return undefined;
    if (s.startsWith("[[", this.i)) {
      this.i += 2;
      const keys = this.keys();
      this.i = s.indexOf("]]", this.i) + 2 || s.length;
      return { kind: "array table", keys };
    }
    if (s[this.i] === "[") {
      this.i++;
      const keys = this.keys();
      this.i = s.indexOf("]", this.i) + 1 || s.length;
      return { kind: "table", keys };
    }
    return this.keyValue();
  }

  keyValue(): Expression & { kind: "kv" } {
    const keys = this.keys();
    const s = this.text;
    while (s[this.i] === " " || s[this.i] === "\t") this.i++;
    if (s[this.i] === "=") this.i++;
    const inline: Expression[][] = [];
    this.value(inline);
    return { kind: "kv", keys, inline };
  }

  keys(): string[] {
    const s = this.text;
    const keys: string[] = [];
    for (;;) {
      while (s[this.i] === " " || s[this.i] === "\t") this.i++;
      const c = s[this.i];
      if (c === '"' || c === "'") {
        const end = skipString(s, this.i);
        keys.push(s.slice(this.i + 1, end).replace(/\\(["\\])/g, "$1"));
        this.i = end + 1;
      } else {
        const m = /^[A-Za-z0-9_-]+/.exec(s.slice(this.i, this.i + 256));
        if (!m) return keys;
        keys.push(m[0]);
        this.i += m[0].length;
      }
      while (s[this.i] === " " || s[this.i] === "\t") this.i++;
      if (s[this.i] !== ".") return keys;
      this.i++;
    }
  }

  value(inline: Expression[][]): void {
    const s = this.text;
    while (s[this.i] === " " || s[this.i] === "\t") this.i++;
    const c = s[this.i];
    if (c === '"' || c === "'") {
      this.i = skipString(s, this.i) + 1;
    } else if (c === "[") {
      this.i++;
      for (;;) {
        while (this.i < s.length && /[ \t\r\n,]/.test(s[this.i]!)) this.i++;
        if (s[this.i] === "#") {
          while (this.i < s.length && s[this.i] !== "\n") this.i++;
          continue;
        }
        if (this.i >= s.length || s[this.i] === "]") break;
        const before = this.i;
        this.value(inline);
        if (this.i === before) this.i++;
      }
      this.i++;
    } else if (c === "{") {
      this.i++;
      const table: Expression[] = [];
      for (;;) {
        while (this.i < s.length && /[ \t,]/.test(s[this.i]!)) this.i++;
        if (this.i >= s.length || s[this.i] === "}" || s[this.i] === "\n") break;
        const before = this.i;
        table.push(this.keyValue());
        if (this.i === before) this.i++;
      }
      inline.push(table);
      this.i++;
    } else {
      while (this.i < s.length && !/[\s,\]}#]/.test(s[this.i]!)) this.i++;
    }
  }
}
