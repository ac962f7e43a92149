/**
 * `Match`: partial and special matching of Kubernetes objects, with AWS CDK assertions'
 * semantics. A plain value inside a pattern is a literal:
 * - inside `objectLike`, nested plain objects are matched like `objectLike` too (deep partial),
 *   and nested plain arrays must have exactly the pattern's elements, in order (their object
 *   elements still partial);
 * - inside `objectEquals`, `arrayWith`, `arrayEquals`, `exact` and `not`, plain objects are
 *   matched exactly; wrap one in `Match.objectLike` to match it partially.
 * A field whose value is `undefined` counts as absent (synth drops such fields).
 */
import { KilnError } from "../core/errors.ts";
import { parseYamlDocuments } from "../core/yaml.ts";
import { describeValue, Matcher, MatchResult, typeName } from "./matcher.ts";

/** What a pattern may contain: literals, matchers, or objects and arrays of them. */
export type Pattern<T = unknown> =
  | Matcher
  | (T extends ReadonlyArray<infer E>
      ? ReadonlyArray<Pattern<E>>
      : T extends object
        ? { [K in keyof T]?: Pattern<T[K]> }
        : T);

/** Pattern for an object type `T`: any subset of its fields, each a literal or a matcher. */
export type ObjectPattern<T = Record<string, unknown>> = { [K in keyof T]?: Pattern<T[K]> };

/** Factory for matchers; see the module comment for how plain literals inside them behave. */
export const Match = {
  /** The field must not be present (or be `undefined`). */
  absent(): Matcher {
    return new AbsentMatch();
  },
  /** Any value except `null` and absent. */
  anyValue(): Matcher {
    return new AnyMatch();
  },
  /** The object has at least the pattern's keys, each matching; nested plain objects likewise. */
  objectLike<T = Record<string, unknown>>(pattern: ObjectPattern<T>): Matcher {
    return new ObjectMatch("objectLike", pattern, true);
  },
  /** The object has exactly the pattern's keys, each matching; nested plain objects likewise. */
  objectEquals<T = Record<string, unknown>>(pattern: ObjectPattern<T>): Matcher {
    return new ObjectMatch("objectEquals", pattern, false);
  },
  /** The array contains the pattern's elements in this order, possibly with others between. */
  arrayWith<E = unknown>(pattern: ReadonlyArray<Pattern<E>>): Matcher {
    return new ArrayMatch("arrayWith", pattern, true, false);
  },
  /** The array has exactly the pattern's elements, in order. */
  arrayEquals<E = unknown>(pattern: ReadonlyArray<Pattern<E>>): Matcher {
    return new ArrayMatch("arrayEquals", pattern, false, false);
  },
  /** Deep equality; matchers may still be nested inside. */
  exact(pattern: unknown): Matcher {
    return literal("exact", pattern, false);
  },
  /** A string matching the regular expression (a string is compiled with the `m` flag). */
  stringLikeRegexp(pattern: string | RegExp): Matcher {
    return new RegexpMatch(pattern);
  },
  /** Anything the pattern does not match (a plain pattern is matched exactly). */
  not(pattern: unknown): Matcher {
    return new NotMatch(pattern);
  },
  /** A string holding JSON whose parsed value matches (a plain pattern is matched exactly). */
  serializedJson(pattern: unknown): Matcher {
    return new SerializedMatch("serializedJson", "JSON", pattern);
  },
  /**
   * A string holding one YAML document (e.g. a ConfigMap's embedded config) whose parsed value
   * matches (a plain pattern is matched exactly). Parsed with kiln's YAML reader.
   */
  serializedYaml(pattern: unknown): Matcher {
    return new SerializedMatch("serializedYaml", "YAML", pattern);
  },
} as const;

/** Turns a pattern value into a matcher: matchers pass through, literals follow CDK semantics. */
export function literal(name: string, pattern: unknown, partialObjects: boolean): Matcher {
  if (Matcher.isMatcher(pattern)) return pattern;
  if (isAsymmetric(pattern)) return new AsymmetricMatch(pattern);
  if (Array.isArray(pattern)) return new ArrayMatch(name, pattern, false, partialObjects);
  if (pattern !== null && typeof pattern === "object") {
    return new ObjectMatch(name, pattern as Record<string, unknown>, partialObjects);
  }
  return new ScalarMatch(pattern);
}

interface Asymmetric {
  asymmetricMatch(actual: unknown): boolean;
  toAsymmetricMatcher?(): string;
}

