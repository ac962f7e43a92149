/**
 * Flux's post-build variable substitution: the `${…}` expressions of drone/envsubst as
 * kustomize-controller evaluates them (fluxcd/pkg/envsubst). Only the braced form is
 * substituted — `$VAR` stays as written — and `$${VAR}` escapes to a literal `${VAR}`.
 *
 * Written here because no maintained JavaScript package implements drone/envsubst's
 * operators (`:=`, `:-`, `=`, `-`, case, substring, trim, replace) with its strict mode.
 */

/** Variable names Flux accepts in `postBuild.substitute` (fluxcd/pkg kustomize varsub). */
export const VARIABLE_NAME = /^[_a-zA-Z][_a-zA-Z0-9]*$/;

export interface SubstituteResult {
  text: string;
  /** Variables used without a value or default (empty in the text). */
  missing: string[];
  /** Expressions Flux refuses (its envsubst fails the whole Kustomization on them). */
  invalid: string[];
}

/**
 * Substitutes every `${…}` of `text` from `vars`; expressions nest (`${A:-${B}}`: arguments are
 * substituted too). A variable without a value or default becomes empty and is listed in
 * `missing` (strict mode makes that an error; Flux leaves it empty).
 */
export function substitute(text: string, vars: ReadonlyMap<string, string>): SubstituteResult {
  const missing = new Set<string>();
  const invalid = new Set<string>();
  const run = (t: string): string => {
    let out = "";
    let i = 0;
    while (i < t.length) {
      const j = t.indexOf("$", i);
      if (j < 0) {
        out += t.slice(i);
        break;
      }
      out += t.slice(i, j);
      const escaped = t.startsWith("$${", j);
      const open = escaped ? j + 2 : j + 1;
      if (t[open] !== "{") {
        out += "$";
        i = j + 1;
        continue;
      }
      const end = closing(t, open);
      if (end < 0) {
        out += t.slice(j);
        break;
      }
      if (escaped) out += t.slice(j + 1, end + 1);
      else {
        const r = evaluate(t.slice(open + 1, end), vars, run);
        if (r === "invalid") {
          invalid.add(t.slice(j, end + 1));
          out += t.slice(j, end + 1);
        } else if (r === undefined) out += t.slice(j, end + 1);
        else {
          if (r.missing) missing.add(r.missing);
          out += r.value;
        }
      }
      i = end + 1;
    }
    return out;
  };
  const out = run(text);
  return { text: out, missing: [...missing].sort(), invalid: [...invalid].sort() };
}

/** Index of the `}` closing the `{` at `open`, counting nested braces; -1 when there is none. */
function closing(t: string, open: number): number {
  let depth = 0;
  for (let k = open; k < t.length; k++) {
    if (t[k] === "{") depth++;
    else if (t[k] === "}" && --depth === 0) return k;
  }
  return -1;
}

function evaluate(
  body: string,
  vars: ReadonlyMap<string, string>,
  run: (arg: string) => string,
): { value: string; missing?: string } | "invalid" | undefined {
  if (body.startsWith("#")) {
    const name = body.slice(1);
    if (!VARIABLE_NAME.test(name)) return undefined;
    const v = vars.get(name);
    return v === undefined ? { value: "0", missing: name } : { value: String([...v].length) };
  }
  const m = /^([_a-zA-Z][_a-zA-Z0-9]*)(.*)$/s.exec(body);
  if (!m) return undefined;
  const name = m[1]!;
  const rest = m[2]!;
  const value = vars.get(name);
  const unset = (): { value: string; missing: string } => ({ value: "", missing: name });
  if (rest === "") return value === undefined ? unset() : { value };
  // Every default operator (`:-`, `:=`, `=`) is drone/envsubst's toDefault: the argument
  // when the value is empty, set or not (and an unset variable is no error with a default).
  // `${NAME-default}` does not parse in fluxcd/pkg/envsubst ("missing closing brace").
  if (rest.startsWith("-")) return "invalid";
  for (const op of [":-", ":=", "="]) {
    if (!rest.startsWith(op)) continue;
    return { value: value ? value : run(rest.slice(op.length)) };
  }
  if (value === undefined) return unset();
  switch (rest) {
    case "^^":
      return { value: value.toUpperCase() };
    case ",,":
      return { value: value.toLowerCase() };
    case "^":
      return { value: value.charAt(0).toUpperCase() + value.slice(1) };
    case ",":
      return { value: value.charAt(0).toLowerCase() + value.slice(1) };
  }
  const sub = /^:(-?\d+)(?::(\d+))?$/.exec(rest);
  if (sub) {
    const chars = [...value];
    let start = Number(sub[1]);
    if (start < 0) start = Math.max(0, chars.length + start);
    const end = sub[2] === undefined ? chars.length : start + Number(sub[2]);
    return { value: chars.slice(start, end).join("") };
  }
  if (rest.startsWith("##") || rest.startsWith("#")) {
    const greedy = rest.startsWith("##");
    return { value: trimPrefix(value, rest.slice(greedy ? 2 : 1), greedy) };
  }
  if (rest.startsWith("%%") || rest.startsWith("%")) {
    const greedy = rest.startsWith("%%");
    return { value: trimSuffix(value, rest.slice(greedy ? 2 : 1), greedy) };
  }
  const repl = /^\/(\/?)([^/]*)\/(.*)$/s.exec(rest);
  if (repl) {
    const [, all, from, to] = repl;
    if (!from) return { value };
    return { value: all ? value.split(from).join(to) : value.replace(from, () => to!) };
  }
  return undefined;
}

/** Shell glob (`*`, `?`) to an anchored regular expression source. */
function glob(pattern: string, greedy: boolean): string {
  return pattern
    .split("")
    .map((c) =>
      c === "*" ? (greedy ? ".*" : ".*?") : c === "?" ? "." : c.replace(/[.+^${}()|[\]\\]/g, "\\$&"),
    )
    .join("");
}

function trimPrefix(value: string, pattern: string, greedy: boolean): string {
  const m = new RegExp(`^${glob(pattern, greedy)}`, "s").exec(value);
  return m ? value.slice(m[0].length) : value;
}

function trimSuffix(value: string, pattern: string, greedy: boolean): string {
  // Shortest suffix first unless greedy: try each start position from the end (or the front).
  const re = new RegExp(`^${glob(pattern, true)}$`, "s");
  const n = value.length;
  if (greedy) {
    for (let i = 0; i <= n; i++) if (re.test(value.slice(i))) return value.slice(0, i);
  } else {
    for (let i = n; i >= 0; i--) if (re.test(value.slice(i))) return value.slice(0, i);
  }
  return value;
}
