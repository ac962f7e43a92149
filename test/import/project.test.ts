import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from "node:fs";
import os from "node:os";
import path from "node:path";
import { type KilnConfig, KilnError } from "kiln";
import { compileValidator } from "kiln/import";
import { describe, expect, it } from "vitest";
import { parseAll } from "../../src/import/parse-pool.ts";
import { ensureImports, importAdHoc, importProject, loadImportedSchemas } from "../../src/import/project.ts";
import { sha256 } from "../../src/sources/cache.ts";
import { mirrorPath } from "../../src/sources/mirror.ts";
import { crdYaml } from "./crds.ts";

const tmp = (p = "kiln-import-") => mkdtempSync(path.join(os.tmpdir(), p));
const BASE = "https://crds.example.test/org/repo/0123abcd/crds";
const WIDGETS = `${BASE}/widgets.yaml`;
const GADGETS = `${BASE}/gadgets.yaml`;

interface Fixture {
  dir: string;
  mirror: string;
  cache: string;
  config: KilnConfig;
  setMirror(url: string, text: string): void;
}

/** A project folder, a mirror holding two upstream CRDs and an empty cache. */
function fixture(config: KilnConfig = { crds: [WIDGETS, GADGETS] }): Fixture {
  const f: Fixture = {
    dir: tmp(),
    mirror: tmp("kiln-mirror-"),
    cache: tmp("kiln-cache-"),
    config,
    setMirror(url, text) {
      const file = mirrorPath(f.mirror, url);
      mkdirSync(path.dirname(file), { recursive: true });
      writeFileSync(file, text);
    },
  };
  f.setMirror(WIDGETS, crdYaml({ versions: [{ name: "v1" }, { name: "v2" }] }));
  f.setMirror(GADGETS, crdYaml({ kind: "Gadget", plural: "gadgets" }));
  return f;
}

const ref = (f: Fixture) => ({
  dir: f.dir,
  config: f.config,
  configFile: path.join(f.dir, "kiln.config.ts"),
});
const out = (f: Fixture) => path.join(f.dir, ".kiln/imports");
/** Every file under `dir` with its content. */
const snapshot = (dir: string) =>
  Object.fromEntries(
    readdirSync(dir, { recursive: true, withFileTypes: true })
      .filter((e) => e.isFile())
      .map((e) => path.join(e.parentPath, e.name))
      .sort()
      .map((p) => [path.relative(dir, p), readFileSync(p, "utf8")]),
  );

