/**
 * The one place kiln reads and writes YAML (via the `yaml` package). Every stage that parses
 * user or upstream YAML calls `parseYamlDocuments`, so duplicate keys, alias bombs, binary input
 * and syntax errors are reported the same way everywhere: file, line, column.
 */
import { createRequire } from "node:module";
import jsyaml from "js-yaml";
import type * as Yaml from "yaml";
import type { Document, LineCounter, Node } from "yaml";
import { KilnError } from "./errors.ts";
import { emitYaml } from "./yaml-emit.ts";
import { type DocPositions, jsyamlPositions } from "./yaml-positions.ts";

const require = createRequire(import.meta.url);
let yamlModule: typeof Yaml | undefined;
/**
 * `yaml` on first use: loading it costs 20-30 ms, and the js-yaml fast path reads most texts
 * (a whole `kiln import` of provider CRDs) without it.
 */
function yaml(): typeof Yaml {
  yamlModule ??= require("yaml") as typeof Yaml;
  return yamlModule;
}

/** Largest YAML input accepted (bytes). Kubernetes' own request limit is 3 MiB per object. */
export const MAX_YAML_BYTES = 32 * 1024 * 1024;
/** Alias expansion bound: a document needing more is an alias bomb. */
export const MAX_ALIAS_COUNT = 1000;

export interface YamlDocument {
  /** 0-based index of the document in its file (counting empty documents). */
  index: number;
  /** The plain JS value (maps → objects). `null` for empty documents. */
  value: unknown;
  /** 1-based line where the document's content starts. */
  line: number;
  /** 1-based line/column of the node at a JSON path, or the closest existing parent. */
  locate(path: ReadonlyArray<string | number>): { line: number; column: number };
}

/**
 * Parses every document of a YAML stream. Throws a KilnError naming file, line and column for
 * syntax errors, duplicate keys, excessive aliases, binary or oversized input.
 *
 * Values come from js-yaml on the fast path: it is ~6× faster than `yaml`'s document model, and
 * most of kiln's reading (CRDs, manifests to validate) never needs a position. Positions
 * (`line`, `locate`) are worked out on first use, from js-yaml's parse listener
 * (yaml-positions.ts) or, where that gives up, a full `yaml` parse of the same text. Anything
 * the fast path could read differently — aliases (bounded expansion), complex keys,
 * custom tags, any error — goes through `yaml` alone, which stays the reference.
 */
export function parseYamlDocuments(text: string, file: string): YamlDocument[] {
  checkInput(text, file);
  const values = fastValues(text);
  if (!values) return parseFull(text, file);
  // Positions on first use: js-yaml's listener first (cheap), `yaml` where that walk gives up.
  let fast: DocPositions[] | null | undefined;
  const cheap = (index: number): DocPositions | undefined => {
    if (fast === undefined) {
      try {
        fast = jsyamlPositions(text, CORE_1_2);
      } catch {
        fast = null;
      }
    }
    return fast?.length === values.length ? fast[index] : undefined;
  };
  let full: YamlDocument[] | undefined;
  const positioned = (index: number): YamlDocument | undefined => {
    try {
      full ??= parseFull(text, file);
    } catch {
      // js-yaml read a text `yaml` rejects: the values stand, the positions are unknown.
      full = [];
    }
    return full[index] ?? full[full.length - 1];
  };
  return values.map((value, index) => ({
    index,
    value: value === undefined ? null : value,
    get line() {
      return cheap(index)?.line ?? positioned(index)?.line ?? 1;
    },
    locate: (path) => cheap(index)?.locate(path) ?? positioned(index)?.locate(path) ?? { line: 1, column: 1 },
  }));
}

function checkInput(text: string, file: string): void {
  if (text.length > MAX_YAML_BYTES) {
    throw new KilnError(`file is too large (${text.length} bytes; the limit is ${MAX_YAML_BYTES})`, { file });
  }
  const nul = text.indexOf("\u0000");
  if (nul >= 0) throw new KilnError("binary content (NUL byte) is not YAML", { file });
}

/*
 * An alias (`*a`) where a node can start: `yaml` expands aliases by copying, within a bound;
 * js-yaml shares references, which would let an alias bomb through. Only with an anchor (`&a`)
 * where a node can start can js-yaml resolve an alias (otherwise it throws and `yaml` reads the
 * text), so text like `x-amz-*` in a description stays fast. An explicit key (`? k`) js-yaml
 * stringifies differently. These are the regular expressions
 *   alias  /(?:^[ \t]*|[:?\-,[{][ \t]*)\*[^\s[\]{},]/m   anchor: the same with `&`
 *   key    /(?:^[ \t]*|[-[{,][ \t]*)\?(?:[ \t]|$)/m
 * written as a scan from each occurrence of the mark: CRD descriptions hold many `*` and `?`,
 * and the regular expressions, tried at every position of a text, cost 25–30 ms on 70 provider
 * CRDs against 1–2 ms (test/core/yaml.test.ts holds the two equal).
 */
