import { execFileSync } from "node:child_process";
import { renderControlPlane } from "kiln";
import { Capture, installMatchers, Match } from "kiln/testing";
import { describe, expect, test } from "vitest";
import { fixture } from "./fixture.ts";

/** The message of the assertion error `fn` throws (the test fails if it throws nothing). */
function failure(fn: () => void): string {
  try {
    fn();
  } catch (e) {
    return (e as Error).message;
  }
  throw new Error("expected the assertion to fail");
}

const deployment = (name: string, image: string, replicas: number, extra: Record<string, unknown> = {}) => ({
  apiVersion: "apps/v1",
  kind: "Deployment",
  metadata: { name, namespace: "apps", labels: { app: name } },
  spec: { replicas, template: { spec: { containers: [{ name, image }] } }, ...extra },
});

const objects = [
  deployment("web", "nginx:1.27", 2),
  deployment("api", "ghcr.io/acme/api:1.4.0", 3, { strategy: { type: "Recreate" } }),
  deployment("worker", "ghcr.io/acme/worker:1.4.0", 1),
  {
    apiVersion: "v1",
    kind: "Service",
    metadata: { name: "web", namespace: "apps" },
    spec: { ports: [{ port: 80 }] },
  },
];

describe("toHaveResource", () => {
  test("passes when some resource of the kind matches", async () => {
    const { graph } = await renderControlPlane(fixture);
    expect(graph).toHaveResource("HelmRelease");
    expect(graph).toHaveResource(
      "HelmRelease",
      Match.objectLike({
        metadata: { name: "traefik" },
        spec: { values: { ports: Match.arrayWith([Match.objectLike({ port: 8443 })]) } },
      }),
    );
    expect(graph).toHaveResource("source.toolkit.fluxcd.io/HelmRepository", {
      spec: { url: Match.stringLikeRegexp("^https://") },
    });
    expect(objects).toHaveResource("Deployment", { spec: { replicas: 3, strategy: { type: "Recreate" } } });
  });

  test("explains a miss against the closest candidate", () => {
    expect(
      failure(() =>
        expect(objects).toHaveResource("Deployment", {
          metadata: { name: "api" },
          spec: {
            replicas: 4,
            strategy: Match.absent(),
            template: { spec: { containers: [{ image: Match.stringLikeRegexp(":2\\.") }] } },
          },
        }),
      ),
    ).toBe(
      [
        "expected a Deployment matching the pattern, but none of the 3 Deployment resources matches",
        "closest: Deployment apps/api (item 1) with 3 mismatches",
        "  spec.replicas",
        "    expected: 4",
        "    actual:   3",
        "  spec.strategy",
        "    expected: absent",
        '    actual:   {"type":"Recreate"}',
        "  spec.template.spec.containers[0].image",
        "    expected: a string matching /:2\\./m",
        '    actual:   "ghcr.io/acme/api:1.4.0"',
        "other candidates: Deployment apps/web (item 0) with 3 mismatches; Deployment apps/worker (item 2) with 3 mismatches",
      ].join("\n"),
    );
  });

  test("names the origin of graph candidates: unit, file and line", async () => {
    const { graph } = await renderControlPlane(fixture);
    const msg = failure(() =>
      expect(graph).toHaveResource("HelmRelease", {
        metadata: { name: "traefik" },
        spec: { chart: { spec: { version: "35.0.0" } } },
      }),
    );
    expect(msg).toMatch(
      /^closest: HelmRelease flux-system\/traefik.* \(unit home\/controllers\/traefik, test\/testing\/fixture\.ts:\d+:\d+\) with 1 mismatch$/m,
    );
    expect(msg).toContain('  spec.chart.spec.version\n    expected: "35.0.0"\n    actual:   "34.1.0"');
  });

  test("the closest candidate is the one with the fewest mismatches, whatever its position", () => {
    const msg = failure(() =>
      expect(objects).toHaveResource("Deployment", {
        spec: { replicas: 1, strategy: { type: "RollingUpdate" } },
      }),
    );
    expect(msg).toBe(
      [
        "expected a Deployment matching the pattern, but none of the 3 Deployment resources matches",
        "closest: Deployment apps/worker (item 2) with 1 mismatch",
        "  spec.strategy",
        '    expected: {"type":"RollingUpdate"}',
        "    actual:   absent",
        "other candidates: Deployment apps/web (item 0) with 2 mismatches; Deployment apps/api (item 1) with 2 mismatches",
      ].join("\n"),
    );
  });

  test("says which kinds exist when the wanted one does not", () => {
    expect(failure(() => expect(objects).toHaveResource("Ingress", {}))).toBe(
      "expected an Ingress matching the pattern, but there is no Ingress; kinds present: Deployment (3), Service (1)",
    );
    expect(failure(() => expect([]).toHaveResource("Ingress"))).toBe(
      "expected an Ingress, but there is no Ingress; no resources at all",
    );
  });

  test(".not lists the resources that match", () => {
    expect(objects).not.toHaveResource("Deployment", { spec: { replicas: 5 } });
    expect(
      failure(() => expect(objects).not.toHaveResource("Deployment", { spec: { replicas: Match.not(1) } })),
    ).toBe(
      "expected no Deployment matching the pattern, but found Deployment apps/web (item 0); Deployment apps/api (item 1)",
    );
    expect(failure(() => expect(objects).not.toHaveResource("Service"))).toBe(
      "expected no Service, but found Service apps/web (item 3)",
    );
  });

  test("an arrayWith miss shows the closest element's mismatches as notes", () => {
    expect(
      failure(() =>
        expect(objects).toHaveResource("Service", {
          spec: { ports: Match.arrayWith([Match.objectLike({ port: 443 })]) },
        }),
      ),
    ).toBe(
      [
        "expected a Service matching the pattern, but none of the 1 Service resource matches",
        "closest: Service apps/web (item 3) with 1 mismatch",
        "  spec.ports",
        '    expected: an element matching objectLike({"port":443}) (arrayWith pattern 0)',
        "    actual:   no match; the closest element is [0]",
        "  spec.ports[0].port (in the closest element)",
        "    expected: 443",
        "    actual:   80",
      ].join("\n"),
    );
  });
});

