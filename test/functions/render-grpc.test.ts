/**
 * The Development runtime path: `kiln render` calls a real gRPC Function server (the SDK's own,
 * on an ephemeral loopback port) named by `render.crossplane.io/runtime-development-target`, and
 * renders exactly what the in-process path renders for the same function.
 */
import { mkdtempSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { FunctionRunner, getServer } from "@crossplane-org/function-sdk-typescript";
import { type Server, ServerCredentials } from "@grpc/grpc-js";
import { pino } from "pino";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runRenderCommand } from "../../src/functions/render/command.ts";
import gateway from "./fixtures/render/gateway-fn.ts";
import { type ServedFunction, serveInsecure } from "./fixtures/render/serve.ts";

const dir = path.resolve(import.meta.dirname, "fixtures/render/gateway");
let server: Server;
let port: number;

beforeAll(async () => {
  const logger = pino({ level: "silent" });
  server = getServer(new FunctionRunner({ RunFunction: (req) => gateway.run(req) }, logger), logger);
  port = await new Promise<number>((resolve, reject) =>
    server.bindAsync("127.0.0.1:0", ServerCredentials.createInsecure(), (err, p) =>
      err ? reject(err) : resolve(p),
    ),
  );
});

afterAll(() => server?.forceShutdown());

function developmentFunctions(target: string): string {
  const tmp = mkdtempSync(path.join(os.tmpdir(), "kiln-render-grpc-"));
  const f = path.join(tmp, "functions.yaml");
  writeFileSync(
    f,
    [
      "apiVersion: pkg.crossplane.io/v1",
      "kind: Function",
      "metadata:",
      "  name: function-gateway",
      "  annotations:",
      "    render.crossplane.io/runtime: Development",
      `    render.crossplane.io/runtime-development-target: ${target}`,
      "",
    ].join("\n"),
  );
  return f;
}

describe("kiln render over gRPC (Development runtime)", () => {
  it.each([
    ["first render", {}],
    ["image ready", { observedResources: path.join(dir, "observed-image.yaml") }],
    ["all ready", { observedResources: path.join(dir, "observed-ready"), includeFullXr: true }],
  ])("%s: same output as the in-process kiln function", async (_name, flags) => {
    const all = {
      ...flags,
      includeFunctionResults: true,
      includeContext: true,
      contextValues: ['env={"a": 1}'],
    };
    const xr = path.join(dir, "xr.yaml");
    const comp = path.join(dir, "composition.yaml");
    const overGrpc = await runRenderCommand(xr, comp, developmentFunctions(`127.0.0.1:${port}`), all);
    const inProcess = await runRenderCommand(xr, comp, path.join(dir, "functions.yaml"), all);
    expect(overGrpc).toBe(inProcess);
    expect(overGrpc).toContain("kind: Image");
  });

  it("a Development target with nothing listening is a clear error", async () => {
    const probe = getServer(
      new FunctionRunner({ RunFunction: (req) => gateway.run(req) }),
      pino({ level: "silent" }),
    );
    const free = await new Promise<number>((resolve, reject) =>
      probe.bindAsync("127.0.0.1:0", ServerCredentials.createInsecure(), (err, p) =>
        err ? reject(err) : resolve(p),
      ),
    );
    probe.forceShutdown();
    const xr = path.join(dir, "xr.yaml");
    await expect(
      runRenderCommand(xr, path.join(dir, "composition.yaml"), developmentFunctions(`127.0.0.1:${free}`), {
        timeout: "5s",
      }),
    ).rejects.toThrow(
      new RegExp(
        `cannot run pipeline step "gateway" \\(Function "function-gateway" via gRPC 127\\.0\\.0\\.1:${free}\\): UNAVAILABLE: .*is the Function running`,
      ),
    );
  });
});

describe("kiln render → kiln fn serve --insecure (Development runtime)", () => {
  let served: ServedFunction | undefined;
  beforeAll(async () => {
    served = await serveInsecure(path.resolve(dir, "../gateway-fn.ts"));
  });
  afterAll(() => served?.stop());

  it("renders the same stream as running the function in-process", async () => {
    const xr = path.join(dir, "xr.yaml");
    const comp = path.join(dir, "composition.yaml");
    for (const observedResources of [
      undefined,
      path.join(dir, "observed-image.yaml"),
      path.join(dir, "observed-ready"),
    ]) {
      const flags = {
        ...(observedResources ? { observedResources } : {}),
        includeFunctionResults: true,
        includeContext: true,
      };
      const viaServer = await runRenderCommand(xr, comp, developmentFunctions(served!.target), flags);
      expect(viaServer).toBe(await runRenderCommand(xr, comp, path.join(dir, "functions.yaml"), flags));
    }
  });
});
