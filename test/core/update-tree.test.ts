/**
 * updateTree (the output of a `--watch` rebuild): only files whose bytes changed are written,
 * stale files and the folders they leave empty go, and the tree ends exactly as writeTreeAtomic
 * would have made it; a folder kiln does not own is never touched.
 */
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { buildMarker, OWNER_MARKER, updateTree, writeTreeAtomic } from "../../src/core/fs.ts";
import { readTree } from "../helpers/tree.ts";

const tmp = () => mkdtempSync(path.join(os.tmpdir(), "kiln-update-"));

const inode = (f: string) => statSync(f).ino;

describe("updateTree", () => {
  it("writes only changed files, removes stale ones and emptied folders, and ends as a fresh tree would", async () => {
    const dir = tmp();
    const out = path.join(dir, "out");
    const marker = buildMarker("./clusters");
    await writeTreeAtomic(
      out,
      new Map([
        ["a/keep.yaml", "keep: 1\n"],
        ["a/change.yaml", "v: 1\n"],
        ["gone/deep/old.yaml", "old: 1\n"],
      ]),
      { marker },
    );
    const kept = inode(path.join(out, "a/keep.yaml"));
    const next = new Map([
      ["a/keep.yaml", "keep: 1\n"],
      ["a/change.yaml", "v: 2\n"],
      ["b/new.yaml", "new: 1\n"],
    ]);
    const r = await updateTree(out, next, { marker });
    expect(r).toEqual({ written: ["a/change.yaml", "b/new.yaml"], removed: ["gone/deep/old.yaml"] });
    // Untouched: the same file, not a rewrite with the same bytes.
    expect(inode(path.join(out, "a/keep.yaml"))).toBe(kept);
    const fresh = path.join(dir, "fresh");
    await writeTreeAtomic(fresh, next, { marker });
    expect(readTree(out)).toEqual(readTree(fresh));
    expect(readdirSync(out).sort()).toEqual([OWNER_MARKER, "a", "b"]);
    // Nothing changed: nothing written.
    expect(await updateTree(out, next, { marker })).toEqual({ written: [], removed: [] });
  });

  it("replaces a file where a folder is wanted, and a folder where a file is wanted", async () => {
    const out = path.join(tmp(), "out");
    await writeTreeAtomic(
      out,
      new Map([
        ["x", "file\n"],
        ["y/z.yaml", "z: 1\n"],
      ]),
    );
    const r = await updateTree(
      out,
      new Map([
        ["x/inner.yaml", "i: 1\n"],
        ["y", "now a file\n"],
      ]),
    );
    expect(r.written).toEqual(["x/inner.yaml", "y"]);
    expect(Object.fromEntries(readTree(out))).toEqual({
      [OWNER_MARKER]: buildMarker(),
      "x/inner.yaml": "i: 1\n",
      y: "now a file\n",
    });
  });

  it("creates the folder when it is missing, and refuses one kiln does not own", async () => {
    const dir = tmp();
    const out = path.join(dir, "new/out");
    expect((await updateTree(out, new Map([["a.yaml", "a: 1\n"]]))).written).toEqual(["a.yaml"]);
    expect(readFileSync(path.join(out, OWNER_MARKER), "utf8")).toBe(buildMarker());
    const mine = path.join(dir, "mine");
    mkdirSync(mine);
    writeFileSync(path.join(mine, "notes.txt"), "mine\n");
    await expect(updateTree(mine, new Map([["a.yaml", "a: 1\n"]]))).rejects.toThrow(/refusing to replace/);
    expect(readdirSync(mine)).toEqual(["notes.txt"]);
    await expect(updateTree(out, new Map([["../escape.yaml", "x\n"]]))).rejects.toThrow(
      /outside the output folder/,
    );
    expect(readdirSync(path.dirname(out))).toEqual(["out"]);
  });
});
