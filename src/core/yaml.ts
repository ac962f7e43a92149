/**
 * kiln's one YAML reader: every stage that parses user or upstream YAML (frp's YAML 1.1 too, by
 * option) calls `parseYamlDocuments`, so duplicate keys, alias bombs, binary input and syntax
 * errors are reported the same way everywhere: file, line, column. Writing is yaml-emit.ts's.
 */
import jsyaml from "js-yaml";
import type * as Yaml from "yaml";
import type { Alias, Document, LineCounter, Node } from "yaml";
import { KilnError } from "./errors.ts";
import { goYamlTags, KYAML_JS_SCHEMA, YAML11_JS_SCHEMA } from "./yaml-kyaml.ts";
import { yamlLib as yaml } from "./yaml-lib.ts";
import {
  type DocPositions,
  type PositionRecord,
  positionRecorder,
  recordedOpens,
  recordedPositions,
} from "./yaml-positions.ts";

/** Largest YAML input accepted (bytes). Kubernetes' own request limit is 3 MiB per object. */
export const MAX_YAML_BYTES = 32 * 1024 * 1024;
/** Alias expansion bound: a document needing more is an alias bomb. */
export const MAX_ALIAS_COUNT = 1000;

/** How to read a text other than Kubernetes' way (YAML 1.2, duplicate keys rejected). */
/** How plain scalars read (see YamlReadOptions.dialect). */
export type YamlDialect = "core" | "kyaml" | "yaml11";

