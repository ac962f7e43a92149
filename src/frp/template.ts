/**
 * frp renders every config file as a Go text/template with `{ Envs: map[string]string }` before
 * parsing it (pkg/config/load.go, RenderWithTemplate). kiln reproduces the part configs use —
 * `{{ .Envs.NAME }}`, `{{ index .Envs "NAME" }}`, trim markers and comments — by hand, since no JS
 * library implements Go templates; any other action is refused with a clear error rather than
 * guessed. An unset variable renders as `<no value>`, exactly as Go's default missingkey does.
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

const ENVS_FIELD = /^\.Envs\.([A-Za-z_][A-Za-z0-9_]*)$/;
const ENVS_INDEX = /^index\s+\.Envs\s+"([^"\\]*)"$/;

/** Renders `text` with `env` as `.Envs`. Throws FrpTemplateError for unsupported or broken actions. */
export function renderFrpTemplate(
  text: string,
  env: Readonly<Record<string, string | undefined>>,
): TemplateResult {
  const warnings: TemplateWarning[] = [];
  const variables: string[] = [];
  let out = "";
  let i = 0;
  // Line and column are advanced incrementally: rescanning from the start is quadratic.
  const pos = { offset: 0, line: 1, lineStart: 0 };
  while (i < text.length) {
    const open = text.indexOf("{{", i);
    if (open < 0) {
      out += text.slice(i);
      break;
    }
    let literal = text.slice(i, open);
    const { line, column } = advance(text, pos, open);
    const close = text.indexOf("}}", open + 2);
    if (close < 0) throw new FrpTemplateError(`template: frp:${line}: unclosed action`, line, column);
    let body = text.slice(open + 2, close);
    let next = close + 2;
    if (/^-[ \t\r\n]/.test(body)) {
      literal = literal.replace(/[ \t\r\n]+$/, "");
      body = body.slice(1);
    }
    if (/[ \t\r\n]-$/.test(body)) {
      body = body.slice(0, -1);
      while (next < text.length && /[ \t\r\n]/.test(text[next]!)) next++;
    }
    out += literal;
    const action = body.trim();
    if (/^\/\*[\s\S]*\*\/$/.test(action)) {
      i = next;
      continue;
    }
    const name = ENVS_FIELD.exec(action)?.[1] ?? ENVS_INDEX.exec(action)?.[1];
    if (name === undefined) {
      throw new FrpTemplateError(
        `template: frp:${line}: unsupported action {{${body}}}: kiln renders only {{ .Envs.NAME }} and {{ index .Envs "NAME" }}`,
        line,
        column,
      );
    }
    if (!variables.includes(name)) variables.push(name);
    const value = env[name];
    if (value === undefined) {
      warnings.push({
        message: `template variable .Envs.${name} is not set; frp renders it as "<no value>"`,
        line,
        variable: name,
      });
      out += "<no value>";
    } else out += value;
    i = next;
  }
  return { text: out, warnings, variables };
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
