/**
 * frp renders every config file as a Go text/template with `{ Envs: map[string]string }` and the
 * functions parseNumberRange / parseNumberRangePair before parsing it (pkg/config/load.go,
 * pkg/config/template.go). kiln reproduces the part frp configs use — `{{ .Envs.NAME }}`,
 * `{{ index .Envs "NAME" }}`, `{{ range $i, $v := parseNumberRangePair "A" "B" }}…{{ end }}` with
 * `$v`, `$v.First`, `$v.Second`, trim markers and comments — by hand, since no JS library
 * implements Go templates. Any other action is refused with a clear error rather than guessed.
 * An unset variable renders as `<no value>`, exactly as Go's default missingkey does.
 */
import type { Path } from "./decode.ts";

export interface TemplateWarning {
  message: string;
  line: number;
  variable: string;
}

export interface TemplateResult {
  text: string;
  warnings: TemplateWarning[];
  /** Variables referenced, in order of first use. */
  variables: string[];
}

/** A template failure, worded like Go's `template: frp:LINE: …`. */
export class FrpTemplateError extends Error {
  readonly path: Path = [];
  constructor(
    message: string,
    readonly line: number,
    readonly column: number,
  ) {
    super(message);
  }
}

type Env = Readonly<Record<string, string | undefined>>;
interface Action {
  body: string;
  line: number;
  column: number;
  /** 1 when a leading `-` trim marker was removed from `body`. */
  trimmed: number;
}
type Node =
  | { kind: "text"; text: string }
  | { kind: "output"; action: Action }
  | { kind: "range"; action: Action; vars: string[]; fn: string; args: string[]; body: Node[] };

