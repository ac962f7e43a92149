import { spawn } from "node:child_process";
import { mkdtempSync, readFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { Severity } from "@crossplane-org/function-sdk-typescript";
import { parseYamlDocuments } from "kiln";
import { describe, expect, it } from "vitest";
import { connectFunction } from "../../src/functions/serve/client.ts";
import { packageFunction } from "../../src/functions/serve/package.ts";
import { ROOT } from "../helpers/env.ts";
import { request } from "./request.ts";

const fixture = path.join(ROOT, "test/functions/fixtures/slow-fn.ts");

describe("kiln fn package", () => {
  const tmp = mkdtempSync(path.join(os.tmpdir(), "kiln-pkg-"));
  const out = path.join(tmp, "pkg");

  it("writes a Dockerfile, crossplane.yaml and a bundle, deterministically", async () => {
    const r = await packageFunction(fixture, { out });
    expect(r).toEqual({
      name: "function-slow",
      files: ["Dockerfile", "function.mjs", "package/crossplane.yaml"],
    });
    const dockerfile = readFileSync(path.join(out, "Dockerfile"), "utf8");
    expect(dockerfile.split("\n").filter((l) => l && !l.startsWith("#"))).toEqual([
      "FROM gcr.io/distroless/nodejs20-debian12:nonroot",
      "WORKDIR /function",
      "COPY function.mjs /function/function.mjs",
      "EXPOSE 9443",
      'ENTRYPOINT ["/nodejs/bin/node", "/function/function.mjs"]',
    ]);
    const [meta] = parseYamlDocuments(
      readFileSync(path.join(out, "package/crossplane.yaml"), "utf8"),
      "crossplane.yaml",
    );
    expect(meta!.value).toEqual({
      apiVersion: "meta.pkg.crossplane.io/v1",
      kind: "Function",
      metadata: {
        name: "function-slow",
        annotations: {
          "meta.crossplane.io/description": "Composition function function-slow, written with kiln.",
        },
      },
      spec: { crossplane: { version: ">=v2.0.0" } },
    });
    const first = readFileSync(path.join(out, "function.mjs"));
    await packageFunction(fixture, { out });
    expect(readFileSync(path.join(out, "function.mjs")).equals(first)).toBe(true);
    // The bundle carries no absolute paths of the build machine.
    expect(first.toString()).not.toContain(ROOT);
  });

  it("the bundle the Dockerfile copies serves RunFunction on its own (no node_modules)", async () => {
    await packageFunction(fixture, { out });
    // Run it from a folder with nothing else in it, as in the image.
    const child = spawn(
      process.execPath,
      [path.join(out, "function.mjs"), "--insecure", "--address", "127.0.0.1:0"],
      {
        cwd: out,
        env: { PATH: process.env.PATH },
        stdio: ["ignore", "pipe", "pipe"],
      },
    );
    let err = "";
    const address = await new Promise<string>((resolve, reject) => {
      child.stderr.on("data", (d: Buffer) => {
        err += d.toString();
        const m = /"address":"([^"]+)"/.exec(err);
        if (m) resolve(m[1]!);
      });
      child.on("exit", (code) => reject(new Error(`bundle exited ${code}: ${err}`)));
    });
    const c = connectFunction(address);
    const rsp = await c.run(
      request({
        xr: { apiVersion: "example.org/v1", kind: "XThing", metadata: { name: "x" }, spec: { sleepMs: 5 } },
      }),
    );
    c.close();
    const exited = new Promise((r) => child.on("exit", r));
    child.kill("SIGTERM");
    expect(await exited).toBe(0);
    expect(rsp.results.filter((x) => x.severity === Severity.SEVERITY_FATAL)).toEqual([]);
    expect(rsp.desired?.resources.bucket?.resource?.spec).toEqual({ slept: 5 });
  });

  it("refuses a module without a function, naming it, and writes nothing", async () => {
    const bad = path.join(tmp, "bad");
    await expect(
      packageFunction(path.join(ROOT, "test/functions/fixtures/no-fn.ts"), { out: bad }),
    ).rejects.toThrow("the module exports no kiln function");
    expect(() => readFileSync(path.join(bad, "Dockerfile"))).toThrow();
  });

  it("writes the input CRD of a function that declares its input with a JSON Schema", async () => {
    const gwOut = path.join(tmp, "gateway");
    const r = await packageFunction(path.join(ROOT, "examples/homelab/platform/function.ts"), { out: gwOut });
    expect(r.files).toEqual([
      "Dockerfile",
      "function.mjs",
      "package/crossplane.yaml",
      "package/input/gateway.fn.kiln.dev_gatewayinputs.yaml",
    ]);
    const [crd] = parseYamlDocuments(
      readFileSync(path.join(gwOut, "package/input/gateway.fn.kiln.dev_gatewayinputs.yaml"), "utf8"),
      "crd.yaml",
    );
    expect(crd!.value).toMatchObject({
      kind: "CustomResourceDefinition",
      metadata: { name: "gatewayinputs.gateway.fn.kiln.dev" },
      spec: { names: { kind: "GatewayInput" } },
    });
  });
});
