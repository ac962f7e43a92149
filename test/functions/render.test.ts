/**
 * `kiln render` against golden files. The expected outputs were written by hand from
 * crossplane/crossplane `cmd/crank/render/render.go` and `cmd.go` (v2.2): XR first with only its
 * identity, desired status and a `Ready` condition (Available, or Creating with "Unready
 * resources: a, b, and N more"), composed resources sorted by composition resource name with
 * generateName `<xr>-`, the composite label, the resource-name annotation and the XR as
 * controller owner (uid "" when the XR has none), names kept from observed resources, then
 * `Result`s (-r) and the `Context` (-c); keys in go-yaml v2 order, `lastTransitionTime` fixed at
 * 2024-01-01.
 */
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { parseAllDocuments } from "yaml";
import { formatError, type KilnError } from "../../src/core/errors.ts";
import { runRenderCommand } from "../../src/functions/render/command.ts";
import { loadComposition } from "../../src/functions/render/load.ts";
import { kiln } from "../helpers/cli.ts";

const dir = path.resolve(import.meta.dirname, "fixtures/render");
const gw = (f: string) => path.join(dir, "gateway", f);
const pl = (f: string) => path.join(dir, "pipeline", f);
const golden = (f: string) => readFileSync(gw(`testdata/${f}`), "utf8");
const renderGateway = (flags: Parameters<typeof runRenderCommand>[3], xr = "xr.yaml") =>
  runRenderCommand(gw(xr), gw("composition.yaml"), gw("functions.yaml"), flags);

describe("kiln render output (golden, derived from crank's render.go)", () => {
  it("first render: only the image, XR Creating, results and context", async () => {
    const out = await renderGateway({
      includeFunctionResults: true,
      includeContext: true,
      contextValues: ['env={"a": 1}'],
    });
    expect(out).toBe(golden("expected-first.yaml"));
  });

  it("image observed ready: the droplet appears, observed names are kept", async () => {
    const out = await renderGateway({
      observedResources: gw("observed-image.yaml"),
      includeFunctionResults: true,
    });
    expect(out).toBe(golden("expected-image-ready.yaml"));
  });

  it("everything observed ready (folder of observed files): XR Available, -x copies spec and metadata", async () => {
    const out = await renderGateway({ observedResources: gw("observed-ready"), includeFullXr: true });
    expect(out).toBe(golden("expected-ready.yaml"));
  });

  it("more than three unready resources are summarised as 'and N more'", async () => {
    const out = await renderGateway({ observedResources: gw("observed-ip.yaml") });
    expect(`---\n${out.split("---\n")[1]}`).toBe(golden("expected-unready-many.yaml"));
  });

  it("nested XR: composite label and generateName from the root, claim labels, owner uid", async () => {
    expect(await renderGateway({}, "xr-nested.yaml")).toBe(golden("expected-nested.yaml"));
  });

  it("is deterministic", async () => {
    const flags = {
      observedResources: gw("observed-ready"),
      includeFunctionResults: true,
      includeContext: true,
    };
    expect(await renderGateway(flags)).toBe(await renderGateway(flags));
  });
});

