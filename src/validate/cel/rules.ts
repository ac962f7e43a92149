/**
 * `x-kubernetes-validations` rules: parsed and planned once per distinct rule text (planning is
 * the expensive part), then evaluated per object with `self` bound as the apiserver binds it.
 */

import { type CelResult, CelScalar, celEnv, isCelError, parse, plan, RE2JS } from "../../core/cel-vendor.ts";
import { isOpaque, kubernetesLibrary } from "./library.ts";

/** One entry of `x-kubernetes-validations`, as written in the CRD. */
export interface ValidationRule {
  rule: string;
  message?: string;
  messageExpression?: string;
  reason?: string;
  fieldPath?: string;
  optionalOldSelf?: boolean;
}

type RE2 = NonNullable<Parameters<typeof celEnv>[0]>["re2"] & object;
type Matcher = ReturnType<RE2["compile"]>;

type Program = (vars: { self: unknown; oldSelf?: unknown }) => CelResult;

export interface CompiledRule {
  source: ValidationRule;
  /** Undefined when the rule cannot be evaluated; `notEvaluated` says why. */
  program?: Program;
  messageProgram?: Program;
  notEvaluated?: string;
  /** Uses `oldSelf`: only meaningful on update, skipped on create as the apiserver does. */
  transition: boolean;
}

/** Outcome of evaluating one rule against one value. */
export type RuleOutcome =
  | { kind: "pass" }
  | { kind: "fail"; message: string; fieldPath?: string; reason?: string }
  | { kind: "error"; message: string }
  | { kind: "not-evaluated"; reason: string }
  | { kind: "transition-skipped" };

/** Patterns kept compiled; CRD rules use a handful of constant patterns. */
const MAX_PATTERNS = 1024;
const patterns = new Map<string, Matcher>();

/**
 * @bufbuild/cel's own `matches` compiles its RE2 pattern on every call, which made regex
 * compilation the largest part of CEL evaluation; the same RE2 engine, compiled once per pattern.
 */
const re2: RE2 = {
  compile(pattern: string): Matcher {
    let m = patterns.get(pattern);
    if (!m) {
      if (patterns.size >= MAX_PATTERNS) patterns.clear();
      m = RE2JS.compile(pattern);
      patterns.set(pattern, m);
    }
    return m;
  },
};

const env = celEnv({
  funcs: kubernetesLibrary(),
  variables: { self: CelScalar.DYN, oldSelf: CelScalar.DYN },
  re2,
});
const cache = new Map<string, CompiledRule>();

function walkExpr(node: unknown, idents: Set<string>, calls: Set<string>): void {
  if (!node || typeof node !== "object") return;
  if (Array.isArray(node)) {
    for (const n of node) walkExpr(n, idents, calls);
    return;
  }
  const o = node as { case?: string; value?: { name?: string; function?: string } };
  if (o.case === "identExpr" && o.value?.name) idents.add(o.value.name);
  if (o.case === "callExpr" && o.value?.function) calls.add(o.value.function);
  for (const [k, v] of Object.entries(node))
    if (k !== "$typeName" && typeof v === "object") walkExpr(v, idents, calls);
}

function compileExpr(text: string): { program?: Program; notEvaluated?: string; idents: Set<string> } {
  const idents = new Set<string>();
  const calls = new Set<string>();
  let parsed: ReturnType<typeof parse>;
  try {
    parsed = parse(text);
  } catch (e) {
    return { notEvaluated: `cannot parse: ${(e as Error).message.split("\n")[0]}`, idents };
  }
  walkExpr(parsed.expr, idents, calls);
  const missing = [...calls].filter((f) => !/^[_!@]/.test(f) && !env.funcs.find(f));
  if (missing.length) return { notEvaluated: `unsupported function ${missing.sort().join(", ")}`, idents };
  return { program: plan(env, parsed) as Program, idents };
}

/** Parses and plans a rule once; later calls with the same rule text reuse the plan. */
export function compileRule(r: ValidationRule): CompiledRule {
  const key = `${r.rule}\u0000${r.messageExpression ?? ""}`;
  const hit = cache.get(key);
  if (hit) return hit.source === r ? hit : { ...hit, source: r };
  const main = compileExpr(r.rule);
  const compiled: CompiledRule = { source: r, transition: main.idents.has("oldSelf") };
  if (main.program) compiled.program = main.program;
  if (main.notEvaluated) compiled.notEvaluated = main.notEvaluated;
  if (r.messageExpression) {
    const m = compileExpr(r.messageExpression);
    if (m.program) compiled.messageProgram = m.program;
  }
  cache.set(key, compiled);
  return compiled;
}

/** Evaluation errors that mean "kiln cannot evaluate this", not "the object is wrong". */
const UNSUPPORTED = /unbound function|no matching overload|no such overload/;

/** Evaluates a compiled rule with `self` (already converted with `toCel`) on a create. */
export function evaluateRule(r: CompiledRule, self: unknown): RuleOutcome {
  if (r.transition) return { kind: "transition-skipped" };
  if (!r.program) return { kind: "not-evaluated", reason: r.notEvaluated ?? "not compiled" };
  let result: CelResult;
  // CEL errors are values (a missing field on the side of `||` that does not decide, …) but are
  // built as Error objects; their stack traces, never shown, were most of their cost.
  const limit = Error.stackTraceLimit;
  Error.stackTraceLimit = 0;
  try {
    result = r.program({ self });
  } catch (e) {
    return { kind: "not-evaluated", reason: (e as Error).message };
  } finally {
    Error.stackTraceLimit = limit;
  }
  if (isCelError(result)) {
    if (UNSUPPORTED.test(result.message)) return { kind: "not-evaluated", reason: result.message };
    return { kind: "error", message: `rule evaluation error: ${result.message} (rule: ${r.source.rule})` };
  }
  if (result === true) return { kind: "pass" };
  if (result !== false) return { kind: "not-evaluated", reason: `rule returned ${typeof result}, not bool` };
  const out: RuleOutcome = { kind: "fail", message: failureMessage(r, self) };
  if (r.source.fieldPath) out.fieldPath = r.source.fieldPath;
  if (r.source.reason) out.reason = r.source.reason;
  return out;
}

/** `messageExpression` wins when it yields a non-empty string, then `message`, then the rule text. */
function failureMessage(r: CompiledRule, self: unknown): string {
  if (r.messageProgram) {
    const limit = Error.stackTraceLimit;
    Error.stackTraceLimit = 0;
    try {
      const m = r.messageProgram({ self });
      if (typeof m === "string" && m.trim() && !isOpaque(m)) return m;
    } catch {
    } finally {
      Error.stackTraceLimit = limit;
    }
  }
  return r.source.message?.trim() || `failed rule: ${r.source.rule}`;
}
