/**
 * The output tree, byte for byte: every file `kiln build examples/homelab` writes (for both
 * clusters and the NixOS artifacts), in one file snapshot. A change to the example or to how
 * kiln lays out and serializes shows up here as a reviewable diff (`vitest -u` accepts it).
 */
import path from "node:path";
import { renderControlPlane } from "kiln";
import { describe, expect, it } from "vitest";
import { layoutFiles } from "../../src/synth/layout.ts";
import { ROOT } from "../helpers/env.ts";

const HOMELAB = path.join(ROOT, "examples/homelab");

function tree(files: Map<string, string>): string {
  return [...files.keys()]
    .sort()
    .map((p) => `=== ${p} ===\n${files.get(p)}`)
    .join("\n");
}

describe("homelab output tree", () => {
  it("matches the golden snapshot", async () => {
    const text = tree(layoutFiles((await renderControlPlane(HOMELAB)).graph));
    await expect(text).toMatchFileSnapshot("__snapshots__/homelab-out.txt");
  });

  it("is the same on every render", async () => {
    const [a, b] = [
      tree(layoutFiles((await renderControlPlane(HOMELAB)).graph)),
      tree(layoutFiles((await renderControlPlane(HOMELAB)).graph)),
    ];
    expect(b).toBe(a);
  });
});