export interface YamlReadOptions {
  /**
   * How plain scalars read: `core` (default) is YAML 1.2's core schema (Kubernetes' apiserver,
   * kubectl); `kyaml` is how kustomize reads resources (go-yaml v3: `0775` octal, `<<` merge keys,
   * timestamps); `yaml11` is sigs.k8s.io/yaml's reading (go-yaml v2, as kustomize reads
   * kustomization files and JSON patches and frp reads its YAML configs: also YAML 1.1 booleans
   * such as `yes`/`on`). See yaml-kyaml.ts.
   */
  dialect?: YamlDialect;
  /** false: the last of duplicate keys wins (go-yaml, encoding/json). Default true: rejected. */
  uniqueKeys?: boolean;
  /** One document only: a second one is an error. */
  single?: boolean;
  /**
   * How `locate` matches a path: "kubernetes" (default) exact keys, a scalar at its value;
   * "go" exact keys, else case-insensitive ones (Go's encoding/json), a scalar at its key.
   */
  locate?: "kubernetes" | "go";
}

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
 * Values come from js-yaml on the fast path: it is several times faster than `yaml` (figures in
 * docs/validate.md), and most of kiln's reading (CRDs, manifests to validate) never needs a
 * position. Positions
 * (`line`, `locate`) are worked out on first use, from js-yaml's parse listener
 * (yaml-positions.ts) or, where that gives up, a full `yaml` parse of the same text. Anything
 * the fast path could read differently — aliases (bounded expansion), complex keys,
 * custom tags, any error — goes through `yaml` alone, which stays the reference. `opts` reads
 * the text another way (frp's YAML 1.1), always through `yaml`.
 */
export function parseYamlDocuments(text: string, file: string, opts?: YamlReadOptions): YamlDocument[] {
  checkInput(text, file);
  // Go's key rules (frp's configs) are rare and small: `yaml`'s document model alone.
  if (opts && (opts.uniqueKeys === false || opts.single || opts.locate === "go"))
    return parseFull(text, file, opts);
  const fast = fastValues(text, opts?.dialect ?? "core");
  if (!fast) return parseFull(text, file, opts);
  const { values, record } = fast;
  const where = new Positions(text, file, values, record);
  return values.map((value, index) => new FastDocument(index, value === undefined ? null : value, where));
}

/** Positions of one file's documents on first use: from the parse's record (cheap), `yaml` where
 * that walk gives up. */
class Positions {
  #cheap: DocPositions[] | null | undefined;
  #full: YamlDocument[] | undefined;
  constructor(
    readonly text: string,
    readonly file: string,
    readonly values: unknown[],
    readonly record: PositionRecord,
  ) {}
  cheap(index: number): DocPositions | undefined {
    if (this.#cheap === undefined) {
      try {
        this.#cheap = recordedPositions(this.text, this.values, this.record);
      } catch {
        this.#cheap = null;
      }
    }
    return this.#cheap?.length === this.values.length ? this.#cheap[index] : undefined;
  }
  full(index: number): YamlDocument | undefined {
    try {
      this.#full ??= parseFull(this.text, this.file);
    } catch {
      // js-yaml read a text `yaml` rejects: the values stand, the positions are unknown.
      this.#full = [];
    }
    return this.#full[index] ?? this.#full[this.#full.length - 1];
  }
}

/** A class, not an object literal with a getter: a literal with an accessor is built by a slow
 * runtime call, one per document. */
class FastDocument implements YamlDocument {
  constructor(
    readonly index: number,
    readonly value: unknown,
    readonly where: Positions,
  ) {}
  get line(): number {
    return this.where.cheap(this.index)?.line ?? this.where.full(this.index)?.line ?? 1;
  }
  /** An arrow property: callers pass `locate` around unbound. */
  locate = (path: ReadonlyArray<string | number>): { line: number; column: number } =>
    this.where.cheap(this.index)?.locate(path) ??
    this.where.full(this.index)?.locate(path) ?? { line: 1, column: 1 };
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
 * and the regular expressions, tried at every position of a text, cost far more than the scan
 * (test/core/yaml.test.ts holds the two equal).
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
  flowThenColon,
};
/** A flow collection followed by `:`: cheap to look for, and rare; FLOW_KEY then decides.
 * Scanned from each `]` and `}`: a regular expression starting with a class is tried at every
 * position of the text. */
function flowThenColon(text: string): boolean {
  for (const close of ["]", "}"]) {
    for (let i = text.indexOf(close); i >= 0; i = text.indexOf(close, i + 1)) {
      let j = i + 1;
      while (text[j] === " " || text[j] === "\t") j++;
      if (text[j] === ":" && (j + 1 === text.length || /\s/.test(text[j + 1] as string))) return true;
    }
  }
  return false;
}
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
function fastValues(
  text: string,
  dialect: YamlDialect,
): { values: unknown[]; record: PositionRecord } | undefined {
  if (yamlMarks.alias(text) && yamlMarks.anchor(text)) return undefined;
  if (flowThenColon(text) && FLOW_KEY.test(text)) return undefined;
  const keys = explicitKeys(text);
  const tokens = keys.map((k) => nextToken(text, k + 1));
  // `?` with nothing after it on its line: an empty explicit key.
  if (tokens.some((t, n) => text.lastIndexOf("\n", t - 1) > (keys[n] as number) || text[t] === undefined))
    return undefined;
  const { listener, ...record } = positionRecorder();
  let values: unknown[];
  try {
    values = jsyaml.loadAll(text, null, {
      schema: dialect === "kyaml" ? KYAML_JS_SCHEMA : dialect === "yaml11" ? YAML11_JS_SCHEMA : CORE_1_2,
      listener,
    });
  } catch {
    return undefined;
  }
  if (tokens.length) {
    const starts = new Set(recordedOpens(record).map((p) => nextToken(text, p)));
    if (tokens.some((t) => starts.has(t))) return undefined;
  }
  return { values, record };
}

/** A YAML 1.2 core scalar type: `first` holds the characters a match can start with, checked
 * before the expression (every plain scalar, keys included, is tried against the types). */
interface CoreScalar {
  name: string;
  first: Set<number>;
  empty: boolean;
  test: RegExp;
  construct: (s: string) => unknown;
}

function scalar(name: string, first: string, test: RegExp, construct: (s: string) => unknown): CoreScalar {
  return {
    name,
    first: new Set([...first].map((c) => c.charCodeAt(0))),
    empty: test.test(""),
    test,
    construct,
  };
}

const matches = (t: CoreScalar, s: string) =>
  s.length === 0 ? t.empty : t.first.has(s.charCodeAt(0)) && t.test.test(s);

/** In `yaml`'s order, with exactly its regular expressions (js-yaml's own core schema also reads
 * `0b1` and `1_000` as numbers, which YAML 1.2 does not). */
const CORE_SCALARS = [
  scalar("null", "~nN", /^(?:~|[Nn]ull|NULL)?$/, () => null),
  scalar("bool", "tTfF", /^(?:[Tt]rue|TRUE|[Ff]alse|FALSE)$/, (s) => s[0] === "t" || s[0] === "T"),
  scalar("int", "-+0123456789", /^(?:[-+]?[0-9]+|0o[0-7]+|0x[0-9a-fA-F]+)$/, (s) =>
    s[1] === "o"
      ? Number.parseInt(s.slice(2), 8)
      : s[1] === "x"
        ? Number.parseInt(s.slice(2), 16)
        : Number.parseInt(s, 10),
  ),
  scalar(
    "float",
    "-+.0123456789",
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
];

/**
 * The four as one implicit type: js-yaml tries every implicit type on every plain scalar, and a
 * call per type was a tenth of a parse. js-yaml calls `construct` right after a `resolve` that
 * said yes, so the value worked out there is handed over.
 */
let resolved: unknown;
const CORE_IMPLICIT = new jsyaml.Type("tag:kiln.dev,2026:core-1.2-implicit", {
  kind: "scalar",
  resolve: (s: unknown) => {
    if (typeof s !== "string") return false;
    for (const t of CORE_SCALARS)
      if (matches(t, s)) {
        resolved = t.construct(s);
        return true;
      }
    return false;
  },
  construct: () => resolved,
});

/** YAML 1.2 core schema for js-yaml: implicit resolution as above, explicit tags (`!!int 3`) by type. */
const CORE_1_2 = jsyaml.FAILSAFE_SCHEMA.extend({
  implicit: [CORE_IMPLICIT],
  explicit: CORE_SCALARS.map(
    (t) =>
      new jsyaml.Type(`tag:yaml.org,2002:${t.name}`, {
        kind: "scalar",
        resolve: (s: unknown) => typeof s === "string" && matches(t, s),
        construct: (s: string) => t.construct(s),
      }),
  ),
});

/** Like {@link parseYamlDocuments}, always through `yaml`'s document model (positions at once). */
export function parseYamlDocumentsWithPositions(text: string, file: string): YamlDocument[] {
  checkInput(text, file);
  return parseFull(text, file);
}

/** `yaml`'s document model, for a text already checked by `checkInput`. */
function parseFull(text: string, file: string, opts: YamlReadOptions = {}): YamlDocument[] {
  const { LineCounter, parseAllDocuments, parseDocument } = yaml();
  const lineCounter = new LineCounter();
  const dialect = opts.dialect ?? "core";
  const options = {
    lineCounter,
    uniqueKeys: opts.uniqueKeys ?? true,
    prettyErrors: false,
    version: "1.2" as const,
    ...(dialect === "core"
      ? {}
      : {
          schema: "core",
          merge: true,
          customTags: goYamlTags(dialect === "yaml11") as (tags: Yaml.Tags) => Yaml.Tags,
        }),
  };
  const docs = opts.single ? parseDocument(text, options) : parseAllDocuments(text, options);
  const list = Array.isArray(docs) ? docs : [docs];
  const go = opts.locate === "go";
  const out: YamlDocument[] = [];
  const aliases = yamlMarks.alias(text);
  list.forEach((doc, index) => {
    const err = doc.errors[0];
    if (err) {
      const pos = lineCounter.linePos(err.pos[0]);
      throw new KilnError(yamlMessage(err.code, err.message), { file, line: pos.line, column: pos.col });
    }
    const cycle = aliases ? selfAlias(doc) : undefined;
    if (cycle) {
      const pos = lineCounter.linePos(cycle.range?.[0] ?? doc.range[0]);
      throw new KilnError(
        `alias *${cycle.source} refers to a node that contains it (a cycle, which no Kubernetes object can hold)`,
        { file, line: pos.line, column: pos.col },
      );
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
      locate: (path) => locate(doc, lineCounter, path, go),
    });
  });
  return out;
}

/** The first alias that sits inside the node its anchor names: `yaml` would build a cyclic value. */
function selfAlias(doc: Document): Alias | undefined {
  const { visit } = yaml();
  let found: Alias | undefined;
  visit(doc, {
    Alias(_key, node, path) {
      const target = node.resolve(doc);
      if (target && path.includes(target as never)) {
        found = node;
        return visit.BREAK;
      }
      return undefined;
    },
  });
  return found;
}

function yamlMessage(code: string, message: string): string {
  const first = message.split("\n")[0] ?? message;
  if (code === "DUPLICATE_KEY")
    return `duplicate key: ${first.replace(/^Map keys must be unique.*$/, "map keys must be unique")}`;
  return first.replace(/ at line \d+, column \d+:?$/, "");
}

/** See `YamlReadOptions.locate` for `go`. */
function locate(doc: Document, lc: LineCounter, path: ReadonlyArray<string | number>, go: boolean) {
  const { isMap, isScalar, isSeq } = yaml();
  let node: Node | null | undefined = doc.contents as Node | null;
  let best = node?.range?.[0] ?? doc.range?.[0] ?? 0;
  const keyOf = (p: { key: unknown }) => (isScalar(p.key) ? String(p.key.value) : undefined);
  for (const seg of path) {
    if (isMap(node)) {
      const want = String(seg);
      const pair =
        node.items.find((p) => keyOf(p) === want) ??
        (go ? node.items.find((p) => keyOf(p)?.toLowerCase() === want.toLowerCase()) : undefined);
      if (!pair) break;
      const key = pair.key as Node;
      best = key.range?.[0] ?? best;
      node = pair.value as Node | null;
      if (!go && node?.range && !(isMap(node) || isSeq(node))) best = node.range[0];
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

/** Writing YAML lives in yaml-emit.ts; re-exported so a caller needs one import for both. */
export { stringifyYaml } from "./yaml-emit.ts";
