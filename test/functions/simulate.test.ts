/**
 * `kiln simulate`: the render → simulated provider loop. Step counts below follow from the
 * provider rules, not from a recorded run: a resource created in pass c is Ready in pass
 * c + readyAfter, the next render sees it, and the loop ends at the first render whose XR is
 * Ready and whose provider pass changes nothing.
 */
import path from "node:path";
import { describe, expect, it } from "vitest";
import type { KubeObject } from "../../src/core/identity.ts";
import { loadCompositeResource, loadComposition } from "../../src/functions/render/load.ts";
import { kilnRunner } from "../../src/functions/render/runners.ts";
import { runSimulateCommand } from "../../src/functions/simulate/command.ts";
import { type SimulateInputs, simulate } from "../../src/functions/simulate/loop.ts";
import { behaviorFor, defineProvider } from "../../src/functions/simulate/provider.ts";
import { kiln } from "../helpers/cli.ts";
import { forgetful, throws } from "./fixtures/render/fns.ts";
import gateway from "./fixtures/render/gateway-fn.ts";

const dir = path.resolve(import.meta.dirname, "fixtures/render");
const project = path.join(dir, "simulate");
const xr = loadCompositeResource(path.join(dir, "gateway/xr.yaml")).object;
const composition = loadComposition(path.join(dir, "gateway/composition.yaml")).object;

const run = (over: Partial<SimulateInputs> = {}) =>
  simulate({
    xr,
    composition,
    runners: new Map([["function-gateway", kilnRunner(gateway, "gateway-fn.ts")]]),
    ...over,
  });

const atProvider = (o: KubeObject | undefined) =>
  (o?.status as { atProvider?: Record<string, any> } | undefined)?.atProvider ?? {};

describe("simulate (default DigitalOcean provider rules)", () => {
  it("converges: Image (2 passes) → Droplet (2) → Domain and Records (1) → XR Ready at render 9", async () => {
    // image: created pass 1, Ready pass 3; droplet: created pass 4, Ready pass 6; DNS: created
    // pass 7, Ready pass 8; render 9 sees everything Ready and pass 9 changes nothing.
    const r = await run();
    expect(r.converged).toBe(true);
    expect(r.steps).toBe(9);
    const image = atProvider(r.observed.image);
    const droplet = r.observed.droplet!;
    expect(typeof image.imageId).toBe("number");
    expect((droplet.spec as any).forProvider.image).toBe(String(image.imageId));
    expect(atProvider(droplet).ipv4Address).toMatch(/^203\.0\.113\.\d+$/);
    expect((r.observedXr.status as any).ip).toBe(atProvider(droplet).ipv4Address);
    for (const n of ["domain", "record-apex", "record-wildcard"]) {
      expect((r.observed[n]!.status as any).conditions[0]).toMatchObject({ type: "Ready", status: "True" });
    }
    expect(r.trace.map((s) => s.resources.filter((x) => x.added).map((x) => x.name))).toEqual([
      ["image"],
      [],
      [],
      ["droplet"],
      [],
      [],
      ["domain", "record-apex", "record-wildcard"],
      [],
      [],
    ]);
  });

  it("per-kind rules from defineProvider change the timing and what the provider reports", async () => {
    // image Ready in pass 5 → droplet created 6, Ready 7 (readyAfter 1) → DNS 8, Ready 9 → render 10.
    const provider = defineProvider({
      "Image.custom.digitalocean.m.crossplane.io": { readyAfter: 4 },
      Droplet: { readyAfter: 1, observe: () => ({ ipv4Address: "198.51.100.7" }) },
    });
    const r = await run({ provider });
    expect(r.converged).toBe(true);
    expect(r.steps).toBe(10);
    expect((r.observedXr.status as any).ip).toBe("198.51.100.7");
  });

  it("an address that changes every pass keeps the records updating: not converged, desired still changing", async () => {
    const provider = defineProvider({
      Droplet: { observe: (_d, step) => ({ ipv4Address: `198.51.100.${step}` }) },
    });
    const r = await run({ provider, steps: 12 });
    expect(r.converged).toBe(false);
    expect(r.trace.at(-1)!.resources.find((x) => x.name === "record-apex")!.change).toBe("updated");
    expect(r.reason).toBe(
      "XR Gateway edge/gw is Ready but its desired state was still changing after 12 steps",
    );
  });

  it("is deterministic (names, IDs, addresses, trace)", async () => {
    expect(JSON.stringify(await run())).toBe(JSON.stringify(await run()));
  });
});

