/**
 * The matcher engine behind `Match` and `Capture`: a matcher tests a value and returns a
 * `MatchResult` listing every mismatch with its JSON path, what was expected and what was found.
 * Semantics follow AWS CDK assertions (`aws-cdk-lib/assertions`), the model users already know.
 */
import { formatJsonPath } from "../core/paths.ts";

export type JsonPath = ReadonlyArray<string | number>;

/** One difference between a pattern and a value. */
export interface Mismatch {
  /** Where in the tested value, e.g. `["spec", "chart", "spec", "version"]`. */
  readonly path: JsonPath;
  /** What the pattern wanted, as text (`"25.0.0"`, `absent`, `a string matching /^v1/`). */
  readonly expected: string;
  /** What was found, as text (`"24.0.0"`, `absent`, `{"crds":"Create"}`). */
  readonly actual: string;
  /** Weight when ranking candidates; 0 marks an informational note. */
  readonly cost: number;
}

/** Something `MatchResult` can hand captured values to once a whole match succeeded. */
export interface CaptureSink {
  _commit(values: readonly unknown[]): void;
}

/** Outcome of testing one value: mismatches (empty on success) and pending captures. */
export class MatchResult {
  readonly #mismatches: Mismatch[] = [];
  readonly #captures = new Map<CaptureSink, unknown[]>();
  #finished = false;

  constructor(readonly target: unknown) {}

  /** Every mismatch in recording order (pattern order), informational notes included. */
  get mismatches(): readonly Mismatch[] {
    return this.#mismatches;
  }

  get isSuccess(): boolean {
    return !this.#mismatches.some((m) => m.cost > 0);
  }

  /** Sum of mismatch costs: the candidate with the lowest cost is the closest. */
  get cost(): number {
    return this.#mismatches.reduce((n, m) => n + m.cost, 0);
  }

  /** Records a mismatch at `path` (relative to this result's target). */
  fail(path: JsonPath, expected: string, actual: string, cost = 1): this {
    this.#mismatches.push({ path, expected, actual, cost });
    return this;
  }

  /** Adds a nested result found under `segment`; its captures travel with it. */
  compose(segment: string | number, inner: MatchResult): this {
    for (const m of inner.#mismatches) this.#mismatches.push({ ...m, path: [segment, ...m.path] });
    for (const [sink, values] of inner.#captures) for (const v of values) this.capture(sink, v);
    return this;
  }

  /** Adds a result found at this same path (e.g. for a transformed value); captures included. */
  merge(inner: MatchResult): this {
    this.#mismatches.push(...inner.#mismatches);
    for (const [sink, values] of inner.#captures) for (const v of values) this.capture(sink, v);
    return this;
  }

  capture(sink: CaptureSink, value: unknown): void {
    const list = this.#captures.get(sink) ?? [];
    list.push(value);
    this.#captures.set(sink, list);
  }

  /**
   * Ends the match: on success, captured values are handed to their `Capture`s. Captures of a
   * failed match are dropped, so a `Capture` only ever holds values from matching objects.
   */
  finish(): this {
    if (this.#finished) return this;
    this.#finished = true;
    if (this.isSuccess) for (const [sink, values] of this.#captures) sink._commit(values);
    return this;
  }
}

/** Base class of every matcher. Also usable inside vitest's `toEqual` as an asymmetric matcher. */
export abstract class Matcher {
  /** Matcher name as the user wrote it (`objectLike`, `arrayWith`, …). */
  abstract readonly name: string;

  /** Tests `actual`. Call `finish()` on the result (or use `matches()`) to commit captures. */
  abstract test(actual: unknown): MatchResult;

  /** Short description of what the matcher accepts, used as "expected" in messages. */
  abstract describe(): string;

  static isMatcher(x: unknown): x is Matcher {
    return x instanceof Matcher;
  }

  /** vitest/jest asymmetric-matcher protocol: `expect(obj).toEqual(Match.objectLike({...}))`. */
  asymmetricMatch(actual: unknown): boolean {
    return this.test(actual).finish().isSuccess;
  }

  toAsymmetricMatcher(): string {
    return this.describe();
  }

  toString(): string {
    return this.describe();
  }
}

const MAX_VALUE_CHARS = 120;

/** Compact one-line JSON for messages; `absent` for undefined; long values are shortened. */
export function describeValue(v: unknown): string {
  if (v === undefined) return "absent";
  if (Matcher.isMatcher(v)) return v.describe();
  if (typeof v === "function") return "a function";
  let text: string;
  try {
    text = JSON.stringify(v, (_k, x) => (Matcher.isMatcher(x) ? `<${x.describe()}>` : x)) ?? String(v);
  } catch {
    text = String(v);
  }
  return text.length > MAX_VALUE_CHARS ? `${text.slice(0, MAX_VALUE_CHARS - 1)}…` : text;
}

/** `spec.values["a.b"][0]`, or `(root)` for the empty path. */
export function formatPath(path: JsonPath): string {
  return path.length ? formatJsonPath(path) : "(root)";
}

export function typeName(v: unknown): string {
  if (v === undefined) return "absent";
  if (v === null) return "null";
  if (Array.isArray(v)) return "array";
  return typeof v;
}
