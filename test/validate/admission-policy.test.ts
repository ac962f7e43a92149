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
