/**
 * `kiln build examples/homelab` on a fresh machine: no mirror, an empty home and cache, and a
 * network that refuses every request (a preloaded fetch that records what was asked). Every
 * resource is validated with the schemas shipped in the package.
 */
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { kiln } from "../helpers/cli.ts";

const tmp = (p: string) => mkdtempSync(path.join(os.tmpdir(), p));

describe("kiln build examples/homelab without network or mirror", () => {
  it("validates every resource, asks the network nothing and prints no note", () => {
    const dir = tmp("kiln-offline-");
    const guard = path.join(dir, "no-network.mjs");
    const log = path.join(dir, "fetch.log");
    writeFileSync(log, "");
    writeFileSync(
      guard,
      `import { appendFileSync } from "node:fs";\nglobalThis.fetch = async (url) => {\n  appendFileSync(${JSON.stringify(log)}, String(url) + "\\n");\n  throw new TypeError("fetch failed", { cause: { code: "ECONNREFUSED" } });\n};\n`,
    );
    const r = kiln(["build", "examples/homelab", "-o", path.join(dir, "out")], {
      env: {
        KILN_MIRROR: "",
        KILN_CACHE: "",
        XDG_CACHE_HOME: "",
        HOME: path.join(dir, "home"),
        NODE_OPTIONS: `--import=${guard}`,
      },
    });
    expect(r.stderr).toBe("");
    expect(r.status).toBe(0);
    expect(readFileSync(log, "utf8")).toBe("");
    expect(r.stdout).not.toMatch(/note:|warning:|cannot get/);
    expect(r.stdout).toMatch(/✓ 70 resources in \d+ files, 0 errors, 0 warnings, 0 without schema/);
  });
});
