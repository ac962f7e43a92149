/**
 * Interop with the real CLI for the step API: `crank render` (crossplane v2.2, see .ci/run) calls the
 * homelab gateway function served by `kiln fn serve --insecure` (Development runtime) at every
 * stage of its pipeline, and its output must equal `kiln render`'s with the function in-process,
 * after parsing both streams as YAML. This covers what the step API adds to a response — explicit
 * readiness, the desired composite held READY_FALSE, the `ResourcesComposed` condition, kept
 * observed resources — as Crossplane's own render code reads them.
 */
import { type ChildProcess, spawnSync } from "node:child_process";
import { mkdtempSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parseAllDocuments } from "yaml";
import gateway from "../../examples/homelab/platform/function.ts";
import { gatewayComposition } from "../../examples/homelab/platform/gateway.ts";
import { stringifyYaml } from "../../src/core/yaml.ts";
import { runRenderCommand } from "../../src/functions/render/command.ts";
import { request } from "../functions/request.ts";
import { serveProcess } from "../functions/serve-process.ts";
import { peer, peerSkip, ROOT } from "../helpers/env.ts";

const crank = peer("crank");
const MODULE = path.join(ROOT, "examples/homelab/platform/function.ts");
const xr = {
  apiVersion: "platform.kiln.dev/v1alpha1",
  kind: "Gateway",
  metadata: { name: "edge", namespace: "platform" },
  spec: {
    domain: "example.org",
    region: "fra1",
    size: "s-1vcpu-1gb",
    imageUrl: "https://example.org/nixos-gateway.qcow2.gz",
    frpsConfig: "bindPort = 7000\n",
  },
};
const composition = gatewayComposition("kiln-gateway");
const input = (composition.spec as { pipeline: Array<{ input: Record<string, unknown> }> }).pipeline[0]!
  .input;
const AT: Record<string, Record<string, unknown>> = {
  image: { imageId: 187654321 },
  droplet: { ipv4Address: "203.0.113.10" },
};

/** Observed resources after `rounds` provider rounds in which everything desired becomes Ready. */
async function observedAfter(rounds: number): Promise<Record<string, Record<string, unknown>>> {
  const observed: Record<string, Record<string, unknown>> = {};
  for (let i = 0; i < rounds; i++) {
    const rsp = await gateway.run(request({ xr, observed, input }));
    for (const [name, r] of Object.entries(rsp.desired!.resources)) {
      observed[name] ??= {
        ...r.resource,
        metadata: {
          name: `edge-${name}`,
          namespace: "platform",
          annotations: { "crossplane.io/composition-resource-name": name },
        },
        status: {
          atProvider: AT[name] ?? {},
          conditions: [{ type: "Ready", status: "True", reason: "Available" }],
        },
      };
    }
  }
  return observed;
}

const normalize = (text: string) => parseAllDocuments(text).map((d) => d.toJS());

describe.skipIf(!crank)(crank ? "crank render ↔ kiln render: gateway step API" : peerSkip("crank"), () => {
  let server: ChildProcess | undefined;
  const tmp = mkdtempSync(path.join(os.tmpdir(), "kiln-fn-crank-"));
  const files = {
    xr: path.join(tmp, "xr.yaml"),
    composition: path.join(tmp, "composition.yaml"),
    kilnFunctions: path.join(tmp, "functions.yaml"),
    devFunctions: path.join(tmp, "dev-functions.yaml"),
  };

  beforeAll(async () => {
    const p = await serveProcess([MODULE, "--insecure", "--address", "127.0.0.1:0"]);
    server = p.child;
    writeFileSync(files.xr, stringifyYaml(xr));
    writeFileSync(files.composition, stringifyYaml(composition));
    const fn = (annotations: Record<string, string>) =>
      stringifyYaml({
        apiVersion: "pkg.crossplane.io/v1",
        kind: "Function",
        metadata: { name: "kiln-gateway", annotations },
      });
    writeFileSync(files.kilnFunctions, fn({ "kiln.dev/function-module": MODULE }));
    writeFileSync(
      files.devFunctions,
      fn({
        "render.crossplane.io/runtime": "Development",
        "render.crossplane.io/runtime-development-target": p.address,
      }),
    );
  });

  afterAll(() => {
    server?.kill("SIGTERM");
  });

  it.each([0, 1, 2, 3])("after %i provider rounds", async (rounds) => {
    const observed = await observedAfter(rounds);
    const flags: string[] = ["-r", "-x"];
    let observedFile: string | undefined;
    if (rounds > 0) {
      observedFile = path.join(tmp, `observed-${rounds}.yaml`);
      writeFileSync(
        observedFile,
        Object.values(observed)
          .map((o) => stringifyYaml(o))
          .join("---\n"),
      );
      flags.push("-o", observedFile);
    }
    const r = spawnSync(crank!, ["render", files.xr, files.composition, files.devFunctions, ...flags], {
      encoding: "utf8",
      timeout: 120_000,
    });
    expect(r.status, r.stderr).toBe(0);
    const ours = await runRenderCommand(files.xr, files.composition, files.kilnFunctions, {
      includeFunctionResults: true,
      includeFullXr: true,
      ...(observedFile ? { observedResources: observedFile } : {}),
    });
    expect(normalize(ours)).toEqual(normalize(r.stdout));
  });
});