describe("importProject", () => {
  it("generates types and schemas, pins every URL in kiln.lock, and re-imports byte-identically from the cache", async () => {
    const f = fixture();
    const r = await importProject(ref(f), { mirror: f.mirror, cacheDir: f.cache, offline: true });
    expect(r.kinds.map((k) => `${k.apiVersion}/${k.kind}`)).toEqual([
      "example.kiln.dev/v1/Gadget",
      "example.kiln.dev/v1/Widget",
      "example.kiln.dev/v2/Widget",
    ]);
    expect(r.origins).toEqual({ mirror: 2 });
    expect(r.lockChanged).toBe(true);
    expect(r.files).toEqual([
      "example.kiln.dev/v1.ts",
      "example.kiln.dev/v2.ts",
      "index.ts",
      "package.json",
      "schemas.json",
      "stamp.json",
    ]);
    const lock = JSON.parse(readFileSync(path.join(f.dir, "kiln.lock"), "utf8"));
    const widgets = readFileSync(mirrorPath(f.mirror, WIDGETS));
    expect(lock.artifacts).toContainEqual({ url: WIDGETS, sha256: sha256(widgets), size: widgets.length });
    expect(existsSync(path.join(out(f), ".kiln-output"))).toBe(true);
    const before = snapshot(out(f));
    // No mirror now: pinned content must come from the cache.
    const again = await importProject(ref(f), { cacheDir: f.cache, offline: true });
    expect(again.origins).toEqual({ cache: 2 });
    expect(again.lockChanged).toBe(false);
    expect(snapshot(out(f))).toEqual(before);
    // The imported schemas come back for validation.
    const set = loadImportedSchemas(out(f))!;
    const v = compileValidator(set.get("example.kiln.dev/v1", "Gadget")!);
    expect(
      v({ apiVersion: "example.kiln.dev/v1", kind: "Gadget", metadata: { name: "g" }, spec: {} })[0]?.rule,
    ).toBe("schema/required");
  });

  it("refuses changed upstream content until --update, leaving the output and lock untouched", async () => {
    const f = fixture();
    await importProject(ref(f), { mirror: f.mirror, cacheDir: f.cache, offline: true });
    const lockBefore = readFileSync(path.join(f.dir, "kiln.lock"), "utf8");
    const outBefore = snapshot(out(f));
    f.setMirror(
      GADGETS,
      crdYaml({ kind: "Gadget", plural: "gadgets", versions: [{ name: "v1" }, { name: "v1beta1" }] }),
    );
    const fresh = tmp("kiln-cache-");
    const e = await importProject(ref(f), { mirror: f.mirror, cacheDir: fresh, offline: true }).catch(
      (x) => x,
    );
    expect(e).toBeInstanceOf(KilnError);
    expect(e.message).toContain(`${GADGETS}: content changed`);
    expect(readFileSync(path.join(f.dir, "kiln.lock"), "utf8")).toBe(lockBefore);
    expect(snapshot(out(f))).toEqual(outBefore);
    const r = await importProject(ref(f), { mirror: f.mirror, cacheDir: fresh, offline: true, update: true });
    expect(r.lockChanged).toBe(true);
    expect(r.kinds.map((k) => `${k.version}/${k.kind}`)).toContain("v1beta1/Gadget");
  });

  it("leaves the previous output intact when a CRD is malformed, and names file and line", async () => {
    const f = fixture();
    await importProject(ref(f), { mirror: f.mirror, cacheDir: f.cache, offline: true });
    const before = snapshot(out(f));
    writeFileSync(
      path.join(f.dir, "local.yaml"),
      "apiVersion: apiextensions.k8s.io/v1\nkind: CustomResourceDefinition\nspec: {\n",
    );
    f.config.crds = [WIDGETS, GADGETS, "local.yaml"];
    const e: KilnError = await importProject(ref(f), {
      mirror: f.mirror,
      cacheDir: f.cache,
      offline: true,
    }).catch((x) => x);
    expect(e).toBeInstanceOf(KilnError);
    expect(e.location).toMatchObject({
      file: "local.yaml",
      line: expect.any(Number),
      column: expect.any(Number),
    });
    expect(snapshot(out(f))).toEqual(before);
    expect(readdirSync(path.dirname(out(f))).filter((n) => n.includes(".tmp-"))).toEqual([]);
  });

  it("applies transforms: exclude kinds and versions, patch a schema", async () => {
    const f = fixture({
      crds: [WIDGETS, GADGETS],
      transforms: {
        exclude: ["example.kiln.dev/v2/*", "Gadget"],
        patch(k) {
          const spec = (k.schema.properties as Record<string, Record<string, unknown>>).spec!;
          (spec.properties as Record<string, unknown>).patched = {
            type: "string",
            description: "added by a patch",
          };
        },
      },
    });
    const r = await importProject(ref(f), { mirror: f.mirror, cacheDir: f.cache, offline: true });
    expect(r.kinds.map((k) => `${k.apiVersion}/${k.kind}`)).toEqual(["example.kiln.dev/v1/Widget"]);
    expect(readFileSync(path.join(out(f), "example.kiln.dev/v1.ts"), "utf8")).toContain("patched?: string;");
    const v = compileValidator(r.kinds[0]!);
    const obj = {
      apiVersion: "example.kiln.dev/v1",
      kind: "Widget",
      metadata: { name: "w" },
      spec: { size: 1, patched: 1 },
    };
    expect(v(obj).map((i) => i.rule)).toEqual(["schema/type"]);
  });

  it("rejects a patch that makes a schema non-structural, and a config that excludes everything", async () => {
    const broken = fixture({
      crds: [GADGETS],
      transforms: { patch: (k) => ({ ...k, schema: { type: "object", properties: { spec: {} } } }) },
    });
    await expect(
      importProject(ref(broken), { mirror: broken.mirror, cacheDir: broken.cache, offline: true }),
    ).rejects.toMatchObject({
      message: expect.stringMatching(
        /^the schema it returns for Gadget \(example\.kiln\.dev\/v1\) is not structural: /,
      ),
      location: { path: "transforms.patch" },
    });
    const none = fixture({ crds: [GADGETS], transforms: { exclude: ["*/*/*"] } });
    await expect(
      importProject(ref(none), { mirror: none.mirror, cacheDir: none.cache, offline: true }),
    ).rejects.toThrow("no kinds left");
  });

  it("rejects an empty source list, naming the config", async () => {
    const f = fixture({ crds: [] });
    const e: KilnError = await importProject(ref(f), { cacheDir: f.cache }).catch((x) => x);
    expect(e.message).toBe("is empty: no CRD sources to import");
    expect(e.location).toMatchObject({ path: "crds" });
    expect(e.location.file).toContain("kiln.config.ts");
  });

  it("imports ad hoc files into --out without a lockfile", async () => {
    const dir = tmp();
    writeFileSync(path.join(dir, "w.yaml"), crdYaml());
    const target = path.join(dir, "gen");
    const r = await importAdHoc([path.join(dir, "w.yaml")], target, { cacheDir: tmp(), offline: true });
    expect(r.kinds).toHaveLength(1);
    expect(readFileSync(path.join(target, "example.kiln.dev/v1.ts"), "utf8")).toContain(
      "export type Widget = {",
    );
    expect(existsSync(path.join(dir, "kiln.lock"))).toBe(false);
  });
});

