/**
 * An import of a CRD file the built-in catalog pins needs neither network nor mirror: it is
 * taken from the catalog's schema model when cache and mirror do not have the file.
 */
import { mkdtempSync, readFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterEach, describe, expect, it, vi } from "vitest";
import { catalogPins } from "../../src/import/catalog.ts";
import { importProject } from "../../src/import/project.ts";
import { crdSchemasFromText } from "../../src/import/schemas.ts";
import { MIRROR_SKIP, mirrorDir } from "../helpers/env.ts";

const tmp = (p: string) => mkdtempSync(path.join(os.tmpdir(), p));
const KS = catalogPins()
  .entries()
  .find((e) => e.url?.endsWith("/kustomize.toolkit.fluxcd.io_kustomizations.yaml"))!;
const UNKNOWN = "https://crds.example.test/org/repo/0123abcd/crds/widgets.yaml";

function project(crds: string[]) {
  const dir = tmp("kiln-import-");
  return { dir, config: { crds }, configFile: path.join(dir, "kiln.config.ts") };
}

/** Records every network request; none succeeds. */
function blockNetwork(): string[] {
  const asked: string[] = [];
  vi.stubGlobal("fetch", async (url: string) => {
    asked.push(String(url));
    throw new TypeError("fetch failed", { cause: { code: "ECONNREFUSED" } });
  });
  return asked;
}

afterEach(() => {
  vi.unstubAllGlobals();
});

describe("import of a file the built-in catalog pins", () => {
  it("takes the catalog's model without asking the network, and pins the catalog's sha256", async () => {
    const asked = blockNetwork();
    const p = project([KS.url!]);
    const r = await importProject(p, { cacheDir: tmp("kiln-cache-") });
    expect(asked).toEqual([]);
    expect(r.origins).toEqual({ catalog: 1 });
    expect(r.kinds.map((k) => k.apiVersion)).toContain("kustomize.toolkit.fluxcd.io/v1");
    expect(r.kinds.every((k) => k.source === KS.url)).toBe(true);
    expect(JSON.parse(readFileSync(path.join(p.dir, "kiln.lock"), "utf8")).artifacts).toEqual([
      { url: KS.url, sha256: KS.sha256, size: KS.size },
    ]);
  });

  it("still asks the network for a file the catalog does not pin", async () => {
    const asked = blockNetwork();
    await expect(importProject(project([UNKNOWN]), { cacheDir: tmp("kiln-cache-") })).rejects.toThrow(
      /cannot get/,
    );
    expect(asked).toEqual([UNKNOWN]);
  });

  it.skipIf(!mirrorDir())(
    `reads the raw file when the mirror has it (types keep their descriptions)${mirrorDir() ? "" : ` (${MIRROR_SKIP})`}`,
    async () => {
      const r = await importProject(project([KS.url!]), {
        cacheDir: tmp("kiln-cache-"),
        mirror: mirrorDir()!,
      });
      expect(r.origins).toEqual({ mirror: 1 });
      const raw = crdSchemasFromText(
        readFileSync(path.join(mirrorDir()!, KS.url!.replace(/^https:\/\//, "")), "utf8"),
        KS.url!,
      );
      expect(r.kinds.find((k) => k.version === "v1")?.schema).toEqual(
        raw.kinds.find((k) => k.version === "v1")?.schema,
      );
    },
  );
});
