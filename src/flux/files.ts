/**
 * The repository's YAML files as Flux sees a Git checkout: folders walked below the root,
 * symbolic links followed (a dangling link or a loop is a warning, the walk goes on), FIFOs,
 * sockets and devices skipped, Helm chart folders (a `Chart.yaml`) kept apart as charts.
 */
import { type Dirent, readdirSync, readlinkSync, realpathSync, statSync } from "node:fs";
import path from "node:path";
import type { Diagnostic } from "../core/errors.ts";

const SKIP_DIRS = new Set(["node_modules", ".git"]);
const YAML = /\.ya?ml$/i;

export interface RepositoryFiles {
  /** YAML files, absolute, sorted. */
  yaml: string[];
  /** Helm chart folders (absolute): their YAML is templates, not manifests. */
  charts: string[];
  warnings: Diagnostic[];
}

/** Lists the YAML files and chart folders below `root` (absolute). */
export function listRepositoryFiles(root: string): RepositoryFiles {
  const out: RepositoryFiles = { yaml: [], charts: [], warnings: [] };
  const seen = new Set<string>();
  const rel = (p: string) => path.relative(root, p) || ".";
  const dir = (p: string) => {
    let real: string;
    try {
      real = realpathSync(p);
    } catch {
      return;
    }
    if (seen.has(real)) {
      out.warnings.push({
        severity: "warning",
        rule: "io/symlink-loop",
        file: rel(p),
        message: "symbolic link loop: this folder was already walked, skipped",
      });
      return;
    }
    seen.add(real);
    let entries: Dirent[];
    try {
      entries = readdirSync(p, { withFileTypes: true });
    } catch (e) {
      out.warnings.push({
        severity: "warning",
        rule: "io",
        file: rel(p),
        message: `cannot read folder: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`,
      });
      return;
    }
    if (entries.some((e) => e.name === "Chart.yaml") && p !== root) {
      out.charts.push(p);
      return;
    }
    entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    for (const e of entries) {
      if (e.name.startsWith(".") || SKIP_DIRS.has(e.name)) continue;
      const child = path.join(p, e.name);
      if (e.isDirectory()) dir(child);
      else if (e.isFile()) {
        if (YAML.test(e.name)) out.yaml.push(child);
      } else if (e.isSymbolicLink()) {
        let st: ReturnType<typeof statSync>;
        try {
          st = statSync(child);
        } catch (err) {
          const code = (err as NodeJS.ErrnoException).code;
          out.warnings.push({
            severity: "warning",
            rule: code === "ELOOP" ? "io/symlink-loop" : "io/dangling-symlink",
            file: rel(child),
            message:
              code === "ELOOP"
                ? "symbolic link loop, skipped"
                : `dangling symbolic link (to ${safeReadlink(child)}), skipped`,
          });
          continue;
        }
        if (st.isDirectory()) dir(child);
        else if (st.isFile() && YAML.test(e.name)) out.yaml.push(child);
      }
      // FIFOs, sockets and devices are not files Flux reads.
    }
  };
  dir(root);
  out.yaml.sort();
  out.charts.sort();
  return out;
}

function safeReadlink(p: string): string {
  try {
    return readlinkSync(p);
  } catch {
    return "?";
  }
}
