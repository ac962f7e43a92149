/**
 * docs/architecture.md stays true: every import in src/ (type-only and dynamic ones included)
 * goes to a folder the folder map lets it import, the folders of src/functions/ import only the
 * ones listed above them, and no import cycle exists. Imports are read with TypeScript's own
 * pre-processor, so comments and strings that look like imports do not count.
 */
import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import ts from "typescript";
import { describe, expect, it } from "vitest";

const ROOT = path.resolve(import.meta.dirname, "../..");
const SRC = path.join(ROOT, "src");
const doc = readFileSync(path.join(ROOT, "docs/architecture.md"), "utf8");

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) return sourceFiles(p);
    return e.name.endsWith(".ts") ? [p] : [];
  });
}

/** Each file's imports of other files in src/, as paths relative to src/. */
function importGraph(): Map<string, string[]> {
  const graph = new Map<string, string[]>();
  for (const file of sourceFiles(SRC)) {
    const info = ts.preProcessFile(readFileSync(file, "utf8"), true, true);
    const deps = info.importedFiles
      .map((f) => f.fileName)
      .filter((spec) => spec.startsWith("."))
      .map((spec) => path.relative(SRC, path.resolve(path.dirname(file), spec)));
    graph.set(path.relative(SRC, file), deps);
  }
  return graph;
}

/** Rows of the markdown table whose header row is `heading`. */
function tableRows(heading: string): string[][] {
  const lines = doc.split("\n");
  const start = lines.indexOf(heading);
  expect(start, `docs/architecture.md has a table headed ${heading}`).toBeGreaterThanOrEqual(0);
  const rows: string[][] = [];
  for (const line of lines.slice(start + 2)) {
    if (!line.startsWith("|")) break;
    rows.push(
      line
        .split("|")
        .slice(1, -1)
        .map((c) => c.trim()),
    );
  }
  return rows;
}

/** The stage folder of a path relative to src/ (`validate`), or the file itself at the top. */
function stageOf(rel: string): string {
  return rel.includes(path.sep) ? rel.split(path.sep)[0]! : rel;
}

const graph = importGraph();

describe("docs/architecture.md", () => {
  it("lists every folder of src/, and each imports only what its row allows", () => {
    const allowed = new Map<string, Set<string> | "everything">();
    for (const [folders, , mayImport] of tableRows("| folder | what it owns | may import |")) {
      // "core, sources, flux (repository mode), secrets (…)": the first word of each item.
      const list = mayImport!.replace(/\([^)]*\)/g, "").trim();
      const set =
        list === "everything"
          ? ("everything" as const)
          : new Set(list.startsWith("nothing") ? [] : list.split(",").map((s) => s.trim().split(/\s/)[0]!));
      for (const m of folders!.matchAll(/`src\/([^`/]+)\/?`/g)) allowed.set(m[1]!, set);
    }
    const stages = new Set([...graph.keys()].map(stageOf));
    expect([...stages].filter((s) => !allowed.has(s)).sort()).toEqual([]);
    const wrong: string[] = [];
    for (const [file, deps] of graph) {
      const from = stageOf(file);
      const ok = allowed.get(from)!;
      if (ok === "everything") continue;
      for (const dep of deps) {
        const to = stageOf(dep);
        if (to !== from && !ok.has(to)) wrong.push(`${file} → ${dep}`);
      }
    }
    expect(wrong).toEqual([]);
  });

  it("src/functions/: a folder imports only the folders listed above it", () => {
    const order = tableRows("| folder | what it owns |")
      .map(([f]) => /`([^`/]+)\/`/.exec(f!)?.[1])
      .filter((f): f is string => f !== undefined);
    const inFunctions = new Set(
      [...graph.keys()].filter((f) => f.startsWith(`functions${path.sep}`)).map((f) => f.split(path.sep)[1]!),
    );
    expect([...inFunctions].sort()).toEqual([...order].sort());
    const wrong: string[] = [];
    for (const [file, deps] of graph) {
      const [top, folder] = file.split(path.sep);
      if (top !== "functions") continue;
      for (const dep of deps) {
        const [depTop, depFolder] = dep.split(path.sep);
        if (depTop !== "functions" || depFolder === folder) continue;
        if (order.indexOf(depFolder!) >= order.indexOf(folder!)) wrong.push(`${file} → ${dep}`);
      }
    }
    expect(wrong).toEqual([]);
  });

  it("src/ has no import cycle (type-only imports included)", () => {
    // Depth-first search; a module seen again while still on the path closes a cycle.
    const state = new Map<string, "open" | "done">();
    const cycles: string[] = [];
    const visit = (file: string, trail: string[]): void => {
      state.set(file, "open");
      for (const dep of graph.get(file) ?? []) {
        if (state.get(dep) === "open") cycles.push([...trail.slice(trail.indexOf(dep)), dep].join(" → "));
        else if (!state.has(dep)) visit(dep, [...trail, dep]);
      }
      state.set(file, "done");
    };
    for (const file of [...graph.keys()].sort()) if (!state.has(file)) visit(file, [file]);
    expect(cycles).toEqual([]);
  });
});