const NODE_CHAR = /[^\s[\]{},]/;
const LINE_BREAK = /[\n\r\u2028\u2029]/;
const nodeChar = (c: string | undefined) => c !== undefined && NODE_CHAR.test(c);
const keyEnd = (c: string | undefined) => c === undefined || c === " " || c === "\t" || LINE_BREAK.test(c);

/** Positions (at most `limit`) where `mark` follows a line start or one of `before`, spaces and
 * tabs between, with `after` true of the next character. */
function markPositions(
  text: string,
  mark: string,
  before: string,
  after: (c: string | undefined) => boolean,
  limit = Number.POSITIVE_INFINITY,
): number[] {
  const out: number[] = [];
  for (let i = text.indexOf(mark); i >= 0 && out.length < limit; i = text.indexOf(mark, i + 1)) {
    if (!after(text[i + 1])) continue;
    let j = i - 1;
    while (j >= 0 && (text[j] === " " || text[j] === "\t")) j--;
    if (j < 0 || LINE_BREAK.test(text[j] as string) || before.includes(text[j] as string)) out.push(i);
  }
  return out;
}

/** Where an explicit key's `?` can be (see above). */
const explicitKeys = (text: string, limit?: number) => markPositions(text, "?", "-[{,", keyEnd, limit);

/** Marks where a node can start (see above), exported for the test that holds them to the regular expressions. */
export const yamlMarks = {
  alias: (text: string) => markPositions(text, "*", ":?-,[{", nodeChar, 1).length > 0,
  anchor: (text: string) => markPositions(text, "&", ":?-,[{", nodeChar, 1).length > 0,
  explicitKey: (text: string) => explicitKeys(text, 1).length > 0,
};
/** A flow collection followed by `:`: cheap to look for, and rare; FLOW_KEY then decides. */
const FLOW_THEN_COLON = /[\]}][ \t]*:(?:\s|$)/;
/** A flow-collection key: it starts where a key can, at a line's start (after block-sequence
 * dashes) or after `{`, `[` or `,`; `[%p]: [` inside a description's text is not one. */