describe("pipeline semantics", () => {
  const run = (flags: Parameters<typeof runRenderCommand>[3] = {}) =>
    runRenderCommand(pl("xr.yaml"), pl("composition.yaml"), pl("functions.yaml"), {
      requiredResources: pl("required.yaml"),
      includeFunctionResults: true,
      includeContext: true,
      ...flags,
    });
  const docs = async (flags?: Parameters<typeof runRenderCommand>[3]) =>
    parseAllDocuments(await run(flags)).map((d) => d.toJS() as Record<string, any>);

  it("calls a step again with the resources it required until its requirements settle", async () => {
    const [xr, , , ctx] = await docs();
    expect(xr!.status.peers).toEqual(["alpha", "zeta"]);
    expect(xr!.status.calls).toBe(2);
    expect(ctx!.fields.bootstrap).toEqual(["seed"]);
  });

  it("passes context along; function conditions are added but system conditions stay crank's", async () => {
    const [xr, bucket, result, ctx] = await docs({
      contextValues: ['apiextensions.crossplane.io/environment={"x": 1}'],
    });
    expect(xr!.status.conditions).toEqual([
      { lastTransitionTime: "2024-01-01T00:00:00Z", reason: "Available", status: "True", type: "Ready" },
      {
        lastTransitionTime: "2024-01-01T00:00:00Z",
        message: "waiting",
        reason: "Provisioning",
        status: "False",
        type: "DatabaseReady",
      },
    ]);
    expect(bucket!.metadata.name).toBe("fixed-name");
    expect(bucket!.metadata.generateName).toBeUndefined();
    expect(result!.message).toBe("context keys: apiextensions.crossplane.io/environment,bootstrap,calls");
    expect(ctx!.fields["apiextensions.crossplane.io/environment"]).toEqual({ x: 1 });
  });

  it("--context-files reads YAML or JSON; --context-values wins for the same key", async () => {
    const tmp = mkdtempSync(path.join(os.tmpdir(), "kiln-render-"));
    writeFileSync(path.join(tmp, "env.yaml"), "region: fra1\n");
    const [, , , ctx] = await docs({
      contextFiles: [`env=${path.join(tmp, "env.yaml")}`, `k=${path.join(tmp, "env.yaml")}`],
      contextValues: ['k="v"'],
    });
    expect(ctx!.fields.env).toEqual({ region: "fra1" });
    expect(ctx!.fields.k).toBe("v");
  });

  it("an XR the pipeline marks READY_FALSE is Creating without a message, even with all resources ready", async () => {
    const tmp = mkdtempSync(path.join(os.tmpdir(), "kiln-render-"));
    const comp = path.join(tmp, "composition.yaml");
    writeFileSync(
      comp,
      readFileSync(pl("composition.yaml"), "utf8").replace(
        "        name: function-conditions",
        "        name: function-conditions\n    - step: hold\n      functionRef:\n        name: function-not-ready",
      ),
    );
    const fns = path.join(tmp, "functions.yaml");
    writeFileSync(
      fns,
      `${readFileSync(pl("functions.yaml"), "utf8").replaceAll("../fns.ts", path.join(dir, "fns.ts"))}---\napiVersion: pkg.crossplane.io/v1\nkind: Function\nmetadata:\n  name: function-not-ready\n  annotations:\n    kiln.dev/function-module: ${path.join(dir, "fns.ts")}\n`,
    );
    const out = await runRenderCommand(pl("xr.yaml"), comp, fns, { requiredResources: pl("required.yaml") });
    const xr = parseAllDocuments(out)[0]!.toJS() as Record<string, any>;
    expect(xr.status.conditions[0]).toEqual({
      lastTransitionTime: "2024-01-01T00:00:00Z",
      reason: "Creating",
      status: "False",
      type: "Ready",
    });
  });

  it("-r off drops results; -c off drops the context", async () => {
    const out = await run({ includeFunctionResults: false, includeContext: false });
    expect(out).not.toContain("kind: Result");
    expect(out).not.toContain("kind: Context");
  });
});

describe("--xrd", () => {
  const renderMinimal = (xrd: string, flags: Parameters<typeof runRenderCommand>[3] = {}) =>
    runRenderCommand(gw("xr-minimal.yaml"), gw("composition.yaml"), gw("functions.yaml"), { xrd, ...flags });

  it("defaults the XR from the XRD schema before the pipeline runs (and in -x output)", async () => {
    const [xr, image] = parseAllDocuments(await renderMinimal(gw("xrd.yaml"), { includeFullXr: true })).map(
      (d) => d.toJS() as Record<string, any>,
    );
    expect(xr!.spec).toEqual({
      domain: "example.org",
      imageUrl: "https://images.example.org/nixos-gateway.qcow2",
      region: "ams3",
    });
    expect(image!.spec.forProvider.regions).toEqual(["ams3"]);
  });

  it("refuses a file that is not an XRD, or an XRD for another kind or version", async () => {
    await expect(renderMinimal(gw("composition.yaml"))).rejects.toThrow("not an XRD: Composition/gateway");
    const other = variant("xrd.yaml", gw("xrd.yaml"), (t) => t.replace("kind: Gateway", "kind: Tunnel"));
    await expect(renderMinimal(other)).rejects.toThrow(
      "XRD gateways.platform.kiln.dev defines Tunnel.platform.kiln.dev, not the XR's Gateway.platform.kiln.dev",
    );
    const v2 = variant("xrd.yaml", gw("xrd.yaml"), (t) => t.replace("- name: v1alpha1", "- name: v1beta1"));
    await expect(renderMinimal(v2)).rejects.toThrow("has no version v1alpha1 (has v1beta1)");
  });
});

function variant(name: string, from: string, edit: (text: string) => string): string {
  const tmp = mkdtempSync(path.join(os.tmpdir(), "kiln-render-"));
  const f = path.join(tmp, name);
  writeFileSync(f, edit(readFileSync(from, "utf8")));
  return f;
}