describe("toHaveResourceProperties", () => {
  test("matches the spec, objectLike", () => {
    expect(objects).toHaveResourceProperties("Deployment", { replicas: 2 });
    expect(objects).toHaveResourceProperties(
      "apps/Deployment",
      Match.objectLike({ strategy: Match.anyValue() }),
    );
    expect(
      failure(() => expect(objects).toHaveResourceProperties("Service", { ports: [{ port: 8080 }] })),
    ).toBe(
      [
        "expected a Service matching the pattern, but none of the 1 Service resource matches",
        "closest: Service apps/web (item 3) with 1 mismatch",
        "  spec.ports[0].port",
        "    expected: 8080",
        "    actual:   80",
      ].join("\n"),
    );
  });
});

describe("toHaveResourceCount", () => {
  test("counts a kind, optionally matching a pattern", async () => {
    expect((await renderControlPlane(fixture)).graph).toHaveResourceCount("HelmRelease", 3);
    expect(objects).toHaveResourceCount("Deployment", 2, {
      spec: { template: { spec: { containers: [{ image: Match.stringLikeRegexp("^ghcr.io/") }] } } },
    });
    expect(objects).toHaveResourceCount("Ingress", 0);
    expect(objects).not.toHaveResourceCount("Deployment", 2);
  });

  test("lists what was found when the count is off", () => {
    expect(failure(() => expect(objects).toHaveResourceCount("Deployment", 2))).toBe(
      "expected 2 Deployment resources, but found 3: Deployment apps/web (item 0); Deployment apps/api (item 1); Deployment apps/worker (item 2)",
    );
    expect(
      failure(() => expect(objects).toHaveResourceCount("Service", 1, { spec: { ports: [{ port: 443 }] } })),
    ).toBe("expected 1 Service resource matching the pattern, but found 0");
    expect(failure(() => expect(objects).not.toHaveResourceCount("Service", 1))).toBe(
      "expected other than 1 Service resource, but found exactly that: Service apps/web (item 3)",
    );
  });
});

describe("toHaveEveryResource", () => {
  test("passes when every resource of the kind matches", () => {
    expect(objects).toHaveEveryResource("Deployment", {
      metadata: { namespace: "apps", labels: { app: Match.anyValue() } },
    });
    expect(objects).toHaveEveryResource("*", { metadata: { namespace: "apps" } });
  });

  test("lists every resource that does not, closest first", () => {
    expect(
      failure(() =>
        expect(objects).toHaveEveryResource("Deployment", {
          spec: { replicas: Match.not(1), strategy: Match.absent() },
        }),
      ),
    ).toBe(
      [
        "expected every Deployment to match the pattern, but 2 of 3 do not",
        "Deployment apps/api (item 1):",
        "  spec.strategy",
        "    expected: absent",
        '    actual:   {"type":"Recreate"}',
        "Deployment apps/worker (item 2):",
        "  spec.replicas",
        "    expected: not 1",
        "    actual:   1",
      ].join("\n"),
    );
  });

  test("fails over nothing, which would prove nothing", () => {
    expect(failure(() => expect(objects).toHaveEveryResource("Ingress", {}))).toBe(
      "expected every Ingress to match the pattern, but there is no Ingress; kinds present: Deployment (3), Service (1)",
    );
  });
});

describe("toHaveKinds", () => {
  test("passes when each kind is present and names the missing ones", () => {
    expect(objects).toHaveKinds(["Deployment", "v1/Service"]);
    expect(
      failure(() =>
        expect(objects).toHaveKinds(["Deployment", "Ingress", "networking.k8s.io/NetworkPolicy"]),
      ),
    ).toBe(
      "expected kinds Deployment, Ingress, networking.k8s.io/NetworkPolicy; missing: Ingress, networking.k8s.io/NetworkPolicy; kinds present: Deployment (3), Service (1)",
    );
    expect(failure(() => expect(objects).not.toHaveKinds(["Service"]))).toBe(
      "expected some of Service to be missing, but all are present",
    );
  });
});

describe("registration", () => {
  test("importing kiln/testing under vitest registered the matchers; installMatchers is idempotent", () => {
    installMatchers(expect);
    expect(objects).toHaveResource("Service");
  });

  test("outside vitest, kiln/testing imports cleanly and its checks work as plain functions", () => {
    const env = { ...process.env };
    delete env.VITEST;
    const script = [
      'const t = await import("./src/testing/index.ts");',
      "console.log(JSON.stringify({ install: typeof t.installMatchers, check: t.hasResource([], 'Service').message }));",
    ].join("\n");
    const out = execFileSync(process.execPath, ["--import", "tsx", "--input-type=module", "-e", script], {
      env,
      encoding: "utf8",
    });
    expect(JSON.parse(out)).toEqual({
      install: "function",
      check: "expected a Service, but there is no Service; no resources at all",
    });
  });

  test("captures work through the vitest matchers", () => {
    const image = new Capture(Match.stringLikeRegexp("^ghcr.io/"));
    expect(objects).toHaveResource("Deployment", {
      spec: { template: { spec: { containers: Match.arrayWith([Match.objectLike({ image })]) } } },
    });
    expect(image.values).toEqual(["ghcr.io/acme/api:1.4.0", "ghcr.io/acme/worker:1.4.0"]);
  });
});
