import { describe, expect, it } from "vitest";
import { checkFile } from "../../src/validate/file-check.ts";
import { validatePaths } from "../../src/validate/validate.ts";
import { tempTree, WIDGET_CRD, widgetRegistry } from "./helpers.ts";

const KUSTOMIZATION = (name: string, path: string, extra = "") =>
  `apiVersion: kustomize.toolkit.fluxcd.io/v1
kind: Kustomization
metadata:
  name: ${name}
  namespace: flux-system
spec:
  interval: 10m
  sourceRef:
    kind: GitRepository
    name: flux-system
  path: ${path}
${extra}`;

describe("checkFile", () => {
  it("loads the groups of embedded resources only for kinds whose schema embeds resources", async () => {
    const registry = await widgetRegistry();
    const dir = tempTree({
      "w.yaml": `apiVersion: test.kiln.dev/v1
kind: Widget
metadata:
  name: w
  namespace: apps
spec:
  size: 1
  mode: m
  template:
    apiVersion: other.example.org/v1
    kind: Thing
    metadata:
      name: inner
`,
      "thing.yaml": `apiVersion: unknown.example.org/v1
kind: Box
metadata:
  name: b
spec:
  nested:
    apiVersion: third.example.org/v1
    kind: Gadget
`,
    });
    for (const [file, expected] of [
      ["w.yaml", [["test.kiln.dev"], ["other.example.org"]]],
      ["thing.yaml", [["unknown.example.org"]]],
    ] as const) {
      const asked: string[][] = [];
      await checkFile(
        `${dir}/${file}`,
        file,
        registry.lookup,
        async (groups) => {
          asked.push([...groups]);
          await registry.ensureGroups(groups);
        },
        { strict: false },
      );
      expect(asked, file).toEqual(expected);
    }
  });
});

describe("file mode: cross-resource findings are located", () => {
  // Enough files for the threads to share them (they take 8 at a time).
  const filler = Object.fromEntries(
    Array.from({ length: 24 }, (_, i) => [
      `ns/ns-${String(i).padStart(2, "0")}.yaml`,
      `apiVersion: v1\nkind: Namespace\nmetadata:\n  name: ns-${i}\n`,
    ]),
  );
  const tree = () =>
    tempTree({
      ...filler,
      "clusters/ks.yaml": KUSTOMIZATION("apps", "./clusters/missing"),
      "clusters/ok.yaml": KUSTOMIZATION("infra", "./clusters"),
      // Its own schema finding (replicas) and a namespace that is not defined.
      "apps/bad-widget.yaml":
        "apiVersion: test.kiln.dev/v1\nkind: Widget\nmetadata:\n  name: w1\n  namespace: nowhere\nspec:\n  size: 1\n  mode: m\n  replicas: 99\n",
      // No finding of its own, the same undefined namespace.
      "apps/widget.yaml":
        "apiVersion: test.kiln.dev/v1\nkind: Widget\nmetadata:\n  name: w2\n\n  namespace: nowhere\nspec:\n  size: 1\n  mode: m\n",
      "flux-system.yaml":
        "apiVersion: v1\nkind: Namespace\nmetadata:\n  name: flux-system\n---\napiVersion: source.toolkit.fluxcd.io/v1\nkind: GitRepository\nmetadata:\n  name: flux-system\n  namespace: flux-system\n",
    });

  it("Kustomization paths at spec.path, namespaces at metadata.namespace, with or without threads", async () => {
    const dir = tree();
    const opts = { schemas: { crds: [WIDGET_CRD], catalog: false as const }, treeRoot: dir };
    const serial = await validatePaths([dir], { ...opts, workers: 0 });
    const located = serial.diagnostics
      .filter((d) => d.rule?.startsWith("ref/"))
      .map((d) => [d.file?.replace(`${dir}/`, ""), d.line, d.rule, d.path]);
    expect(located).toEqual([
      ["apps/bad-widget.yaml", 5, "ref/namespace", "metadata.namespace"],
      ["apps/widget.yaml", 6, "ref/namespace", "metadata.namespace"],
      ["clusters/ks.yaml", 11, "ref/path", "spec.path"],
    ]);
    expect(await validatePaths([dir], { ...opts, workers: 3 })).toEqual(serial);
  });
});