describe("--function-credentials", () => {
  function credentialsPipeline(ref: string): { comp: string; fns: string } {
    const tmp = mkdtempSync(path.join(os.tmpdir(), "kiln-render-cred-"));
    const comp = path.join(tmp, "composition.yaml");
    writeFileSync(
      comp,
      [
        "apiVersion: apiextensions.crossplane.io/v1",
        "kind: Composition",
        "metadata: { name: xbucket, labels: { tier: dev } }",
        "spec:",
        "  compositeTypeRef: { apiVersion: example.org/v1, kind: XBucket }",
        "  mode: Pipeline",
        "  pipeline:",
        "    - step: creds",
        "      functionRef: { name: function-credentials }",
        "      credentials:",
        `        - { name: provider, source: Secret, secretRef: { namespace: crossplane-system, name: ${ref} } }`,
        "",
      ].join("\n"),
    );
    const fns = path.join(tmp, "functions.yaml");
    writeFileSync(
      fns,
      `apiVersion: pkg.crossplane.io/v1\nkind: Function\nmetadata:\n  name: function-credentials\n  annotations:\n    kiln.dev/function-module: ${path.join(dir, "fns.ts")}\n`,
    );
    return { comp, fns };
  }

  it("passes a step's Secret data to the function, decoded, and never prints it", async () => {
    const { comp, fns } = credentialsPipeline("do-token");
    const out = await runRenderCommand(pl("xr.yaml"), comp, fns, { functionCredentials: pl("secrets.yaml") });
    const xr = parseAllDocuments(out)[0]!.toJS() as Record<string, any>;
    expect(xr.status.credentialKeys).toEqual(["region", "token"]);
    expect(xr.status.tokenLength).toBe("s3cr3t-token-value".length);
    expect(out).not.toContain("s3cr3t");
    expect(out).not.toContain("czNjcjN0");
  });

  it("a missing Secret is an error naming the step and the Secret, not its data", async () => {
    const { comp, fns } = credentialsPipeline("other-token");
    await expect(
      runRenderCommand(pl("xr.yaml"), comp, fns, { functionCredentials: pl("secrets.yaml") }),
    ).rejects.toThrow(
      'pipeline step "creds": cannot get credentials from secret "other-token": secret "other-token" not found',
    );
  });
});

