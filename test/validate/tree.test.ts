import { rmSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { buildMarker } from "../../src/core/fs.ts";
import { displayPath } from "../../src/core/paths.ts";
import { validatePaths } from "../../src/validate/validate.ts";
import { tempTree } from "./helpers.ts";

const NS = "apiVersion: v1\nkind: Namespace\nmetadata:\n  name: flux-system\n";

/** `file:line rule path` for each finding of a rule family. */
const where = (r: Awaited<ReturnType<typeof validatePaths>>, prefix: string) =>
  r.diagnostics
    .filter((d) => d.rule?.startsWith(prefix))
    .map((d) => `${d.file?.split("/").at(-1)}:${d.line ?? "-"} ${d.rule} ${d.path ?? ""}`);

describe("cross-check findings are located at report time", () => {
  it("gives a missing reference the line of the reference, in the right document and List item", async () => {
    const dir = tempTree({
      "ns.yaml": NS,
      "multi.yaml": [
        "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: c\n  namespace: flux-system\ndata: {}",
        [
          "apiVersion: kustomize.toolkit.fluxcd.io/v1",
          "kind: Kustomization",
          "metadata:",
          "  name: apps",
          "  namespace: flux-system",
          "spec:",
          "  interval: 10m",
          "  prune: true",
          "  sourceRef:", // line 16 of the file
          "    kind: GitRepository",
          "    name: nowhere",
        ].join("\n"),
      ].join("\n---\n"),
      "list.yaml": [
        "apiVersion: v1",
        "kind: List",
        "items:",
        "  - apiVersion: v1",
        "    kind: ConfigMap",
        "    metadata: { name: a, namespace: flux-system }",
        "  - apiVersion: v1",
        "    kind: ConfigMap",
        "    metadata:",
        "      name: b",
        "      namespace: elsewhere", // line 11
      ].join("\n"),
    });
    const r = await validatePaths([dir], { schemas: { catalog: false }, workers: 0 });
    expect(where(r, "ref/")).toEqual([
      "list.yaml:11 ref/namespace metadata.namespace",
      "multi.yaml:16 ref/sourceRef spec.sourceRef",
    ]);
  });

  it("reads facts through YAML aliases (anchors shared between documents' fields)", async () => {
    const dir = tempTree({
      "ns.yaml": NS,
      "flux.yaml": [
        "apiVersion: source.toolkit.fluxcd.io/v1",
        "kind: GitRepository",
        "metadata: { name: repo, namespace: flux-system }",
        "spec: { url: https://example.org/r, interval: 1m }",
        "---",
        "apiVersion: kustomize.toolkit.fluxcd.io/v1",
        "kind: Kustomization",
        "metadata: { name: a, namespace: flux-system }",
        "spec:",
        "  interval: 10m",
        "  prune: true",
        "  sourceRef: &src { kind: GitRepository, name: repo }",
        "  dependsOn:",
        "    - &dep { name: b }",
        "---",
        "apiVersion: kustomize.toolkit.fluxcd.io/v1",
        "kind: Kustomization",
        "metadata: { name: b, namespace: flux-system }",
        "spec:",
        "  interval: 10m",
        "  prune: true",
        "  sourceRef: { kind: GitRepository, name: gone }", // line 22
        "  dependsOn: [{ name: a }]", // line 23: a cycle a → b → a
      ].join("\n"),
    });
    const r = await validatePaths([dir], { schemas: { catalog: false }, workers: 0 });
    expect(where(r, "ref/")).toEqual([
      "flux.yaml:13 ref/dependsOn-cycle spec.dependsOn",
      "flux.yaml:22 ref/sourceRef spec.sourceRef",
    ]);
    expect(r.diagnostics.filter((d) => d.rule?.startsWith("ref/")).map((d) => d.message)).toEqual([
      "dependsOn cycle: Kustomization flux-system/a → Kustomization flux-system/b → Kustomization flux-system/a",
      "refers to GitRepository flux-system/gone, which is not defined",
    ]);
  });

  it("are located the same by worker threads, in files without findings of their own", async () => {
    const files: Record<string, string> = { "ns.yaml": NS };
    for (let i = 0; i < 24; i++)
      files[`cm${String(i).padStart(2, "0")}.yaml`] =
        `# comment\napiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: c${i}\n  namespace: ${i % 2 ? "flux-system" : `gone${i}`}\ndata: {}\n`;
    const dir = tempTree(files);
    const serial = await validatePaths([dir], { schemas: { catalog: false }, workers: 0 });
    expect(await validatePaths([dir], { schemas: { catalog: false }, workers: 2 })).toEqual(serial);
    expect(serial.diagnostics).toHaveLength(12);
    expect(new Set(serial.diagnostics.map((d) => `${d.rule} ${d.line}`))).toEqual(
      new Set(["ref/namespace 6"]),
    );
  });
});

const XRD = `apiVersion: apiextensions.crossplane.io/v2
kind: CompositeResourceDefinition
metadata:
  name: gateways.platform.example.org
spec:
  group: platform.example.org
  names: { kind: Gateway, plural: gateways }
  scope: Namespaced
  versions:
    - name: v1alpha1
      served: true
      referenceable: true
      schema:
        openAPIV3Schema:
          type: object
          properties:
            spec:
              type: object
              required: [host]
              properties:
                host: { type: string }
                replicas: { type: integer }
              x-kubernetes-validations:
                - rule: "!has(self.replicas) || self.replicas <= 3"
                  message: "at most 3 replicas"
`;
const gateway = (name: string, spec: string) =>
  `apiVersion: platform.example.org/v1alpha1\nkind: Gateway\nmetadata:\n  name: ${name}\n  namespace: apps\nspec:\n${spec}`;

describe("XRDs found anywhere in the validated tree", () => {
  const files: Record<string, string> = {
    "a/ns.yaml": "apiVersion: v1\nkind: Namespace\nmetadata:\n  name: apps\n",
    "b/good.yaml": gateway("good", "  host: a.example.org\n  crossplane: { compositionRef: { name: x } }\n"),
    "b/bad.yaml": gateway("bad", "  replicas: 5\n  colour: red\n"),
    "c/xrd.yaml": XRD,
  };

  it("give XRs in other files a schema (structure, CEL, Crossplane's own fields)", async () => {
    const r = await validatePaths([tempTree(files)], {
      schemas: { catalog: false },
      strict: true,
      workers: 0,
    });
    expect(
      r.diagnostics.map((d) => `${d.file?.split("/").at(-1)}:${d.line}:${d.column} ${d.rule} ${d.message}`),
    ).toEqual([
      "bad.yaml:6:1 cel at most 3 replicas",
      "bad.yaml:6:1 schema/required Required value",
      'bad.yaml:8:11 schema/unknown-field unknown field "colour"',
      // The XRD itself has a schema only from the catalog, which this test leaves out.
      "xrd.yaml:2:7 schema/missing no schema for apiextensions.crossplane.io/v2 CompositeResourceDefinition (add its CRDs with --crds, or import them)",
    ]);
    expect(r.summary).toMatchObject({ resources: 4, withoutSchema: 1, errors: 4, rulesEvaluated: 2 });
  });

  it("give the same report whatever the number of worker threads", async () => {
    const many: Record<string, string> = { ...files };
    for (let i = 0; i < 30; i++)
      many[`d/g${String(i).padStart(2, "0")}.yaml`] = gateway(`g${i}`, `  replicas: ${i % 6}\n`);
    const dir = tempTree(many);
    const opts = { schemas: { catalog: false as const } };
    const serial = await validatePaths([dir], { ...opts, workers: 0 });
    expect(await validatePaths([dir], { ...opts, workers: 3 })).toEqual(serial);
    expect(serial.summary.withoutSchema).toBe(1); // the XRD itself (no catalog here)
    expect(serial.diagnostics.filter((d) => d.message === "at most 3 replicas")).toHaveLength(11);
  });

  it("leave kinds without a schema when no XRD defines them", async () => {
    const { "c/xrd.yaml": _, ...noXrd } = files;
    const r = await validatePaths([tempTree(noXrd)], { schemas: { catalog: false }, workers: 0 });
    expect(r.summary.withoutSchema).toBe(2);
    expect(r.diagnostics.map((d) => d.rule)).toEqual(["schema/missing", "schema/missing"]);
  });
});

describe("an XRD types only the XRs of its own tree (file mode)", () => {
  const XR_BAD = gateway("bad", "  replicas: 5\n");
  const opts = { schemas: { catalog: false as const }, workers: 0 };
  const missing = (r: Awaited<ReturnType<typeof validatePaths>>) =>
    r.diagnostics.filter(
      (d) =>
        d.rule === "schema/missing" &&
        d.path === "kind" &&
        !d.message.includes("CompositeResourceDefinition"),
    );

  it("each folder named on the command line is a tree: a/'s XRD does not type b/'s XRs, and b/'s finding names a/", async () => {
    const root = tempTree({ "a/xrd.yaml": XRD, "a/gw.yaml": XR_BAD, "b/gw.yaml": XR_BAD });
    const [a, b] = [path.join(root, "a"), path.join(root, "b")];
    for (const workers of [0, 2]) {
      const r = await validatePaths([a, b], { ...opts, workers });
      expect(r.diagnostics.filter((d) => d.rule === "cel").map((d) => d.file)).toEqual([
        expect.stringMatching(/a\/gw\.yaml$/),
      ]);
      expect(missing(r).map((d) => [d.file?.split("/").slice(-2).join("/"), d.message])).toEqual([
        [
          "b/gw.yaml",
          `no schema for platform.example.org/v1alpha1 Gateway (add its CRDs with --crds, or import them); its XRD belongs to another tree: folder ${displayPath(a)} (${displayPath(path.join(a, "xrd.yaml"))}: XRD gateways.platform.example.org); an XRD gives a schema only to the XRs of its own tree`,
        ],
      ]);
      expect(r.summary.withoutSchema).toBe(2); // b's XR and the XRD itself (no catalog here)
    }
  });

  it("one folder holding both is one tree; files named on the command line form one tree", async () => {
    const root = tempTree({ "a/xrd.yaml": XRD, "b/gw.yaml": XR_BAD });
    for (const paths of [[root], [path.join(root, "a/xrd.yaml"), path.join(root, "b/gw.yaml")]]) {
      const r = await validatePaths(paths, opts);
      expect(missing(r)).toEqual([]);
      expect(r.diagnostics.filter((d) => d.rule === "cel")).toHaveLength(1);
    }
  });

  it("in an output kiln built, each cluster folder is a tree", async () => {
    const root = tempTree({
      ".kiln-output": buildMarker(),
      "clusters/one/crossplane/xrd.yaml": XRD,
      "clusters/one/apps/gw.yaml": XR_BAD,
      "clusters/two/apps/gw.yaml": XR_BAD,
    });
    const r = await validatePaths([root], opts);
    expect(r.diagnostics.filter((d) => d.rule === "cel").map((d) => d.file)).toEqual([
      expect.stringMatching(/clusters\/one\/apps\/gw\.yaml$/),
    ]);
    expect(missing(r).map((d) => d.file)).toEqual([expect.stringMatching(/clusters\/two\/apps\/gw\.yaml$/)]);
    expect(missing(r)[0]!.message).toContain(
      `its XRD belongs to another tree: cluster folder ${displayPath(path.join(root, "clusters/one"))} (`,
    );
    // The same folder without kiln's marker is one tree.
    rmSync(path.join(root, ".kiln-output"));
    expect(missing(await validatePaths([root], opts))).toEqual([]);
  });
});
