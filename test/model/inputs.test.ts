import { applyOverrides, mergeLayers, parseSetFlags } from "kiln";
import { describe, expect, it } from "vitest";
import { UsageError } from "../../src/core/errors.ts";

const defaults = {
  domain: "example.com",
  replicas: 2,
  tls: true,
  extra: null,
  git: { url: "u", branch: "main" },
  tags: ["a"],
};

describe("inputs", () => {
  it("converts --set values to the type of the default at that path", () => {
    expect(
      parseSetFlags(defaults, ["replicas=3", "tls=false", "domain=007", "git.branch=dev", "tags=[x, y]"]),
    ).toEqual({
      replicas: 3,
      tls: false,
      domain: "007",
      git: { branch: "dev" },
      tags: ["x", "y"],
    });
  });

  it("rejects a --set value that does not fit the type", () => {
    expect(() => parseSetFlags(defaults, ["replicas=many"])).toThrow(
      "input replicas expects a number, got text that is not one (from --set)",
    );
    expect(() => parseSetFlags(defaults, ["tls=yes"])).toThrow(
      "input tls expects a boolean (true|false), got other text (from --set)",
    );
    expect(() => parseSetFlags(defaults, ["noequals"])).toThrow(UsageError);
  });

  it("refuses prototype keys in --set and -f without touching Object.prototype", () => {
    expect(() => parseSetFlags(defaults, ["__proto__.polluted=1"])).toThrow(
      '--set __proto__.polluted=1: "__proto__" is not an input name at segment 1 of __proto__.polluted',
    );
    expect(() => parseSetFlags(defaults, ["constructor.prototype.x=1"])).toThrow(
      '"constructor" is not an input name at segment 1',
    );
    expect(() => parseSetFlags(defaults, ["git.__proto__.x=1"])).toThrow('"__proto__" is not an input name');
    expect(() => parseSetFlags(defaults, ["a..b=1"])).toThrow("empty path segment");
    expect(() => applyOverrides(defaults, { constructor: { prototype: { x: 1 } } }, "v.yaml")).toThrow(
      "unknown input constructor (from v.yaml)",
    );
    expect(() => applyOverrides(defaults, JSON.parse('{"__proto__": {"x": 1}}'), "v.yaml")).toThrow(
      "unknown input __proto__ (from v.yaml)",
    );
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect(({} as Record<string, unknown>).x).toBeUndefined();
    // An input really named `constructor` is still settable.
    expect(parseSetFlags({ constructor: "a" }, ["constructor=b"])).toEqual({ constructor: "b" });
  });

  it("checks values files against the defaults", () => {
    expect(() => applyOverrides(defaults, { git: { url: 5 } }, "values.yaml")).toThrow(
      "input git.url expects a string, got number (from values.yaml)",
    );
    expect(() => applyOverrides(defaults, { nope: 1 }, "values.yaml")).toThrow(
      "unknown input nope (from values.yaml); known inputs: domain, extra, git, replicas, tags, tls",
    );
    expect(applyOverrides(defaults, { extra: { any: "thing" } }, "x").extra).toEqual({ any: "thing" });
  });

  it("never quotes an input's value in an error (it may be a secret)", () => {
    const CANARY = "CANARY-input-9f3e";
    const secrets = { password: "", token: "t", count: 1, on: true };
    const tries: Array<() => unknown> = [
      () => applyOverrides(secrets, { password: [CANARY] }, "values.yaml"),
      () => applyOverrides(secrets, { password: { nested: CANARY } }, "values.yaml"),
      () => applyOverrides(secrets, { token: 42 }, "values.yaml"),
      () => parseSetFlags(secrets, [`count=${CANARY}`]),
      () => parseSetFlags(secrets, [`on=${CANARY}`]),
      () => parseSetFlags(secrets, [`=${CANARY}`]),
      () =>
        applyOverrides(secrets, parseSetFlags({ password: { a: "" } }, [`password=[${CANARY}]`]), "--set"),
    ];
    const messages = tries.map((f) => {
      try {
        f();
      } catch (e) {
        return (e as Error).message;
      }
      return "no error";
    });
    expect(messages).toEqual([
      "input password expects a string, got array (from values.yaml)",
      "input password expects a string, got object (from values.yaml)",
      "input token expects a string, got number (from values.yaml)",
      "input count expects a number, got text that is not one (from --set)",
      "input on expects a boolean (true|false), got other text (from --set)",
      "--set expects path=value, got an empty path",
      "input password expects a string, got array (from --set)",
    ]);
  });

  it("merges layers with later layers winning and arrays replaced", () => {
    const merged = mergeLayers<{ a: number; b: { c: string; d: string }; e: string[] }>(
      { a: 1, b: { c: "env", d: "env" }, e: ["x", "y"] },
      { b: { c: "role" } },
      { b: { d: "cluster" }, e: ["z"] },
    );
    expect(merged).toEqual({ a: 1, b: { c: "role", d: "cluster" }, e: ["z"] });
  });
});
