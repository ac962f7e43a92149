/** SARIF 2.1.0 (GitHub code scanning and other viewers): one run, one result per finding. */
import type { ValidationReport } from "../validate.ts";

export function sarif(report: ValidationReport, version = "0.0.0"): string {
  const rules = [...new Set(report.diagnostics.map((d) => d.rule ?? "kiln"))].sort();
  const results = report.diagnostics.map((d) => {
    const region: Record<string, number> = {};
    if (d.line) region.startLine = d.line;
    if (d.line && d.column) region.startColumn = d.column;
    const r: Record<string, unknown> = {
      ruleId: d.rule ?? "kiln",
      ruleIndex: rules.indexOf(d.rule ?? "kiln"),
      level: d.severity === "error" ? "error" : d.severity === "warning" ? "warning" : "note",
      message: {
        text: [d.resource, d.path].filter(Boolean).join(" ")
          ? `${[d.resource, d.path].filter(Boolean).join(" ")}: ${d.message}`
          : d.message,
      },
    };
    if (d.file) {
      r.locations = [
        {
          physicalLocation: {
            artifactLocation: { uri: d.file.split("\\").join("/") },
            ...(d.line ? { region } : {}),
          },
        },
      ];
    }
    return r;
  });
  const doc = {
    $schema: "https://json.schemastore.org/sarif-2.1.0.json",
    version: "2.1.0",
    runs: [
      {
        tool: {
          driver: {
            name: "kiln",
            informationUri: "https://github.com/kiln-dev/kiln",
            version,
            rules: rules.map((id) => ({ id })),
          },
        },
        results,
      },
    ],
  };
  return `${JSON.stringify(doc, null, 2)}\n`;
}
