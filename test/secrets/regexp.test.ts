/**
 * `.sops.yaml` and metadata regexes are Go RE2 (sops compiles them with regexp.Compile): kiln
 * matches with RE2's syntax and meaning, including where JavaScript's RegExp reads the same
 * pattern differently or not at all.
 */
import { mkdtempSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { creationRuleFor } from "../../src/secrets/config.ts";
import { goRegexp } from "../../src/secrets/regexp.ts";
import { decryptFileText, encryptFileText } from "../../src/secrets/sops.ts";
import { CANARY, identity } from "./helpers.ts";

const a = await identity();
/** JavaScript's reading of a pattern (what kiln must not use), compiled at run time. */
const jsRegExp = (pattern: string) => new RegExp(pattern);
const ids = [{ secret: a.secret, source: "test" }];

describe("Go RE2 regexes", () => {
  it("(?i) is a flag in RE2 (JavaScript refuses the pattern): encrypted_regex matches case-insensitively", async () => {
    expect(() => jsRegExp("(?i)^password$")).toThrow();
    const text = `PASSWORD: ${CANARY}\nuser: admin\n`;
    const e = await encryptFileText(text, {
      file: "s.yaml",
      recipients: [a.recipient],
      encryptedRegex: "(?i)^password$",
    });
    expect(e).not.toContain(CANARY);
    expect(e).toContain("user: admin");
    expect(await decryptFileText(e, { file: "s.yaml", identities: ids })).toBe(text);
  });

  it("\\Q…\\E quotes in RE2 but is a literal Q/E in JavaScript", () => {
    expect(jsRegExp("^\\Qa.b\\E$").test("a.b")).toBe(false);
    expect(goRegexp("^\\Qa.b\\E$").test("a.b")).toBe(true);
    expect(goRegexp("^\\Qa.b\\E$").test("axb")).toBe(false);
  });

  it("\\z is end of text in RE2, a literal z in JavaScript: path_regex picks the rule sops picks", () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), "kiln-re2-"));
    const conf = path.join(dir, ".sops.yaml");
    writeFileSync(
      conf,
      `creation_rules:\n  - path_regex: \\.sops\\.yaml\\z\n    age: ${a.recipient}\n  - age: age1other\n`,
    );
    expect(jsRegExp("\\.sops\\.yaml\\z").test("x.sops.yaml")).toBe(false);
    expect(creationRuleFor(conf, path.join(dir, "x.sops.yaml")).age).toEqual([a.recipient]);
    expect(creationRuleFor(conf, path.join(dir, "x.sops.yamlz")).age).toEqual(["age1other"]);
  });

  it("a lookbehind (JavaScript only) is refused with RE2's message, naming the rule", () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), "kiln-re2-"));
    const conf = path.join(dir, ".sops.yaml");
    writeFileSync(conf, `creation_rules:\n  - path_regex: (?<=a)b\n    age: ${a.recipient}\n`);
    expect(() => creationRuleFor(conf, path.join(dir, "ab"))).toThrow(/creation_rules\[0\].*|RE2/);
    expect(() => creationRuleFor(conf, path.join(dir, "ab"))).toThrow(/Go RE2 syntax/);
    return expect(
      encryptFileText("a: b\n", { file: "s.yaml", recipients: [a.recipient], unencryptedRegex: "(?<!x)y" }),
    ).rejects.toThrow(/Go RE2 syntax/);
  });
});
