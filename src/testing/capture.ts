/**
 * `Capture`: a matcher that records the value it stands on, so a test can match first and then
 * assert on what was there (CDK assertions' `Capture`). Values are kept only from matches that
 * succeeded as a whole; when several resources (or array elements) match, each value is kept in
 * order and `next()` steps through them.
 */
import { literal } from "./match.ts";
import { describeValue, Matcher, MatchResult, typeName } from "./matcher.ts";

export class Capture extends Matcher {
  readonly name = "Capture";
  readonly #captured: unknown[] = [];
  #index = 0;

  /**
   * @param pattern optional pattern the value must also match (a plain object is matched like
   * `Match.objectLike`, a scalar exactly).
   */
  constructor(private readonly pattern?: unknown) {
    super();
  }

  test(actual: unknown): MatchResult {
    const r = new MatchResult(actual);
    if (actual === undefined || actual === null) return r.fail([], this.describe(), typeName(actual));
    if (this.pattern !== undefined) {
      const inner = literal("objectLike", this.pattern, true).test(actual);
      if (!inner.isSuccess) return inner;
    }
    r.capture(this, actual);
    return r;
  }

  describe(): string {
    return this.pattern === undefined
      ? "a value to capture"
      : `a value to capture matching ${describeValue(this.pattern)}`;
  }

  /** @internal called by `MatchResult.finish()` when the whole match succeeded. */
  _commit(values: readonly unknown[]): void {
    this.#captured.push(...values);
  }

  /** Every captured value, in match order. */
  get values(): readonly unknown[] {
    return this.#captured;
  }

  /** Moves to the next captured value; false when there is none (the position stays). */
  next(): boolean {
    if (this.#index < this.#captured.length - 1) {
      this.#index++;
      return true;
    }
    return false;
  }

  /** The current value; throws when nothing was captured or it is not a string. */
  asString(): string {
    return this.#as("string") as string;
  }

  /** The current value; throws when nothing was captured or it is not a number. */
  asNumber(): number {
    return this.#as("number") as number;
  }

  /** The current value; throws when nothing was captured or it is not a boolean. */
  asBoolean(): boolean {
    return this.#as("boolean") as boolean;
  }

  /** The current value; throws when nothing was captured or it is not an array. */
  asArray(): unknown[] {
    return this.#as("array") as unknown[];
  }

  /** The current value; throws when nothing was captured or it is not an object. */
  asObject(): Record<string, unknown> {
    return this.#as("object") as Record<string, unknown>;
  }

  #as(type: string): unknown {
    if (this.#captured.length === 0)
      throw new Error("Capture: no value was captured (the pattern matched nothing)");
    const v = this.#captured[this.#index];
    if (typeName(v) !== type) {
      throw new Error(
        `Capture: value ${this.#index + 1} of ${this.#captured.length} is ${typeName(v)}, not ${type}: ${describeValue(v)}`,
      );
    }
    return v;
  }
}