describe("kiln render CLI errors", () => {
  const args = [gw("xr.yaml"), gw("composition.yaml"), gw("functions.yaml")];

  it("prints the stream and exits 0", () => {
    const r = kiln(["render", ...args]);
    expect(r.status).toBe(0);
    expect(r.stdout.startsWith("---\napiVersion: platform.kiln.dev/v1alpha1\nkind: Gateway\n")).toBe(true);
  });

  it("a FATAL result stops the pipeline: exit 1, message names the step, no output", () => {
    const r = kiln(["render", gw("xr-nodomain.yaml"), args[1]!, args[2]!]);
    expect(r.status).toBe(1);
    expect(r.stdout).toBe("");
    expect(r.stderr).toContain('pipeline step "gateway" returned a fatal result: spec.domain is required');
    expect(r.stderr).not.toContain("    at ");
  });

  it("an exception in a kiln function becomes a fatal result", () => {
    const tmp = mkdtempSync(path.join(os.tmpdir(), "kiln-render-"));
    const fns = path.join(tmp, "functions.yaml");
    writeFileSync(
      fns,
      `apiVersion: pkg.crossplane.io/v1\nkind: Function\nmetadata:\n  name: function-gateway\n`,
    );
    const r = kiln([
      "render",
      args[0]!,
      args[1]!,
      fns,
      "--function-module",
      `function-gateway=${path.join(dir, "fns.ts")}`,
    ]);
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(
      /no kiln function named "function-gateway" \(it exports function-conditions, function-credentials, function-forgetful, function-hangs, function-not-ready, function-requires, function-spins, function-throws\)/,
    );
    writeFileSync(
      fns,
      `apiVersion: pkg.crossplane.io/v1\nkind: Function\nmetadata:\n  name: function-throws\n  annotations:\n    kiln.dev/function-module: ${path.join(dir, "fns.ts")}\n`,
    );
    const comp = path.join(tmp, "composition.yaml");
    writeFileSync(
      comp,
      readFileSync(args[1]!, "utf8").replace("name: function-gateway", "name: function-throws"),
    );
    const r2 = kiln(["render", args[0]!, comp, fns]);
    expect(r2.status).toBe(1);
    expect(r2.stderr).toContain('pipeline step "gateway" returned a fatal result: boom in user code');
  });

  it.each([
    [
      "a missing file",
      [gw("nope.yaml"), args[1]!, args[2]!],
      /nope\.yaml: cannot read composite resource: no such file/,
    ],
    [
      "a Composition file that is not a Composition",
      [args[0]!, args[0]!, args[2]!],
      /xr\.yaml:1: not a composition: Gateway\/gw/,
    ],
    [
      "a Function file with other kinds",
      [args[0]!, args[1]!, args[0]!],
      /xr\.yaml:1: not a function: Gateway\/gw/,
    ],
  ])("%s → exit 1 with file:line", (_what, argv, message) => {
    const r = kiln(["render", ...argv]);
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(message);
  });

  it("ill-formed YAML → file:line:column", () => {
    const bad = variant("xr.yaml", gw("xr.yaml"), (t) =>
      t.replace("  domain: example.org", "  domain: [example.org"),
    );
    const r = kiln(["render", bad, args[1]!, args[2]!]);
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(/xr\.yaml:\d+:\d+: /);
  });

  it.each([
    [
      "  compositeTypeRef: { apiVersion: platform.kiln.dev/v1alpha1 }",
      "spec.compositeTypeRef",
      "needs apiVersion and kind",
    ],
    ["  pipeline: []", "spec.pipeline", "must list at least one step"],
  ])("a Composition with %s → the path said once", (line, where, message) => {
    const tmp = mkdtempSync(path.join(os.tmpdir(), "kiln-render-"));
    const file = path.join(tmp, "composition.yaml");
    const text = readFileSync(gw("composition.yaml"), "utf8");
    const key = line.trim().split(":")[0]!;
    writeFileSync(file, text.replace(new RegExp(`  ${key}:\\n(    .*\\n)+`), `${line}\n`));
    const e = (() => {
      try {
        loadComposition(file);
      } catch (x) {
        return x as KilnError;
      }
      throw new Error("accepted");
    })();
    expect(e.message).toBe(message);
    expect(formatError(e)).toMatch(
      new RegExp(`composition\\.yaml:\\d+: Composition gateway: ${where}: ${message}$`),
    );
  });

  it("a Composition not in Pipeline mode → names the file, line and Composition", () => {
    const comp = variant("composition.yaml", gw("composition.yaml"), (t) =>
      t.replace("mode: Pipeline", "mode: Resources"),
    );
    const r = kiln(["render", args[0]!, comp, args[2]!]);
    expect(r.status).toBe(1);
    expect(r.stderr).toContain(
      'composition.yaml:9: Composition gateway: render only supports Composition Function pipelines: spec.mode must be Pipeline (found "Resources")',
    );
  });

  it("a functionRef missing from functions.yaml → names the step and lists the known Functions", () => {
    const comp = variant("composition.yaml", gw("composition.yaml"), (t) =>
      t.replace("name: function-gateway", "name: function-gatewya"),
    );
    const r = kiln(["render", args[0]!, comp, args[2]!]);
    expect(r.status).toBe(1);
    expect(r.stderr).toContain(
      'composition.yaml:13: Composition gateway: pipeline step "gateway" references Function "function-gatewya", which is not in the Functions file (found: function-gateway)',
    );
  });

  it("an XR whose kind does not match compositeTypeRef", () => {
    const xr = variant("xr.yaml", gw("xr.yaml"), (t) => t.replace("kind: Gateway", "kind: Tunnel"));
    const r = kiln(["render", xr, args[1]!, args[2]!]);
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(
      /composition\.yaml:6: Composition gateway: composition's compositeTypeRef\.kind \(Gateway\) does not match XR's kind \(Tunnel\)/,
    );
  });

  it("an XR whose composition selector the Composition's labels do not satisfy", () => {
    const xr = variant("xr.yaml", pl("xr.yaml"), (t) => t.replace("tier: dev", "tier: prod"));
    const r = kiln(["render", xr, pl("composition.yaml"), pl("functions.yaml")]);
    expect(r.status).toBe(1);
    expect(r.stderr).toContain('has incorrect value for label "tier": want "prod", got "dev"');
  });

  it("a step whose Function is neither a kiln function nor Development → a clear error naming the Function", () => {
    const comp = variant("composition.yaml", pl("composition.yaml"), (t) =>
      t.replace("name: function-conditions", "name: function-docker-only"),
    );
    const r = kiln(["render", pl("xr.yaml"), comp, pl("functions.yaml")]);
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(
      /functions\.yaml:\d+: Function function-docker-only: Function "function-docker-only" is not a kiln function and uses the Docker runtime/,
    );
  });

  it("a function that never answers is cut off at --timeout", async () => {
    const comp = variant("composition.yaml", gw("composition.yaml"), (t) =>
      t.replace("name: function-gateway", "name: function-hangs"),
    );
    const fns = variant(
      "functions.yaml",
      gw("functions.yaml"),
      () =>
        `apiVersion: pkg.crossplane.io/v1\nkind: Function\nmetadata:\n  name: function-hangs\n  annotations:\n    kiln.dev/function-module: ${path.join(dir, "fns.ts")}\n`,
    );
    const started = Date.now();
    await expect(runRenderCommand(args[0]!, comp, fns, { timeout: "1.5s" })).rejects.toThrow(
      /cannot run pipeline step "gateway" \(Function "function-hangs" via kiln function in .*fns\.ts\): deadline exceeded \(see --timeout\)/,
    );
    expect(Date.now() - started).toBeLessThan(20_000);
  });

  it("a function stuck in a CPU loop is stopped at --timeout (kiln render runs it on a worker)", () => {
    const comp = variant("composition.yaml", gw("composition.yaml"), (t) =>
      t.replace("name: function-gateway", "name: function-spins"),
    );
    const fns = variant(
      "functions.yaml",
      gw("functions.yaml"),
      () =>
        `apiVersion: pkg.crossplane.io/v1\nkind: Function\nmetadata:\n  name: function-spins\n  annotations:\n    kiln.dev/function-module: ${path.join(dir, "fns.ts")}\n`,
    );
    const started = Date.now();
    const r = kiln(["render", args[0]!, comp, fns, "--timeout", "3s"]);
    expect(r.stderr).toMatch(
      /^error: kiln function "function-spins" in \S*fns\.ts did not finish within 3s and was stopped \(an endless loop\?\); nothing was printed\. Change the limit with --timeout\n$/,
    );
    expect(r.status).toBe(1);
    expect(r.stdout).toBe("");
    expect(Date.now() - started).toBeLessThan(30_000);
  });

  it("a bad --timeout is a usage error (exit 2)", () => {
    const r = kiln(["render", ...args, "--timeout", "soon"]);
    expect(r.status).toBe(2);
    expect(r.stderr).toContain("--timeout expects a positive duration");
  });
});

