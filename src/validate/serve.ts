/**
 * What a checking thread answers — a worker thread, or the main thread taking its share of the
 * files: check a batch of files, hand over its notes, locate findings in files.
 */
import { checkFile, type FileResult } from "./file-check.ts";
import type { Policy } from "./policies.ts";
import type { ReferenceOptions } from "./references.ts";
import type { SchemaRegistry } from "./registry.ts";
import { locateInFile } from "./tree.ts";
import type { LocateJob } from "./workers.ts";

/** A request to a checking thread. */
export type WorkRequest =
  | { kind: "check"; batch: Array<{ index: number; file: string; display: string }> }
  | { kind: "notes" }
  | { kind: "locate"; jobs: LocateJob[] };

/** Its answer: one result per file, notes, or lines per job item. */
export type Reply =
  | { kind: "results"; results: Array<{ index: number; result: FileResult }> }
  | { kind: "notes"; notes: string[] }
  | { kind: "located"; lines: Array<Array<number | undefined>> };

export interface ServeContext {
  registry: SchemaRegistry;
  policies: readonly Policy[];
  strict: boolean;
  secretPolicy: boolean;
  tree?: ReferenceOptions & { treeRoot: string };
}

export async function answer(ctx: ServeContext, req: WorkRequest): Promise<Reply> {
  const { registry } = ctx;
  if (req.kind === "notes") return { kind: "notes", notes: registry.allNotes() };
  if (req.kind === "locate")
    return { kind: "located", lines: req.jobs.map((j) => locateInFile(j.file, j.display, j.items)) };
  const results: Array<{ index: number; result: FileResult }> = [];
  for (const item of req.batch) {
    const result = await checkFile(
      item.file,
      item.display,
      registry.lookup,
      (g) => registry.ensureGroups(g),
      {
        strict: ctx.strict,
        secretPolicy: ctx.secretPolicy,
        policies: ctx.policies,
        ...(ctx.tree ? { tree: ctx.tree } : {}),
      },
    );
    results.push({ index: item.index, result });
  }
  return { kind: "results", results };
}
