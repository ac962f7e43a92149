/**
 * GitHub Actions workflow commands: `::error file=…,line=…,col=…,title=…::message`, one per
 * finding, then the summary as a notice. Escaping follows the runner's rules (%, CR, LF; and
 * `:` `,` in properties).
 */
import type { ValidationReport } from "../validate.ts";
import { formatSummary } from "./summary.ts";

const data = (s: string) => s.replace(/%/g, "%25").replace(/\r/g, "%0D").replace(/\n/g, "%0A");
const prop = (s: string) => data(s).replace(/:/g, "%3A").replace(/,/g, "%2C");

export function github(report: ValidationReport): string {
  const lines = report.diagnostics.map((d) => {
    const cmd = d.severity === "error" ? "error" : d.severity === "warning" ? "warning" : "notice";
    const props = [
      d.file ? `file=${prop(d.file)}` : "",
      d.line ? `line=${d.line}` : "",
      d.line && d.column ? `col=${d.column}` : "",
      `title=${prop(`kiln ${d.rule ?? ""}`.trim())}`,
    ].filter(Boolean);
    const where = [d.resource, d.path].filter(Boolean).join(" ");
    return `::${cmd} ${props.join(",")}::${data(`${where ? `${where}: ` : ""}${d.message}`)}`;
  });
  lines.push(
    `::notice title=${prop(report.title ?? "kiln validate")}::${data(report.summaryText ?? formatSummary(report.summary))}`,
  );
  return `${lines.join("\n")}\n`;
}