const FLOW_KEY = /(?:^[ \t]*(?:-[ \t]+)*|[[{,][ \t]*)[[{][^\n]*?[\]}][ \t]*:(?:\s|$)/m;

/** The first token at or after `i`: past spaces, line breaks and comments. */
function nextToken(text: string, i: number): number {
  for (;;) {
    const c = text[i];
    if (c === " " || c === "\t" || c === "\n" || c === "\r") i++;
    else if (c === "#") while (i < text.length && text[i] !== "\n") i++;
    else return i;
  }
}

/**
 * js-yaml's values for `text`, or undefined when it could read them differently from `yaml`:
 * aliases, flow-collection keys and explicit keys (js-yaml stringifies collection keys and
 * reads an empty explicit key as "null"). A `?` where a key can start may also be a line of a
 * quoted or block scalar (cert-manager's CEL rules wrap as `? 1 : 0`): it is an explicit key only
 * when a node starts at the token after it, which js-yaml's parse listener tells, at a fraction
 * of the cost of reading the text with `yaml`.
 */
function fastValues(text: string): unknown[] | undefined {
  if (yamlMarks.alias(text) && yamlMarks.anchor(text)) return undefined;
  if (FLOW_THEN_COLON.test(text) && FLOW_KEY.test(text)) return undefined;
  const keys = explicitKeys(text);
  try {
    if (keys.length === 0) return jsyaml.loadAll(text, null, { schema: CORE_1_2 });
    const tokens = keys.map((k) => nextToken(text, k + 1));
    // `?` with nothing after it on its line: an empty explicit key.
    if (tokens.some((t, n) => text.lastIndexOf("\n", t - 1) > (keys[n] as number) || text[t] === undefined))
      return undefined;
    const opens: number[] = [];
    const values = jsyaml.loadAll(text, null, {
      schema: CORE_1_2,
      listener: (event, state) => {
        if (event === "open") opens.push(state.position);
      },
    });
    const starts = new Set(opens.map((p) => nextToken(text, p)));
    return tokens.some((t) => starts.has(t)) ? undefined : values;
  } catch {
    return undefined;
  }
}

/** YAML 1.2 core schema for js-yaml, with exactly `yaml`'s regular expressions (js-yaml's own
 * core schema also reads `0b1` and `1_000` as numbers, which YAML 1.2 does not). */
const CORE_1_2 = jsyaml.FAILSAFE_SCHEMA.extend({
  implicit: [
    scalar("null", /^(?:~|[Nn]ull|NULL)?$/, () => null),
    scalar("bool", /^(?:[Tt]rue|TRUE|[Ff]alse|FALSE)$/, (s) => s[0] === "t" || s[0] === "T"),
    scalar("int", /^(?:[-+]?[0-9]+|0o[0-7]+|0x[0-9a-fA-F]+)$/, (s) =>
      s[1] === "o"
        ? Number.parseInt(s.slice(2), 8)
        : s[1] === "x"
          ? Number.parseInt(s.slice(2), 16)
          : Number.parseInt(s, 10),
    ),
    scalar(
      "float",
      /^(?:[-+]?\.(?:inf|Inf|INF)|\.nan|\.NaN|\.NAN|[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)[eE][-+]?[0-9]+|[-+]?(?:\.[0-9]+|[0-9]+\.[0-9]*))$/,
      (s) =>
        /nan$/i.test(s)
          ? Number.NaN
          : /inf$/i.test(s)
            ? s[0] === "-"
              ? -Infinity
              : Infinity
            : Number.parseFloat(s),
    ),
  ],
});

function scalar(name: string, test: RegExp, construct: (s: string) => unknown): jsyaml.Type {
  return new jsyaml.Type(`tag:yaml.org,2002:${name}`, {
    kind: "scalar",
    resolve: (s: unknown) => typeof s === "string" && test.test(s),
    construct: (s: string) => construct(s),
  });
}

/** Like {@link parseYamlDocuments}, always through `yaml`'s document model (positions at once). */
export function parseYamlDocumentsWithPositions(text: string, file: string): YamlDocument[] {
  checkInput(text, file);
  return parseFull(text, file);
}

/** `yaml`'s document model, for a text already checked by `checkInput`. */
function parseFull(text: string, file: string): YamlDocument[] {
  const { LineCounter, parseAllDocuments } = yaml();
  const lineCounter = new LineCounter();
  const docs = parseAllDocuments(text, {
    lineCounter,
    uniqueKeys: true,
    prettyErrors: false,
    version: "1.2",
  });
  const list = Array.isArray(docs) ? docs : [docs];
  const out: YamlDocument[] = [];
  list.forEach((doc, index) => {
    const err = doc.errors[0];
    if (err) {
      const pos = lineCounter.linePos(err.pos[0]);
      throw new KilnError(yamlMessage(err.code, err.message), { file, line: pos.line, column: pos.col });
    }
    let value: unknown;
    try {
      value = doc.toJS({ maxAliasCount: MAX_ALIAS_COUNT });
    } catch (e) {
      const pos = lineCounter.linePos(doc.range[0]);
      throw new KilnError(`${(e as Error).message} (alias expansion limit ${MAX_ALIAS_COUNT})`, {
        file,
        line: pos.line,
        column: pos.col,
      });
    }
    const start = doc.contents?.range?.[0] ?? doc.range[0];
    out.push({
      index,
      value: value === undefined ? null : value,
      line: lineCounter.linePos(start).line,
      locate: (path) => locate(doc, lineCounter, path),
    });
  });
  return out;
}

function yamlMessage(code: string, message: string): string {
  const first = message.split("\n")[0] ?? message;
  if (code === "DUPLICATE_KEY")
    return `duplicate key: ${first.replace(/^Map keys must be unique.*$/, "map keys must be unique")}`;
  return first.replace(/ at line \d+, column \d+:?$/, "");
}

function locate(doc: Document, lc: LineCounter, path: ReadonlyArray<string | number>) {
  const { isMap, isScalar, isSeq } = yaml();
  let node: Node | null | undefined = doc.contents as Node | null;
  let best = node?.range?.[0] ?? doc.range?.[0] ?? 0;
  for (const seg of path) {
    if (isMap(node)) {
      const pair = node.items.find((p) => isScalar(p.key) && String(p.key.value) === String(seg));
      if (!pair) break;
      const key = pair.key as Node;
      best = key.range?.[0] ?? best;
      node = pair.value as Node | null;
      if (node?.range && !(isMap(node) || isSeq(node))) best = node.range[0];
    } else if (isSeq(node) && typeof seg === "number") {
      const item = node.items[seg] as Node | undefined;
      if (!item) break;
      best = item.range?.[0] ?? best;
      node = item;
    } else break;
  }
  const p = lc.linePos(best);
  return { line: p.line, column: p.col };
}

/**
 * Deterministic YAML text for a plain value: block style, no line folding, no anchors, keys in
 * the value's own order (see synth's `orderKeys` for Kubernetes conventions).
 */
export function stringifyYaml(value: unknown): string {
  return emitYaml(value);
}
