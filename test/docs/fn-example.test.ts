/**
 * docs/fn.md's complete example runs as written: its files are taken from the page, rendered
 * with `kiln render`, and the output must be the one the page shows.
 */
import { mkdirSync, mkdtempSync, readFileSync, symlinkSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { kiln } from "../helpers/cli.ts";
import { ROOT } from "../helpers/env.ts";

const page = readFileSync(path.join(ROOT, "docs/fn.md"), "utf8");
const section = page.slice(page.indexOf("## A complete example"), page.indexOf("## Writing a function"));
const blocks = [...section.matchAll(/```(ts|yaml)\n([\s\S]*?)```/g)].map((m) => m[2]!);

describe("docs/fn.md", () => {
  it("its complete example renders to the output it shows", () => {
    expect(blocks).toHaveLength(3);
    const [fn, inputs, output] = blocks as [string, string, string];
    const dir = mkdtempSync(path.join(os.tmpdir(), "kiln-doc-fn-"));
    writeFileSync(path.join(dir, "package.json"), '{ "type": "module" }\n');
    mkdirSync(path.join(dir, "node_modules"));
    symlinkSync(ROOT, path.join(dir, "node_modules/kiln"));
    writeFileSync(path.join(dir, "fn.ts"), fn);
    for (const part of inputs.split(/^---\n/m)) {
      const name = /^# (\S+)\n/.exec(part)?.[1];
      expect(name).toBeDefined();
      writeFileSync(path.join(dir, name!), part);
    }
    const r = kiln(["render", "xr.yaml", "composition.yaml", "functions.yaml"], { cwd: dir });
    expect(r.stderr).toBe("");
    expect(r.status).toBe(0);
    expect(r.stdout).toBe(output);
  });
});