describe("faults", () => {
  it("a Droplet that never becomes ready: the XR stays unready at every step, with the reason", async () => {
    const r = await run({ provider: defineProvider({ droplet: { neverReady: true } }), steps: 12 });
    expect(r.converged).toBe(false);
    expect(r.steps).toBe(12);
    for (const s of r.trace.slice(3)) {
      expect(s.xrConditions[0]).toBe("Ready=False (Creating: Unready resources: droplet)");
    }
    expect(r.reason).toBe(
      "XR Gateway edge/gw is not Ready after 12 steps (Unready resources: droplet); droplet: Ready=False (Creating)",
    );
  });

  it("a provider error shows as Synced=False on the resource, every step, and in the reason", async () => {
    const r = await run({
      provider: defineProvider({ Image: { error: "image download failed: 404" } }),
      steps: 5,
    });
    expect(r.converged).toBe(false);
    for (const s of r.trace) {
      expect(s.resources.find((x) => x.name === "image")!.conditions).toBe(
        "Ready=False (Creating), Synced=False (ReconcileError: image download failed: 404)",
      );
    }
    expect(r.reason).toContain(
      "image: Ready=False (Creating), Synced=False (ReconcileError: image download failed: 404)",
    );
  });

  it("a resource dropped from desired state is deleted by the provider, and the trace says so", async () => {
    const r = await simulate({
      xr,
      composition: {
        ...composition,
        spec: { ...(composition.spec as object), pipeline: [{ step: "s", functionRef: { name: "f" } }] },
      },
      runners: new Map([["f", kilnRunner(forgetful, "fns.ts")]]),
      steps: 3,
    });
    expect(r.trace[0]!.resources[0]).toMatchObject({ name: "vm", change: "created", added: true });
    expect(r.trace[1]!.resources[0]).toMatchObject({ name: "vm", change: "deleted", desired: false });
    expect(r.trace[2]!.resources[0]).toMatchObject({ name: "vm", change: "created" });
  });

  it("a FATAL result: the render fails every step, nothing is applied, and the reason is the message", async () => {
    const r = await simulate({
      xr,
      composition: {
        ...composition,
        spec: { ...(composition.spec as object), pipeline: [{ step: "boom", functionRef: { name: "f" } }] },
      },
      runners: new Map([["f", kilnRunner(throws, "fns.ts")]]),
      steps: 2,
    });
    expect(r.converged).toBe(false);
    expect(
      r.trace.every((s) => s.error === 'pipeline step "boom" returned a fatal result: boom in user code'),
    ).toBe(true);
    expect(r.reason).toBe(
      'pipeline step "boom" returned a fatal result: boom in user code (XR Gateway edge/gw, after 2 steps)',
    );
  });
});

describe("provider rules", () => {
  it("merge defaults and user rules, more specific keys last", () => {
    const droplet: KubeObject = {
      apiVersion: "droplet.digitalocean.m.crossplane.io/v1alpha1",
      kind: "Droplet",
      metadata: {},
    };
    const p = defineProvider({
      Droplet: { neverReady: true },
      "Droplet.droplet.digitalocean.m.crossplane.io": { readyAfter: 5 },
      vm: { readyAfter: 7 },
    });
    const b = behaviorFor(p, "droplet", droplet);
    expect(b).toMatchObject({ neverReady: true, readyAfter: 5 });
    expect(typeof b.observe).toBe("function");
    expect(behaviorFor(p, "vm", droplet).readyAfter).toBe(7);
    expect(
      behaviorFor(undefined, "x", { apiVersion: "example.org/v1", kind: "Thing", metadata: {} }),
    ).toEqual({});
  });
});

