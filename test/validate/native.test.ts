import { describe, expect, it } from "vitest";
import { stringifyYaml } from "../../src/core/yaml.ts";
import { checkNative } from "../../src/validate/native.ts";
import { validatePaths } from "../../src/validate/validate.ts";
import { tempTree } from "./helpers.ts";

const issues = (obj: Record<string, unknown>, group: string) =>
  checkNative(obj, group, String(obj.kind)).map((i) => `${i.path.join(".")}: ${i.message}`);

const pod = (extra: Record<string, unknown> = {}) => ({
  containers: [{ name: "web", image: "nginx:1.27", ports: [{ name: "http", containerPort: 80 }] }],
  ...extra,
});
const deployment = (spec: Record<string, unknown>, labels: Record<string, string> = { app: "web" }) => ({
  apiVersion: "apps/v1",
  kind: "Deployment",
  metadata: { name: "web", namespace: "apps" },
  spec: { selector: { matchLabels: { app: "web" } }, template: { metadata: { labels }, spec: pod(spec) } },
});

describe("native rules of core kinds (pkg/apis/*/validation)", () => {
  it("accepts sound objects", () => {
    expect(issues(deployment({}), "apps")).toEqual([]);
    expect(
      issues(
        {
          apiVersion: "v1",
          kind: "Service",
          metadata: { name: "web" },
          spec: { ports: [{ port: 80, targetPort: "http" }] },
        },
        "",
      ),
    ).toEqual([]);
  });

  it("Service ports: range, names required when several, unique, valid target port names", () => {
    const svc = {
      apiVersion: "v1",
      kind: "Service",
      metadata: { name: "web" },
      spec: {
        ports: [
          { name: "http", port: 70000, targetPort: 0 },
          { name: "http", port: 443, targetPort: "https-port-too-long" },
          { port: 8080 },
        ],
      },
    };
    expect(issues(svc, "")).toEqual([
      "spec.ports.0.port: Invalid value: 70000: must be between 1 and 65535, inclusive",
      "spec.ports.0.targetPort: Invalid value: 0: must be between 1 and 65535, inclusive",
      'spec.ports.1.name: Duplicate value: "http"',
      'spec.ports.1.targetPort: Invalid value: "https-port-too-long": must be no more than 15 characters',
      "spec.ports.2.name: Required value",
    ]);
  });

  it("pod templates: containers required, names unique, mounts name volumes, port names", () => {
    expect(issues(deployment({ containers: [] }), "apps")).toEqual([
      "spec.template.spec.containers: Required value",
    ]);
    const twice = deployment({
      containers: [
        {
          name: "web",
          image: "a",
          volumeMounts: [{ name: "data", mountPath: "/d" }],
          ports: [{ name: "HTTP", containerPort: 80 }],
        },
        { name: "web", image: "" },
      ],
    });
    expect(issues(twice, "apps")).toEqual([
      'spec.template.spec.containers.0.ports.0.name: Invalid value: "HTTP": must contain only alpha-numeric characters (a-z, 0-9), and hyphens (-)',
      'spec.template.spec.containers.0.volumeMounts.0.name: Not found: "data"',
      'spec.template.spec.containers.1.name: Duplicate value: "web"',
      "spec.template.spec.containers.1.image: Required value",
    ]);
  });

  it("a Deployment's selector must match its template's labels", () => {
    expect(issues(deployment({}, { app: "api" }), "apps")).toEqual([
      "spec.template.metadata.labels: Invalid value: `selector` does not match template `labels`",
    ]);
  });

  it("Jobs and CronJobs: restartPolicy OnFailure or Never, and required", () => {
    const job = (restartPolicy?: string) => ({
      apiVersion: "batch/v1",
      kind: "Job",
      metadata: { name: "j" },
      spec: { template: { spec: pod(restartPolicy ? { restartPolicy } : {}) } },
    });
    expect(issues(job("Never"), "batch")).toEqual([]);
    expect(issues(job("Always"), "batch")).toEqual([
      'spec.template.spec.restartPolicy: Unsupported value: "Always": supported values: "OnFailure", "Never"',
    ]);
    expect(issues(job(), "batch")).toEqual([
      'spec.template.spec.restartPolicy: Required value: valid values: "OnFailure", "Never"',
    ]);
  });

  it("ConfigMap and Secret keys", () => {
    const cm = {
      apiVersion: "v1",
      kind: "ConfigMap",
      metadata: { name: "c" },
      data: { "a b": "x", ok: "y" },
      binaryData: { ok: "eA==" },
    };
    expect(issues(cm, "")).toEqual([
      "data.a b: Invalid value: \"a b\": a valid config key must consist of alphanumeric characters, '-', '_' or '.' (e.g. 'key.name',  or 'KEY_NAME',  or 'key-name', regex used for validation is '[-._a-zA-Z0-9]+')",
      'binaryData.ok: Invalid value: "ok": duplicate of key present in data',
    ]);
  });
});

describe("the same identity twice", () => {
  const cm = (data: string) => ({
    apiVersion: "v1",
    kind: "ConfigMap",
    metadata: { name: "c", namespace: "default" },
    data: { v: data },
  });
  it("is an error in one file and a warning across files, naming the first place", async () => {
    const dir = tempTree({
      "one.yaml": `${stringifyYaml(cm("a"))}---\n${stringifyYaml(cm("b"))}`,
      "two.yaml": stringifyYaml(cm("c")),
    });
    const r = await validatePaths([dir], { schemas: { catalog: false } });
    const dups = r.diagnostics
      .filter((d) => d.rule === "identity/duplicate")
      .map((d) => `${d.severity} ${d.message}`);
    expect(dups).toHaveLength(2);
    expect(dups[0]).toMatch(/^error ConfigMap default\/c is defined twice \(first at .*one\.yaml(:\d+)?\)$/);
    expect(dups[1]).toMatch(
      /^warning ConfigMap default\/c is defined twice \(first at .*one\.yaml(:\d+)?\); if both reach one cluster/,
    );
  });
});