/** Go's builtin template functions plus frp's: unknown names fail like Go's parser does. */
const KNOWN_FUNCS = new Set([
  "and",
  "call",
  "html",
  "index",
  "slice",
  "js",
  "len",
  "not",
  "or",
  "print",
  "printf",
  "println",
  "urlquery",
  "eq",
  "ge",
  "gt",
  "le",
  "lt",
  "ne",
  "parseNumberRange",
  "parseNumberRangePair",
]);
const RANGE =
  /^range\s+(\$\w+)(?:\s*,\s*(\$\w+))?\s*:=\s*(parseNumberRange|parseNumberRangePair)((?:\s+"[^"\\]*")+)\s*$/;

/** Renders `text` with `env` as `.Envs`. Throws FrpTemplateError for unsupported or broken actions. */
export function renderFrpTemplate(text: string, env: Env): TemplateResult {
  const tree = parse(lex(text), text.split("\n").length);
  const result: TemplateResult = { text: "", warnings: [], variables: [] };
  result.text = execute(tree, env, new Map(), result);
  return result;
}

type Token = { kind: "text"; text: string } | { kind: "action"; action: Action };

function lex(text: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  // Line and column are advanced incrementally: rescanning from the start is quadratic.
  const pos = { offset: 0, line: 1, lineStart: 0 };
  let trimNext = false;
  while (i < text.length) {
    const open = text.indexOf("{{", i);
    let literal = text.slice(i, open < 0 ? text.length : open);
    if (trimNext) literal = literal.replace(/^[ \t\r\n]+/, "");
    trimNext = false;
    if (open < 0) {
      tokens.push({ kind: "text", text: literal });
      break;
    }
    const { line, column } = advance(text, pos, open);
    const close = text.indexOf("}}", open + 2);
    if (close < 0) throw new FrpTemplateError(`template: frp:${line}: unclosed action`, line, column);
    let body = text.slice(open + 2, close);
    let trimmed = 0;
    if (/^-[ \t\r\n]/.test(body)) {
      literal = literal.replace(/[ \t\r\n]+$/, "");
      body = body.slice(1);
      trimmed = 1;
    }
    if (/[ \t\r\n]-$/.test(body)) {
      body = body.slice(0, -1);
      trimNext = true;
    }
    tokens.push({ kind: "text", text: literal });
    tokens.push({ kind: "action", action: { body, line, column, trimmed } });
    i = close + 2;
  }
  return tokens;
}

function parse(tokens: Token[], lines: number): Node[] {
  const root: Node[] = [];
  const stack: Array<{ body: Node[]; action?: Action }> = [{ body: root }];
  for (const t of tokens) {
    const top = stack[stack.length - 1]!;
    if (t.kind === "text") {
      if (t.text) top.body.push({ kind: "text", text: t.text });
      continue;
    }
    const a = t.action;
    const body = a.body.trim();
    if (/^\/\*[\s\S]*\*\/$/.test(body)) continue;
    if (body === "end") {
      if (stack.length === 1)
        throw new FrpTemplateError(`template: frp:${a.line}: unexpected {{end}}`, a.line, a.column);
      stack.pop();
      continue;
    }
    const range = RANGE.exec(body);
    if (range) {
      const args = [...range[4]!.matchAll(/"([^"\\]*)"/g)].map((m) => m[1]!);
      const node: Node = {
        kind: "range",
        action: a,
        vars: [range[1]!, range[2]].filter((v): v is string => !!v),
        fn: range[3]!,
        args,
        body: [],
      };
      top.body.push(node);
      stack.push({ body: node.body, action: a });
      continue;
    }
    const word = /^([A-Za-z_]\w*)/.exec(body)?.[1];
    if (word && ["if", "with", "define", "template", "block", "else", "range"].includes(word)) {
      throw new FrpTemplateError(
        `template: frp:${a.line}: unsupported action {{${a.body}}}: kiln renders {{ .Envs.NAME }}, {{ index .Envs "NAME" }}, range over parseNumberRange/parseNumberRangePair and its variables`,
        a.line,
        a.column,
      );
    }
    if (
      word &&
      !KNOWN_FUNCS.has(word) &&
      ![
        "range",
        "if",
        "with",
        "define",
        "template",
        "block",
        "else",
        "break",
        "continue",
        "nil",
        "true",
        "false",
      ].includes(word)
    ) {
      throw new FrpTemplateError(`template: frp:${a.line}: function "${word}" not defined`, a.line, a.column);
    }
    top.body.push({ kind: "output", action: a });
  }
  if (stack.length > 1) {
    const a = stack[stack.length - 1]!.action!;
    throw new FrpTemplateError(`template: frp:${lines}: unexpected EOF`, a.line, a.column);
  }
  return root;
}

type Value = number | { First: number; Second: number };

function execute(nodes: Node[], env: Env, vars: Map<string, Value>, result: TemplateResult): string {
  let out = "";
  for (const n of nodes) {
    if (n.kind === "text") out += n.text;
    else if (n.kind === "output") out += output(n.action, env, vars, result);
    else {
      const items = call(n, n.fn, n.args);
      items.forEach((item, i) => {
        const scope = new Map(vars);
        if (n.vars.length === 2) scope.set(n.vars[0]!, i).set(n.vars[1]!, item);
        else scope.set(n.vars[0]!, item);
        out += execute(n.body, env, scope, result);
      });
    }
  }
  return out;
}

function output(a: Action, env: Env, vars: Map<string, Value>, result: TemplateResult): string {
  const body = a.body.trim();
  const name =
    /^\.Envs\.([A-Za-z_][A-Za-z0-9_]*)$/.exec(body)?.[1] ?? /^index\s+\.Envs\s+"([^"\\]*)"$/.exec(body)?.[1];
  if (name !== undefined) {
    if (!result.variables.includes(name)) result.variables.push(name);
    const value = env[name];
    if (value !== undefined) return value;
    result.warnings.push({
      message: `template variable .Envs.${name} is not set; frp renders it as "<no value>"`,
      line: a.line,
      variable: name,
    });
    return "<no value>";
  }
  const v = /^(\$\w+)(?:\.(First|Second))?$/.exec(body);
  if (v) {
    const value = vars.get(v[1]!);
    if (value === undefined)
      throw new FrpTemplateError(`template: frp:${a.line}: undefined variable "${v[1]}"`, a.line, a.column);
    if (v[2]) {
      if (typeof value === "number") {
        throw new FrpTemplateError(
          `template: frp:${a.line}: can't evaluate field ${v[2]} in type int64`,
          a.line,
          a.column,
        );
      }
      return String(value[v[2] as "First" | "Second"]);
    }
    return typeof value === "number" ? String(value) : `{${value.First} ${value.Second}}`;
  }
  // A field of the data other than Envs (`.Env.X`, a typo): text/template fails when it executes,
  // at the chain's position (the second field's, when there is one), as a 0-based byte column.
  const field = /^(\s*)(\.[A-Za-z_]\w*)((?:\.[A-Za-z_]\w*)*)\s*$/.exec(a.body);
  if (field && field[2] !== ".Envs") {
    const start = a.column - 1 + 2 + a.trimmed + field[1]!.length;
    const at = field[3] ? start + field[2]!.length : start;
    throw new FrpTemplateError(
      `template: frp:${a.line}:${at}: executing "frp" at <${field[2]}${field[3]}>: can't evaluate field ${field[2]!.slice(1)} in type *config.Values`,
      a.line,
      a.column,
    );
  }
  throw new FrpTemplateError(
    `template: frp:${a.line}: unsupported action {{${a.body}}}: kiln renders {{ .Envs.NAME }}, {{ index .Envs "NAME" }}, range over parseNumberRange/parseNumberRangePair and its variables`,
    a.line,
    a.column,
  );
}

