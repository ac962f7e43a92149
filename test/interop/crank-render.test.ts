/**
 * Interop with the real CLI: `crank render` (crossplane v2.2; .ci/run installs v2.2.4, or v2.2.1
 * where the Go proxy refuses v2.2.4) calls `kiln fn serve --insecure`
 * through the Development runtime annotation, and its output must equal `kiln render`'s on the
 * same inputs (kiln running the same function in-process) after normalization: both streams
 * parsed as YAML and compared document by document.
 */
import { spawnSync } from "node:child_process";
import { mkdtempSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parseAllDocuments } from "yaml";
import { runRenderCommand } from "../../src/functions/render/command.ts";
import { type ServedFunction, serveInsecure } from "../functions/fixtures/render/serve.ts";
import { peer, peerSkip, ROOT } from "../helpers/env.ts";

const crank = peer("crank");
const dir = path.join(ROOT, "test/functions/fixtures/render/gateway");
const fnModule = path.join(ROOT, "test/functions/fixtures/render/gateway-fn.ts");

const normalize = (text: string) => parseAllDocuments(text).map((d) => d.toJS());

describe.skipIf(!crank)(crank ? "crank render ↔ kiln render" : peerSkip("crank"), () => {
  let served: ServedFunction | undefined;
  let devFunctions = "";

  beforeAll(async () => {
    served = await serveInsecure(fnModule);
    const tmp = mkdtempSync(path.join(os.tmpdir(), "kiln-crank-"));
    devFunctions = path.join(tmp, "functions.yaml");
    writeFileSync(
      devFunctions,
      [
        "apiVersion: pkg.crossplane.io/v1",
        "kind: Function",
        "metadata:",
        "  name: function-gateway",
        "  annotations:",
        "    render.crossplane.io/runtime: Development",
        `    render.crossplane.io/runtime-development-target: ${served.target}`,
        "",
      ].join("\n"),
    );
  });

  afterAll(() => served?.stop());

  it.each([
    ["first render", "xr.yaml", [], {}],
    [
      "image ready",
      "xr.yaml",
      ["-o", path.join(dir, "observed-image.yaml")],
      { observedResources: path.join(dir, "observed-image.yaml") },
    ],
    [
      "all ready, full XR",
      "xr.yaml",
      ["-o", path.join(dir, "observed-ready"), "-x"],
      { observedResources: path.join(dir, "observed-ready"), includeFullXr: true },
    ],
    [
      "unready summary",
      "xr.yaml",
      ["-o", path.join(dir, "observed-ip.yaml")],
      { observedResources: path.join(dir, "observed-ip.yaml") },
    ],
    ["nested XR", "xr-nested.yaml", [], {}],
    // Without -x: crank's generated CRD may add defaults under spec.crossplane that kiln does not.
    [
      "XRD defaults",
      "xr-minimal.yaml",
      ["--xrd", path.join(dir, "xrd.yaml")],
      { xrd: path.join(dir, "xrd.yaml") },
    ],
  ] as const)("%s", async (_name, xrFile, crankFlags, kilnFlags) => {
    const xr = path.join(dir, xrFile);
    const comp = path.join(dir, "composition.yaml");
    const common = ["-r", "-c", '--context-values=env={"a": 1}'];
    const r = spawnSync(crank!, ["render", xr, comp, devFunctions, ...crankFlags, ...common], {
      encoding: "utf8",
      timeout: 120_000,
    });
    expect(r.status, r.stderr).toBe(0);
    const ours = await runRenderCommand(xr, comp, path.join(dir, "functions.yaml"), {
      ...kilnFlags,
      includeFunctionResults: true,
      includeContext: true,
      contextValues: ['env={"a": 1}'],
    });
    expect(normalize(ours)).toEqual(normalize(r.stdout));
    // Beyond the parsed comparison: kiln prints the very bytes crank prints.
    expect(ours).toBe(r.stdout);
  });
});
