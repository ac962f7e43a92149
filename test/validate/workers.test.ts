import { describe, expect, it } from "vitest";
import { validatePaths } from "../../src/validate/validate.ts";
import { tempTree, WIDGET_CRD } from "./helpers.ts";

describe("worker threads", () => {
  it("give the same report as the main thread, in the same order", async () => {
    const files: Record<string, string> = {};
    for (let i = 0; i < 40; i++) {
      const bad = i % 3 === 0 ? "  replicas: 99\n" : "";
      files[`f${String(i).padStart(2, "0")}.yaml`] =
        `apiVersion: test.kiln.dev/v1\nkind: Widget\nmetadata:\n  name: w${i}\n  namespace: ns${i % 4}\nspec:\n  size: 1\n  mode: m\n${bad}---\napiVersion: v1\nkind: Namespace\nmetadata:\n  name: ns${i}\n`;
    }
    files["broken.yaml"] = "kind: [\n";
    const dir = tempTree(files);
    const opts = { schemas: { crds: [WIDGET_CRD], catalog: false as const } };
    const serial = await validatePaths([dir], { ...opts, workers: 0 });
    const seen: number[] = [];
    const parallel = await validatePaths([dir], { ...opts, workers: 3, progress: (d) => seen.push(d) });
    expect(parallel).toEqual(serial);
    expect(serial.summary.resources).toBe(80);
    expect(serial.diagnostics.filter((d) => d.message === "at most 10 replicas")).toHaveLength(14);
    expect(seen.at(-1)).toBe(41);
  });
});