describe("ensureImports (the build's re-import step)", () => {
  it("imports when output is missing, is fresh after, and re-imports when the pins change", async () => {
    const f = fixture();
    const opts = { mirror: f.mirror, cacheDir: f.cache, offline: true };
    expect((await ensureImports(ref(f), opts)).status).toBe("imported");
    const fresh = await ensureImports(ref(f), opts);
    expect(fresh.status).toBe("fresh");
    expect(fresh.schemas.get("example.kiln.dev/v2", "Widget")).toBeDefined();
    rmSync(out(f), { recursive: true });
    expect((await ensureImports(ref(f), opts)).status).toBe("imported");
    // A teammate's lockfile change (here: a re-pin) makes the output stale.
    f.setMirror(
      GADGETS,
      crdYaml({ kind: "Gadget", plural: "gadgets", versions: [{ name: "v1" }, { name: "v2" }] }),
    );
    await importProject(ref(f), { ...opts, cacheDir: tmp("kiln-cache-"), update: true });
    rmSync(path.join(out(f), "stamp.json"));
    expect((await ensureImports(ref(f), opts)).status).toBe("imported");
  });

  it("reports content that cannot be had as unavailable instead of failing the build", async () => {
    const f = fixture();
    const r = await ensureImports(ref(f), { cacheDir: f.cache, offline: true });
    expect(r.status).toBe("unavailable");
    expect(r.reason).toMatch(/^cannot get https:\/\/crds\.example\.test\/.*\n {2}looked in:/);
    expect(r.schemas.size).toBe(0);
    expect(existsSync(out(f))).toBe(false);
  });

  it("has nothing to do without CRD sources", async () => {
    expect((await ensureImports({ dir: tmp(), config: {}, configFile: "kiln.config.ts" })).status).toBe(
      "none",
    );
  });
});

