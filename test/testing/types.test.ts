/**
 * Patterns are typed by the object type. `tsc --noEmit` (part of `npm test`) checks the
 * `@ts-expect-error` lines below: each must be a type error, or the check fails.
 */
import { Capture, Match, resources } from "kiln/testing";
import { Deployment } from "kubernetes-models/apps/v1";
import { describe, expect, test } from "vitest";

const objects = [
  new Deployment({
    metadata: { name: "web", namespace: "apps" },
    spec: {
      replicas: 2,
      selector: { matchLabels: { app: "web" } },
      template: { spec: { containers: [{ name: "web", image: "nginx:1.27" }] } },
    },
  }).toJSON(),
];

interface HelmRelease {
  apiVersion: "helm.toolkit.fluxcd.io/v2";
  kind: "HelmRelease";
  metadata: { name: string; namespace?: string };
  spec: { interval: string; suspend?: boolean };
}

describe("typed patterns", () => {
  test("a model class types the pattern and the query result", () => {
    expect(objects).toHaveResource(Deployment, {
      spec: {
        replicas: 2,
        template: { spec: { containers: Match.arrayWith([Match.objectLike({ image: "nginx:1.27" })]) } },
      },
    });
    const replicas = new Capture();
    expect(objects).toHaveResourceProperties(Deployment, {
      replicas,
      selector: { matchLabels: { app: "web" } },
    });
    expect(replicas.asNumber()).toBe(2);
    expect(resources(objects).ofKind(Deployment).one().spec?.replicas).toBe(2);
    expect(() =>
      // @ts-expect-error replicas is a number
      expect(objects).toHaveResource(Deployment, { spec: { replicas: "2" } }),
    ).toThrow("expected an apps/v1/Deployment matching the pattern");
    expect(() =>
      // @ts-expect-error no such field
      expect(objects).toHaveResourceProperties(Deployment, { replicaz: 2 }),
    ).toThrow("expected an apps/v1/Deployment matching the pattern");
  });

  test("an explicit type argument types the pattern", () => {
    const hr = [
      {
        apiVersion: "helm.toolkit.fluxcd.io/v2",
        kind: "HelmRelease",
        metadata: { name: "a" },
        spec: { interval: "1h" },
      },
    ];
    expect(hr).toHaveResource<HelmRelease>("HelmRelease", {
      spec: { interval: "1h", suspend: Match.absent() },
    });
    // @ts-expect-error interval is a string
    expect(() => expect(hr).toHaveResource<HelmRelease>("HelmRelease", { spec: { interval: 60 } })).toThrow(
      "1 mismatch",
    );
  });

  test("a plain kind string accepts any fields", () => {
    expect(objects).toHaveResource("Deployment", { spec: { anything: Match.absent() } });
  });
});
