import type { ValidationReport } from "../validate.ts";
import { github } from "./github.ts";
import { json } from "./json.ts";
import { junit } from "./junit.ts";
import { pretty } from "./pretty.ts";
import { sarif } from "./sarif.ts";

export const REPORTERS = ["pretty", "json", "junit", "sarif", "github"] as const;
export type ReporterName = (typeof REPORTERS)[number];

/** Renders a report in one of the formats; `color` only affects pretty. */
export function renderReport(
  report: ValidationReport,
  format: ReporterName,
  opts: { color?: boolean; version?: string } = {},
): string {
  switch (format) {
    case "json":
      return json(report);
    case "junit":
      return junit(report);
    case "sarif":
      return sarif(report, opts.version);
    case "github":
      return github(report);
    default:
      return pretty(report, { color: opts.color ?? false });
  }
}

export { formatSummary } from "./summary.ts";
