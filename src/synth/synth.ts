import { buildMarker, type TreeUpdate, updateTree, writeTreeAtomic } from "../core/fs.ts";
import type { ResourceGraph } from "../model/graph.ts";
import { type LayoutOptions, layoutFiles } from "./layout.ts";

export interface SynthOptions extends LayoutOptions {
  /** Test hook: called after each file is written to the temporary folder. */
  afterFile?: (relPath: string) => void | Promise<void>;
  /** Where the output folder sits in its repository (the control plane's `repoPath`). */
  repoPath?: string;
  /**
   * Update the output folder in place (`--watch`): only files whose bytes changed are written
   * and files no longer built are deleted, instead of a new tree swapped in (see updateTree).
   */
  inPlace?: boolean;
}

export interface SynthResult {
  outDir: string;
  files: string[];
  /** With `inPlace`: the files written and removed. */
  update?: TreeUpdate;
}

/**
 * Writes the graph's output tree to `outDir` atomically: the previous tree stays intact if
 * anything fails. Only a folder kiln created (marker file) is ever replaced.
 */
export async function synth(
  graph: ResourceGraph,
  outDir: string,
  opts: SynthOptions = {},
): Promise<SynthResult> {
  const files = layoutFiles(graph, opts);
  if (opts.inPlace) {
    const update = await updateTree(outDir, files, { marker: buildMarker(opts.repoPath) });
    return { outDir, files: [...files.keys()].sort(), update };
  }
  await writeTreeAtomic(outDir, files, {
    marker: buildMarker(opts.repoPath),
    ...(opts.afterFile ? { afterFile: opts.afterFile } : {}),
  });
  return { outDir, files: [...files.keys()].sort() };
}
