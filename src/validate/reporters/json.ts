import type { ValidationReport } from "../validate.ts";

/** Machine report: `{ diagnostics, summary, notes }`, stable key order, one trailing newline. */
export function json(report: ValidationReport): string {
  const diagnostics = report.diagnostics.map((d) => {
    const o: Record<string, unknown> = { severity: d.severity, rule: d.rule, message: d.message };
    for (const k of ["file", "line", "column", "resource", "path"] as const)
      if (d[k] !== undefined) o[k] = d[k];
    return o;
  });
  return `${JSON.stringify({ summary: report.summary, diagnostics, notes: report.notes }, null, 2)}\n`;
}