describe("kiln import --validators", () => {
  it("compiles every kind's validator into the cache, whether files are parsed on workers or not", async () => {
    const kinds = ["A", "B", "C", "D", "E", "F"];
    const f = fixture({ crds: kinds.map((k) => `${BASE}/${k}.yaml`) });
    for (const [i, k] of kinds.entries()) {
      const schema = { type: "object", properties: { spec: { type: "object", maxProperties: i + 1 } } };
      f.setMirror(
        `${BASE}/${k}.yaml`,
        crdYaml({ kind: k, plural: `${k.toLowerCase()}s`, versions: [{ name: "v1", schema }] }),
      );
    }
    await importProject(ref(f), { mirror: f.mirror, cacheDir: f.cache, offline: true, validators: true });
    const compiled = readdirSync(path.join(f.cache, "validators")).filter((n) => n.endsWith(".cjs"));
    expect(compiled).toHaveLength(6);
    // Files parsed on worker threads: the same entries (named by content hash).
    const other = tmp();
    await importProject(ref(f), {
      mirror: f.mirror,
      cacheDir: other,
      offline: true,
      validators: true,
      workers: 2,
    });
    const again = readdirSync(path.join(other, "validators")).filter((n) => n.endsWith(".cjs"));
    expect(again.sort()).toEqual(compiled.sort());
  });

  it("reports a kind whose validator cannot compile, whether files are parsed on workers or not", async () => {
    const f = fixture({ crds: [`${BASE}/A.yaml`] });
    // Structural and accepted by the CRD checks, but no validator can be built: multipleOf 0.
    const schema = { type: "object", properties: { spec: { type: "number", multipleOf: 0 } } };
    f.setMirror(`${BASE}/A.yaml`, crdYaml({ kind: "A", plural: "as", versions: [{ name: "v1", schema }] }));
    for (const workers of [0, 1]) {
      const e = await importProject(ref(f), {
        mirror: f.mirror,
        cacheDir: tmp(),
        offline: true,
        validators: true,
        workers,
      }).catch((x: Error) => x);
      expect(String(e)).toMatch(/validator compilation failed: A \(example\.kiln\.dev\/v1\)/);
    }
  });
});

describe("kiln import: what the apiserver refuses", () => {
  it("refuses a negative maxLength without --validators", async () => {
    const f = fixture({ crds: [`${BASE}/A.yaml`] });
    const schema = { type: "object", properties: { spec: { type: "string", maxLength: -1 } } };
    f.setMirror(`${BASE}/A.yaml`, crdYaml({ kind: "A", plural: "as", versions: [{ name: "v1", schema }] }));
    const e = await importProject(ref(f), { mirror: f.mirror, cacheDir: tmp(), offline: true }).catch(
      (x: Error) => x,
    );
    expect(e).toBeInstanceOf(KilnError);
    expect((e as KilnError).message).toBe("Invalid value: -1: must be a non-negative integer");
    expect((e as KilnError).location.path).toBe(
      "spec.versions[0].schema.openAPIV3Schema.properties.spec.maxLength",
    );
  });

  it("refuses two CRDs that define one group and kind", async () => {
    const f = fixture({ crds: [`${BASE}/A.yaml`, `${BASE}/B.yaml`] });
    f.setMirror(`${BASE}/A.yaml`, crdYaml({ kind: "Widget", plural: "widgets" }));
    f.setMirror(`${BASE}/B.yaml`, crdYaml({ kind: "Widget", plural: "gadgets" }));
    const e = await importProject(ref(f), { mirror: f.mirror, cacheDir: tmp(), offline: true }).catch(
      (x: Error) => x,
    );
    expect(e).toBeInstanceOf(KilnError);
    expect((e as KilnError).message).toMatch(
      /^two CustomResourceDefinitions define kind Widget in group example\.kiln\.dev: .*A\.yaml and .*B\.yaml/,
    );
  });
});

describe("parseAll", () => {
  it("gives the same result, in input order, on worker threads and on the main thread", async () => {
    const inputs = ["A", "B", "C", "D"].map((k) => ({
      text: crdYaml({ kind: k, plural: `${k.toLowerCase()}s` }),
      source: `${k}.yaml`,
    }));
    const main = await parseAll(inputs, { workers: 0 });
    const workers = await parseAll(inputs, { workers: 2 });
    expect(workers).toEqual(main);
    expect(main.kinds.map((k) => k.kind)).toEqual(["A", "B", "C", "D"]);
    const bad = [...inputs, { text: "kind: [", source: "bad.yaml" }];
    await expect(parseAll(bad, { workers: 2 })).rejects.toMatchObject({ location: { file: "bad.yaml" } });
  });
});
