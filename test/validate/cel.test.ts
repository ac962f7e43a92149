import { describe, expect, it } from "vitest";
import { parseQuantity } from "../../src/validate/cel/library.ts";
import { compileRule, evaluateRule } from "../../src/validate/cel/rules.ts";
import { escapeProperty, toCel } from "../../src/validate/cel/values.ts";
import { findings, widget } from "./helpers.ts";

const cel = (f: Awaited<ReturnType<typeof findings>>) => f.filter((x) => x.rule.startsWith("cel"));
const run = (rule: string, self: unknown, schema?: Record<string, unknown>) =>
  evaluateRule(compileRule({ rule }), toCel(self, schema));

describe("CEL rules (x-kubernetes-validations)", () => {
  it("passes a valid object and reports failures with message, messageExpression and path", async () => {
    expect(
      cel(await findings(widget({ size: 1, mode: "fast", url: "https://example.org" }))).filter(
        (f) => f.rule === "cel",
      ),
    ).toEqual([]);
    const bad = cel(await findings(widget({ size: 1, mode: "fast", replicas: 11, url: "not a url" })));
    expect(bad.filter((f) => f.rule === "cel").map((f) => [f.path.join("."), f.message])).toEqual([
      ["spec", "at most 10 replicas"],
      ["spec", "url not a url is not a URL"],
    ]);
  });

  it("evaluates matches() with RE2 semantics, the same each time a pattern is reused", () => {
    const rule = "self.matches('^[a-z]([-a-z0-9]*[a-z0-9])?$')";
    for (let i = 0; i < 3; i++) {
      expect(run(rule, "web-1").kind).toBe("pass");
      expect(run(rule, "Web_1").kind).toBe("fail");
    }
    // RE2 has no backreferences: such a pattern is an evaluation error, not a silent pass.
    expect(run("self.matches('(a)\\1')", "aa").kind).not.toBe("pass");
    expect(run("'abc'.matches('b')", null).kind).toBe("pass");
  });

  it("applies defaults before rules, as the apiserver does", async () => {
    // mode defaults to "Fast", which the lowerAscii rule rejects; replicas defaults to 1 (fine).
    const f = cel(await findings(widget({ size: 1 })));
    expect(f.filter((x) => x.rule === "cel").map((x) => x.message)).toEqual(["mode must be lower case"]);
  });

  it("evaluates quantity(), duration-typed fields and escaped property names", async () => {
    const ok = cel(
      await findings(widget({ size: 1, mode: "m", memory: "512Mi", timeout: "30m", namespace: "x" })),
    );
    expect(ok.filter((x) => x.rule === "cel")).toEqual([]);
    const bad = cel(
      await findings(widget({ size: 1, mode: "m", memory: "8Gi", timeout: "2h", namespace: "" })),
    );
    expect(
      bad
        .filter((x) => x.rule === "cel")
        .map((x) => x.message)
        .sort(),
    ).toEqual(["memory must be below 4Gi", "namespace must not be empty", "timeout must be at most 1h"]);
  });

  it("reports unsupported functions as not evaluated, never as a pass", async () => {
    const f = cel(await findings(widget({ size: 1, mode: "m" })));
    const ne = f.filter((x) => x.rule === "cel/not-evaluated");
    expect(ne).toHaveLength(1);
    expect(ne[0]!.message).toMatch(
      /^not evaluated: unsupported function frobnicate \(rule: frobnicate\(self\.mode\)\)$/,
    );
    expect(ne[0]!.severity).toBe("warning");
  });

  it("skips transition rules (oldSelf) on create", () => {
    expect(run("self == oldSelf", 1)).toEqual({ kind: "transition-skipped" });
  });

  it("validates map keys (additionalProperties) unescaped", async () => {
    const bad = cel(await findings(widget({ size: 1, mode: "m", labels: { "x-a": "1", b: "2" } })));
    expect(bad.filter((x) => x.rule === "cel").map((x) => [x.path.join("."), x.message])).toEqual([
      ["spec.labels", "label keys must start with x-"],
    ]);
  });

  it("types integers as int and honours the strings extension and list macros", () => {
    expect(run("self + 1 == 3", 2)).toEqual({ kind: "pass" });
    expect(run("self.split(',').size() == 2 && self.upperAscii() == 'A,B'", "a,b")).toEqual({ kind: "pass" });
    expect(
      run("self.all(x, self.exists_one(y, x.name == y.name))", [{ name: "a" }, { name: "a" }]),
    ).toMatchObject({ kind: "fail" });
    expect(run("[has(self.a), has(self.b)].filter(x, x).size() == 1", { a: 1 })).toEqual({ kind: "pass" });
  });

  it("implements the Kubernetes URL, quantity, list, regex and IP libraries", () => {
    expect(
      run(
        "isURL(self) && url(self).getHost() == 'example.org:8443' && url(self).getScheme() == 'https'",
        "https://example.org:8443/x",
      ),
    ).toEqual({ kind: "pass" });
    expect(run("isURL(self)", "example.org")).toMatchObject({ kind: "fail" });
    expect(
      run(
        "quantity('1Gi').compareTo(quantity('1024Mi')) == 0 && quantity('1500m').asApproximateFloat() == 1.5",
        null,
      ),
    ).toEqual({ kind: "pass" });
    expect(run("isQuantity('1.5Gi') && !isQuantity('1.5GiB')", null)).toEqual({ kind: "pass" });
    expect(run("[1, 2, 3].isSorted() && [1, 2, 3].sum() == 6 && [3, 1].min() == 1", null)).toEqual({
      kind: "pass",
    });
    expect(
      run(
        "'abc123'.find('[0-9]+') == '123' && isIP('10.0.0.1') && isCIDR('10.0.0.0/8') && !isCIDR('10.0.0.0/33')",
        null,
      ),
    ).toEqual({ kind: "pass" });
    expect(parseQuantity("1Ki")).toBe(1024n * 10n ** 9n);
    expect(parseQuantity("1e3")).toBe(1000n * 10n ** 9n);
    expect(parseQuantity("1.5.5")).toBeUndefined();
  });

  it("reports runtime errors (e.g. a missing key) as errors", () => {
    const out = run("self.missing == 1", { other: 1 });
    expect(out.kind).toBe("error");
  });

  it("escapes property names like the apiserver", () => {
    expect(escapeProperty("namespace")).toBe("__namespace__");
    expect(escapeProperty("a-b.c/d__e")).toBe("a__dash__b__dot__c__slash__d__underscores__e");
  });

  it("plans a rule once and reuses it", () => {
    expect(compileRule({ rule: "self > 0" }).program).toBe(compileRule({ rule: "self > 0" }).program);
  });
});
