/**
 * Issue 16 item 3: user errors in a control plane are located KilnErrors (file and line of the
 * call, JSON path where there is one), never `internal error:` with a stack, and nothing is
 * written. Each case runs render and synth in-process, as `kiln synth` does.
 */
import { existsSync, mkdtempSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { defineControlPlane, renderControlPlane, synth } from "kiln";
import { describe, expect, it } from "vitest";
import { isKilnError } from "../../src/core/errors.ts";

type Ctx = Parameters<Parameters<typeof defineControlPlane>[0]["build"]>[0];
const cm = (data: Record<string, unknown>) => ({
  apiVersion: "v1",
  kind: "ConfigMap",
  metadata: { name: "a", namespace: "default" },
  data,
});

async function failure(
  build: (ctx: Ctx) => unknown,
): Promise<{ message: string; line?: number; file?: string }> {
  const out = path.join(mkdtempSync(path.join(os.tmpdir(), "kiln-user-errors-")), "out");
  try {
    const graph = (
      await renderControlPlane(defineControlPlane({ name: "p", inputs: {}, build: build as never }))
    ).graph;
    await synth(graph, out);
  } catch (e) {
    expect(isKilnError(e), String((e as Error).stack)).toBe(true);
    expect(existsSync(out)).toBe(false);
    const k = e as { message: string; location: { line?: number; file?: string; path?: string } };
    return { message: k.message, ...k.location };
  }
  throw new Error("no error");
}

const HERE = "test/synth/user-errors.test.ts";

describe("user errors in build() are located KilnErrors", () => {
  it("file() with an empty path, a NUL, or content that is not a string", async () => {
    expect(await failure((ctx) => ctx.cluster("c").file("", "x"))).toMatchObject({
      message: "file(): expects a path, got an empty string",
      file: HERE,
    });
    expect(await failure((ctx) => ctx.cluster("c").file("a\0b", "x"))).toMatchObject({
      message: "file(): path contains a NUL character",
      file: HERE,
    });
    expect(await failure((ctx) => ctx.cluster("c").file("a.txt", 5 as never))).toMatchObject({
      message: "file(): content of a.txt must be a string, got number",
      file: HERE,
    });
  });

  it("x and x/y both written", async () => {
    const f = await failure((ctx) => {
      const c = ctx.cluster("c");
      c.file("x", "1");
      c.file("x/y", "2");
    });
    expect(f).toMatchObject({
      message: "file(): clusters/c/x/y would be both a file and a folder (clusters/c/x is written too)",
      file: HERE,
    });
  });

  it("a cycle inside a resource, a function, a Symbol", async () => {
    const cyclic = cm({});
    (cyclic.data as Record<string, unknown>).self = cyclic;
    for (const [data, what] of [
      [cyclic.data, /cycle/],
      [{ f: () => 1 }, /function/],
      [{ f: Symbol("s") }, /symbol/i],
    ] as const) {
      const f = await failure((ctx) => {
        ctx
          .cluster("c")
          .layer("l")
          .app("a")
          .add(data === cyclic.data ? cyclic : cm(data));
      });
      expect(f.message).toMatch(what);
      expect(f).toMatchObject({ file: HERE, path: data === cyclic.data ? "data.self" : "data.f" });
    }
  });

  it("a rejected promise in build()", async () => {
    expect(
      await failure(async () => {
        await Promise.reject(new Error("nope"));
      }),
    ).toMatchObject({ message: "nope", file: HERE });
  });
});
