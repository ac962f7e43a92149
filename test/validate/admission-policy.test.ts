import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { ResourceGraph } from "../../src/model/graph.ts";
import { validateGraph, validatePaths } from "../../src/validate/validate.ts";
import { tempTree } from "./helpers.ts";

const POLICY = `apiVersion: admissionregistration.k8s.io/v1
kind: MutatingAdmissionPolicy
metadata:
  name: add-label
spec:
  failurePolicy: Fail
  reinvocationPolicy: Never
  matchConstraints:
    resourceRules:
      - apiGroups: [""]
        apiVersions: [v1]
        operations: [CREATE]
        resources: [configmaps]
  mutations:
    - patchType: ApplyConfiguration
      applyConfiguration:
        expression: "Object{metadata: Object.metadata{labels: {'a': 'b'}}}"
---
apiVersion: admissionregistration.k8s.io/v1
kind: MutatingAdmissionPolicyBinding
metadata:
  name: add-label
spec:
  policyName: add-label
`;

describe("v1 MutatingAdmissionPolicy and its binding (kubernetes-models 5.1.0)", () => {
  it("have a schema: a valid pair passes", async () => {
    const r = await validatePaths([tempTree({ "map.yaml": POLICY })], { schemas: { network: false } });
    expect(r.diagnostics).toEqual([]);
    expect(r.summary.withoutSchema).toBe(0);
  });

  it("report enum, required and unknown fields at their lines", async () => {
    const bad = `${POLICY.replace("  policyName: add-label\n", "  policyName: add-label\n  bogus: 1\n")}---
apiVersion: admissionregistration.k8s.io/v1
kind: MutatingAdmissionPolicy
metadata:
  name: bad
spec:
  failurePolicy: Sometimes
  mutations:
    - applyConfiguration: {}
`;
    const r = await validatePaths([tempTree({ "map.yaml": bad })], { schemas: { network: false } });
    expect(r.diagnostics.map((d) => [d.line, d.severity, d.rule, d.path])).toEqual([
      [25, "warning", "schema/unknown-field", "spec.bogus"],
      [32, "error", "schema/enum", "spec.failurePolicy"],
      [34, "error", "schema/required", "spec.mutations[0].patchType"],
    ]);
  });

  it("are checked in a rendered graph too (kiln build)", async () => {
    const g = new ResourceGraph();
    g.add(
      {
        apiVersion: "admissionregistration.k8s.io/v1",
        kind: "MutatingAdmissionPolicyBinding",
        metadata: { name: "b" },
        spec: { policyName: 3 },
      },
      { unit: [] },
    );
    const r = await validateGraph(g, { schemas: { network: false }, missingSchema: "error" });
    expect(r.summary.withoutSchema).toBe(0);
    expect(r.diagnostics.map((d) => [d.rule, d.path])).toEqual([["schema/type", "spec.policyName"]]);
  });

  it("come from the kubernetes-models version package.json pins", () => {
    const pkg = JSON.parse(readFileSync("package.json", "utf8"));
    expect(pkg.dependencies["kubernetes-models-v5"]).toBe("npm:kubernetes-models@5.1.0");
  });
});

// v1beta1 is validated with the v1 schema (src/import/core.ts states the field-for-field check).
const V1BETA1 = `apiVersion: admissionregistration.k8s.io/v1beta1
kind: ValidatingAdmissionPolicy
metadata:
  name: replicas
spec:
  failurePolicy: Fail
  matchConstraints:
    resourceRules:
      - apiGroups: [apps]
        apiVersions: [v1]
        operations: [CREATE, UPDATE]
        resources: [deployments]
  validations:
    - expression: "object.spec.replicas <= 5"
---
apiVersion: admissionregistration.k8s.io/v1beta1
kind: ValidatingAdmissionPolicyBinding
metadata:
  name: replicas
spec:
  policyName: replicas
  validationActions: [Deny]
---
${POLICY.replaceAll("admissionregistration.k8s.io/v1\n", "admissionregistration.k8s.io/v1beta1\n")}`;

describe("v1beta1 admission policies and bindings (the v1 schema)", () => {
  it("have a schema: valid objects of all four kinds pass", async () => {
    const r = await validatePaths([tempTree({ "vap.yaml": V1BETA1 })], { schemas: { network: false } });
    expect(r.diagnostics).toEqual([]);
    expect(r.summary.resources).toBe(4);
    expect(r.summary.withoutSchema).toBe(0);
  });

  it("report enum, type, required and unknown fields at their lines", async () => {
    const bad = V1BETA1.replace("validationActions: [Deny]", "validationActions: [Block]")
      .replace('    - expression: "object.spec.replicas <= 5"', "    - message: no expression")
      .replace(
        "  failurePolicy: Fail\n  matchConstraints",
        "  failurePolicy: Fail\n  paramKnd: {}\n  matchConstraints",
      )
      .replace("  policyName: add-label\n", "  policyName: 7\n");
    const r = await validatePaths([tempTree({ "vap.yaml": bad })], { schemas: { network: false } });
    expect(r.diagnostics.map((d) => [d.line, d.severity, d.rule, d.path])).toEqual([
      [7, "warning", "schema/unknown-field", "spec.paramKnd"],
      [15, "error", "schema/required", "spec.validations[0].expression"],
      [23, "error", "schema/enum", "spec.validationActions[0]"],
      [48, "error", "schema/type", "spec.policyName"],
    ]);
  });

  it("stop at the policies: the v1beta1 webhook configurations, which differ, are reported removed", async () => {
    const hook = `apiVersion: admissionregistration.k8s.io/v1beta1
kind: ValidatingWebhookConfiguration
metadata:
  name: hook
webhooks: []
`;
    const r = await validatePaths([tempTree({ "hook.yaml": hook })], { schemas: { network: false } });
    expect(r.diagnostics.map((d) => [d.severity, d.message])).toEqual([
      [
        "error",
        "admissionregistration.k8s.io/v1beta1 ValidatingWebhookConfiguration is no longer served; use admissionregistration.k8s.io/v1",
      ],
    ]);
  });
});
