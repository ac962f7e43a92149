import { describe, expect, it } from "vitest";
import { checkMetadata } from "../../src/validate/metadata.ts";
import { removedApiMessage } from "../../src/validate/removed.ts";

const meta = (m: Record<string, unknown>, group = "", kind = "ConfigMap") =>
  checkMetadata({ metadata: m }, group, kind).map((i) => [i.path.join("."), i.message]);

describe("metadata rules", () => {
  it("accepts valid names, namespaces, labels and annotations", () => {
    expect(
      meta({
        name: "web.example-1",
        namespace: "apps",
        labels: { "app.kubernetes.io/name": "web", tier: "" },
        annotations: { "example.org/note": "any text: ok" },
      }),
    ).toEqual([]);
  });

  it("checks names per kind: subdomain by default, label for Namespace, DNS-1035 for Service, path segment for RBAC", () => {
    expect(meta({ name: "Web" })).toHaveLength(1);
    expect(meta({ name: "a.b" }, "", "Namespace")[0]![1]).toContain("RFC 1123 label");
    expect(meta({ name: "1abc" }, "", "Service")[0]![1]).toContain("DNS-1035");
    expect(meta({ name: "1abc" }, "", "ConfigMap")).toEqual([]);
    expect(meta({ name: "system:controller:x" }, "rbac.authorization.k8s.io", "ClusterRole")).toEqual([]);
    expect(meta({ name: "a/b" }, "rbac.authorization.k8s.io", "ClusterRole")[0]![1]).toContain(
      "may not contain '/'",
    );
    expect(meta({ name: "x".repeat(254) })[0]![1]).toContain("253");
  });

  it("requires a name or generateName and checks generateName as a prefix", () => {
    expect(meta({})).toEqual([["metadata.name", "Required value: name or generateName is required"]]);
    expect(meta({ generateName: "job-" })).toEqual([]);
    expect(meta({ generateName: "Job-" })).toHaveLength(1);
  });

  it("checks namespace, label keys and values", () => {
    expect(meta({ name: "a", namespace: "Apps" })[0]![0]).toBe("metadata.namespace");
    expect(meta({ name: "a", labels: { "-bad": "x" } })[0]![0]).toBe("metadata.labels.-bad");
    expect(meta({ name: "a", labels: { ok: "has space" } })[0]![1]).toContain("valid label value");
    expect(meta({ name: "a", labels: { ok: "x".repeat(64) } })[0]![1]).toContain("63");
    expect(meta({ name: "a", labels: { "Bad_Prefix/x": "y" } })[0]![1]).toContain("prefix part");
  });

  it("limits the total size of annotations to 256 KiB", () => {
    expect(meta({ name: "a", annotations: { big: "x".repeat(256 * 1024) } })[0]![1]).toMatch(/^Too long/);
    expect(meta({ name: "a", annotations: { big: "x".repeat(1000) } })).toEqual([]);
  });
});

describe("removed API versions", () => {
  it("names the replacement", () => {
    expect(removedApiMessage("source.toolkit.fluxcd.io/v1beta2", "GitRepository")).toBe(
      "source.toolkit.fluxcd.io/v1beta2 GitRepository is no longer served; use source.toolkit.fluxcd.io/v1",
    );
    expect(removedApiMessage("helm.toolkit.fluxcd.io/v2beta1", "HelmRelease")).toContain(
      "use helm.toolkit.fluxcd.io/v2",
    );
    expect(removedApiMessage("policy/v1beta1", "PodSecurityPolicy")).toContain("Pod Security Admission");
  });
  it("leaves current versions alone", () => {
    expect(removedApiMessage("helm.toolkit.fluxcd.io/v2", "HelmRelease")).toBeUndefined();
    expect(removedApiMessage("batch/v1beta1", "Job")).toBeUndefined();
  });
});
