import type { Summary } from "../validate.ts";

const plural = (n: number, one: string, many = `${one}s`) => `${n} ${n === 1 ? one : many}`;

/** One line: counts of resources, files, errors, warnings, objects without schema, CEL rules. */
export function formatSummary(s: Summary): string {
  return [
    `${plural(s.resources, "resource")} in ${plural(s.files, "file")}`,
    plural(s.errors, "error"),
    plural(s.warnings, "warning"),
    `${s.withoutSchema} without schema`,
    `${plural(s.rulesEvaluated, "CEL rule")} evaluated`,
    `${s.notEvaluated} not evaluated`,
    `${s.transitionSkipped} transition skipped`,
  ].join(", ");
}
