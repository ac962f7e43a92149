/**
 * encoding/json's syntax check (scanner.go), reproduced so a malformed JSON config gets Go's own
 * message (`invalid character '}' looking for beginning of object key string`) and its offset.
 * JSON.parse decides nothing here: its messages are V8's and quote the input, secrets included.
 */

export interface JsonSyntaxError {
  message: string;
  /** Byte offset (UTF-16 index) of the offending character. */
  offset: number;
}

const WS = new Set([" ", "\t", "\r", "\n"]);

/** Returns Go's syntax error for `text`, or undefined when it is valid JSON. */
export function goJsonSyntaxError(text: string): JsonSyntaxError | undefined {
  let i = 0;
  const fail = (context: string): JsonSyntaxError =>
    i >= text.length
      ? { message: "unexpected end of JSON input", offset: text.length }
      : { message: `invalid character ${quoteChar(text[i]!)} ${context}`, offset: i };
  const skip = () => {
    while (i < text.length && WS.has(text[i]!)) i++;
  };

  // Each parser returns an error or advances `i` past the value.
  const value = (): JsonSyntaxError | undefined => {
    skip();
    const c = text[i];
    if (c === "{") return object();
    if (c === "[") return array();
    if (c === '"') return string();
    if (c === "-" || (c !== undefined && c >= "0" && c <= "9")) return number();
    if (c === "t") return literal("true");
    if (c === "f") return literal("false");
    if (c === "n") return literal("null");
    return fail("looking for beginning of value");
  };

  const object = (): JsonSyntaxError | undefined => {
    i++;
    skip();
    if (text[i] === "}") {
      i++;
      return undefined;
    }
    for (;;) {
      if (text[i] !== '"') return fail("looking for beginning of object key string");
      const k = string();
      if (k) return k;
      skip();
      if (text[i] !== ":") return fail("after object key");
      i++;
      const v = value();
      if (v) return v;
      skip();
      if (text[i] === ",") {
        i++;
        skip();
        continue;
      }
      if (text[i] === "}") {
        i++;
        return undefined;
      }
      return fail("after object key:value pair");
    }
  };

  const array = (): JsonSyntaxError | undefined => {
    i++;
    skip();
    if (text[i] === "]") {
      i++;
      return undefined;
    }
    for (;;) {
      const v = value();
      if (v) return v;
      skip();
      if (text[i] === ",") {
        i++;
        continue;
      }
      if (text[i] === "]") {
        i++;
        return undefined;
      }
      return fail("after array element");
    }
  };

  const string = (): JsonSyntaxError | undefined => {
    i++;
    for (;;) {
      if (i >= text.length) return fail("");
      const c = text[i]!;
      if (c === '"') {
        i++;
        return undefined;
      }
      if (c === "\\") {
        i++;
        const e = text[i];
        if (e === "u") {
          for (let n = 0; n < 4; n++) {
            i++;
            if (!/^[0-9a-fA-F]$/.test(text[i] ?? "")) return fail("in \\u hexadecimal character escape");
          }
        } else if (e === undefined || !'"\\/bfnrt'.includes(e)) return fail("in string escape code");
        i++;
        continue;
      }
      if (c.charCodeAt(0) < 0x20) return fail("in string literal");
      i++;
    }
  };

  const digits = () => {
    while (i < text.length && text[i]! >= "0" && text[i]! <= "9") i++;
  };
  const isDigit = () => i < text.length && text[i]! >= "0" && text[i]! <= "9";

  const number = (): JsonSyntaxError | undefined => {
    if (text[i] === "-") {
      i++;
      if (!isDigit()) return fail("in numeric literal");
    }
    if (text[i] === "0") i++;
    else digits();
    if (text[i] === ".") {
      i++;
      if (!isDigit()) return fail("after decimal point in numeric literal");
      digits();
    }
    if (text[i] === "e" || text[i] === "E") {
      i++;
      if (text[i] === "+" || text[i] === "-") i++;
      if (!isDigit()) return fail("in exponent of numeric literal");
      digits();
    }
    return undefined;
  };

  const literal = (word: string): JsonSyntaxError | undefined => {
    for (let n = 0; n < word.length; n++, i++) {
      if (text[i] !== word[n]) return fail(`in literal ${word} (expecting ${quoteChar(word[n]!)})`);
    }
    return undefined;
  };

  const err = value();
  if (err) return err;
  skip();
  return i < text.length ? fail("after top-level value") : undefined;
}

/** Go's quoteChar: 'x', with Go escapes for non-printable characters. */
function quoteChar(c: string): string {
  if (c === "'") return `'\\''`;
  if (c === '"') return `'"'`;
  const escapes: Record<string, string> = {
    "\n": "\\n",
    "\r": "\\r",
    "\t": "\\t",
    "\b": "\\b",
    "\f": "\\f",
    "\v": "\\v",
    "\0": "\\x00",
  };
  if (escapes[c]) return `'${escapes[c]}'`;
  const code = c.charCodeAt(0);
  if (code < 0x20 || code === 0x7f) return `'\\x${code.toString(16).padStart(2, "0")}'`;
  return `'${c}'`;
}
