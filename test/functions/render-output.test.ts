/**
 * The crank-shaped YAML emitter must never change data: whatever it prints reads back as the
 * same value under YAML 1.1 (go-yaml v2, what crank and Crossplane tooling use) and YAML 1.2.
 * Its key order reproduces go-yaml v2's, which is antisymmetric but, like go-yaml's own
 * `keyList.Less`, not transitive for mixed digit/letter keys: the output stays deterministic
 * because the same input object always presents its keys in the same order.
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { parseAllDocuments } from "yaml";
import { compareKeysGoYaml, stringifyGoYaml } from "../../src/core/yaml-emit.ts";
import { toCrankStream } from "../../src/functions/render/output.ts";

const json = fc.jsonValue().map((v) => JSON.parse(JSON.stringify(v)) as unknown);
const tricky = fc.constantFrom(
  "",
  "y",
  "n",
  "yes",
  "No",
  "on",
  "OFF",
  "true",
  "True",
  "null",
  "~",
  "0x1f",
  "0o17",
  "017",
  "1_000",
  "1:20",
  "2024-01-01T00:00:00Z",
  "2024-01-01",
  ".inf",
  "-.Inf",
  ".nan",
  "1e3",
  "+1",
  "@",
  "*",
  "&a",
  "!x",
  "%x",
  "- a",
  "a: b",
  "a #b",
  "#c",
  "'q'",
  '"dq"',
  "{x}",
  "[x]",
  "|",
  ">",
  "line1\nline2",
  "trailing\n",
  " lead",
  "tail ",
  "=",
  "<<",
  "?",
  ",",
  "`",
  "é",
  "\t",
  "\u0085",
);
const doc = fc.dictionary(fc.oneof(fc.string(), tricky), fc.oneof(json, tricky, fc.array(tricky)));

describe("stringifyGoYaml", () => {
  it("round-trips any JSON value under YAML 1.1 and 1.2", () => {
    fc.assert(
      fc.property(doc, (v) => {
        const text = stringifyGoYaml(v);
        for (const version of ["1.1", "1.2"] as const) {
          const back = parseAllDocuments(text, { version })[0]!.toJS({ maxAliasCount: -1 });
          expect(back).toEqual(v);
        }
      }),
      { numRuns: 300 },
    );
  });

  it("streams documents after ---", () => {
    expect(toCrankStream([{ b: 1, a: "True" }, null])).toBe('---\na: "True"\nb: 1\n---\nnull\n');
  });
});

describe("stringifyGoYaml regressions", () => {
  it("keeps a __proto__ key as data (found by the property test, seed 1510399235)", () => {
    const v = JSON.parse('[{"__proto__":[]}]');
    expect(parseAllDocuments(stringifyGoYaml(v))[0]!.toJS()).toEqual(v);
  });
});

describe("compareKeysGoYaml", () => {
  const key = fc.oneof(fc.string({ maxLength: 6 }), fc.stringMatching(/^[a-z0-9._/-]{0,8}$/));
  it("is antisymmetric and equal only for equal strings", () => {
    fc.assert(
      fc.property(key, key, (a, b) => {
        expect(Math.sign(compareKeysGoYaml(a, b)) + Math.sign(compareKeysGoYaml(b, a))).toBe(0);
        if (compareKeysGoYaml(a, b) === 0) expect(a).toBe(b);
      }),
      { numRuns: 2000 },
    );
  });

  it("keeps go-yaml v2's non-transitive cases (digit runs by value, letters after non-letters)", () => {
    // go-yaml v2 sorter.go: "30" < "3A" (non-letter before letter), "3A" < "4" (3 < 4), "4" < "30" (4 < 30).
    expect(compareKeysGoYaml("30", "3A")).toBeLessThan(0);
    expect(compareKeysGoYaml("3A", "4")).toBeLessThan(0);
    expect(compareKeysGoYaml("4", "30")).toBeLessThan(0);
  });

  it("orders like go-yaml v2: digit runs by value, non-letters before letters", () => {
    expect(["b", "a10", "a9", "A", "_x", "a-b", "ab", "a.b"].sort(compareKeysGoYaml)).toEqual([
      "_x",
      "A",
      "a-b",
      "a.b",
      "a9",
      "a10",
      "ab",
      "b",
    ]);
  });
});