/** vitest's own `expect.any(String)` & co. work inside patterns. */
function isAsymmetric(x: unknown): x is Asymmetric {
  return !!x && typeof x === "object" && typeof (x as Asymmetric).asymmetricMatch === "function";
}

class ScalarMatch extends Matcher {
  readonly name = "exact";
  constructor(private readonly pattern: unknown) {
    super();
  }
  test(actual: unknown): MatchResult {
    const r = new MatchResult(actual);
    if (!Object.is(actual, this.pattern)) r.fail([], this.describe(), describeValue(actual));
    return r;
  }
  describe(): string {
    return describeValue(this.pattern);
  }
}

class AsymmetricMatch extends Matcher {
  readonly name = "asymmetric";
  constructor(private readonly inner: Asymmetric) {
    super();
  }
  test(actual: unknown): MatchResult {
    const r = new MatchResult(actual);
    if (!this.inner.asymmetricMatch(actual)) r.fail([], this.describe(), describeValue(actual));
    return r;
  }
  describe(): string {
    return this.inner.toAsymmetricMatcher?.() ?? String(this.inner);
  }
}

class ObjectMatch extends Matcher {
  constructor(
    readonly name: string,
    private readonly pattern: Record<string, unknown>,
    private readonly partial: boolean,
  ) {
    super();
    if (Matcher.isMatcher(pattern)) throw new Error(`Match.${name}() takes a plain object, not a matcher`);
  }

  test(actual: unknown): MatchResult {
    const r = new MatchResult(actual);
    if (actual === null || typeof actual !== "object" || Array.isArray(actual)) {
      return r.fail([], `an object (${this.name})`, describeValue(actual));
    }
    const obj = actual as Record<string, unknown>;
    for (const [key, want] of Object.entries(this.pattern)) {
      // Own properties only: `constructor` or `toString` must not be found on the prototype.
      const got = Object.hasOwn(obj, key) ? obj[key] : undefined;
      if (got === undefined && !(want instanceof AbsentMatch)) {
        r.fail([key], describeValue(want), "absent");
        continue;
      }
      r.compose(key, literal(this.name, want, this.partial).test(got));
    }
    if (!this.partial) {
      for (const [key, got] of Object.entries(obj)) {
        if (got !== undefined && !Object.hasOwn(this.pattern, key))
          r.fail([key], "absent", describeValue(got));
      }
    }
    return r;
  }

  describe(): string {
    return `${this.name}(${describeValue(this.pattern)})`;
  }
}

class ArrayMatch extends Matcher {
  constructor(
    readonly name: string,
    private readonly pattern: readonly unknown[],
    private readonly subsequence: boolean,
    private readonly partialObjects: boolean,
  ) {
    super();
    if (subsequence) {
      for (const p of pattern) {
        if (p instanceof AbsentMatch || p instanceof AnyMatch) {
          throw new Error(`Match.${p.name}() cannot be nested within Match.arrayWith()`);
        }
      }
    }
  }

  test(actual: unknown): MatchResult {
    if (!Array.isArray(actual))
      return new MatchResult(actual).fail([], `an array (${this.name})`, describeValue(actual));
    return this.subsequence ? this.#testSubsequence(actual) : this.#testFull(actual);
  }

  #element(i: number): Matcher {
    return literal(this.name, this.pattern[i], this.partialObjects);
  }

  #testFull(actual: readonly unknown[]): MatchResult {
    const r = new MatchResult(actual);
    const n = Math.min(actual.length, this.pattern.length);
    for (let i = 0; i < n; i++) r.compose(i, this.#element(i).test(actual[i]));
    if (actual.length !== this.pattern.length) {
      r.fail([], `${this.pattern.length} element(s)`, `${actual.length} element(s)`);
    }
    return r;
  }

  /**
   * Greedy in-order scan, as CDK does: each pattern element takes the first matching element
   * after the previous one. When one finds none, the closest element is reported in detail.
   */
  #testSubsequence(actual: readonly unknown[]): MatchResult {
    const r = new MatchResult(actual);
    let from = 0;
    for (let p = 0; p < this.pattern.length; p++) {
      const m = this.#element(p);
      let found = -1;
      let closest: { index: number; result: MatchResult } | undefined;
      for (let i = from; i < actual.length; i++) {
        const inner = m.test(actual[i]);
        if (inner.isSuccess) {
          r.compose(i, inner);
          found = i;
          break;
        }
        if (!closest || inner.cost < closest.result.cost) closest = { index: i, result: inner };
      }
      if (found >= 0) {
        from = found + 1;
        continue;
      }
      const after = from > 0 ? ` after index ${from - 1}` : "";
      if (!closest) {
        r.fail(
          [],
          `an element matching ${m.describe()}${after} (arrayWith pattern ${p})`,
          "no more elements",
        );
      } else {
        r.fail(
          [],
          `an element matching ${m.describe()}${after} (arrayWith pattern ${p})`,
          `no match; the closest element is [${closest.index}]`,
        );
        // The closest element's own mismatches explain the miss; they are notes, not extra cost.
        for (const x of closest.result.mismatches)
          r.fail([closest.index, ...x.path], x.expected, x.actual, 0);
      }
      return r;
    }
    return r;
  }

  describe(): string {
    return `${this.name}(${describeValue(this.pattern)})`;
  }
}

