import { buildMarker, writeTreeAtomic } from "../core/fs.ts";
import type { ResourceGraph } from "../model/graph.ts";
import { type LayoutOptions, layoutFiles } from "./layout.ts";

export interface SynthOptions extends LayoutOptions {
  /** Test hook: called after each file is written to the temporary folder. */
  afterFile?: (relPath: string) => void | Promise<void>;
  /** Where the output folder sits in its repository (the control plane's `repoPath`). */
  repoPath?: string;
}

export interface SynthResult {
  outDir: string;
  files: string[];
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
  await writeTreeAtomic(outDir, files, {
    marker: buildMarker(opts.repoPath),
    ...(opts.afterFile ? { afterFile: opts.afterFile } : {}),
  });
  return { outDir, files: [...files.keys()].sort() };
}