// pkg/config/template.go and pkg/util/util.ParseRangeNumbers
function call(n: Extract<Node, { kind: "range" }>, fn: string, args: string[]): Value[] {
  // Go reports the call's 0-based byte column and prints the call as written.
  const col = n.action.column - 1 + 2 + n.action.trimmed + n.action.body.indexOf(fn);
  const shown = [fn, ...args.map((x) => `"${x}"`)].join(" ");
  const fail = (msg: string) =>
    new FrpTemplateError(
      `template: frp:${n.action.line}:${col}: executing "frp" at <${shown}>: error calling ${fn}: ${msg}`,
      n.action.line,
      n.action.column,
    );
  const want = fn === "parseNumberRange" ? 1 : 2;
  if (args.length !== want) throw fail(`wrong number of args for ${fn}: want ${want} got ${args.length}`);
  const parsed = args.map((a) => {
    const r = parseRangeNumbers(a);
    if (typeof r === "string") throw fail(r);
    return r;
  });
  if (fn === "parseNumberRange") return parsed[0]!;
  if (parsed[0]!.length !== parsed[1]!.length) throw fail("first and second range numbers are not in pairs");
  return parsed[0]!.map((first, i) => ({ First: first, Second: parsed[1]![i]! }));
}

function parseRangeNumbers(s: string): number[] | string {
  const out: number[] = [];
  const int = (x: string) => {
    const t = x.trim();
    return /^[+-]?\d+$/.test(t)
      ? Number(t)
      : `range number is invalid, strconv.ParseInt: parsing "${t}": invalid syntax`;
  };
  for (const part of s.trim().split(",")) {
    const ends = part.split("-");
    if (ends.length === 1) {
      const n = int(ends[0]!);
      if (typeof n === "string") return n;
      out.push(n);
    } else if (ends.length === 2) {
      const lo = int(ends[0]!);
      if (typeof lo === "string") return lo;
      const hi = int(ends[1]!);
      if (typeof hi === "string") return hi;
      if (hi < lo) return "range number is invalid";
      if (out.length + hi - lo > 1_000_000)
        return "range number is invalid: kiln expands at most 1,000,000 numbers";
      for (let i = lo; i <= hi; i++) out.push(i);
    } else return "range number is invalid";
  }
  return out;
}

function advance(text: string, pos: { offset: number; line: number; lineStart: number }, to: number) {
  for (let j = pos.offset; j < to; j++) {
    if (text.charCodeAt(j) === 10) {
      pos.line++;
      pos.lineStart = j + 1;
    }
  }
  pos.offset = to;
  return { line: pos.line, column: to - pos.lineStart + 1 };
}
