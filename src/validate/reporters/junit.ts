/**
 * JUnit XML (as CI systems read it): one testsuite per file, one testcase per resource with
 * findings; errors are failures, warnings go to system-out. Resources without findings appear
 * only in the top-level tests count (the report keeps findings, not every resource).
 */
import type { Diagnostic } from "../../core/errors.ts";
import type { ValidationReport } from "../validate.ts";

const esc = (s: string) =>
  s
    .replace(/&/g, "&amp;")
    .replace(/</g, "&lt;")
    .replace(/>/g, "&gt;")
    .replace(/"/g, "&quot;")
    .replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f]/g, "");

export function junit(report: ValidationReport): string {
  const byFile = new Map<string, Map<string, Diagnostic[]>>();
  for (const d of report.diagnostics) {
    const f = d.file ?? "(no file)";
    if (!byFile.has(f)) byFile.set(f, new Map());
    const r = d.resource ?? "(file)";
    const m = byFile.get(f)!;
    if (!m.has(r)) m.set(r, []);
    m.get(r)!.push(d);
  }
  const s = report.summary;
  let failing = 0;
  for (const resources of byFile.values())
    for (const l of resources.values()) if (l.some((d) => d.severity === "error")) failing++;
  const out = [
    `<?xml version="1.0" encoding="UTF-8"?>`,
    `<testsuites name="${esc(report.title ?? "kiln validate")}" tests="${report.title ? byFile.size : s.resources}" failures="${failing}">`,
  ];
  for (const [file, resources] of byFile) {
    const failures = [...resources.values()].filter((l) => l.some((d) => d.severity === "error")).length;
    out.push(`  <testsuite name="${esc(file)}" tests="${resources.size}" failures="${failures}">`);
    for (const [resource, list] of resources) {
      out.push(`    <testcase classname="${esc(file)}" name="${esc(resource)}">`);
      const errors = list.filter((d) => d.severity === "error");
      const other = list.filter((d) => d.severity !== "error");
      const line = (d: Diagnostic) =>
        `${d.line ? `line ${d.line}: ` : ""}${d.path ? `${d.path}: ` : ""}${d.message} [${d.rule ?? ""}]`;
      if (errors.length) {
        out.push(
          `      <failure message="${esc(errors[0]!.message)}" type="${esc(errors[0]!.rule ?? "error")}">${esc(errors.map(line).join("\n"))}</failure>`,
        );
      }
      if (other.length)
        out.push(
          `      <system-out>${esc(other.map((d) => `${d.severity}: ${line(d)}`).join("\n"))}</system-out>`,
        );
      out.push("    </testcase>");
    }
    out.push("  </testsuite>");
  }
  out.push("</testsuites>");
  return `${out.join("\n")}\n`;
}
