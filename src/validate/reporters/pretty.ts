/**
 * Human report: findings grouped by file, each with its YAML line:column, then notes and the
 * summary. Colour only when asked (the CLI asks on a TTY), so files and tests stay plain.
 */
import type { Diagnostic } from "../../core/errors.ts";
import type { ValidationReport } from "../validate.ts";
import { formatSummary } from "./summary.ts";

export interface PrettyOptions {
  color?: boolean;
}

const paint = (on: boolean, code: string, s: string) => (on ? `\u001b[${code}m${s}\u001b[0m` : s);

export function pretty(report: ValidationReport, opts: PrettyOptions = {}): string {
  const c = opts.color ?? false;
  const byFile = new Map<string, Diagnostic[]>();
  for (const d of report.diagnostics) {
    const f = d.file ?? "(no file)";
    if (!byFile.has(f)) byFile.set(f, []);
    byFile.get(f)!.push(d);
  }
  const lines: string[] = [];
  for (const [file, list] of byFile) {
    lines.push(paint(c, "1;4", file));
    for (const d of list) {
      const at = d.line ? `${d.line}${d.column ? `:${d.column}` : ""}` : "-";
      const sev =
        d.severity === "error" ? paint(c, "31", "error  ") : paint(c, "33", `${d.severity.padEnd(7)}`);
      const where = [d.resource, d.path].filter(Boolean).join(" ");
      lines.push(
        `  ${at.padEnd(8)} ${sev} ${where ? `${where}: ` : ""}${d.message}${d.rule ? paint(c, "2", `  [${d.rule}]`) : ""}`,
      );
    }
    lines.push("");
  }
  for (const n of report.notes) lines.push(`note: ${n}`);
  const s = report.summary;
  const mark = s.errors ? paint(c, "31", "✗") : paint(c, "32", "✓");
  lines.push(`${mark} ${report.summaryText ?? formatSummary(s)}`);
  return `${lines.join("\n")}\n`;
}
