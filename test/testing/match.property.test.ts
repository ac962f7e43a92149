import fc from "fast-check";
import { Match, matches } from "kiln/testing";
import { describe, expect, test } from "vitest";

const scalar = fc.oneof(fc.string(), fc.integer(), fc.boolean(), fc.constant(null));
const key = fc.string({ minLength: 1, maxLength: 8 }).filter((k) => k !== "__proto__");
const object = fc.dictionary(key, fc.jsonValue(), { maxKeys: 6 });

describe("matcher laws", () => {
  test("every JSON value matches itself exactly, and objectLike/objectEquals of itself", () => {
    fc.assert(
      fc.property(object, (o) => {
        expect(matches(o, Match.exact(o)).mismatches).toEqual([]);
        expect(matches(o, Match.objectLike(o)).mismatches).toEqual([]);
        expect(matches(o, Match.objectEquals(o)).mismatches).toEqual([]);
      }),
    );
  });

  test("objectLike ignores extra keys; objectEquals reports exactly them", () => {
    fc.assert(
      fc.property(object, object, (o, extra) => {
        const fresh = Object.fromEntries(Object.entries(extra).filter(([k]) => !(k in o)));
        const value = { ...o, ...fresh };
        expect(matches(value, Match.objectLike(o)).isSuccess).toBe(true);
        const unexpected = matches(value, Match.objectEquals(o)).mismatches.map((m) => m.path.join("/"));
        expect(unexpected.sort()).toEqual(Object.keys(fresh).sort());
      }),
    );
  });

  test("changing one top-level scalar yields exactly one mismatch at its key", () => {
    fc.assert(
      fc.property(fc.dictionary(key, scalar, { minKeys: 1, maxKeys: 6 }), fc.nat(), (o, i) => {
        const keys = Object.keys(o);
        const k = keys[i % keys.length]!;
        const changed = { ...o, [k]: typeof o[k] === "string" ? `${o[k]}!` : "changed" };
        const r = matches(changed, Match.objectLike(o));
        expect(r.mismatches.map((m) => m.path)).toEqual([[k]]);
      }),
    );
  });

  test("arrayWith accepts every ordered subsequence and rejects a missing element", () => {
    fc.assert(
      fc.property(
        fc.array(fc.integer({ min: 0, max: 50 }), { maxLength: 12 }),
        fc.array(fc.boolean(), { maxLength: 12 }),
        (xs, keep) => {
          const sub = xs.filter((_, i) => keep[i]);
          expect(matches(xs, Match.arrayWith(sub)).isSuccess).toBe(true);
          expect(matches(xs, Match.arrayWith([...sub, 51])).isSuccess).toBe(false);
        },
      ),
    );
  });
});
