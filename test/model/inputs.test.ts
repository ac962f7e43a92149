import { writeFileSync } from "node:fs";
import path from "node:path";
import { type InputChoices, mergeLayers } from "kiln";
import { describe, expect, it } from "vitest";
import { inputOverrides } from "../../src/build.ts";
import { UsageError } from "../../src/core/errors.ts";
import { applyOverrides, checkInputChoices, parseSetFlags } from "../../src/model/inputs.ts";
import { tempTree } from "../validate/helpers.ts";

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

describe("union-typed inputs: choices checked at run time", () => {
  type Provider = "infisical" | "sops" | "external-secrets";
  interface Inputs {
    secrets: Provider;
    replicas: number | "auto";
    zones: Array<"a" | "b">;
    clusters: Record<string, { role: "hub" | "edge"; token: string }>;
  }
  const inputs: Inputs = {
    secrets: "infisical",
    replicas: 2,
    zones: ["a"],
    clusters: { home: { role: "hub", token: "" }, lab: { role: "edge", token: "" } },
  };
  const choices: InputChoices<Inputs> = {
    secrets: ["infisical", "sops", "external-secrets"],
    replicas: [Number, "auto"],
    zones: ["a", "b"],
    clusters: { "*": { role: ["hub", "edge"] } },
  };
  const message = (f: () => unknown) => {
    try {
      f();
    } catch (e) {
      return (e as Error).message;
    }
    return "no error";
  };

  it("are typed against the inputs", () => {
    const ok: InputChoices<Inputs> = { secrets: ["sops"], replicas: ["auto", Number] };
    // @ts-expect-error "sopz" is not a Provider
    const typo: InputChoices<Inputs> = { secrets: ["sopz"] };
    // @ts-expect-error String is not allowed for a union of literals
    const any: InputChoices<Inputs> = { secrets: [String] };
    expect([ok, typo, any]).toHaveLength(3);
  });

  it("--set reads the text as the choice it names; a value outside the choices is an error naming them and --set", () => {
    expect(
      parseSetFlags(inputs, ["secrets=sops", "replicas=auto", "clusters.lab.role=hub"], choices),
    ).toEqual({
      secrets: "sops",
      replicas: "auto",
      clusters: { lab: { role: "hub" } },
    });
    expect(parseSetFlags(inputs, ["replicas=3"], choices)).toEqual({ replicas: 3 });
    const set = (flag: string) => () =>
      applyOverrides(inputs, parseSetFlags(inputs, [flag], choices), "--set", [], choices);
    expect(message(set("secrets=sopz"))).toBe(
      'input secrets must be one of "infisical", "sops", "external-secrets"; got a string that is none of them (from --set)',
    );
    expect(message(set("replicas=many"))).toBe(
      'input replicas must be one of any number, "auto"; got a string that is none of them (from --set)',
    );
    expect(message(set("clusters.home.role=spoke"))).toBe(
      'input clusters.home.role must be one of "hub", "edge"; got a string that is none of them (from --set)',
    );
    // Without choices, a number-or-"auto" input would be a number only.
    expect(message(() => parseSetFlags(inputs, ["replicas=auto"]))).toBe(
      "input replicas expects a number, got text that is not one (from --set)",
    );
  });

  it("checks values files and test overrides, array items too, with the file's line", () => {
    const dir = tempTree({ "v.yaml": "secrets: sops\nzones:\n  - a\n  - c\n" });
    const { overrides, overrideSources } = inputOverrides(
      { inputs, choices },
      [path.join(dir, "v.yaml")],
      [],
    );
    expect(message(() => applyOverrides(inputs, overrides[0], overrideSources[0]!, [], choices))).toMatch(
      /^input zones\[1\] must be one of "a", "b"; got a string that is none of them \(from \S*v\.yaml:4\)$/,
    );
    writeFileSync(path.join(dir, "v.yaml"), "clusters:\n  lab:\n    role: spoke\n");
    const again = inputOverrides({ inputs, choices }, [path.join(dir, "v.yaml")], []);
    expect(
      message(() => applyOverrides(inputs, again.overrides[0], again.overrideSources[0]!, [], choices)),
    ).toMatch(/\(from \S*v\.yaml:3\)$/);
    expect(
      applyOverrides(inputs, { secrets: "external-secrets", replicas: "auto" }, "x", [], choices),
    ).toMatchObject({
      secrets: "external-secrets",
      replicas: "auto",
    });
  });

  it("checks the defaults themselves", () => {
    expect(message(() => checkInputChoices({ ...inputs, secrets: "vault" }, choices, "main.ts"))).toBe(
      'input secrets must be one of "infisical", "sops", "external-secrets"; got a string that is none of them (from main.ts)',
    );
    expect(message(() => checkInputChoices(inputs, choices, "main.ts"))).toBe("no error");
  });

  it("never quotes the value, even when it is a secret put in the wrong input", () => {
    const CANARY = "CANARY-choice-7a1c";
    const tries = [
      () =>
        applyOverrides(inputs, parseSetFlags(inputs, [`secrets=${CANARY}`], choices), "--set", [], choices),
      () => applyOverrides(inputs, { replicas: { nested: CANARY } }, "values.yaml", [], choices),
      () => checkInputChoices({ ...inputs, zones: [CANARY] }, choices, "main.ts"),
    ];
    for (const t of tries) {
      const m = message(t);
      expect(m).toMatch(/^input \S+ must be one of /);
      expect(m).not.toContain(CANARY);
    }
  });
});
