/**
 * renovate.json's regex manager, applied to versions.ts the way Renovate applies it, must find
 * every pin — and each pin it finds must be what the rendered graph actually installs.
 */
import { readFileSync } from "node:fs";
import path from "node:path";
import { type KubeObject, renderControlPlane } from "kiln";
import { resources } from "kiln/testing";
import { describe, expect, it } from "vitest";
import { chartSources } from "../../examples/homelab/flux.ts";
import { versions } from "../../examples/homelab/versions.ts";
import { ROOT } from "../helpers/env.ts";

const HOMELAB = path.join(ROOT, "examples/homelab");
const VERSIONS_FILE = "examples/homelab/versions.ts";

interface Renovate {
  customManagers: Array<{ customType: string; managerFilePatterns: string[]; matchStrings: string[] }>;
}
const config = JSON.parse(readFileSync(path.join(HOMELAB, "renovate.json"), "utf8")) as Renovate;
const manager = config.customManagers[0]!;

interface Dep {
  key: string;
  datasource: string;
  depName: string;
  registryUrl?: string;
  currentValue: string;
}

/** Renovate runs each matchString globally over the file; named groups become the dependency. */
function extract(text: string): Dep[] {
  const re = new RegExp(manager.matchStrings[0]!, "g");
  return [...text.matchAll(re)].map((m) => {
    const g = m.groups!;
    const key = /\n\s*([A-Za-z_$][\w$]*):/.exec(m[0])![1]!;
    return {
      key,
      datasource: g.datasource!,
      depName: g.depName!,
      ...(g.registryUrl ? { registryUrl: g.registryUrl } : {}),
      currentValue: g.currentValue!,
    };
  });
}

/** `/regex/` strings in managerFilePatterns are regular expressions over the repository path. */
const fileMatches = (file: string) =>
  manager.managerFilePatterns.some((p) => p.startsWith("/") && new RegExp(p.slice(1, -1)).test(file));

const text = readFileSync(path.join(ROOT, VERSIONS_FILE), "utf8");
const deps = extract(text);

describe("renovate.json", () => {
  it("is a regex manager over versions.ts", () => {
    expect(manager.customType).toBe("regex");
    expect(fileMatches(VERSIONS_FILE)).toBe(true);
    expect(fileMatches("examples/homelab/main.ts")).toBe(false);
  });

  it("finds every pin with its current value", () => {
    expect(Object.fromEntries(deps.map((d) => [d.key, d.currentValue]))).toEqual(versions);
  });

  it("misses a pin whose comment is gone (so the test above can fail)", () => {
    const stripped = text.replace(/ *\/\/ renovate: [^\n]*depName=crossplane [^\n]*\n/, "");
    expect(stripped).not.toBe(text);
    expect(extract(stripped).map((d) => d.key)).not.toContain("crossplane");
    expect(extract(stripped)).toHaveLength(deps.length - 1);
  });

  it("helm pins name the chart and repository the HelmReleases install from", () => {
    for (const s of Object.values(chartSources)) {
      const dep = deps.find((d) => d.key === s.pin)!;
      if (s.kind === "HelmRepository") {
        expect(dep, s.pin).toMatchObject({ datasource: "helm", depName: s.chart, registryUrl: s.url });
      } else {
        expect(dep, s.pin).toMatchObject({ datasource: "docker", depName: s.url.replace(/^oci:\/\//, "") });
      }
    }
  });

  it("every pin is installed by the rendered graph exactly as Renovate sees it", async () => {
    // The default clusters, and one whose Secrets come from External Secrets (its charts' pins).
    const graphs = [
      (await renderControlPlane(HOMELAB)).graph,
      (
        await renderControlPlane(HOMELAB, {
          overrides: [{ clusters: { lab: { secrets: "external-secrets" } } }],
        })
      ).graph,
    ];
    const objects = graphs.flatMap((g) => resources(g).objects());
    const strings = new Set<string>();
    const collect = (v: unknown) => {
      if (typeof v === "string") strings.add(v);
      else if (v && typeof v === "object") for (const x of Object.values(v)) collect(x);
    };
    collect(objects);
    const spec = (o: KubeObject) => o.spec as Record<string, any>;
    for (const d of deps) {
      const used =
        d.datasource === "helm"
          ? objects.some(
              (o) =>
                o.kind === "HelmRelease" &&
                spec(o).chart?.spec?.chart === d.depName &&
                spec(o).chart.spec.version === d.currentValue &&
                objects.some(
                  (r) =>
                    r.kind === "HelmRepository" &&
                    r.metadata.name === spec(o).chart.spec.sourceRef.name &&
                    spec(r).url === d.registryUrl,
                ),
            )
          : strings.has(`${d.depName}:${d.currentValue}`) ||
            objects.some(
              (o) =>
                o.kind === "OCIRepository" &&
                spec(o).url === `oci://${d.depName}` &&
                spec(o).ref?.tag === d.currentValue,
            );
      expect(used, `${d.key}: ${d.depName} ${d.currentValue}`).toBe(true);
    }
  });
});
