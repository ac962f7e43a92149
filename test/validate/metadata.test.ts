import { describe, expect, it } from "vitest";
import { catalogGroups, readCatalogFile } from "../../src/import/catalog.ts";
import { checkMetadata } from "../../src/validate/metadata.ts";
import { REMOVED, removedApiMessage } from "../../src/validate/removed.ts";

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

  // Entries checked against the Kubernetes Deprecated API Migration Guide: a group/version whose
  // listed kinds were removed still serves its other kinds.
  it.each([
    ["admissionregistration.k8s.io/v1beta1", "MutatingAdmissionPolicy"],
    ["admissionregistration.k8s.io/v1beta1", "MutatingAdmissionPolicyBinding"],
    ["admissionregistration.k8s.io/v1beta1", "ValidatingAdmissionPolicy"],
    ["admissionregistration.k8s.io/v1beta1", "ValidatingAdmissionPolicyBinding"],
    ["certificates.k8s.io/v1beta1", "ClusterTrustBundle"],
    ["coordination.k8s.io/v1beta1", "LeaseCandidate"],
    ["networking.k8s.io/v1beta1", "IPAddress"],
    ["networking.k8s.io/v1beta1", "ServiceCIDR"],
    ["storage.k8s.io/v1beta1", "VolumeAttributesClass"],
  ])("%s %s is still served", (apiVersion, kind) => {
    expect(removedApiMessage(apiVersion, kind)).toBeUndefined();
  });

  it.each([
    [
      "admissionregistration.k8s.io/v1beta1",
      "MutatingWebhookConfiguration",
      "admissionregistration.k8s.io/v1",
    ],
    ["certificates.k8s.io/v1beta1", "CertificateSigningRequest", "certificates.k8s.io/v1"],
    ["coordination.k8s.io/v1beta1", "Lease", "coordination.k8s.io/v1"],
    ["networking.k8s.io/v1beta1", "IngressClass", "networking.k8s.io/v1"],
    ["apiregistration.k8s.io/v1beta1", "APIService", "apiregistration.k8s.io/v1"],
    ["flowcontrol.apiserver.k8s.io/v1beta3", "FlowSchema", "flowcontrol.apiserver.k8s.io/v1"],
    ["image.toolkit.fluxcd.io/v1beta2", "ImagePolicy", "image.toolkit.fluxcd.io/v1"],
  ])("%s %s is removed in favour of %s", (apiVersion, kind, replacement) => {
    expect(removedApiMessage(apiVersion, kind)).toBe(
      `${apiVersion} ${kind} is no longer served; use ${replacement}`,
    );
  });

  it("agrees with the built-in catalog: what it serves is current, what the table removes it does not serve", async () => {
    const groups = catalogGroups();
    const served = new Set<string>();
    for (const files of groups.values())
      for (const f of files)
        for (const k of readCatalogFile(f.file).kinds) served.add(`${k.apiVersion} ${k.kind}`);
    for (const key of served)
      expect(removedApiMessage(key.split(" ")[0]!, key.split(" ")[1]!), key).toBeUndefined();
    for (const [apiVersion, kinds] of Object.entries(REMOVED)) {
      if (!groups.has(apiVersion.split("/")[0]!)) continue;
      for (const kind of Object.keys(kinds))
        expect(
          [...served].some(
            (s) => s === `${apiVersion} ${kind}` || (kind === "*" && s.startsWith(`${apiVersion} `)),
          ),
          apiVersion,
        ).toBe(false);
    }
  });
});
