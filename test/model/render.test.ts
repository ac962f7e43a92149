import path from "node:path";
import { formatError, type KilnError, renderControlPlane } from "kiln";
import { describe, expect, it } from "vitest";

const fixture = (name: string) => path.join(import.meta.dirname, "../fixtures", name);

async function renderError(entry: string, overrides?: unknown): Promise<KilnError> {
  try {
    (await renderControlPlane(entry, overrides === undefined ? {} : { overrides })).graph;
  } catch (e) {
    return e as KilnError;
  }
  throw new Error("expected render to fail");
}

describe("render", () => {
  it("renders units, resources and one Flux Kustomization per layer", async () => {
    const { graph } = await renderControlPlane(fixture("ok"));
    const kinds = graph.nodes().map((n) => `${n.id.kind}/${n.id.name}`);
    expect(kinds).toEqual([
      "Namespace/flux-system",
      "GitRepository/flux-system",
      "ConfigMap/web",
      "Kustomization/sources",
      "Kustomization/apps",
    ]);
    const apps = graph.find({
      cluster: "home",
      group: "kustomize.toolkit.fluxcd.io",
      kind: "Kustomization",
      namespace: "flux-system",
      name: "apps",
    });
    expect(apps?.object.spec).toMatchObject({
      dependsOn: [{ name: "sources" }],
      prune: true,
      path: "./clusters/home/apps",
    });
    expect([...graph.units.keys()]).toEqual(["", "home", "home/sources", "home/apps", "home/apps/web"]);
  });

  it("keeps objects of different clusters apart", async () => {
    const { defineControlPlane } = await import("kiln");
    const cp = defineControlPlane({
      name: "two",
      inputs: {},
      build({ cluster }) {
        for (const name of ["home", "lab"])
          cluster(name)
            .layer("sources")
            .add({ apiVersion: "v1", kind: "Namespace", metadata: { name: "x" } });
      },
    });
    const { graph } = await renderControlPlane(cp);
    expect(graph.nodes().map((n) => n.key)).toEqual([
      "home:/Namespace//x",
      "lab:/Namespace//x",
      "home:kustomize.toolkit.fluxcd.io/Kustomization/flux-system/sources",
      "lab:kustomize.toolkit.fluxcd.io/Kustomization/flux-system/sources",
    ]);
  });

  it("maps origins in modules the test runner loaded itself", async () => {
    const { defineControlPlane } = await import("kiln");
    const lineHere = () => Number(new Error().stack!.split("\n")[2]!.match(/render\.test\.ts:(\d+)/)![1]);
    const namespace = { apiVersion: "v1", kind: "Namespace", metadata: { name: "x" } };
    let expected = 0;
    const cp = defineControlPlane({
      name: "inline",
      inputs: {},
      build({ cluster }) {
        const layer = cluster("home").layer("a");
        expected = lineHere() + 1;
        layer.add(namespace);
      },
    });
    const { graph } = await renderControlPlane(cp);
    const ns = graph.nodes().find((n) => n.id.kind === "Namespace")!;
    expect(ns.origin.file).toMatch(/render\.test\.ts$/);
    expect(ns.origin.line).toBe(expected);
  });

  it("records the user's file and line as each resource's origin", async () => {
    const { graph } = await renderControlPlane(fixture("ok"));
    const cm = graph.nodes().find((n) => n.id.kind === "ConfigMap")!;
    expect(cm.origin.unit).toEqual(["home", "apps", "web"]);
    expect(cm.origin.file).toMatch(/fixtures[/\\]ok[/\\]main\.ts$/);
    expect(cm.origin.line).toBe(22);
  });

  it("applies typed overrides", async () => {
    const graph = (
      await renderControlPlane(fixture("ok"), {
        overrides: { domain: "example.org", replicas: 5, git: { branch: "dev" } },
      })
    ).graph;
    const cm = graph.nodes().find((n) => n.id.kind === "ConfigMap")!;
    expect(cm.object.data).toMatchObject({ domain: "example.org", replicas: "5" });
    const repo = graph.nodes().find((n) => n.id.kind === "GitRepository")!;
    expect(repo.object.spec).toMatchObject({ ref: { branch: "dev" }, url: "https://example.com/repo" });
  });

  it("rejects an override at an unknown path, naming the path and the known inputs", async () => {
    const e = await renderError(fixture("ok"), { git: { brnch: "dev" } });
    expect(e.name).toBe("KilnError");
    expect(e.message).toBe("unknown input git.brnch (from overrides); known inputs under git: branch, url");
  });

  it("rejects an override of the wrong type, naming the expected type", async () => {
    const e = await renderError(fixture("ok"), { replicas: "three" });
    expect(e.message).toBe("input replicas expects a number, got string (from overrides)");
    const e2 = await renderError(fixture("ok"), { git: "x" });
    expect(e2.message).toBe("input git expects an object, got string (from overrides)");
    const e3 = await renderError(fixture("ok"), { tags: [1] });
    expect(e3.message).toMatch(/input tags\[0\] expects a string, got number \(from overrides\)$/);
  });

  it("reports an exception in user code at the user's file and line", async () => {
    const e = await renderError(fixture("throws"));
    expect(e.name).toBe("KilnError");
    expect(e.message).toBe("TypeError: the domain is not configured");
    expect(e.location.file).toMatch(/fixtures[/\\]throws[/\\]main\.ts$/);
    expect(e.location.line).toBe(4);
    expect(formatError(e)).toMatch(/throws[/\\]main\.ts:4:9: TypeError: the domain is not configured$/);
  });

  it("reports a syntax error in user code with file, line and column", async () => {
    const e = await renderError(fixture("syntax"));
    expect(e.name).toBe("KilnError");
    expect(e.message).toMatch(/^syntax error: /);
    expect(e.location.file).toMatch(/fixtures[/\\]syntax[/\\]main\.ts$/);
    expect(e.location.line).toBe(8);
  });

  it("names both producers of a duplicate identity", async () => {
    const e = await renderError(fixture("dup"));
    expect(e.message).toMatch(
      /^duplicate resource Namespace shared in cluster home: produced by unit home\/a at .*dup[/\\]main\.ts:10:\d+ and by unit home\/b at .*dup[/\\]main\.ts:11:\d+$/,
    );
  });

  it("requires a default-exported control plane", async () => {
    const e = await renderError(fixture("noexport"));
    expect(e.message).toBe("the entry module must `export default defineControlPlane({...})`");
  });

  it("names a missing entry", async () => {
    const e = await renderError(fixture("nope"));
    expect(e.message).toMatch(/^no such file or folder: /);
  });

  it("freezes inputs so build code cannot change them between renders", async () => {
    const { inputs } = await renderControlPlane(fixture("ok"));
    expect(Object.isFrozen((inputs as { git: object }).git)).toBe(true);
  });
});