describe("kiln simulate <dir>", () => {
  it("simulates every XR of the project to convergence (exit 0)", async () => {
    const { text, ok } = await runSimulateCommand(project, {});
    expect(ok).toBe(true);
    const blocks = text.trim().split("\n\n");
    expect(blocks).toHaveLength(2);
    expect(blocks[0]).toMatch(
      /^simulate Gateway edge\/gw .*\(Composition gateway, at most 20 steps\)\nstep 1\n/,
    );
    expect(blocks[1]).toMatch(/^simulate Gateway edge\/edge2 /);
    for (const b of blocks) expect(b.split("\n").at(-1)).toBe("converged after 9 steps");
  });

  it("--xr, --provider module and --fault; not converged → exit 1 with the reason last", () => {
    const r = kiln([
      "simulate",
      project,
      "--xr",
      "edge/gw",
      "--provider",
      path.join(project, "provider.ts"),
      "--fault",
      "droplet=error:quota exceeded",
      "--steps",
      "8",
    ]);
    expect(r.status).toBe(1);
    const lines = r.stdout.trim().split("\n");
    expect(lines[0]).toMatch(/^simulate Gateway edge\/gw /);
    expect(r.stdout).not.toContain("edge2");
    expect(lines.at(-1)).toBe(
      "not converged: XR Gateway edge/gw is not Ready after 8 steps (Unready resources: droplet); droplet: Ready=False (Creating), Synced=False (ReconcileError: quota exceeded)",
    );
    expect(r.stdout).toMatch(
      / {2}droplet +not ready +Droplet edge\/gw-\w{5}: Ready=False \(Creating\), Synced=False \(ReconcileError: quota exceeded\)/,
    );
  });

  it("bad input: unknown XR (exit 1), bad --steps / --fault (exit 2), provider module of the wrong shape (exit 1)", () => {
    const unknown = kiln(["simulate", project, "--xr", "nope"]);
    expect(unknown.status).toBe(1);
    expect(unknown.stderr).toMatch(/no XR named "nope" .*\(XRs: Gateway edge\/gw.*, Gateway edge\/edge2/);
    expect(kiln(["simulate", project, "--steps", "0"]).status).toBe(2);
    const fault = kiln(["simulate", project, "--fault", "droplet=slow"]);
    expect(fault.status).toBe(2);
    expect(fault.stderr).toContain("--fault expects KEY=never-ready or KEY=error:MESSAGE");
    const wrong = kiln(["simulate", project, "--provider", path.join(dir, "fns.ts")]);
    expect(wrong.status).toBe(1);
    expect(wrong.stderr).toContain("fns.ts: the provider module must `export default defineProvider({...})`");
  });

  it("a Composition not in Pipeline mode is an error at the user's file and line", async () => {
    await expect(runSimulateCommand(path.join(dir, "simulate-resources-mode"), {})).rejects.toMatchObject({
      message:
        'render only supports Composition Function pipelines: spec.mode must be Pipeline (found "Resources")',
      location: {
        file: expect.stringMatching(/simulate-resources-mode\/main\.ts$/),
        line: 10,
        resource: "Composition legacy",
      },
    });
  });

  it("the reference control plane (examples/homelab): the Gateway of every cluster converges", async () => {
    const { text, ok } = await runSimulateCommand(path.resolve(dir, "../../../../examples/homelab"), {});
    expect(ok).toBe(true);
    const blocks = text.trim().split("\n\n");
    expect(blocks.length).toBeGreaterThan(0);
    for (const b of blocks) {
      expect(b).toMatch(/^simulate Gateway \S+ in cluster \S+ \(Composition gateways\.platform\.kiln\.dev/);
      expect(b.split("\n").at(-1)).toMatch(/^converged after \d+ steps$/);
    }
  });

  it("the homelab's real gateway function converges", async () => {
    const { text, ok } = await runSimulateCommand(path.join(dir, "homelab-gateway"), {});
    expect(ok).toBe(true);
    expect(text).toMatch(/^simulate Gateway gateway\/edge /);
    expect(text).toMatch(/XR status address=203\.0\.113\.\d+ fqdn=example\.org/);
    expect(text.trim().split("\n").at(-1)).toMatch(/^converged after \d+ steps$/);
  });
});
