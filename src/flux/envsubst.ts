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
}

/** `${NAME…}`: a name, then an optional operator and argument, up to the matching brace. */
const EXPR = /\$(\$?)\{([^{}]*)\}/g;

/**
 * Substitutes every `${…}` of `text` from `vars`. A variable without a value or default becomes
 * empty and is listed in `missing` (strict mode makes that an error; Flux leaves it empty).
 */
export function substitute(text: string, vars: ReadonlyMap<string, string>): SubstituteResult {
  const missing = new Set<string>();
  const out = text.replace(EXPR, (whole, escaped: string, body: string) => {
    if (escaped) return whole.slice(1);
    const r = evaluate(body, vars);
    if (r === undefined) return whole;
    if (r.missing) missing.add(r.missing);
    return r.value;
  });
  return { text: out, missing: [...missing].sort() };
}

function evaluate(
  body: string,
  vars: ReadonlyMap<string, string>,
): { value: string; missing?: string } | undefined {
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
  // Defaults: `:-`/`:=` also apply to an empty value, `-`/`=` only to an unset one.
  for (const op of [":-", ":=", "-", "="]) {
    if (!rest.startsWith(op)) continue;
    const arg = rest.slice(op.length);
    const useDefault = op.startsWith(":") ? !value : value === undefined;
    return { value: useDefault ? arg : value! };
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
