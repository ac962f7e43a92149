// biome-ignore-all lint/suspicious/noTemplateCurlyInString: these strings are Flux substitution expressions
import { describe, expect, it } from "vitest";
import { substitute } from "../../src/flux/envsubst.ts";

const vars = new Map([
  ["A", "hello"],
  ["EMPTY", ""],
  ["PATH_V", "a/b/c.tar.gz"],
]);

describe("Flux post-build substitution (drone/envsubst braces)", () => {
  it("substitutes braced variables and leaves $VAR and escaped $${VAR} as Flux does", () => {
    const r = substitute("a: ${A}\nc: $A plain\nd: $${A} escaped\n", vars);
    expect(r.text).toBe("a: hello\nc: $A plain\nd: ${A} escaped\n");
    expect(r.missing).toEqual([]);
  });

  it("applies every default operator (:=, :-, =, -) on an unset or empty value, as drone/envsubst does", () => {
    expect(substitute("${NS:=dflt} ${B:-bdef} ${B=eq}", vars).text).toBe("dflt bdef eq");
    expect(substitute("${EMPTY:-x}|${EMPTY=x}|${A:-x}", vars).text).toBe("x|x|hello");
    // fluxcd/pkg/envsubst does not parse `-` without a colon: the Kustomization fails
    expect(substitute("a ${B-dash}", vars).invalid).toEqual(["${B-dash}"]);
    expect(substitute("${NS:=dflt}", vars).missing).toEqual([]);
  });

  it("nests: a default may hold another expression", () => {
    expect(substitute('id: ${NOPE:-"${A}"} url: ${NOPE:=https://${A}.example}', vars).text).toBe(
      'id: "hello" url: https://hello.example',
    );
  });

  it("case, substring, length, trim and replace operators", () => {
    expect(substitute("${A^^} ${A^} ${A:0:2} ${A:3} ${#A}", vars).text).toBe("HELLO Hello he lo 5");
    expect(substitute("${PATH_V#*/} ${PATH_V##*/} ${PATH_V%.*} ${PATH_V%%.*}", vars).text).toBe(
      "b/c.tar.gz c.tar.gz a/b/c.tar a/b/c",
    );
    expect(substitute("${A/l/L} ${A//l/L}", vars).text).toBe("heLlo heLLo");
  });

  it("an unset variable without default is empty and named once in missing", () => {
    const r = substitute("x: ${MISSING}\ny: ${MISSING}-${OTHER}\n", vars);
    expect(r.text).toBe("x: \ny: -\n");
    expect(r.missing).toEqual(["MISSING", "OTHER"]);
  });

  it("leaves text that is not a variable expression alone", () => {
    expect(substitute("${1abc} ${} {A}", vars).text).toBe("${1abc} ${} {A}");
  });
});