describe("kiln render on kiln's own output", () => {
  const made: string[] = [];
  afterAll(() => {
    for (const d of made) rmSync(d, { recursive: true, force: true });
  });
  // A project with its function module, built into out/ (kiln's marker inside): the Function's
  // annotation is written as the user wrote it, relative to the project.
  const project = () => {
    // Inside the repository, so the module resolves kiln's dependencies as a user's project would.
    const root = mkdtempSync(path.join(dir, ".own-"));
    made.push(root);
    const out = path.join(root, "out");
    const configs = path.join(out, "clusters", "home", "configs");
    mkdirSync(configs, { recursive: true });
    mkdirSync(path.join(root, "platform"));
    writeFileSync(
      path.join(out, ".kiln-output"),
      "generated by kiln; this folder is replaced on every build\n",
    );
    writeFileSync(
      path.join(root, "platform", "function.ts"),
      readFileSync(path.join(dir, "gateway-fn.ts"), "utf8").replaceAll(
        'from "../../../../src/',
        `from "${path.resolve(import.meta.dirname, "../../src")}/`,
      ),
    );
    const fns = readFileSync(gw("functions.yaml"), "utf8").replace(
      "../gateway-fn.ts",
      "platform/function.ts",
    );
    writeFileSync(path.join(configs, "function.yaml"), fns);
    return { root, fns: path.join(configs, "function.yaml") };
  };

  it("resolves kiln.dev/function-module against the project the output was built from", () => {
    const { fns } = project();
    const r = kiln(["render", gw("xr.yaml"), gw("composition.yaml"), fns]);
    expect(r.stderr).toBe("");
    expect(r.status).toBe(0);
    // The same stream as from the fixture's own functions.yaml, whose annotation is file-relative.
    expect(r.stdout).toBe(
      kiln(["render", gw("xr.yaml"), gw("composition.yaml"), gw("functions.yaml")]).stdout,
    );
    expect(r.stdout.startsWith("---\napiVersion: platform.kiln.dev/v1alpha1\nkind: Gateway\n")).toBe(true);
  });

  it("a module that is nowhere is a located error naming the places tried", () => {
    const { root, fns } = project();
    rmSync(path.join(root, "platform", "function.ts"));
    const r = kiln(["render", gw("xr.yaml"), gw("composition.yaml"), fns]);
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(
      /function\.yaml:\d+.*kiln\.dev\/function-module: platform\/function\.ts names no file \(tried /s,
    );
    expect(r.stderr).not.toContain("node:internal");
    expect(r.stderr).not.toContain("    at ");
  });
});