class AbsentMatch extends Matcher {
  readonly name = "absent";
  test(actual: unknown): MatchResult {
    const r = new MatchResult(actual);
    if (actual !== undefined) r.fail([], "absent", describeValue(actual));
    return r;
  }
  describe(): string {
    return "absent";
  }
}

class AnyMatch extends Matcher {
  readonly name = "anyValue";
  test(actual: unknown): MatchResult {
    const r = new MatchResult(actual);
    if (actual === undefined || actual === null) r.fail([], "any value", typeName(actual));
    return r;
  }
  describe(): string {
    return "any value";
  }
}

class RegexpMatch extends Matcher {
  readonly name = "stringLikeRegexp";
  readonly #re: RegExp;
  constructor(pattern: string | RegExp) {
    super();
    // A global or sticky RegExp keeps lastIndex between tests; a fresh flag set avoids that.
    this.#re =
      typeof pattern === "string"
        ? new RegExp(pattern, "m")
        : new RegExp(pattern.source, pattern.flags.replace(/[gy]/g, ""));
  }
  test(actual: unknown): MatchResult {
    const r = new MatchResult(actual);
    if (typeof actual !== "string" || !this.#re.test(actual))
      r.fail([], this.describe(), describeValue(actual));
    return r;
  }
  describe(): string {
    return `a string matching ${this.#re}`;
  }
}

class NotMatch extends Matcher {
  readonly name = "not";
  readonly #inner: Matcher;
  constructor(pattern: unknown) {
    super();
    this.#inner = literal("exact", pattern, false);
  }
  test(actual: unknown): MatchResult {
    const r = new MatchResult(actual);
    if (this.#inner.test(actual).isSuccess) r.fail([], this.describe(), describeValue(actual));
    return r;
  }
  describe(): string {
    return `not ${this.#inner.describe()}`;
  }
}

/** Mismatch paths continue into the parsed document: `data["config.json"].server.port`. */
class SerializedMatch extends Matcher {
  readonly #inner: Matcher;
  constructor(
    readonly name: string,
    private readonly format: "JSON" | "YAML",
    pattern: unknown,
  ) {
    super();
    this.#inner = literal("exact", pattern, false);
  }

  test(actual: unknown): MatchResult {
    const r = new MatchResult(actual);
    if (typeof actual !== "string")
      return r.fail([], `a ${this.format} string (${this.name})`, describeValue(actual));
    let parsed: unknown;
    try {
      parsed = this.format === "JSON" ? JSON.parse(actual) : parseOneYaml(actual);
    } catch (e) {
      return r.fail(
        [],
        `valid ${this.format} (${this.name})`,
        `invalid ${this.format}: ${(e as Error).message}`,
      );
    }
    return r.merge(this.#inner.test(parsed));
  }

  describe(): string {
    return `${this.name}(${this.#inner.describe()})`;
  }
}

function parseOneYaml(text: string): unknown {
  let docs: ReturnType<typeof parseYamlDocuments>;
  try {
    docs = parseYamlDocuments(text, "(serialized YAML)");
  } catch (e) {
    if (!(e instanceof KilnError)) throw e;
    throw new Error(`line ${e.location.line ?? "?"}: ${e.message}`);
  }
  if (docs.length !== 1) throw new Error(`${docs.length} documents, expected one`);
  return docs[0]!.value;
}

/**
 * Tests `value` against `pattern` (a plain object is matched with `objectLike`) and commits
 * captures on success. Returns the result with every mismatch.
 */
export function matches(value: unknown, pattern: unknown): MatchResult {
  return literal("objectLike", pattern, true).test(value).finish();
}
